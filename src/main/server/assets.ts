/**
 * Images saved with web pages live in the library (assets table) and are
 * shown from the app's own origin at /asset/<sha256>, in both shells: the
 * browser host serves the route, Electron's app:// protocol does the same.
 * Stored HTML refers to them as gloss-asset:<sha256>; the renderer maps
 * that to the route, so the CSP's img-src 'self' covers them and nothing
 * is ever loaded from the network.
 */
export interface StoredAsset {
  mime: string;
  bytes: Uint8Array;
}

export type AssetReader = (hash: string) => StoredAsset | undefined;

const ASSET_PATH = /^\/asset\/([0-9a-f]{64})$/;

/** The asset hash named by a URL path, or undefined. */
export function assetHashOf(pathname: string): string | undefined {
  return ASSET_PATH.exec(pathname)?.[1];
}

/** Only image types are ever served (never HTML or SVG), whatever was stored. */
export function isServableImage(mime: string): boolean {
  return /^image\/(png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/.test(mime);
}
