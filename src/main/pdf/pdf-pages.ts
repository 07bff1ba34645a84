/**
 * The part of a PDF import that costs CPU: opening the file with pdf.js and
 * reading its pages' text, its metadata and outline. It runs in an
 * extraction worker (workers/extract-jobs.ts) or in the calling thread, and
 * touches nothing but the bytes it is given.
 *
 * A file can be read in parts side by side: part p of n reads pages p+1,
 * p+1+n, … (interleaved, so every part gets as many long pages as short
 * ones), each part opening the document from its own copy of the bytes.
 * Part 0 also reads the document's facts.
 */
import { GlossError } from '../../shared/errors';
import { destinationPlace } from '../../shared/pdf/destination';
import { PDF_TEXT_CONTENT_OPTIONS, pageParagraphs, type PdfParagraph, type PdfTextItem } from '../../shared/pdf/page-text';
import type { PdfOutlineItem } from '../../shared/types';
import { documentParameters, loadPdfJs } from './pdfjs';

const MAX_OUTLINE_ITEMS = 5000;
const MAX_OUTLINE_DEPTH = 10;

/** The Info dictionary's entries Gloss reads, and the XMP fields, as cleaned strings (null: absent). */
export const PDF_INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'CreationDate', 'ModDate', 'Language', 'Creator', 'Producer'] as const;
export const PDF_XMP_KEYS = ['dc:title', 'dc:creator', 'dc:description', 'pdf:keywords', 'xmp:createdate', 'xmp:modifydate'] as const;

export interface PdfDocumentFacts {
  info: Partial<Record<(typeof PDF_INFO_KEYS)[number], string | null>>;
  xmp: Partial<Record<(typeof PDF_XMP_KEYS)[number], string | null>>;
  outline: PdfOutlineItem[];
}

export interface PdfPart {
  numPages: number;
  /** This part's pages, in order: pages part+1, part+1+parts, … */
  pages: PdfParagraph[][];
  /** Part 0 only. */
  facts: PdfDocumentFacts | null;
}

export function damagedPdf(name: string, why: string): GlossError {
  return new GlossError('damaged_file', `“${name}” cannot be read as a PDF: ${why}. Nothing was imported.`);
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
  type RawItem = { title: string; dest: unknown; items: RawItem[] };
  const walk = async (items: readonly RawItem[], depth: number): Promise<PdfOutlineItem[]> => {
    const out: PdfOutlineItem[] = [];
    for (const item of items) {
      if (budget-- <= 0) break;
      const children = depth < MAX_OUTLINE_DEPTH && item.items?.length ? await walk(item.items, depth + 1) : [];
      // A broken destination leaves the entry without a page.
      const place = await destinationPlace(doc, item.dest);
      const title = String(item.title ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
      out.push({ title, page: place?.page ?? null, ...(place?.top !== undefined ? { top: place.top } : {}), items: children });
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

async function readFacts(doc: PdfDocument): Promise<PdfDocumentFacts> {
  const { info: rawInfo, metadata } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
  const info = (rawInfo ?? {}) as Record<string, unknown>;
  const xmpString = (key: string): string | null => {
    const v: unknown = metadata?.get(key);
    const s = Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '';
    return s.replace(/\s+/g, ' ').trim() || null;
  };
  const outline = await readOutline(doc);
  return {
    info: Object.fromEntries(PDF_INFO_KEYS.map((key) => [key, infoString(info, key)])),
    xmp: Object.fromEntries(PDF_XMP_KEYS.map((key) => [key, xmpString(key)])),
    outline,
  };
}

/**
 * Reads part `part` of `parts` of a PDF. `password` opens an encrypted
 * file. Errors: damaged_file, password_required, wrong_password.
 */
export async function readPdfPart(name: string, bytes: Uint8Array, password: string | undefined, part: number, parts: number): Promise<PdfPart> {
  const pdfjs = await loadPdfJs();
  // pdf.js takes over (detaches) the buffer it is given, and refuses a Node Buffer: it gets a
  // plain Uint8Array copy (Buffer#slice would share memory), the original is what is kept.
  const task = pdfjs.getDocument(documentParameters(new Uint8Array(bytes), password));
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    if ((err as { name?: unknown } | null)?.name === 'PasswordException') {
      throw passwordError(name, Number((err as { code?: unknown }).code), password !== undefined && password !== '');
    }
    throw damagedPdf(name, 'it is damaged or not a PDF');
  }
  try {
    const pages: PdfParagraph[][] = [];
    for (let n = part + 1; n <= doc.numPages; n += parts) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent(PDF_TEXT_CONTENT_OPTIONS);
      pages.push(pageParagraphs(content.items.filter((i): i is PdfTextItem & typeof i => 'str' in i)));
      page.cleanup();
    }
    return { numPages: doc.numPages, pages, facts: part === 0 ? await readFacts(doc) : null };
  } catch (err) {
    if (err instanceof GlossError) throw err;
    throw damagedPdf(name, 'part of it is damaged');
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
