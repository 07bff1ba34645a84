/**
 * The renderer is served from app://gloss/ rather than file://: a fixed
 * origin the IPC and navigation checks compare against, with the CSP sent
 * as a header, and no way to read files outside out/renderer.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { app, protocol } from 'electron';
import { APP_CSP } from '../server/csp';
import { contentType, resolveStatic } from '../server/static-files';
import { assetHashOf, isServableImage, type AssetReader } from '../server/assets';

export const APP_SCHEME = 'app';
export const APP_HOST = 'gloss';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True for URLs of the app itself. Compares scheme and host: Node's URL
 * gives every non-special scheme the origin "null", so origins can't be
 * compared here.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** electron-vite's dev server URL under `npm run dev`; never in a packaged app. */
export function devServerUrl(): string | undefined {
  const url = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1') ? url : undefined;
  } catch {
    return undefined;
  }
}

/** True for the app's own pages, in either mode. */
export function isOwnPage(url: string): boolean {
  const dev = devServerUrl();
  if (!dev) return isAppUrl(url);
  try {
    return new URL(url).origin === new URL(dev).origin;
  } catch {
    return false;
  }
}

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function registerAppProtocol(readAsset: AssetReader): void {
  const root = fileURLToPath(new URL('../renderer', import.meta.url));
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const url = new URL(request.url);
    const hash = url.host === APP_HOST ? assetHashOf(url.pathname) : undefined;
    if (hash) {
      const asset = readAsset(hash);
      if (!asset || !isServableImage(asset.mime)) return new Response('Not found', { status: 404 });
      return new Response(Buffer.from(asset.bytes), {
        headers: { 'content-type': asset.mime, 'x-content-type-options': 'nosniff', 'cache-control': 'private, max-age=31536000, immutable' },
      });
    }
    const file = url.host === APP_HOST ? resolveStatic(root, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file), {
      headers: {
        'content-type': contentType(file),
        'content-security-policy': APP_CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  });
}
