/**
 * Range requests for stored files (pdf.js reads a big PDF by parts): the
 * browser host's /document/<hash> route over a real HTTP server on
 * 127.0.0.1 with a real library and PDF, the rule itself (byte-range.ts),
 * and the same answers over the Electron app:// handler (one rule:
 * assets.ts).
 */
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import { startHost, type RunningHost } from '../../src/main/server/http-host';
import { requestedRange } from '../../src/main/server/byte-range';
import { keepingLastDocument, storedFileAnswer, type StoredAsset } from '../../src/main/server/assets';
import { tempDir } from '../helpers/tmp';
import { makePdf } from '../pdf/make-pdf';

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

let host: RunningHost;
let library: Library;
let bytes: Uint8Array;
let path: string;
let auth: Record<string, string>;
let documentReads = 0;
let imageKept = false;

beforeAll(async () => {
  const root = tempDir();
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  library = Library.open(join(root, 'library'));
  bytes = await makePdf(
    Array.from({ length: 6 }, (_, i) => ({ lines: [`Page ${i + 1} of a PDF read by ranges.`] })),
    { title: 'Ranges' },
  );
  const result = await library.importFileWithImages({ fileName: 'ranges.pdf', bytes });
  const hash = library.getArticle(result.article.id).pdf!.fileHash;
  host = await startHost({
    dispatch: createDispatcher(createHandlers(library, 'browser')),
    rendererDir,
    readAsset: () => undefined,
    readDocument: (h) => {
      documentReads++;
      return h === 'e'.repeat(64) && imageKept ? { mime: 'image/png', bytes: new Uint8Array(4) } : library.pdfs.file(h);
    },
  });
  path = `/document/${hash}`;
  auth = { authorization: `Bearer ${host.token}` };
});

afterAll(async () => {
  await host.close();
  library.close();
});

/** The headers every answer of the route keeps, whole or in part. */
function expectFileHeaders(reply: Reply): void {
  expect(reply.headers['content-type']).toBe('application/pdf');
  expect(reply.headers['content-disposition']).toBe('inline');
  expect(reply.headers['accept-ranges']).toBe('bytes');
  expect(reply.headers['x-content-type-options']).toBe('nosniff');
  expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
  expect(reply.headers['cross-origin-resource-policy']).toBe('same-origin');
}

