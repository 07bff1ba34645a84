/**
 * The one entry point for turning a file into an article: checks the file,
 * decodes it, and hands it to the importer its extension names.
 */
import { MAX_IMPORT_BYTES } from '../../shared/contract';
import { GlossError } from '../../shared/errors';
import type { ImportedArticle, ImportInput } from './types';
import { decodeBytes } from './decode';
import type { SourceKind } from './decode';
import { importHtml } from './html';
import { importMarkdown } from './markdown';
import { importPlainText } from './plain-text';
import { LocalImages } from './page-folder';

const KINDS: Record<string, SourceKind> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

/** The last path segment (file names may arrive as paths, either slash). */
function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || fileName;
}

/** Which importer reads `fileName`, or null when none does. */
export function sourceKindOf(fileName: string): SourceKind | null {
  const name = baseName(fileName).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot > 0 || (dot === 0 && name.length > 1) ? (KINDS[name.slice(dot)] ?? null) : null;
}

export function megabytes(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}

/**
 * One file to an article. The files that came with it (`input.resources`,
 * a saved page's `_files` folder) are not used here: see
 * importDocumentWithImages.
 */
export function importDocument(input: ImportInput): ImportedArticle {
  return readDocument(input, null);
}

/**
 * importDocument, plus the images of a saved page's `_files` folder: they
 * come back marked in the article's HTML (LocalImages), for
 * web/file-images.ts to store as assets. Null for other kinds of file.
 */
export function importDocumentWithImages(input: ImportInput): { article: ImportedArticle; localImages: LocalImages | null } {
  const localImages = sourceKindOf(input.fileName) === 'html' ? new LocalImages(baseName(input.fileName), input.resources ?? []) : null;
  return { article: readDocument(input, localImages), localImages };
}

function readDocument(input: ImportInput, localImages: LocalImages | null): ImportedArticle {
  const name = baseName(input.fileName);
  const kind = sourceKindOf(name);
  if (!kind && /\.pdf$/i.test(name)) {
    // pdf.js is asynchronous: PDFs go through Library.importFileWithImages (every shell's import).
    throw new GlossError('unsupported_format', `“${name}” is a PDF: it is imported with the library's asynchronous import.`);
  }
  if (!kind && /\.epub$/i.test(name)) {
    // Books are one article with their file, images and chapters: Library.importFile (every shell's import).
    throw new GlossError('unsupported_format', `“${name}” is an EPUB book: it is imported with the library's import, not as a new version of an article.`);
  }
  if (!kind) {
    throw new GlossError(
      'unsupported_format',
      `“${name}” cannot be imported: Gloss reads .txt, .md, .markdown, .html, .htm, .pdf and .epub files.`,
    );
  }
  if (input.bytes.length > MAX_IMPORT_BYTES) {
    throw new GlossError(
      'too_large',
      `“${name}” is too large to import (${megabytes(input.bytes.length)}; the limit is ${megabytes(MAX_IMPORT_BYTES)}).`,
    );
  }
  const text = decodeBytes(input.bytes, kind, name);
  const sourceUrl = input.sourceUrl ?? null;
  switch (kind) {
    case 'text':
      return importPlainText(text, name, sourceUrl);
    case 'markdown':
      return importMarkdown(text, name, sourceUrl);
    case 'html':
      return importHtml(text, name, sourceUrl, localImages ?? undefined);
  }
}
