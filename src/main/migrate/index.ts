/**
 * Bringing highlights home from other apps (issue #15): Kindle's
 * `My Clippings.txt` and Readwise's CSV, recognised by their content, stored
 * as highlights-only sources that a text can later be attached to.
 */
import type { LibraryStores } from './stores';
import type { HighlightsImportReport } from '../../shared/types';
import { GlossError } from '../../shared/errors';
import { MAX_IMPORT_BYTES } from '../../shared/contract';
import { detectHighlightsExport, parseHighlightsExport } from './detect';
import { importHighlightsExport } from './import-highlights';

export { detectHighlightsExport } from './detect';
export { attachTextToSource, type AttachReport } from './attach-text';
export { firstSource } from './import-highlights';

/** Imports a file detectHighlightsExport recognised; no_content when it holds no highlight at all. */
export function importHighlightsFile(library: LibraryStores, fileName: string, bytes: Uint8Array, now?: Date): HighlightsImportReport {
  const format = detectHighlightsExport(fileName, bytes);
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new GlossError('too_large', `“${fileName}” is too large to import (the limit is ${MAX_IMPORT_BYTES / (1024 * 1024)} MB).`);
  }
  if (!format) throw new GlossError('unsupported_format', `“${fileName}” is not a Kindle clippings file or a Readwise export.`);
  const parsed = parseHighlightsExport(format, bytes);
  if (parsed.books.length === 0) {
    const why = parsed.failures[0] ? ` (${parsed.failures[0].where}: ${parsed.failures[0].reason})` : '';
    throw new GlossError('no_content', `“${fileName}” has no highlights to import${why}.`);
  }
  return importHighlightsExport(library, parsed, fileName, now);
}
