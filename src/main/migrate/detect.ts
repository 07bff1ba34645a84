/**
 * Recognises a highlights export by its content, whatever its name: a
 * `.txt` that is a Kindle clippings file is not a plain-text article, and a
 * `.csv` with Readwise's header is not a list of URLs. The one rule every
 * entry point uses (Library.importFile*, Library.parseUrlList).
 */
import type { HighlightsExportFormat } from '../../shared/types';
import { isKindleClippings, parseKindleClippings } from './kindle-clippings';
import { isReadwiseCsv, parseReadwiseCsv } from './readwise-csv';
import type { ParsedHighlightsExport } from './model';

/** Only text files are looked at (the extension may be missing or wrong; binary formats are not). */
const TEXT_NAME = /(\.(txt|csv|tsv|text)|^[^.]*)$/i;

function decodeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Which highlights export `bytes` is, or null. */
export function detectHighlightsExport(fileName: string, bytes: Uint8Array): HighlightsExportFormat | null {
  const name = fileName.split(/[\\/]/).pop() ?? fileName;
  if (!TEXT_NAME.test(name)) return null;
  // The first 8 KB decide; a multi-byte character cut at the end is dropped.
  const head = decodeText(bytes.subarray(0, 8192)) ?? new TextDecoder().decode(bytes.subarray(0, 8192)).replace(/\ufffd$/, '');
  if (isKindleClippings(head)) return 'kindle-clippings';
  if (isReadwiseCsv(head)) return 'readwise-csv';
  return null;
}

/** Parses an export detectHighlightsExport recognised. */
export function parseHighlightsExport(format: HighlightsExportFormat, bytes: Uint8Array): ParsedHighlightsExport {
  const text = new TextDecoder().decode(bytes);
  return format === 'kindle-clippings' ? parseKindleClippings(text) : parseReadwiseCsv(text);
}
