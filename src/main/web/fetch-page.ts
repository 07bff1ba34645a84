/**
 * Downloading web pages and images in the main process, with the limits a
 * reader app needs: http(s) only, redirects followed by hand (at most 5,
 * never to another scheme), a connect and a total time limit, a size cap
 * checked against Content-Length and again while the body streams in, and
 * failures explained in words that name the URL.
 *
 * node:http/https is used rather than fetch(): it exposes the connect phase
 * (for the connect time limit and the address each hop connected to) and
 * the system error codes (ENOTFOUND, ECONNREFUSED, certificate errors) that
 * the messages are built from.
 *
 * Which network a download may reach is decided here, per hop, on the
 * address the socket actually connected to: once a hop reached the public
 * internet, every later hop must be public too (a page from the internet
 * cannot redirect Gloss into the user's own network), and the result says
 * whether the body came from the internet, so its images can be held to the
 * same rule.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { LookupFunction, Socket } from 'node:net';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { GlossError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import { APP_VERSION } from '../version';
import { hostMayBePublic, isPublicAddress, PrivateAddressError, publicOnlyLookup } from './private-address';
import type { AddressClassifier } from './private-address';

/** Network failures (DNS, refused, TLS, timeouts, HTTP errors). */
export const NETWORK_ERROR: ErrorCode = 'network';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** 20 MB: the largest page Gloss downloads. */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;
/**
 * A PDF download may be larger than a page: up to 100 MB (half the cap on
 * PDF files, since a download is held in memory whole before pdf.js reads
 * it; larger files can still be imported from disk).
 */
export const MAX_PDF_DOWNLOAD_BYTES = 100 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
export const DEFAULT_USER_AGENT = `Mozilla/5.0 (compatible; Gloss/${APP_VERSION}; offline reader)`;

export interface FetchOptions {
  /** Limit for the whole download, redirects and body included (default 30 s). */
  timeoutMs?: number;
  /** Limit for each TCP (+TLS) connection to be established (default 10 s). */
  connectTimeoutMs?: number;
  /** Largest body accepted, after decompression (default 20 MB for pages). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Cancels the download; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  userAgent?: string;
  /** Accept header (defaults to one preferring HTML). */
  accept?: string;
  /** DNS lookup override (node:net LookupFunction). */
  lookup?: LookupFunction;
  /**
   * Refuse every non-public address (loopback, private, link-local…) on
   * every hop, from the first (see private-address.ts). Without it the first
   * hop may be anywhere, but once a hop is public the rest must be too.
   */
  publicOnly?: boolean;
  /**
   * Which addresses count as public (default: isPublicAddress). Tests that
   * play an internet host on a loopback address pass their own.
   */
  isPublicAddress?: AddressClassifier;
}

/** One request of a download: where it went and the address its socket connected to. */
export interface FetchHop {
  url: string;
  /** The remote address of the connected socket (IPv4 dotted or IPv6). */
  address: string;
  /** Whether that address is on the public internet. */
  public: boolean;
}

export interface FetchedResource {
  /** The URL the body came from, after redirects. */
  finalUrl: string;
  /** Every URL requested, in order (the first is the one given). */
  urls: string[];
  /** Every request, in order, with the address it connected to. */
  hops: FetchHop[];
  /**
   * True when the body came from the public internet: some hop connected to
   * a public address (and so every later hop did too). Then whatever the
   * body makes Gloss fetch (a page's images) must be public as well.
   */
  fromInternet: boolean;
  status: number;
  /** Media type essence, lower case (`text/html`), or null when the server sent none. */
  contentType: string | null;
  /** Canonical charset name from the Content-Type header (`windows-1252`), or null. */
  charset: string | null;
  /** The body, decompressed. */
  bytes: Uint8Array;
}

export type PageKind = 'html' | 'text' | 'markdown' | 'pdf';

