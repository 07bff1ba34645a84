/**
 * gloss serve's host on a fresh library, and raw-body uploads to it (what the
 * browser host's Import sends: server/upload.ts), for the upload tests.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { openLibraryApi, type LibraryApi } from '../../src/main/api/library-api';
import { IMPORT_JOBS_FOLDER } from '../../src/main/migrate/import-jobs';
import { startHost, type RunningHost } from '../../src/main/server/http-host';
import type { Envelope } from '../../src/shared/errors';
import { decodeWire } from '../../src/shared/wire';
import { tempDir } from '../helpers/tmp';

export const MB = 1024 * 1024;

export interface ServedLibrary {
  host: RunningHost;
  api: LibraryApi;
  /** Where uploads are written (the library's import-jobs folder). */
  folder: string;
}

/** gloss serve's host on a fresh library (optionally with a smaller limit for background imports). */
export async function serveUploads(limit?: number): Promise<ServedLibrary> {
  const root = tempDir();
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gloss</title>');
  const api = openLibraryApi(join(root, 'library'), { shell: 'browser' });
  const importUpload = limit === undefined ? api.importUpload : { ...api.importUpload, limit };
  const host = await startHost({ dispatch: api.dispatch, rendererDir, port: 0, importUpload });
  return { host, api, folder: join(api.dir, IMPORT_JOBS_FOLDER) };
}

export interface Reply {
  status: number;
  envelope: Envelope<unknown>;
}

export interface UploadOptions {
  /** The API method (default startImportJob). */
  method?: string;
  /** The call's other arguments (x-gloss-args). */
  args?: Record<string, unknown>;
  /** A declared Content-Length (else the body is chunked). */
  length?: number;
  /** The client gives up after that many chunks (the connection is cut), once `beforeStop` resolves. */
  stopAfter?: number;
  beforeStop?: () => Promise<void>;
}

/** POSTs `chunks` as an upload, written one after another (streamed, as a browser sends a body). */
export function upload(host: RunningHost, name: string, chunks: readonly Uint8Array[], options: UploadOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/api/${options.method ?? 'startImportJob'}`,
        method: 'POST',
        // A connection of its own: one refused before its declared body arrived is never reused.
        agent: false,
        headers: {
          host: `127.0.0.1:${host.port}`,
          authorization: `Bearer ${host.token}`,
          'content-type': 'application/octet-stream',
          'x-gloss-file-name': encodeURIComponent(name),
          ...(options.args ? { 'x-gloss-args': encodeURIComponent(JSON.stringify(options.args)) } : {}),
          ...(options.length !== undefined ? { 'content-length': String(options.length) } : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, envelope: decodeWire(body) as Envelope<unknown> }));
      },
    );
    req.on('error', reject);
    void (async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (options.stopAfter === i) {
          await options.beforeStop?.();
          req.destroy();
          resolve({ status: 0, envelope: { ok: false, error: { code: 'internal', message: 'cut' } } });
          return;
        }
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })();
  });
}

/** Splits bytes into 1 MB chunks (as a browser streams a body). */
export function chunksOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += MB) out.push(bytes.subarray(at, at + MB));
  return out;
}

/** The uploads (temporary files) in the folder. */
export const partFiles = (folder: string): string[] => readdirSync(folder).filter((n) => n.endsWith('.part'));
