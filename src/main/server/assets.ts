/**
 * Files kept in the library and shown from the app's own origin, in both
 * shells (the browser host serves these routes, Electron's app:// protocol
 * does the same), so the CSP's 'self' covers them and nothing is ever
 * loaded from the network:
 * - /asset/<sha256>: images saved with web pages (stored HTML refers to
 *   them as gloss-asset:<sha256>; the renderer maps that to the route);
 * - /document/<sha256>: a PDF article's file, read by the PDF view.
 * This module is the one rule for what each route may serve and how.
 */
export interface StoredAsset {
  mime: string;
  bytes: Uint8Array;
}

export type AssetReader = (hash: string) => StoredAsset | undefined;
/** A stored document (a PDF file) by its SHA-256. */
export type DocumentReader = (hash: string) => StoredAsset | undefined;

export interface StoredFileReaders {
  readAsset?: AssetReader;
  readDocument?: DocumentReader;
}

const ASSET_PATH = /^\/asset\/([0-9a-f]{64})$/;
const DOCUMENT_PATH = /^\/document\/([0-9a-f]{64})$/;

/** The asset hash named by a URL path, or undefined. */
export function assetHashOf(pathname: string): string | undefined {
  return ASSET_PATH.exec(pathname)?.[1];
}

/** Only image types are ever served (never HTML or SVG), whatever was stored. */
export function isServableImage(mime: string): boolean {
  return /^image\/(png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/.test(mime);
}

/** True for a path of a stored file (which needs the asset cookie or the token in the browser host). */
export function isStoredFilePath(pathname: string): boolean {
  return ASSET_PATH.test(pathname) || DOCUMENT_PATH.test(pathname);
}

/** What a stored-file route answers: the file with its headers, or not found. */
export type StoredFileAnswer =
  | { found: true; bytes: Uint8Array; headers: Record<string, string> }
  | { found: false };

/**
 * The answer for a stored-file path, or undefined when the path is not one.
 * Content-addressed files never change, so they are cached for good; a
 * document is only ever a PDF, shown inline (the PDF view fetches it), never
 * offered as a download.
 */
export function storedFileAnswer(pathname: string, readers: StoredFileReaders): StoredFileAnswer | undefined {
  const assetHash = ASSET_PATH.exec(pathname)?.[1];
  if (assetHash) {
    const asset = readers.readAsset?.(assetHash);
    if (!asset || !isServableImage(asset.mime)) return { found: false };
    return { found: true, bytes: asset.bytes, headers: fileHeaders(asset.mime, asset.bytes) };
  }
  const documentHash = DOCUMENT_PATH.exec(pathname)?.[1];
  if (documentHash) {
    const doc = readers.readDocument?.(documentHash);
    if (!doc || doc.mime !== 'application/pdf') return { found: false };
    return {
      found: true,
      bytes: doc.bytes,
      headers: { ...fileHeaders('application/pdf', doc.bytes), 'content-disposition': 'inline' },
    };
  }
  return undefined;
}

function fileHeaders(mime: string, bytes: Uint8Array): Record<string, string> {
  return {
    'content-type': mime,
    'content-length': String(bytes.byteLength),
    'cache-control': 'private, max-age=31536000, immutable',
  };
}
