/**
 * Fetching a page for `gloss update <id> <url>`: through the same fetcher
 * as every other download (src/main/web/fetch-page.ts), so it has the same
 * limits and the same network rule (a page from the internet cannot
 * redirect Gloss to this computer or the local network), at most
 * MAX_IMPORT_BYTES read, checked before and while reading.
 */
import { MAX_IMPORT_BYTES } from '../../shared/contract';
import { sourceKindOf } from '../import';
import type { ImportInput } from '../import/types';
import { fetchResource, type FetchOptions } from '../web/fetch-page';

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

/**
 * Downloads `source` (an http(s) URL) as import input; sourceUrl is the URL
 * as given, the file name comes from the URL the body was found at.
 */
export async function fetchImportInput(
  source: string,
  options: Pick<FetchOptions, 'timeoutMs' | 'maxBytes' | 'lookup' | 'isPublicAddress'> = {},
): Promise<ImportInput> {
  const fetched = await fetchResource(source, {
    timeoutMs: FETCH_TIMEOUT_MS,
    maxBytes: MAX_IMPORT_BYTES,
    accept: 'text/html, text/markdown;q=0.9, text/plain;q=0.8, */*;q=0.5',
    ...options,
  });
  return { fileName: fileNameFor(new URL(fetched.finalUrl), fetched.contentType), bytes: fetched.bytes, sourceUrl: source };
}
