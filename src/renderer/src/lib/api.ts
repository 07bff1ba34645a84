/**
 * The renderer's API client. One interface, two transports:
 * - Electron: the preload's `window.gloss` bridge (IPC);
 * - browser host (`gloss serve`): POST /api/<method> on the same origin,
 *   with the token the host printed in the URL.
 * Both answer envelopes; this unwraps them into values or ApiError.
 */
import type { Args, GlossApi, GlossBridge, Method, Result } from '../../../shared/contract';
import { METHOD_NAMES } from '../../../shared/methods';
import type { Envelope, ErrorCode } from '../../../shared/errors';
import { decodeWire, encodeWire } from '../../../shared/wire';

export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

declare global {
  interface Window {
    gloss?: GlossBridge;
  }
}

const TOKEN_KEY = 'gloss.token';

/**
 * The browser host's token: from ?token= on first load, then this tab's
 * session (a reload finds it there; the host's cookie, set on that first
 * load, keeps the images loading). The token leaves the address bar at
 * once, so it is not in history, bookmarks or a shared screen; the hash
 * route stays.
 */
function hostToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.href);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

interface Upload {
  name: string;
  data: Uint8Array<ArrayBuffer>;
  /** The call's other arguments (importFile's mode, password), sent in a header. */
  rest: Record<string, unknown>;
}

/**
 * The file a call sends as an upload, or null for a JSON call: a background
 * import's export, and every imported file but a saved page with its
 * folder's images (those go as JSON, at most 50 MB together). A file of any
 * size goes the one way: no base64 (a third larger, encoded on this thread),
 * and PDFs and EPUB books up to their 200 MB limit.
 */
function uploadOf(method: Method, args: unknown): Upload | null {
  if (method === 'startImportJob') {
    const { name, data } = args as Args<'startImportJob'>;
    return { name, data: data as Uint8Array<ArrayBuffer>, rest: {} };
  }
  if (method !== 'importFile') return null;
  const { name, data, resources, ...rest } = args as Args<'importFile'>;
  if (resources?.length) return null;
  return { name, data: data as Uint8Array<ArrayBuffer>, rest };
}

/** An upload's headers: its name, and its other arguments when it has any (server/upload.ts reads them). */
function uploadHeaders(upload: Upload): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'x-gloss-file-name': encodeURIComponent(upload.name) };
  if (Object.keys(upload.rest).length > 0) headers['x-gloss-args'] = encodeURIComponent(JSON.stringify(upload.rest));
  return headers;
}

function httpTransport(): (method: Method, args: unknown) => Promise<Envelope<unknown>> {
  const token = hostToken();
  return async (method, args) => {
    let response: Response;
    try {
      const upload = uploadOf(method, args);
      if (upload) {
        // A file goes as the raw body, streamed to disk by the host (server/upload.ts), not as base64 JSON.
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { ...uploadHeaders(upload), authorization: `Bearer ${token}` },
          body: upload.data,
        });
      } else {
        const body = encodeWire(args);
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
          // Small writes (notes, highlights) survive the page closing.
          keepalive: body.length < 60_000,
        });
      }
    } catch {
      return {
        ok: false,
        error: { code: 'internal', message: 'Gloss is not reachable. Is `gloss serve` still running?' },
      };
    }
    const text = await response.text();
    try {
      return decodeWire(text) as Envelope<unknown>;
    } catch {
      return {
        ok: false,
        error: { code: 'internal', message: `Unexpected answer from Gloss (HTTP ${response.status}).` },
      };
    }
  };
}

function createApi(): GlossApi {
  const bridge = window.gloss;
  const send: (method: Method, args: unknown) => Promise<Envelope<unknown>> = bridge
    ? (method, args) => (bridge[method] as (a: unknown) => Promise<Envelope<unknown>>)(args)
    : httpTransport();
  const api: Partial<Record<Method, (args: unknown) => Promise<unknown>>> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (args: unknown) => {
      const envelope = await send(method, args);
      if (envelope.ok) return envelope.value;
      throw new ApiError(envelope.error.code, envelope.error.message);
    };
  }
  return api as GlossApi;
}

export const api: GlossApi = createApi();

/** Calls one method; a typed shortcut for `api[method](args)`. */
export function call<M extends Method>(method: M, args: Args<M>): Promise<Result<M>> {
  return (api[method] as (a: Args<M>) => Promise<Result<M>>)(args);
}

export const shellKind: 'electron' | 'browser' = window.gloss ? 'electron' : 'browser';
