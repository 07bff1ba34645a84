/**
 * The connector: what the Gloss browser extension talks to. HTTP on
 * 127.0.0.1 only, a fixed port the extension knows (DEFAULT_CONNECTOR_PORT,
 * or GLOSS_CONNECTOR_PORT), separate from the browser host, with five
 * routes and nothing else of the API.
 *
 * Every request must pass, in order: a Host of 127.0.0.1:<port> or
 * localhost:<port> (a rebinding DNS name is refused), an Origin that is a
 * browser extension's own (web pages' fetch carries http(s) origins or
 * `null`), then, except for /pair, the per-install key of a browser paired
 * from that same origin (X-Gloss-Key). Firefox sends its per-install
 * `moz-extension://<uuid>` Origin on the extension's POSTs but none on its
 * GETs (measured, Firefox 153), so the extension only POSTs; a request
 * without Origin stays refused. Bodies are JSON, capped at
 * MAX_CONNECTOR_BODY_BYTES, checked with zod. CORS headers are only ever
 * sent to the extension origin that asked. Every action goes through the
 * one dispatcher, like IPC and the browser host.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { ExtensionOrigin, type Args, type Method, type Result } from '../../shared/contract';
import { GlossError, type ErrorCode } from '../../shared/errors';
import type { ArticleSummary, CapturedSaveResult, ImportResult } from '../../shared/types';
import type { Dispatch } from '../api/dispatch';
import { readBody } from '../server/read-body';
import { APP_VERSION } from '../version';
import {
  MAX_CONNECTOR_BODY_BYTES,
  PairRequest,
  SaveLinkRequest,
  SavePageRequest,
  SaveSelectionRequest,
  type SavePageBody,
} from './requests';

/** The port the extension calls unless the user changed both sides. */
export const DEFAULT_CONNECTOR_PORT = 21451;
export const KEY_HEADER = 'x-gloss-key';

/**
 * The connector's port: GLOSS_CONNECTOR_PORT when set (0 = any free port,
 * for tests; `off` = no connector), else the default.
 */
export function connectorPort(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.GLOSS_CONNECTOR_PORT?.trim();
  if (!raw) return DEFAULT_CONNECTOR_PORT;
  if (raw.toLowerCase() === 'off') return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new GlossError('invalid_argument', `GLOSS_CONNECTOR_PORT must be a port number (0-65535) or off, not “${raw.slice(0, 20)}”.`);
  }
  return port;
}

export interface ConnectorOptions {
  dispatch: Dispatch;
  /** Default DEFAULT_CONNECTOR_PORT; 0 picks a free one. */
  port?: number;
}

