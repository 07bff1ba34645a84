/**
 * A PDF file to an article: one canonical text over all pages (page by
 * page, see shared/pdf/page-text.ts) with the offset each page starts at,
 * metadata, outline, and the file itself to keep. Nothing here touches the
 * library: errors are thrown before anything is stored.
 */
import { createHash } from 'node:crypto';
import { MAX_PDF_BYTES } from '../../shared/contract';
import { GlossError } from '../../shared/errors';
import type { PdfParagraph } from '../../shared/pdf/page-text';
import type { PdfInfo } from '../../shared/types';
import { excerptOf, finalizeBody } from '../import/finalize';
import type { ImportedArticle } from '../import/types';
import { extractPool } from '../workers/pool';
import { damagedPdf, readPdfPart, type PdfDocumentFacts } from './pdf-pages';
import { pdfTitle } from './title';
import { pdfDate, pdfKeywords, pdfLanguage } from './pdf-metadata';

export { MAX_PDF_BYTES };
export const PDF_MIME = 'application/pdf';
/**
 * From this size a file's pages are read in parts on the extraction
 * workers (a worker's start and pdf.js's first load cost ~0.3 s, which a
 * small file would not win back).
 */
export const PARALLEL_PDF_BYTES = 512 * 1024;

/** What the library keeps about a PDF besides its text (the file's hash and size come with the file). */
export type PdfFacts = Omit<PdfInfo, 'fileHash' | 'fileSize'>;

export interface ImportedPdf {
  article: ImportedArticle;
  file: { hash: string; bytes: Uint8Array };
  facts: PdfFacts;
}

/**
 * By name (`.pdf`) or by content: bytes that start with `%PDF-` (a PDF
 * saved under another name). Only at the very start, so a text file that
 * merely mentions the marker stays text.
 */
export function isPdfInput(fileName: string, bytes: Uint8Array): boolean {
  if (/\.pdf$/i.test(fileName.trim())) return true;
  return Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

function megabytes(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}

const damaged = damagedPdf;

/** The checks that need no parser: size, header, an end-of-file marker (a cut-off download has none). */
function checkBytes(name: string, bytes: Uint8Array): void {
  if (bytes.length === 0) throw new GlossError('empty_file', `“${name}” is empty.`);
  if (bytes.length > MAX_PDF_BYTES) {
    throw new GlossError('too_large', `“${name}” is too large to import (${megabytes(bytes.length)}; the limit for PDFs is ${megabytes(MAX_PDF_BYTES)}).`);
  }
  if (!Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-')) throw damaged(name, 'it is not a PDF file');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) throw damaged(name, 'the file is incomplete (cut off before its end)');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The body HTML of a PDF article: one <section> per page (the Nth section
 * is page N, empty for a page without text), one <p> per paragraph, text
 * escaped (nothing from the file becomes markup). It is what search,
 * excerpts, export and the JSON backup already read, and its canonical
 * text is the PDF's canonical text. No attributes: the article sanitizer
 * (a restored backup is sanitized again) drops data-* and aria-*, and the
 * page map is stored apart (PdfInfo.pageStarts).
 */
export function pdfBodyHtml(pages: readonly PdfParagraph[][]): string {
  return pages.map((paragraphs) => `<section>${paragraphs.map((p) => `<p>${escapeHtml(p.text)}</p>`).join('')}</section>`).join('');
}

/** Where each page starts in the joined text: pages with text are joined by "\n\n". */
export function pageStartsOf(pages: readonly PdfParagraph[][]): { starts: number[]; length: number } {
  const starts: number[] = [];
  let length = 0;
  let pendingEmpty = 0;
  for (const paragraphs of pages) {
    const text = paragraphs.map((p) => p.text).join('\n\n');
    if (!text) {
      pendingEmpty++;
      continue;
    }
    const start = length === 0 ? 0 : length + 2;
    for (; pendingEmpty > 0; pendingEmpty--) starts.push(start);
    starts.push(start);
    length = start + text.length;
  }
  for (; pendingEmpty > 0; pendingEmpty--) starts.push(length);
  return { starts, length };
}

/** The pages of a PDF, and its facts: in one part here, or in parts side by side on the extraction workers. */
async function readPages(
  name: string,
  bytes: Uint8Array,
  password: string | undefined,
  parts: number,
): Promise<{ numPages: number; pages: PdfParagraph[][]; facts: PdfDocumentFacts }> {
  if (parts <= 1) {
    const whole = await readPdfPart(name, bytes, password, 0, 1);
    return { numPages: whole.numPages, pages: whole.pages, facts: whole.facts! };
  }
  const pool = extractPool();
  // One copy the workers share (posting a plain array would copy it once per part; each part's pdf.js copies it again).
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  const settled = await Promise.allSettled(
    Array.from({ length: parts }, (_, part) => pool.run({ kind: 'pdf-part', name, bytes: shared, password, part, parts })),
  );
  // The first part's error, whichever finished first: the same file gives the same message.
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    const err: unknown = failed.reason;
    throw err instanceof GlossError ? err : damaged(name, 'part of it is damaged');
  }
  const read = settled.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof readPdfPart>>>).value);
  const numPages = read[0]!.numPages;
  const pages: PdfParagraph[][] = [];
  for (let n = 0; n < numPages; n++) {
    const page = read[n % parts]?.pages[Math.floor(n / parts)];
    if (!page || read[n % parts]!.numPages !== numPages) throw damaged(name, 'part of it is damaged');
    pages.push(page);
  }
  return { numPages, pages, facts: read[0]!.facts! };
}

