/**
 * Bringing highlights home from other apps (issue #15): Kindle's
 * `My Clippings.txt`, Readwise's CSV, Pocket's ZIP, Instapaper's CSV and
 * Hypothesis's JSON, recognised by their content, stored as highlights-only
 * sources that a text can later be attached to (a web page's when it is
 * saved: waiting.ts).
 */
import type { LibraryStores } from './stores';
import type { HighlightsImportReport } from '../../shared/types';
import { GlossError } from '../../shared/errors';
import { MAX_IMPORT_BYTES } from '../../shared/contract';
import { tooLargeToImport } from '../../shared/import-limit';
import { detectHighlightsExport, parseHighlightsExport } from './detect';
import { importHighlightsExport } from './import-highlights';
import type { ParsedUrlList } from '../web/url-lists';

export { detectHighlightsExport } from './detect';
export { attachTextToSource, type AttachReport } from './attach-text';
export { findSourceMatches } from './attach-matches';
export { firstSource } from './import-highlights';
export { attachWaitingSources } from './waiting';

/**
 * A Pocket export with no highlight at all, read as the list of pages it is
 * (for Save URL list); null for any other file (one with highlights is
 * imported, so that they wait for their pages).
 */
export function pagesOnlyExport(fileName: string, bytes: Uint8Array): ParsedUrlList | null {
  if (detectHighlightsExport(fileName, bytes) !== 'pocket-zip') return null;
  const parsed = parseHighlightsExport('pocket-zip', bytes, fileName);
  if (parsed.books.length > 0) return null;
  return { format: 'pocket-csv', entries: parsed.toSave ?? [], invalid: parsed.failures.map((f) => ({ value: f.where, reason: f.reason })) };
}

/** Imports a file detectHighlightsExport recognised; no_content when it holds no highlight at all. */
export function importHighlightsFile(library: LibraryStores, fileName: string, bytes: Uint8Array, now?: Date): HighlightsImportReport {
  const format = detectHighlightsExport(fileName, bytes);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new GlossError('too_large', tooLargeToImport(fileName, MAX_IMPORT_BYTES));
  }
  if (!format) throw new GlossError('unsupported_format', `“${fileName}” is not a Kindle, Readwise, Pocket, Instapaper or Hypothesis export.`);
  const parsed = parseHighlightsExport(format, bytes, fileName);
  if (parsed.books.length === 0 && !parsed.toSave?.length) {
    const why = parsed.failures[0] ? ` (${parsed.failures[0].where}: ${parsed.failures[0].reason})` : '';
    throw new GlossError('no_content', `“${fileName}” has no highlights to import${why}.`);
  }
  return importHighlightsExport(library, parsed, fileName, now);
}