export interface RunningConnector {
  port: number;
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** What a save answers the extension. */
export interface SaveAnswer {
  /** 'exists': already in the library; nothing changed (the extension offers Update). */
  status: 'saved' | 'updated' | 'exists';
  article: { id: string; title: string };
  /** Opens the article in the desktop app. */
  openUrl: string;
  /** Save selection: whether the passage became a highlight (false: its text was not found in the article). */
  highlighted?: boolean;
}

type Json = Record<string, unknown>;
type Route = (body: unknown, ctx: { origin: string }) => Promise<Json>;
interface RouteSpec {
  method: 'GET' | 'POST';
  /** Only /pair is reachable without a key. */
  keyed: boolean;
  run: Route;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_argument: 400,
  not_found: 404,
  forbidden: 403,
  too_large: 413,
  unsupported_format: 415,
  no_content: 422,
  network: 502,
  library_unavailable: 503,
  internal: 500,
};

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function answerOf(result: ImportResult | CapturedSaveResult): SaveAnswer {
  const article: ArticleSummary = result.status === 'duplicate' ? result.existing : result.article;
  const status = result.status === 'duplicate' ? 'exists' : result.status === 'updated' ? 'updated' : 'saved';
  const answer: SaveAnswer = {
    status,
    article: { id: article.id, title: article.title },
    openUrl: `gloss://article/${encodeURIComponent(article.id)}`,
  };
  if ('highlight' in result) answer.highlighted = !!result.highlight;
  return answer;
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  throw new Refusal(400, 'invalid_argument', `Invalid request: ${detail.slice(0, 300)}`);
}

function captureArgs(body: SavePageBody): Args<'saveCapturedPage'> {
  return {
    url: body.url,
    html: body.html,
    images: (body.images ?? []).map((i) => ({ url: i.url, data: new Uint8Array(Buffer.from(i.data, 'base64')) })),
    ...(body.mode ? { mode: body.mode } : {}),
  };
}

export async function startConnector(options: ConnectorOptions): Promise<RunningConnector> {
  const call = async <M extends Method>(method: M, args: Args<M>): Promise<Result<M>> => {
    const answer = await options.dispatch(method, args);
    if (!answer.ok) throw new GlossError(answer.error.code, answer.error.message);
    return answer.value as Result<M>;
  };

  const routes: Record<string, RouteSpec> = {
    '/pair': {
      method: 'POST',
      keyed: false,
      run: async (body, { origin }) => {
        const { code, name } = parse(PairRequest, body);
        const paired = await call('pairBrowser', { code, name, origin });
        return { key: paired.key, id: paired.id, version: APP_VERSION };
      },
    },
    '/status': { method: 'GET', keyed: true, run: () => Promise.resolve({ app: 'Gloss', version: APP_VERSION }) },
    '/save-page': {
      method: 'POST',
      keyed: true,
      run: async (body) => ({ ...answerOf(await call('saveCapturedPage', captureArgs(parse(SavePageRequest, body)))) }),
    },
    '/save-selection': {
      method: 'POST',
      keyed: true,
      run: async (body) => {
        const request = parse(SaveSelectionRequest, body);
        return { ...answerOf(await call('saveCapturedPage', { ...captureArgs(request), selection: request.selection })) };
      },
    },
    '/save-link': {
      method: 'POST',
      keyed: true,
      run: async (body) => {
        const { url, mode } = parse(SaveLinkRequest, body);
        return { ...answerOf(await call('saveUrl', { url, mode: mode ?? 'ask' })) };
      },
    },
  };

  let port = 0;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const send = (res: ServerResponse, status: number, body: Json, origin?: string): void => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}),
    });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, code: ErrorCode, message: string, origin?: string): void =>
    send(res, status, { ok: false, error: { code, message } }, origin);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts().has(req.headers.host ?? '')) return fail(res, 403, 'forbidden', 'Unknown host.');
    const origin = req.headers.origin;
    // No CORS headers on a refusal: the calling page cannot even read why.
    if (!origin || !ExtensionOrigin.safeParse(origin).success) return fail(res, 403, 'forbidden', 'Only the Gloss browser extension may call the connector.');
    const path = new URL(req.url ?? '/', 'http://connector').pathname;
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return fail(res, 404, 'not_found', 'No such route.', origin);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': route.method,
        'access-control-allow-headers': `content-type, ${KEY_HEADER}`,
        'access-control-max-age': '600',
        vary: 'Origin',
      });
      res.end();
      return;
    }
    if (req.method !== route.method) {
      res.setHeader('allow', route.method);
      return fail(res, 405, 'invalid_argument', `${path} takes ${route.method}.`, origin);
    }
    if (route.keyed) {
      const key = req.headers[KEY_HEADER];
      const browser = typeof key === 'string' && key ? await call('useBrowserKey', { key: key.slice(0, 200), origin }) : null;
      if (!browser) {
        return fail(res, 401, 'forbidden', 'This browser is not paired with Gloss: pair it in the extension with the code from Settings → Browser extension.', origin);
      }
    }
    let body: unknown = {};
    if (route.method === 'POST') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return fail(res, 415, 'invalid_argument', 'Send application/json.', origin);
      }
      const text = await readBody(req, MAX_CONNECTOR_BODY_BYTES);
      if (text === undefined) {
        res.setHeader('connection', 'close');
        return fail(res, 413, 'too_large', `The page is too large to send (at most ${MAX_CONNECTOR_BODY_BYTES / 1024 / 1024} MB with its images).`, origin);
      }
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        return fail(res, 400, 'invalid_argument', 'The request body is not valid JSON.', origin);
      }
    }
    try {
      send(res, 200, { ok: true, ...(await route.run(body, { origin })) }, origin);
    } catch (err) {
      if (err instanceof Refusal) return fail(res, err.status, err.code, err.message, origin);
      if (err instanceof GlossError) return fail(res, STATUS[err.code] ?? 422, err.code, err.message, origin);
      throw err;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('gloss connector: request failed:', err);
      if (!res.headersSent) fail(res, 500, 'internal', 'The request failed.');
      else res.destroy();
    });
  });

  const wanted = options.port ?? DEFAULT_CONNECTOR_PORT;
  await new Promise<void>((resolvePromise, reject) => {
    const onError = (err: NodeJS.ErrnoException): void =>
      reject(
        err.code === 'EADDRINUSE'
          ? new GlossError(
              'conflict',
              `The browser extension's connector could not start: port ${wanted} on 127.0.0.1 is in use (is Gloss already running?). Set GLOSS_CONNECTOR_PORT to use another.`,
            )
          : err,
      );
    server.once('error', onError);
    server.listen(wanted, '127.0.0.1', () => {
      server.off('error', onError);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

/**
 * The connector as every shell starts it (the desktop app, `gloss serve`):
 * on connectorPort(env), or not at all (`off`). A port in use is not fatal
 * to the shell: it gets the one-line reason and runs without the connector.
 */
export async function startShellConnector(
  dispatch: Dispatch,
  report: { info: (line: string) => void; warn: (line: string) => void },
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningConnector | null> {
  let port: number | null;
  try {
    port = connectorPort(env);
  } catch (err) {
    report.warn((err as Error).message);
    return null;
  }
  if (port === null) return null;
  try {
    const connector = await startConnector({ dispatch, port });
    report.info(`Browser extension connector: ${connector.url}`);
    return connector;
  } catch (err) {
    report.warn(err instanceof GlossError ? err.message : `The browser extension's connector could not start: ${(err as Error).message}`);
    return null;
  }
}