/** How many parts to read a file in: one for a small file or where there are no workers. */
function partsFor(bytes: Uint8Array, parts: number | undefined): number {
  if (parts !== undefined) return parts;
  const pool = extractPool();
  return pool.parallel && bytes.length >= PARALLEL_PDF_BYTES ? pool.size : 1;
}

/**
 * Reads a PDF. `password` opens an encrypted file; it is used for this
 * call only. Errors: too_large, empty_file, damaged_file,
 * password_required, wrong_password. `parts` (tests, the bench) sets how
 * many parts its pages are read in.
 */
export async function readPdf(
  input: { fileName: string; bytes: Uint8Array; sourceUrl?: string; password?: string },
  options: { parts?: number } = {},
): Promise<ImportedPdf> {
  const name = input.fileName.split(/[\\/]/).pop() || input.fileName;
  checkBytes(name, input.bytes);
  const { numPages, pages, facts } = await readPages(name, input.bytes, input.password, partsFor(input.bytes, options.parts));
  try {
    const info = (key: keyof PdfDocumentFacts['info']): string | null => facts.info[key] ?? null;
    const xmp = (key: keyof PdfDocumentFacts['xmp']): string | null => facts.xmp[key] ?? null;
    const html = pdfBodyHtml(pages);
    const body = finalizeBody(html);
    const { starts, length } = pageStartsOf(pages);
    if (length !== body.text.length) throw new Error(`PDF page map out of step with its text (${length} vs ${body.text.length})`);
    const subject = info('Subject') ?? xmp('dc:description');
    const keywords = pdfKeywords(info('Keywords') ?? xmp('pdf:keywords'));
    const createdAt = pdfDate(info('CreationDate')) ?? pdfDate(xmp('xmp:createdate'));
    const modifiedAt = pdfDate(info('ModDate')) ?? pdfDate(xmp('xmp:modifydate'));
    const bytesHash = createHash('sha256').update(input.bytes).digest('hex');
    const article: ImportedArticle = {
      format: 'pdf',
      meta: {
        title: pdfTitle(info('Title') ?? xmp('dc:title'), pages[0] ?? [], name),
        author: info('Author') ?? xmp('dc:creator'),
        siteName: null,
        sourceUrl: input.sourceUrl ?? null,
        publishedAt: createdAt,
        language: pdfLanguage(info('Language')),
        excerpt: subject ?? excerptOf(body.text),
        wordCount: body.wordCount,
      },
      html: body.html,
      text: body.text,
      tags: keywords,
    };
    return {
      article,
      file: { hash: bytesHash, bytes: input.bytes },
      facts: {
        pageCount: numPages,
        pageStarts: starts,
        hasText: body.text.length > 0,
        subject,
        keywords,
        creator: info('Creator'),
        producer: info('Producer'),
        createdAt,
        modifiedAt,
        outline: facts.outline,
      },
    };
  } catch (err) {
    if (err instanceof GlossError) throw err;
    if (err instanceof Error && err.message.startsWith('PDF page map')) throw err;
    throw damaged(name, 'part of it is damaged');
  }
}