export interface FetchedPage extends FetchedResource {
  /** Which importer reads the body, from the content type (or the bytes when none was sent). */
  kind: PageKind;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const HTML_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.7,*/*;q=0.1';

/** "30 s", "0.3 s", "1.5 s". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`;
}

function megabytes(n: number): string {
  const mb = n / (1024 * 1024);
  return mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** Splits a Content-Type header into its essence and a canonical charset name. */
export function parseContentType(header: string | null | undefined): { mime: string | null; charset: string | null } {
  if (!header) return { mime: null, charset: null };
  const [essence, ...params] = header.split(';');
  const mime = essence!.trim().toLowerCase() || null;
  let charset: string | null = null;
  for (const param of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(param);
    if (!m) continue;
    try {
      charset = new TextDecoder(m[1]!.toLowerCase()).encoding;
    } catch {
      charset = null; // a label TextDecoder does not know: as if none was sent
    }
    break;
  }
  return { mime, charset };
}

class ConnectTimeoutError extends Error {
  constructor() {
    super('connect timeout');
    this.name = 'ConnectTimeoutError';
  }
}

interface Attempt {
  /** The URL as the caller gave it. */
  original: string;
  /** The URL being requested when the failure happened. */
  current: string;
  /** Whether `current` was reached by a redirect. */
  redirected: boolean;
}

function prefix(a: Attempt): string {
  return !a.redirected
    ? `Could not download ${a.original}`
    : `Could not download ${a.original} (redirected to ${a.current})`;
}

const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain contains a self-signed certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for a different host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate could not be verified',
  CERT_REVOKED: 'its certificate has been revoked',
};

function isTlsError(code: string, message: string): boolean {
  return (
    code in TLS_REASONS ||
    /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_)/.test(code) ||
    code === 'EPROTO' ||
    /\b(SSL|TLS)\b|certificate/i.test(message)
  );
}

/** Failures of the first hop to connect at all (no answer came): see failedToConnect. */
const connectFailures = new WeakSet<GlossError>();

/** Refused, reset, timed out while connecting, or a failed TLS handshake: the server gave no HTTP answer. */
function isConnectFailure(err: unknown): boolean {
  if (err instanceof ConnectTimeoutError) return true;
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = e instanceof Error ? e.message : String(err);
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code) || isTlsError(code, message);
}

/**
 * True when `err` (from fetchPage or fetchResource) says the first address
 * could not be connected to, before any redirect and without an HTTP
 * answer: an address typed without a scheme is then tried over http.
 */
export function failedToConnect(err: unknown): boolean {
  return err instanceof GlossError && connectFailures.has(err);
}

