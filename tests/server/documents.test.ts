/**
 * PDF files in the browser host: /document/<sha256> serves a PDF article's
 * file from the library (a real library, a real HTTP server on 127.0.0.1)
 * with the same guard as saved images: the page's cookie or the token.
 */
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import { startHost, type RunningHost } from '../../src/main/server/http-host';
import { tempDir } from '../helpers/tmp';
import { makePdf } from '../pdf/make-pdf';

let running: { host: RunningHost; library: Library } | undefined;
afterEach(async () => {
  await running?.host.close();
  running?.library.close();
  running = undefined;
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(): Promise<{ host: RunningHost; library: Library; hash: string; bytes: Uint8Array; imageHash: string }> {
  const root = tempDir();
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  const library = Library.open(join(root, 'library'));
  const bytes = await makePdf([{ lines: ['A page of a served PDF.'] }], { title: 'Served' });
  const result = await library.importFileWithImages({ fileName: 'served.pdf', bytes });
  const hash = library.getArticle(result.article.id).pdf!.fileHash;
  // An image asset in the library under another hash: never served as a document.
  const imageHash = 'a'.repeat(64);
  const host = await startHost({
    dispatch: createDispatcher(createHandlers(library, 'browser')),
    rendererDir,
    readAsset: () => undefined,
    readDocument: (h) => (h === imageHash ? { mime: 'image/png', bytes: new Uint8Array([0x89, 0x50]) } : library.pdfs.file(h)),
  });
  running = { host, library };
  return { host, library, hash, bytes, imageHash };
}

describe('PDF files in the browser host', () => {
  it('are served at /document/<hash> inline as application/pdf, cached, with the security headers', async () => {
    const { host, hash, bytes } = await start();
    const reply = await get(host.port, `/document/${hash}`, { authorization: `Bearer ${host.token}` });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/pdf');
    expect(reply.headers['content-disposition']).toBe('inline');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.headers['content-length']).toBe(String(bytes.byteLength));
    expect(new Uint8Array(reply.body)).toEqual(bytes);
    const head = await get(host.port, `/document/${hash}`, { authorization: `Bearer ${host.token}` }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
  });

  it('need the page cookie or the token', async () => {
    const { host, hash } = await start();
    const path = `/document/${hash}`;
    const bare = await get(host.port, path);
    expect(bare.status).toBe(401);
    expect(bare.body.toString('latin1')).not.toContain('%PDF');
    expect((await get(host.port, path, { authorization: `Bearer ${host.token}x` })).status).toBe(401);
    const opened = await get(host.port, `/?token=${host.token}`);
    const cookie = (opened.headers['set-cookie'] as string[])[0]!.split(';')[0]!;
    const withCookie = await get(host.port, path, { cookie });
    expect(withCookie.status).toBe(200);
    expect(withCookie.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('serve only stored PDFs: unknown hashes, other types and malformed paths are not found', async () => {
    const { host, imageHash, hash } = await start();
    const auth = { authorization: `Bearer ${host.token}` };
    for (const path of [`/document/${'c'.repeat(64)}`, `/document/${imageHash}`, `/document/${hash.toUpperCase()}`, `/document/${hash}/x`, '/document/xyz']) {
      expect((await get(host.port, path, auth)).status, path).toBe(404);
    }
    // A document hash is not an image: /asset/ does not serve the PDF.
    expect((await get(host.port, `/asset/${hash}`, auth)).status).toBe(404);
  });
});
