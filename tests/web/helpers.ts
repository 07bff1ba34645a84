/** Local HTTP servers and generated images for the web tests. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { afterEach } from 'vitest';
import { GlossError } from '../../src/shared/errors';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];

/** Call once per test file: closes the servers each test started. */
export function closeServersAfterEach(): void {
  afterEach(async () => {
    const open = servers.splice(0);
    for (const s of open) s.closeAllConnections();
    await Promise.all(open.map((s) => new Promise((r) => s.close(r))));
  });
}

/** Starts a server on 127.0.0.1 (port 0) and returns its origin, `http://127.0.0.1:PORT`. */
export async function serve(handler: Handler): Promise<string> {
  return (await serveOn('127.0.0.1', handler)).origin;
}

export interface LoopbackHost {
  /** `http://HOST:PORT`. */
  origin: string;
  port: number;
  /** Request paths received, in order. */
  requests: string[];
  /** TCP connections accepted (a refused request may still have connected, never sent). */
  connections: number;
}

/**
 * Starts a server on a loopback address (Linux routes all of 127/8 here, so
 * 127.0.0.2 and 127.0.0.3 can play two different hosts), on `port` or any.
 * It counts connections and logs requests before `handler` answers.
 */
export async function serveOn(host: string, handler: Handler, port = 0): Promise<LoopbackHost> {
  const info: LoopbackHost = { origin: '', port: 0, requests: [], connections: 0 };
  const server = createServer((req, res) => {
    info.requests.push(req.url ?? '');
    handler(req, res);
  });
  server.on('connection', () => info.connections++);
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  info.port = (server.address() as AddressInfo).port;
  info.origin = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
  return info;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** The GlossError `promise` rejects with (fails the test when it resolves or throws something else). */
export async function failure(promise: Promise<unknown>): Promise<GlossError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GlossError) return err;
    throw err;
  }
  throw new Error('expected a GlossError');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid width×height RGB PNG of one colour. */
export function makePng(width = 2, height = 2, rgb: [number, number, number] = [200, 30, 30]): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) raw.set(rgb, row + 1 + x * 3);
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

/** A 1×1 GIF. */
export const GIF = new Uint8Array(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));

/** A 1×1 baseline JPEG. */
export const JPEG = new Uint8Array(
  Buffer.from(
    '/9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/APn+iiigD//Z',
    'base64',
  ),
);

/** A different PNG for each `key` (its colour comes from the key). */
export function pngFor(key: string): Uint8Array {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return makePng(3, 2, [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff]);
}
