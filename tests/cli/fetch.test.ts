import { describe, expect, it } from 'vitest';
import { fetchImportInput } from '../../src/main/cli/fetch';
import { closeServersAfterEach, failure, freePort, serve } from '../web/helpers';

closeServersAfterEach();

describe('downloading a page to import', () => {
  it('returns the bytes, a file name and the URL as given', async () => {
    const base = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Title\n\nBody.\n'));
    const input = await fetchImportInput(`${base}/notes/today.txt`);
    expect(input.fileName).toBe('today.txt');
    expect(input.sourceUrl).toBe(`${base}/notes/today.txt`);
    expect(new TextDecoder().decode(input.bytes)).toBe('Title\n\nBody.\n');
  });

  it('refuses bodies over the limit, whether announced or streamed', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/announced') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '2000' }).end('x'.repeat(2000));
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }); // chunked: no length up front
        for (let i = 0; i < 20; i++) res.write('y'.repeat(100));
        res.end();
      }
    });
    expect((await failure(fetchImportInput(`${base}/announced`, { maxBytes: 1000 }))).code).toBe('too_large');
    expect((await failure(fetchImportInput(`${base}/streamed`, { maxBytes: 1000 }))).code).toBe('too_large');
    expect((await fetchImportInput(`${base}/streamed`, { maxBytes: 2000 })).bytes.length).toBe(2000);
  });

  it('gives up after the time limit, and explains HTTP and connection errors', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    });
    const slow = await failure(fetchImportInput(`${base}/slow`, { timeoutMs: 300 }));
    expect(slow.message).toBe(`Could not download ${base}/slow: it took longer than 0.3 s.`);
    const err = await failure(fetchImportInput(`${base}/err`));
    expect([err.code, err.message]).toEqual(['network', `Could not download ${base}/err: the server answered 500 Internal Server Error.`]);
    const port = await freePort();
    expect((await failure(fetchImportInput(`http://127.0.0.1:${port}/x`))).message).toMatch(/^Could not download .*: the server 127\.0\.0\.1:\d+ refused the connection\.$/);
  });
});
