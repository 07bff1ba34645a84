/**
 * Fetching a page for `gloss update <id> <url>` and `gloss import <url>`:
 * global fetch (Node 20), a 30 s time limit, and at most MAX_IMPORT_BYTES
 * read, checked before and while reading.
 */
import { MAX_IMPORT_BYTES } from '../../shared/contract';
import { GlossError } from '../../shared/errors';
import { sourceKindOf } from '../import';
import type { ImportInput } from '../import/types';

export const FETCH_TIMEOUT_MS = 30_000;

export function isHttpUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * The file name the importer sees: the URL's last path segment when its
 * extension names an importer, else 'page.html' (or page.md / page.txt
 * when the server says the body is Markdown or plain text).
 */
export function fileNameFor(url: URL, contentType: string | null): string {
  const segments = url.pathname.split('/');
  let last = segments[segments.length - 1] ?? '';
  try {
    last = decodeURIComponent(last);
  } catch {
    // keep it as sent
  }
  if (last && sourceKindOf(last)) return last;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'page.md';
  if (type === 'text/plain') return 'page.txt';
  return 'page.html';
}

function tooLarge(): GlossError {
  return new GlossError('too_large', 'The page is larger than 50 MB; Gloss imports up to 50 MB.');
}

async function readCapped(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Downloads `source` (an http(s) URL) as import input; sourceUrl is the URL as given. */
export async function fetchImportInput(
  source: string,
  options: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<ImportInput> {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new GlossError('invalid_argument', `Not a valid URL: ${source}`);
  }
  const signal = AbortSignal.timeout(options.timeoutMs ?? FETCH_TIMEOUT_MS);
  try {
    const response = await fetch(url, { signal, redirect: 'follow', headers: { accept: 'text/html, text/markdown;q=0.9, text/plain;q=0.8, */*;q=0.5' } });
    if (!response.ok) {
      await response.body?.cancel();
      throw new GlossError(
        response.status === 404 || response.status === 410 ? 'not_found' : 'invalid_argument',
        `Could not download ${source}: the server answered ${response.status} ${response.statusText}`.trim() + '.',
      );
    }
    const bytes = await readCapped(response, options.maxBytes ?? MAX_IMPORT_BYTES);
    return { fileName: fileNameFor(url, response.headers.get('content-type')), bytes, sourceUrl: source };
  } catch (err) {
    if (err instanceof GlossError) throw err;
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      throw new GlossError('invalid_argument', `Could not download ${source}: no answer within ${Math.round((options.timeoutMs ?? FETCH_TIMEOUT_MS) / 1000)} s.`);
    }
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    throw new GlossError('invalid_argument', `Could not download ${source}: ${cause}`);
  }
}
