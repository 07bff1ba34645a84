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
import { keepingLastDocument, storedFileAnswer, type AssetReader, type DocumentReader } from '../server/assets';

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

/** A dev server address worth trusting: plain http on this machine's loopback name, nothing else. */
export function acceptDevServerUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
    return u.protocol === 'http:' && local && !u.username && !u.password ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * electron-vite's dev server URL, only in a bundle built by `npm run dev`.
 * Vite compiles `import.meta.env.DEV` to a constant from NODE_ENV, which
 * `electron-vite build` and `preview` (npm start, npm run package) force to
 * "production": there the branch, and the environment read with it, are
 * not in out/main at all, so an ELECTRON_RENDERER_URL set in the user's
 * environment can never point the window at another page.
 */
export function devServerUrl(): string | undefined {
  if (!import.meta.env.DEV || app.isPackaged) return undefined;
  return acceptDevServerUrl(process.env.ELECTRON_RENDERER_URL);
}

/** True for the app's own pages, in either mode. */
export function isOwnPage(url: string): boolean {
  const dev = devServerUrl();
  if (!dev) return isAppUrl(url);
  try {
    return new URL(url).origin === dev;
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

/** out/renderer, beside out/main where this module is bundled. */
function builtRendererRoot(): string {
  return fileURLToPath(new URL('../renderer', import.meta.url));
}

/** Every answer, error or not, carries the CSP and nosniff. */
function reply(body: BodyInit | null, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { ...headers, 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff' },
  });
}

/**
 * Answers one app:// request: a stored image at /asset/<sha256> or PDF at
 * /document/<sha256> (or the range of it asked for), else a file of the built renderer (resolveStatic
 * refuses anything outside `root`).
 */
export async function serveAppRequest(
  request: Request,
  root: string,
  readAsset: AssetReader,
  readDocument?: DocumentReader,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply(null, 405);
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return reply('Not found', 404);
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return reply('Not found', 404);
  const stored = storedFileAnswer(url.pathname, { readAsset, readDocument }, request.headers.get('range'));
  if (stored) {
    if (!stored.found) return reply('Not found', 404);
    return reply(Buffer.from(stored.bytes), stored.status, stored.headers);
  }
  const file = resolveStatic(root, url.pathname);
  if (!file) return reply('Not found', 404);
  return reply(await readFile(file), 200, { 'content-type': contentType(file), 'cache-control': 'no-cache' });
}

export function registerAppProtocol(
  readAsset: AssetReader,
  root = builtRendererRoot(),
  readDocument?: DocumentReader,
): void {
  const documents = readDocument && keepingLastDocument(readDocument);
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, root, readAsset, documents));
}
