/**
 * The one rule for how large a file Gloss takes for import, by its name:
 * every shell checks it before reading or receiving the bytes (the CLI,
 * `gloss serve`'s upload); the importers check their own kind again.
 */
import { MAX_IMPORT_BYTES, MAX_PDF_BYTES } from './contract';

/** PDFs, EPUB books and export ZIPs (Omnivore's) share the larger limit (MAX_EPUB_BYTES is MAX_PDF_BYTES). */
const LARGE_KINDS = /\.(?:pdf|epub|zip)$/i;

/** The most bytes a file of this name may have to be imported. */
export function importLimitOf(name: string): number {
  return LARGE_KINDS.test(name) ? MAX_PDF_BYTES : MAX_IMPORT_BYTES;
}

/** The one line a file over its limit gets, wherever it is refused. */
export function tooLargeToImport(name: string, limit: number = importLimitOf(name)): string {
  return `“${name}” is too large to import (the limit is ${Math.round(limit / (1024 * 1024))} MB).`;
}