describe('PDF files by ranges in the browser host', () => {
  it('say they take ranges, and answer the whole file without one', async () => {
    const reply = await get(host.port, path, auth);
    expect(reply.status).toBe(200);
    expectFileHeaders(reply);
    expect(reply.headers['content-range']).toBeUndefined();
    expect(new Uint8Array(reply.body)).toEqual(bytes);
  });

  it('answer the first bytes, a middle range and a suffix with 206 and Content-Range', async () => {
    const size = bytes.byteLength;
    const cases: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 99],
      [`bytes=1000-${size - 1001}`, 1000, size - 1001],
      ['bytes=-50', size - 50, size - 1],
      ['bytes=200-', 200, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const reply = await get(host.port, path, { ...auth, range });
      expect(reply.status, range).toBe(206);
      expectFileHeaders(reply);
      expect(reply.headers['content-range'], range).toBe(`bytes ${start}-${end}/${size}`);
      expect(reply.headers['content-length'], range).toBe(String(end - start + 1));
      expect(Buffer.compare(reply.body, Buffer.from(bytes.subarray(start, end + 1))), range).toBe(0);
    }
  });

  it('cut a range that runs past the end at the end', async () => {
    const size = bytes.byteLength;
    const reply = await get(host.port, path, { ...auth, range: `bytes=${size - 10}-${size + 5000}` });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(Buffer.compare(reply.body, Buffer.from(bytes.subarray(size - 10)))).toBe(0);
  });

  it('answer 416 with the size for a range that starts past the end, sending no bytes', async () => {
    const size = bytes.byteLength;
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=-0']) {
      const reply = await get(host.port, path, { ...auth, range });
      expect(reply.status, range).toBe(416);
      expect(reply.headers['content-range'], range).toBe(`bytes */${size}`);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
      expect(reply.body.byteLength, range).toBe(0);
    }
  });

  it('ignore a header they do not understand (or several ranges) and send the whole file', async () => {
    for (const range of ['bytes=9-3', 'bytes=abc', 'items=0-5', 'bytes=0-5,10-20', 'bytes=-']) {
      const reply = await get(host.port, path, { ...auth, range });
      expect(reply.status, range).toBe(200);
      expect(reply.body.byteLength, range).toBe(bytes.byteLength);
    }
  });

  it('read the stored file once for a burst of ranges (it is read whole from SQLite)', async () => {
    // Another stored file read meanwhile is the one kept (an image stands in for it).
    imageKept = true;
    await get(host.port, path.replace(/[0-9a-f]{64}$/, 'e'.repeat(64)), auth);
    documentReads = 0;
    for (const range of ['bytes=0-9', 'bytes=100-199', 'bytes=-10']) {
      expect((await get(host.port, path, { ...auth, range })).status).toBe(206);
    }
    expect(documentReads).toBe(1);
  });

  it('still need the cookie or the token: a range does not get around it', async () => {
    const reply = await get(host.port, path, { range: 'bytes=0-4' });
    expect(reply.status).toBe(401);
    expect(reply.body.toString('latin1')).not.toContain('%PDF');
    expect((await get(host.port, `/document/${'c'.repeat(64)}`, { ...auth, range: 'bytes=0-4' })).status).toBe(404);
  });

  it('answer HEAD with a range with its headers and no body', async () => {
    const reply = await get(host.port, path, { ...auth, range: 'bytes=0-9' }, 'HEAD');
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes 0-9/${bytes.byteLength}`);
    expect(reply.body.byteLength).toBe(0);
  });
});

describe('the range rule', () => {
  it('reads one range of a file of a given size', () => {
    expect(requestedRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(requestedRange(' bytes=2-4 ', 10)).toEqual({ start: 2, end: 4 });
    expect(requestedRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(requestedRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(requestedRange('bytes=9-', 10)).toEqual({ start: 9, end: 9 });
    expect(requestedRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(requestedRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(requestedRange('bytes=-5', 0)).toBe('unsatisfiable');
    expect(requestedRange(undefined, 10)).toBeUndefined();
    expect(requestedRange('', 10)).toBeUndefined();
    expect(requestedRange('bytes=1.5-2', 10)).toBeUndefined();
  });

  it('serves only stored files: a range of an unknown or non-PDF document is still not found', () => {
    const readers = {
      readDocument: (h: string) => (h === 'a'.repeat(64) ? { mime: 'image/svg+xml', bytes: new Uint8Array(8) } : undefined),
    };
    expect(storedFileAnswer(`/document/${'a'.repeat(64)}`, readers, 'bytes=0-1')).toEqual({ found: false });
    expect(storedFileAnswer(`/document/${'b'.repeat(64)}`, readers, 'bytes=0-1')).toEqual({ found: false });
  });
});

describe('the last document kept', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is read again for another hash, and after a quiet while', () => {
    vi.useFakeTimers();
    const reads: string[] = [];
    const read = keepingLastDocument((hash): StoredAsset => {
      reads.push(hash);
      return { mime: 'application/pdf', bytes: new Uint8Array([1, 2, 3]) };
    }, 1000);
    read('a');
    read('a');
    vi.advanceTimersByTime(999);
    read('a'); // each request keeps it longer
    vi.advanceTimersByTime(999);
    read('a');
    expect(reads).toEqual(['a']);
    read('b');
    read('a');
    expect(reads).toEqual(['a', 'b', 'a']);
    vi.advanceTimersByTime(1000);
    read('a');
    expect(reads).toEqual(['a', 'b', 'a', 'a']);
    // A file not found is never kept: it may be stored a moment later.
    const missing = keepingLastDocument((hash) => (reads.push(hash), undefined));
    missing('c');
    missing('c');
    expect(reads.slice(-2)).toEqual(['c', 'c']);
  });
});
