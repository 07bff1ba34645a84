/**
 * A PDF file to an article: one canonical text over all pages (page by
 * page, see shared/pdf/page-text.ts) with the offset each page starts at,
 * metadata, outline, and the file itself to keep. Nothing here touches the
 * library: errors are thrown before anything is stored.
 */
import { createHash } from 'node:crypto';
import { MAX_PDF_BYTES } from '../../shared/contract';
import { GlossError } from '../../shared/errors';
import { PDF_TEXT_CONTENT_OPTIONS, pageParagraphs, type PdfParagraph, type PdfTextItem } from '../../shared/pdf/page-text';
import type { PdfInfo, PdfOutlineItem } from '../../shared/types';
import { excerptOf, finalizeBody } from '../import/finalize';
import type { ImportedArticle } from '../import/types';
import { documentParameters, loadPdfJs } from './pdfjs';
import { pdfTitle } from './title';
import { pdfDate, pdfKeywords, pdfLanguage } from './pdf-metadata';

export { MAX_PDF_BYTES };
export const PDF_MIME = 'application/pdf';
const MAX_OUTLINE_ITEMS = 5000;
const MAX_OUTLINE_DEPTH = 10;

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

function damaged(name: string, why: string): GlossError {
  return new GlossError('damaged_file', `“${name}” cannot be read as a PDF: ${why}. Nothing was imported.`);
}

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

function passwordError(name: string, code: number, given: boolean): GlossError {
  // pdf.js: 1 = a password is needed, 2 = the one given is wrong.
  if (code === 2 || given) {
    return new GlossError('wrong_password', `The password for “${name}” is not right. Nothing was imported.`);
  }
  return new GlossError('password_required', `“${name}” is protected by a password: give it to import the file (it is not stored).`);
}

type PdfDocument = Awaited<ReturnType<Awaited<ReturnType<typeof loadPdfJs>>['getDocument']>['promise']>;

async function readOutline(doc: PdfDocument): Promise<PdfOutlineItem[]> {
  let budget = MAX_OUTLINE_ITEMS;
  const pageOf = async (dest: unknown): Promise<number | null> => {
    try {
      const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
      if (!Array.isArray(explicit) || explicit.length === 0) return null;
      const target: unknown = explicit[0];
      const index = typeof target === 'number' ? target : await doc.getPageIndex(target as { num: number; gen: number });
      return Number.isInteger(index) && index >= 0 && index < doc.numPages ? index + 1 : null;
    } catch {
      return null; // a broken destination leaves the entry without a page
    }
  };
  type RawItem = { title: string; dest: unknown; items: RawItem[] };
  const walk = async (items: readonly RawItem[], depth: number): Promise<PdfOutlineItem[]> => {
    const out: PdfOutlineItem[] = [];
    for (const item of items) {
      if (budget-- <= 0) break;
      const children = depth < MAX_OUTLINE_DEPTH && item.items?.length ? await walk(item.items, depth + 1) : [];
      out.push({ title: String(item.title ?? '').replace(/\s+/g, ' ').trim().slice(0, 500), page: await pageOf(item.dest), items: children });
    }
    return out;
  };
  try {
    return await walk(((await doc.getOutline()) ?? []) as RawItem[], 1);
  } catch {
    return [];
  }
}

function infoString(info: Record<string, unknown>, key: string): string | null {
  const v = info[key];
  if (typeof v !== 'string') return null;
  const s = v.replace(/\s+/g, ' ').trim();
  return s || null;
}

/**
 * Reads a PDF. `password` opens an encrypted file; it is used for this
 * call only. Errors: too_large, empty_file, damaged_file,
 * password_required, wrong_password.
 */
export async function readPdf(input: { fileName: string; bytes: Uint8Array; sourceUrl?: string; password?: string }): Promise<ImportedPdf> {
  const name = input.fileName.split(/[\\/]/).pop() || input.fileName;
  checkBytes(name, input.bytes);
  const pdfjs = await loadPdfJs();
  // pdf.js takes over (detaches) the buffer it is given, and refuses a Node Buffer: it gets a
  // plain Uint8Array copy (Buffer#slice would share memory), the original is what is kept.
  const task = pdfjs.getDocument(documentParameters(new Uint8Array(input.bytes), input.password));
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    if ((err as { name?: unknown } | null)?.name === 'PasswordException') {
      throw passwordError(name, Number((err as { code?: unknown }).code), input.password !== undefined && input.password !== '');
    }
    throw damaged(name, 'it is damaged or not a PDF');
  }
  try {
    const pages: PdfParagraph[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent(PDF_TEXT_CONTENT_OPTIONS);
      pages.push(pageParagraphs(content.items.filter((i): i is PdfTextItem & typeof i => 'str' in i)));
      page.cleanup();
    }
    const { info: rawInfo, metadata } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
    const info = (rawInfo ?? {}) as Record<string, unknown>;
    const xmp = (key: string): string | null => {
      const v: unknown = metadata?.get(key);
      const s = Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '';
      return s.replace(/\s+/g, ' ').trim() || null;
    };
    const outline = await readOutline(doc);

    const html = pdfBodyHtml(pages);
    const body = finalizeBody(html);
    const { starts, length } = pageStartsOf(pages);
    if (length !== body.text.length) throw new Error(`PDF page map out of step with its text (${length} vs ${body.text.length})`);
    const subject = infoString(info, 'Subject') ?? xmp('dc:description');
    const keywords = pdfKeywords(infoString(info, 'Keywords') ?? xmp('pdf:keywords'));
    const createdAt = pdfDate(infoString(info, 'CreationDate')) ?? pdfDate(xmp('xmp:createdate'));
    const modifiedAt = pdfDate(infoString(info, 'ModDate')) ?? pdfDate(xmp('xmp:modifydate'));
    const bytesHash = createHash('sha256').update(input.bytes).digest('hex');
    const article: ImportedArticle = {
      format: 'pdf',
      meta: {
        title: pdfTitle(infoString(info, 'Title') ?? xmp('dc:title'), pages[0] ?? [], name),
        author: infoString(info, 'Author') ?? xmp('dc:creator'),
        siteName: null,
        sourceUrl: input.sourceUrl ?? null,
        publishedAt: createdAt,
        language: pdfLanguage(infoString(info, 'Language')),
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
        pageCount: doc.numPages,
        pageStarts: starts,
        hasText: body.text.length > 0,
        subject,
        keywords,
        creator: infoString(info, 'Creator'),
        producer: infoString(info, 'Producer'),
        createdAt,
        modifiedAt,
        outline,
      },
    };
  } catch (err) {
    if (err instanceof GlossError) throw err;
    if (err instanceof Error && err.message.startsWith('PDF page map')) throw err;
    throw damaged(name, 'part of it is damaged');
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
