/**
 * The app:// protocol handler (registered through the electron stand-in,
 * serving a real folder) and the dev server address it may trust.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_CSP } from '../../src/main/server/csp';
import type { StoredAsset } from '../../src/main/server/assets';
import { tempDir } from '../helpers/tmp';
import { app, recorded, resetStandIn } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const { acceptDevServerUrl, devServerUrl, isOwnPage, registerAppProtocol, registerAppScheme } = await import(
  '../../src/main/electron/protocol'
);

const SECRET = 'top secret: outside the renderer folder';
const PNG = 'a'.repeat(64);
const SVG = 'b'.repeat(64);
const PDF = 'd'.repeat(64);
const PDF_BYTES = new TextEncoder().encode('%PDF-1.7 a stand-in file');

let dir: string;

/** A built renderer in <dir>/renderer, with secrets beside it; the handler registered as Electron would. */
function setUp(): (url: string, method?: string, headers?: Record<string, string>) => Promise<Response> {
  dir = tempDir('gloss-protocol-');
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Gloss</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  // A sibling whose name starts like the root: a naive prefix check lets it through.
  mkdirSync(join(dir, 'renderer-evil'));
  writeFileSync(join(dir, 'renderer-evil', 'secret.txt'), SECRET);
  const assets = new Map<string, StoredAsset>([
    [PNG, { mime: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }],
    [SVG, { mime: 'image/svg+xml', bytes: new TextEncoder().encode('<svg onload="alert(1)"/>') }],
  ]);
  const documents = new Map<string, StoredAsset>([
    [PDF, { mime: 'application/pdf', bytes: PDF_BYTES }],
    // Stored under a document hash but not a PDF: never served as one.
    [SVG, { mime: 'image/svg+xml', bytes: new TextEncoder().encode('<svg onload="alert(1)"/>') }],
  ]);
  registerAppProtocol((hash) => assets.get(hash), root, (hash) => documents.get(hash));
  const handler = recorded.protocolHandlers.get('app');
  if (!handler) throw new Error('no app:// handler registered');
  return async (url, method = 'GET', headers = {}) => (await handler(new Request(url, { method, headers }))) as Response;
}

beforeEach(() => {
  resetStandIn();
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
});

describe('app:// scheme', () => {
  it('is registered as a standard, secure scheme', () => {
    registerAppScheme();
    expect(recorded.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });
});

describe('the app:// handler', () => {
  it('serves the built renderer with the CSP header', async () => {
    const get = setUp();
    for (const url of ['app://gloss/', 'app://gloss/index.html', 'app://gloss/assets/app.js']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-security-policy'), url).toBe(APP_CSP);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    expect((await get('app://gloss/')).headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('never leaves the renderer folder', async () => {
    const get = setUp();
    const paths = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/..%252fsecret.txt',
      '/..%2frenderer-evil%2fsecret.txt',
      `/${encodeURIComponent(join(dir, 'secret.txt'))}`,
      `/${join(dir, 'secret.txt')}`,
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/index.html%00',
      '/%00../secret.txt',
      '/%E0%A4%A',
    ];
    for (const path of paths) {
      const res = await get(`app://gloss${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('secret');
      expect(res.headers.get('content-security-policy'), path).toBe(APP_CSP);
    }
  });

  it('answers only for its own host and only GET or HEAD, with the CSP on every refusal', async () => {
    const get = setUp();
    const other = await get('app://evil/index.html');
    expect(other.status).toBe(404);
    expect(other.headers.get('content-security-policy')).toBe(APP_CSP);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await get('app://gloss/index.html', method);
      expect(res.status, method).toBe(405);
      expect(res.headers.get('content-security-policy'), method).toBe(APP_CSP);
    }
    expect((await get('app://gloss/index.html', 'HEAD')).status).toBe(200);
  });

  it('serves stored images, never other stored types, with the CSP', async () => {
    const get = setUp();
    const png = await get(`app://gloss/asset/${PNG}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    for (const hash of [SVG, 'c'.repeat(64)]) {
      const res = await get(`app://gloss/asset/${hash}`);
      expect(res.status, hash).toBe(404);
      expect(res.headers.get('content-security-policy'), hash).toBe(APP_CSP);
    }
  });
});

describe('PDF files over app://', () => {
  it('are served at /document/<hash> inline as application/pdf with the CSP, only PDFs', async () => {
    const get = setUp();
    const pdf = await get(`app://gloss/document/${PDF}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('inline');
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
    expect(pdf.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(pdf.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(PDF_BYTES);
    for (const path of [`/document/${SVG}`, `/document/${'c'.repeat(64)}`, `/document/${PNG}`, '/document/xyz', `/asset/${PDF}`]) {
      const res = await get(`app://gloss${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-security-policy'), path).toBe(APP_CSP);
    }
  });

  it('answer Range requests as the browser host does: 206 with Content-Range, 416 past the end', async () => {
    const get = setUp();
    const size = PDF_BYTES.byteLength;
    expect((await get(`app://gloss/document/${PDF}`)).headers.get('accept-ranges')).toBe('bytes');
    const part = await get(`app://gloss/document/${PDF}`, 'GET', { range: 'bytes=5-8' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 5-8/${size}`);
    expect(part.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(PDF_BYTES.subarray(5, 9));
    const past = await get(`app://gloss/document/${PDF}`, 'GET', { range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
    expect((await past.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('the dev server address', () => {
  it('is only plain http on localhost or 127.0.0.1', () => {
    expect(acceptDevServerUrl('http://localhost:5173')).toBe('http://localhost:5173');
    expect(acceptDevServerUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173');
    for (const url of [
      'https://localhost:5173',
      'http://example.org:5173',
      'http://localhost.example.org:5173',
      'http://user:pw@localhost:5173',
      'http://192.168.1.2:5173',
      'http://[::1]:5173',
      'file:///tmp/index.html',
      'app://gloss',
      'not a url',
      '',
      undefined,
    ]) {
      expect(acceptDevServerUrl(url), String(url)).toBeUndefined();
    }
  });

  it('is never used by a packaged app, whatever the environment says', () => {
    // Vitest runs with import.meta.env.DEV true, like `npm run dev`.
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    expect(devServerUrl()).toBe('http://localhost:5173');
    expect(isOwnPage('http://localhost:5173/index.html')).toBe(true);
    app.isPackaged = true;
    expect(devServerUrl()).toBeUndefined();
    expect(isOwnPage('http://localhost:5173/index.html')).toBe(false);
    expect(isOwnPage('app://gloss/index.html')).toBe(true);
  });

  it('makes no foreign page our own', () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://evil.example.org');
    expect(devServerUrl()).toBeUndefined();
    expect(isOwnPage('https://evil.example.org/')).toBe(false);
    expect(isOwnPage('app://gloss/index.html')).toBe(true);
  });
});
