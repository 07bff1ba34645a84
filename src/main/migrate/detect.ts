/**
 * Recognises a highlights export by its content, whatever its name: a
 * `.txt` that is a Kindle clippings file is not a plain-text article, and a
 * `.csv` with Readwise's header is not a list of URLs. The one rule every
 * entry point uses (Library.importFile*, Library.parseUrlList). Pocket's
 * export is a zip (recognised by its `part_*.csv`), Hypothesis's a JSON
 * object, Instapaper's a CSV with selections (without any, it stays a list
 * of URLs).
 */
import type { HighlightsExportFormat } from '../../shared/types';
import { isKindleClippings, parseKindleClippings } from './kindle-clippings';
import { isReadwiseCsv, parseReadwiseCsv } from './readwise-csv';
import type { ParsedHighlightsExport } from './model';
import { isPocketZip, parsePocketZip } from './pocket-zip';
import { isInstapaperCsv, parseInstapaperCsv } from './instapaper-csv';
import { looksLikeHypothesisJson, parseHypothesisJson } from './hypothesis-json';

/** Only text files are looked at (the extension may be missing or wrong; binary formats are not). */
const TEXT_NAME = /(\.(txt|csv|tsv|text|json)|^[^.]*)$/i;
/** Zips looked into: a Pocket export is `pocket.zip` or any name without an extension. */
const ZIP_NAME = /(\.zip|^[^.]*)$/i;

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
  if (ZIP_NAME.test(name) && isPocketZip(name, bytes)) return 'pocket-zip';
  if (!TEXT_NAME.test(name)) return null;
  // The first 8 KB decide; a multi-byte character cut at the end is dropped.
  const head = decodeText(bytes.subarray(0, 8192)) ?? new TextDecoder().decode(bytes.subarray(0, 8192)).replace(/\ufffd$/, '');
  if (isKindleClippings(head)) return 'kindle-clippings';
  if (isReadwiseCsv(head)) return 'readwise-csv';
  if (looksLikeHypothesisJson(head)) return 'hypothesis-json';
  if (isInstapaperCsv(head) || (/^\ufeff?url,/i.test(head) && isInstapaperCsv(new TextDecoder().decode(bytes)))) return 'instapaper-csv';
  return null;
}

/** Parses an export detectHighlightsExport recognised. */
export function parseHighlightsExport(format: HighlightsExportFormat, bytes: Uint8Array, fileName = 'the file'): ParsedHighlightsExport {
  if (format === 'pocket-zip') return parsePocketZip(bytes, fileName);
  const text = new TextDecoder().decode(bytes);
  switch (format) {
    case 'kindle-clippings':
      return parseKindleClippings(text);
    case 'readwise-csv':
      return parseReadwiseCsv(text);
    case 'instapaper-csv':
      return parseInstapaperCsv(text);
    default:
      return parseHypothesisJson(text);
  }
}
