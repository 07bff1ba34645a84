/**
 * The browser host: the built renderer and the same API contract over HTTP,
 * on 127.0.0.1 only, guarded by a random token. It refuses other Host
 * headers (DNS rebinding) and other Origins (cross-site requests). Saved
 * images (/asset/<hash>) and PDF files (/document/<hash>) need the cookie
 * the token's page load sets (session-cookie.ts) or the token itself.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_IMPORT_BYTES } from '../../shared/contract';
import { GlossError, type Envelope, type ErrorCode } from '../../shared/errors';
import { decodeWire, encodeWire } from '../../shared/wire';
import type { Dispatch } from '../api/dispatch';
import { APP_CSP } from './csp';
import { hasBuiltRenderer, resolveStatic, sendStatic } from './static-files';
import { isStoredFilePath, keepingLastDocument, storedFileAnswer, type AssetReader, type DocumentReader } from './assets';
import { safeEqual, sessionCookie, type SessionCookie } from './session-cookie';
import { receiveUpload, takeUpload, uploadArgs, uploadName, type ImportUpload } from './upload';
import { importLimitOf } from '../../shared/import-limit';
import { readBody } from './read-body';

export interface HostOptions {
  dispatch: Dispatch;
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
  /** Reads saved images for /asset/<hash>. */
  readAsset?: AssetReader;
  /** Reads PDF files for /document/<hash>. */
  readDocument?: DocumentReader;
  /**
   * Where a file sent as the raw body of POST /api/startImportJob or
   * /api/importFile (application/octet-stream, its name in
   * x-gloss-file-name, importFile's other arguments in x-gloss-args) is
   * streamed, and what starts a background import from an export (at most
   * `limit` bytes; an importFile upload takes its kind's limit,
   * importLimitOf). Without it such uploads are refused.
   */
  importUpload?: ImportUpload;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close: () => Promise<void>;
}

// Base64 grows bytes by 4/3; leave room for the JSON around them.
const MAX_BODY_BYTES = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': APP_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_argument: 400,
  unknown_method: 404,
  not_found: 404,
  forbidden: 403,
  too_large: 413,
  conflict: 409,
  disk_full: 507,
  library_corrupt: 500,
  library_unavailable: 503,
  internal: 500,
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  if (!hasBuiltRenderer(options.rendererDir)) {
    throw new GlossError(
      'not_found',
      `The app is not built (no ${options.rendererDir}/index.html). Run \`npm run build\` first.`,
    );
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  // Set once the port is known, before the first request can arrive.
  let cookie: SessionCookie | undefined = undefined;
  const readers = { readAsset: options.readAsset, readDocument: options.readDocument && keepingLastDocument(options.readDocument) };

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> =>
    new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const sendEnvelope = (res: ServerResponse, envelope: Envelope<unknown>, statusOverride?: number): void => {
    const status = statusOverride ?? (envelope.ok ? 200 : (STATUS[envelope.error.code] ?? 422));
    const body = encodeWire(envelope);
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(body);
  };
  const refuse = (res: ServerResponse, status: number, message: string): void => {
    sendEnvelope(res, { ok: false, error: { code: status === 413 ? 'too_large' : 'forbidden', message } }, status);
  };

  const tokenMatches = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') && safeEqual(header.slice(7), token);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string): Promise<void> => {
    if (req.method !== 'POST') return refuse(res, 405, 'API calls must use POST.');
    if (!tokenMatches(req)) return refuse(res, 401, 'Missing or wrong token. Open the URL `gloss serve` printed.');
    // A file to import streams to disk (upload.ts) instead of arriving as base64 JSON.
    if ((method === 'startImportJob' || method === 'importFile') && (req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
      return handleUpload(req, res, method);
    }
    // A JSON content type makes every cross-site request a preflighted one.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'API calls must send application/json.');
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return refuse(res, 413, 'The request is too large (files up to 50 MB).');
    let args: unknown;
    try {
      args = body.length ? decodeWire(body) : {};
    } catch {
      return sendEnvelope(res, {
        ok: false,
        error: { code: 'invalid_argument', message: 'The request body is not valid JSON.' },
      });
    }
    sendEnvelope(res, await options.dispatch(method, args));
  };

  const handleUpload = async (req: IncomingMessage, res: ServerResponse, method: 'startImportJob' | 'importFile'): Promise<void> => {
    const target = options.importUpload;
    const name = uploadName(req);
    const args = uploadArgs(req);
    if (!target || !name || !args) {
      req.resume();
      const message = !target ? 'This host takes no uploads.' : !name ? 'The upload has no file name.' : 'The upload has unreadable arguments.';
      return sendEnvelope(res, { ok: false, error: { code: 'invalid_argument', message } });
    }
    let received: Awaited<ReturnType<typeof receiveUpload>>;
    try {
      received = await receiveUpload(req, target.folder(), method === 'importFile' ? importLimitOf(name) : target.limit, name);
    } catch (err) {
      // The client gave up mid-upload (the partial file is gone): no one to answer.
      if (req.destroyed) return void res.destroy();
      throw err;
    }
    if (!received.ok) {
      return sendEnvelope(res, { ok: false, error: { code: 'too_large', message: received.message } }, received.status);
    }
    if (method === 'startImportJob') return sendEnvelope(res, await target.start(name, received.file));
    // The same call as the JSON path, its arguments validated by the one contract; the file's name and bytes win.
    sendEnvelope(res, await options.dispatch(method, { ...args, name, data: takeUpload(received.file) }));
  };

  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return refuse(res, 403, 'Unknown host.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'Cross-origin requests are refused.');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url.pathname.slice('/api/'.length)).catch((err: unknown) => {
        console.error('gloss serve: request failed:', err);
        if (!res.headersSent) {
          sendEnvelope(res, { ok: false, error: { code: 'internal', message: 'The request failed.' } });
        } else res.destroy();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    if (isStoredFilePath(url.pathname)) {
      if (!cookie?.matches(req) && !tokenMatches(req)) {
        return refuse(res, 401, 'Missing or wrong token. Open the URL `gloss serve` printed.');
      }
      const answer = storedFileAnswer(url.pathname, readers, req.headers.range);
      if (!answer?.found) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found');
        return;
      }
      res.writeHead(answer.status, { ...SECURITY_HEADERS, ...answer.headers });
      res.end(req.method === 'HEAD' ? undefined : Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength));
      return;
    }
    const file = resolveStatic(options.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    // The page opened with the printed URL: its images need the cookie.
    const given = url.searchParams.get('token');
    const opensSession = given !== null && cookie !== undefined && safeEqual(given, token);
    const headers = opensSession ? { ...SECURITY_HEADERS, 'set-cookie': cookie!.setCookie } : SECURITY_HEADERS;
    sendStatic(res, file, headers);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  cookie = sessionCookie(token, port);
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  return {
    url,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}
