/**
 * Files kept in the library and shown from the app's own origin, in both
 * shells (the browser host serves these routes, Electron's app:// protocol
 * does the same), so the CSP's 'self' covers them and nothing is ever
 * loaded from the network:
 * - /asset/<sha256>: images saved with web pages (stored HTML refers to
 *   them as gloss-asset:<sha256>; the renderer maps that to the route);
 * - /document/<sha256>: a PDF article's file, read by the PDF view.
 * This module is the one rule for what each route may serve and how,
 * including Range requests (byte-range.ts): pdf.js reads a big PDF by parts.
 */
import { partialHeaders, requestedRange, unsatisfiableHeaders } from './byte-range';

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

/**
 * What a stored-file route answers: the file (200), the range asked for
 * (206), 416 for a range past its end (no bytes), each with its headers; or
 * not found.
 */
export type StoredFileAnswer =
  | { found: true; status: 200 | 206 | 416; bytes: Uint8Array; headers: Record<string, string> }
  | { found: false };

/**
 * The answer for a stored-file path, or undefined when the path is not one;
 * `range`: the request's Range header. Content-addressed files never
 * change, so they are cached for good; a document is only ever a PDF, shown
 * inline (the PDF view fetches it), never offered as a download.
 */
export function storedFileAnswer(
  pathname: string,
  readers: StoredFileReaders,
  range?: string | null,
): StoredFileAnswer | undefined {
  const assetHash = ASSET_PATH.exec(pathname)?.[1];
  if (assetHash) {
    const asset = readers.readAsset?.(assetHash);
    if (!asset || !isServableImage(asset.mime)) return { found: false };
    return fileAnswer(asset, {}, range);
  }
  const documentHash = DOCUMENT_PATH.exec(pathname)?.[1];
  if (documentHash) {
    const doc = readers.readDocument?.(documentHash);
    if (!doc || doc.mime !== 'application/pdf') return { found: false };
    return fileAnswer(doc, { 'content-disposition': 'inline' }, range);
  }
  return undefined;
}

/** How long the last document read stays in memory after its last request. */
export const KEEP_LAST_DOCUMENT_MS = 30_000;

/**
 * Keeps the last document read for a while after its last request: pdf.js
 * asks for one file's ranges in bursts, and a stored file is read whole from
 * SQLite each time (a 200 MB PDF would be read once per range). Files are
 * content-addressed, so a kept one is never stale.
 */
export function keepingLastDocument(read: DocumentReader, keepMs = KEEP_LAST_DOCUMENT_MS): DocumentReader {
  let kept: { hash: string; file: StoredAsset } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (hash) => {
    const file = kept?.hash === hash ? kept.file : read(hash);
    if (!file) return undefined;
    kept = { hash, file };
    clearTimeout(timer);
    timer = setTimeout(() => (kept = undefined), keepMs);
    // Never keeps the process alive.
    (timer as { unref?: () => void }).unref?.();
    return file;
  };
}

function fileAnswer(file: StoredAsset, extra: Record<string, string>, rangeHeader: string | null | undefined): StoredFileAnswer {
  const size = file.bytes.byteLength;
  const headers = {
    'content-type': file.mime,
    'content-length': String(size),
    'cache-control': 'private, max-age=31536000, immutable',
    'accept-ranges': 'bytes',
    ...extra,
  };
  const range = requestedRange(rangeHeader, size);
  if (range === undefined) return { found: true, status: 200, bytes: file.bytes, headers };
  if (range === 'unsatisfiable') {
    return { found: true, status: 416, bytes: new Uint8Array(0), headers: { ...headers, ...unsatisfiableHeaders(size) } };
  }
  return {
    found: true,
    status: 206,
    bytes: file.bytes.subarray(range.start, range.end + 1),
    headers: { ...headers, ...partialHeaders(range, size) },
  };
}