/** A GlossError explaining a failed request (never for the caller's own cancel). */
function describeFailure(err: unknown, a: Attempt, host: string, o: ResolvedOptions): GlossError {
  if (err instanceof GlossError) return err;
  if (o.timeout.aborted) return new GlossError(NETWORK_ERROR, `${prefix(a)}: it took longer than ${formatSeconds(o.timeoutMs)}.`);
  if (err instanceof ConnectTimeoutError) {
    return new GlossError(NETWORK_ERROR, `${prefix(a)}: could not connect to ${host} within ${formatSeconds(o.connectTimeoutMs)}.`);
  }
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = e instanceof Error ? e.message : String(err);
  switch (code) {
    case 'EPRIVATE':
      return new GlossError(
        'forbidden',
        `${prefix(a)}: ${host} is on a private network or this computer; a page from the internet may not ${a.redirected ? 'redirect to' : 'load'} it.`,
      );
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return new GlossError(NETWORK_ERROR, `${prefix(a)}: could not find the server host “${host}”.`);
    case 'EAI_AGAIN':
      return new GlossError(NETWORK_ERROR, `${prefix(a)}: could not find the server host “${host}” (the name lookup failed; are you offline?).`);
    case 'ECONNREFUSED':
      return new GlossError(NETWORK_ERROR, `${prefix(a)}: the server ${host} refused the connection.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new GlossError(NETWORK_ERROR, `${prefix(a)}: the server closed the connection unexpectedly.`);
    case 'ETIMEDOUT':
      return new GlossError(NETWORK_ERROR, `${prefix(a)}: the connection to ${host} timed out.`);
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return new GlossError(NETWORK_ERROR, `${prefix(a)}: the network is unreachable (are you offline?).`);
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
    case 'ERR_PADDING_1':
    case 'ERR__ERROR_FORMAT_PADDING_1':
      return new GlossError(NETWORK_ERROR, `${prefix(a)}: the server sent a corrupt compressed body.`);
  }
  if (code.startsWith('Z_') || /^ERR_.*BROTLI|^ERR__/.test(code)) {
    return new GlossError(NETWORK_ERROR, `${prefix(a)}: the server sent a corrupt compressed body.`);
  }
  if (code.startsWith('HPE_')) return new GlossError(NETWORK_ERROR, `${prefix(a)}: the server sent an invalid HTTP answer.`);
  if (isTlsError(code, message)) {
    const reason = TLS_REASONS[code] ?? message.replace(/^[^:]*routines:/, '').replace(/\.$/, '');
    return new GlossError(NETWORK_ERROR, `${prefix(a)}: the secure (TLS) connection to ${host} failed: ${reason}.`);
  }
  return new GlossError(NETWORK_ERROR, `${prefix(a)}: ${message.replace(/\.$/, '')}.`);
}

interface ResolvedOptions {
  timeoutMs: number;
  connectTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  accept: string;
  /** The caller's lookup, as given (the first hops of a private page). */
  lookup: LookupFunction | undefined;
  /** The same lookup refusing non-public answers (public-only hops). */
  publicLookup: LookupFunction;
  publicOnly: boolean;
  isPublic: AddressClassifier;
  /** Fires at the total time limit. */
  timeout: AbortSignal;
  /** The caller's signal, if any. */
  caller: AbortSignal | undefined;
  /** Either of the two. */
  signal: AbortSignal;
}

function resolveOptions(opts: FetchOptions, defaults: { maxBytes: number; accept: string }): ResolvedOptions {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  return {
    timeoutMs,
    connectTimeoutMs: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    maxBytes: opts.maxBytes ?? defaults.maxBytes,
    maxRedirects: opts.maxRedirects ?? MAX_REDIRECTS,
    userAgent: opts.userAgent ?? DEFAULT_USER_AGENT,
    accept: opts.accept ?? defaults.accept,
    lookup: opts.lookup,
    publicLookup: publicOnlyLookup(opts.lookup, opts.isPublicAddress ?? isPublicAddress),
    publicOnly: opts.publicOnly ?? false,
    isPublic: opts.isPublicAddress ?? isPublicAddress,
    timeout,
    caller: opts.signal,
    signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
  };
}

interface Answer {
  res: IncomingMessage;
  /** The remote address the request's socket connected to. */
  address: string;
}

/**
 * One request. With `publicOnly`, a non-public host is refused before
 * connecting (an IP written in the URL here, a name by the lookup) and the
 * connected socket's address is checked again before the request is sent.
 */
function requestOnce(url: URL, o: ResolvedOptions, publicOnly: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // An address written in the URL is never looked up: check it here.
    if (publicOnly && !hostMayBePublic(url.hostname, o.isPublic)) {
      reject(new PrivateAddressError(`${url.hostname} is a private address`));
      return;
    }
    const secure = url.protocol === 'https:';
    let connectTimer: NodeJS.Timeout | undefined;
    let address: string | undefined;
    const req = (secure ? https : http).request(url, {
      method: 'GET',
      agent: false, // a fresh connection per request: nothing pooled outlives the call
      lookup: publicOnly ? o.publicLookup : o.lookup,
      signal: o.signal,
      headers: {
        'user-agent': o.userAgent,
        accept: o.accept,
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'en;q=0.9, *;q=0.5',
      },
    });
    // The address actually connected to decides, whatever a lookup said
    // before. This listener runs before the request's own queued write (it
    // is added first), so a refused socket never carries the request (over
    // https the TLS handshake has started by then; the request has not).
    const checkAddress = (socket: Socket): void => {
      address = socket.remoteAddress;
      if (address === undefined) req.destroy(new Error('the connection closed before its address was known'));
      else if (publicOnly && !o.isPublic(address)) req.destroy(new PrivateAddressError(`${url.hostname} connected to ${address}`));
    };
    req.on('socket', (socket) => {
      if (!socket.connecting) return checkAddress(socket);
      socket.once('connect', () => checkAddress(socket));
      connectTimer = setTimeout(() => req.destroy(new ConnectTimeoutError()), o.connectTimeoutMs);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      if (address === undefined) {
        res.destroy();
        reject(new Error('the answer came on a connection of unknown address'));
        return;
      }
      resolve({ res, address });
    });
    req.on('error', (err) => {
      clearTimeout(connectTimer);
      reject(err);
    });
    req.end();
  });
}

function tooLarge(a: Attempt, limit: number, size?: number): GlossError {
  const what = size === undefined ? 'is larger than' : `is ${megabytes(size)}, more than`;
  return new GlossError('too_large', `${prefix(a)}: it ${what} the ${megabytes(limit)} limit.`);
}

/** The decompressed body, at most `o.maxBytes` of it. */
async function readBody(res: IncomingMessage, a: Attempt, o: ResolvedOptions): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  // Content-Length counts compressed bytes, so it is a lower bound of the body's size.
  if (res.headers['content-length'] !== undefined && Number.isFinite(declared) && declared > o.maxBytes) {
    res.destroy();
    throw tooLarge(a, o.maxBytes, declared);
  }
  const decompressor: Transform | null =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : null;
  if (decompressor) {
    res.on('error', (err) => decompressor.destroy(err));
    res.pipe(decompressor);
  }
  const stream: Readable = decompressor ?? res;
  const onAbort = (): void => {
    const reason = new Error('aborted');
    reason.name = 'AbortError';
    res.destroy(reason);
    stream.destroy(reason);
  };
  o.signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    if (o.signal.aborted) onAbort();
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      total += buf.byteLength;
      if (total > o.maxBytes) {
        res.destroy();
        stream.destroy();
        throw tooLarge(a, o.maxBytes);
      }
      chunks.push(buf);
    }
    if (res.readableAborted || (res.complete === false && !res.readableEnded && stream === res)) {
      throw Object.assign(new Error('the connection closed before the whole body arrived'), { code: 'ECONNRESET' });
    }
  } finally {
    o.signal.removeEventListener('abort', onAbort);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function statusError(res: IncomingMessage, a: Attempt): GlossError {
  const status = res.statusCode ?? 0;
  const text = (res.statusMessage || http.STATUS_CODES[status] || '').trim();
  const code: ErrorCode = status === 404 || status === 410 ? 'not_found' : NETWORK_ERROR;
  const hint = status === 429 ? ' (too many requests: try again later)' : '';
  return new GlossError(code, `${prefix(a)}: the server answered ${status}${text ? ` ${text}` : ''}${hint}.`);
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GlossError('invalid_argument', `Not a valid web address: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GlossError('unsupported_format', `Gloss downloads only http and https addresses, not ${raw}.`);
  }
  return url;
}

/** The caller cancelled: rethrow its reason (an AbortError unless it gave another). */
function cancelled(o: ResolvedOptions): unknown {
  const reason: unknown = o.caller?.reason;
  if (reason !== undefined) return reason;
  const err = new Error('The download was cancelled.');
  err.name = 'AbortError';
  return err;
}

/** Called with a 2xx answer's media type before its body is read; throws to refuse it. */
type TypeCheck = (mime: string | null, finalUrl: string) => void;

async function download(rawUrl: string, o: ResolvedOptions, checkType?: TypeCheck): Promise<FetchedResource> {
  let url = parseHttpUrl(rawUrl);
  const a: Attempt = { original: rawUrl, current: url.href, redirected: false };
  const urls = [url.href];
  const hops: FetchHop[] = [];
  // Once a hop reached the internet, every later hop must stay there.
  let publicOnly = o.publicOnly;
  for (let redirects = 0; ; redirects++) {
    let res: IncomingMessage;
    try {
      const answer = await requestOnce(url, o, publicOnly);
      res = answer.res;
      const isPublic = o.isPublic(answer.address);
      hops.push({ url: url.href, address: answer.address, public: isPublic });
      publicOnly ||= isPublic;
    } catch (err) {
      if (o.caller?.aborted) throw cancelled(o);
      const failure = describeFailure(err, a, url.host, o);
      if (!a.redirected && !o.timeout.aborted && isConnectFailure(err)) connectFailures.add(failure);
      throw failure;
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECT_STATUSES.has(status) && location) {
      res.resume(); // discard the redirect's body
      res.destroy();
      if (redirects >= o.maxRedirects) {
        throw new GlossError(NETWORK_ERROR, `${prefix(a)}: too many redirects (more than ${o.maxRedirects}).`);
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new GlossError(NETWORK_ERROR, `${prefix(a)}: the server redirected to an invalid address (${location}).`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new GlossError(NETWORK_ERROR, `${prefix(a)}: the server redirected to a non-web address (${next.protocol}).`);
      }
      url = next;
      a.current = url.href;
      a.redirected = true;
      urls.push(url.href);
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      res.destroy();
      if (status >= 300 && status < 400) {
        throw new GlossError(NETWORK_ERROR, `${prefix(a)}: the server answered ${status} without saying where to go.`);
      }
      throw statusError(res, a);
    }
    const { mime, charset } = parseContentType(res.headers['content-type']);
    if (checkType) {
      try {
        checkType(mime, url.href);
      } catch (err) {
        res.destroy();
        throw err;
      }
    }
    const bytes = await readBodyOrFail(res, a, url, o);
    return { finalUrl: url.href, urls, hops, fromInternet: publicOnly, status, contentType: mime, charset, bytes };
  }
}

async function readBodyOrFail(res: IncomingMessage, a: Attempt, url: URL, o: ResolvedOptions): Promise<Uint8Array> {
  try {
    return await readBody(res, a, o);
  } catch (err) {
    if (o.caller?.aborted) throw cancelled(o);
    throw describeFailure(err, a, url.host, o);
  }
}

/**
 * Downloads any http(s) resource with the limits above, following
 * redirects. Rejects with a GlossError (`too_large`, `not_found` for
 * 404/410, NETWORK_ERROR for everything else) or, when `signal` aborts,
 * with the signal's reason. The content type is not checked here.
 */
export async function fetchResource(url: string, opts: FetchOptions = {}): Promise<FetchedResource> {
  const o = resolveOptions(opts, { maxBytes: MAX_PAGE_BYTES, accept: '*/*' });
  if (o.caller?.aborted) throw cancelled(o);
  return download(url, o);
}

/** Which importer reads a body of `mime` at `url`; throws for what is not a page. */
export function pageKindOf(mime: string | null, url: string, bytes?: Uint8Array): PageKind {
  const path = (() => {
    try {
      return new URL(url).pathname.toLowerCase();
    } catch {
      return '';
    }
  })();
  const markdownPath = /\.(md|markdown)$/.test(path);
  switch (mime) {
    case null:
    case '': {
      if (markdownPath) return 'markdown';
      const head = new TextDecoder('latin1').decode((bytes ?? new Uint8Array()).subarray(0, 1024));
      if (head.startsWith('%PDF-')) return 'pdf';
      return /^\s*(\ufeff|ï»¿)?\s*</.test(head) ? 'html' : 'text';
    }
    case 'text/html':
    case 'application/xhtml+xml':
      return 'html';
    case 'text/markdown':
    case 'text/x-markdown':
      return 'markdown';
    case 'text/plain':
      return markdownPath ? 'markdown' : 'text';
    case 'application/pdf':
    case 'application/x-pdf':
      return 'pdf';
    default:
      throw new GlossError('unsupported_format', `Could not save ${url}: it is not a web page (content type ${mime}).`);
  }
}

/**
 * Downloads a web page: like fetchResource (20 MB cap by default; a PDF,
 * application/pdf, up to MAX_PDF_DOWNLOAD_BYTES unless the caller set a
 * cap), and refuses what is not a page or a PDF — an image or any other
 * type ("not a web page") — with `unsupported_format`, before its body is
 * read. text/html and application/xhtml+xml are HTML; text/plain and
 * text/markdown are text; a missing type is sniffed.
 */
export async function fetchPage(url: string, opts: FetchOptions = {}): Promise<FetchedPage> {
  const o = resolveOptions(opts, { maxBytes: MAX_PAGE_BYTES, accept: HTML_ACCEPT });
  if (o.caller?.aborted) throw cancelled(o);
  const result = await download(url, o, (mime, finalUrl) => {
    if (mime && pageKindOf(mime, finalUrl) === 'pdf' && opts.maxBytes === undefined) o.maxBytes = MAX_PDF_DOWNLOAD_BYTES;
  });
  const kind = pageKindOf(result.contentType, result.finalUrl, result.bytes);
  return { ...result, kind };
}
