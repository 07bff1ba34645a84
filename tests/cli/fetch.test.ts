import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchImportInput } from '../../src/main/cli/fetch';
import { GlossError } from '../../src/shared/errors';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(promise: Promise<unknown>): Promise<GlossError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GlossError) return err;
    throw err;
  }
  throw new Error('expected a GlossError');
}

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
    expect(slow.message).toMatch(/no answer within/);
    expect((await failure(fetchImportInput(`${base}/err`))).message).toMatch(/500/);
    const closed = await serve(() => undefined);
    const port = new URL(closed).port;
    await new Promise((r) => servers.pop()!.close(r));
    expect((await failure(fetchImportInput(`http://127.0.0.1:${port}/x`))).message).toMatch(/Could not download/);
  });
});
