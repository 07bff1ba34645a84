/**
 * What a JSON library file may bring back for books, checked as an import
 * is: an EPUB file only when its bytes are what its hash says and a zip
 * holding an EPUB container; a book's metadata, contents and chapters
 * rebuilt field by field from what is valid.
 */
import { createHash } from 'node:crypto';
import type { BookChapter, BookCreator, BookTocItem } from '../../shared/types';
import { EPUB_MIME } from './read-epub';
import type { StoredBookInfo } from './store';
import { EpubZip } from './zip';

export { EPUB_MIME };

export type BookFileCheck = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/** The bytes of a document row that claims to be an EPUB, checked. */
export function checkBookFile(doc: { hash: string; bytes: string }): BookFileCheck {
  if (!/^[0-9a-f]{64}$/.test(doc.hash)) return { ok: false, reason: 'its hash is not a SHA-256 (64 lowercase hex digits)' };
  const bytes = Buffer.from(doc.bytes, 'base64');
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== doc.hash) return { ok: false, reason: `its bytes do not match its hash (they hash to ${actual})` };
  try {
    if (EpubZip.open(bytes, 'book').has('META-INF/container.xml')) return { ok: true, bytes };
  } catch {
    /* not a zip: refused below */
  }
  return { ok: false, reason: 'its bytes are not an EPUB' };
}

/** Whether a stored file's bytes look like an EPUB (a zip, as opposed to a PDF). */
export function looksLikeZip(bytesBase64: string): boolean {
  return Buffer.from(bytesBase64.slice(0, 8), 'base64').subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
}

const str = (v: unknown, max = 5000): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A fragment the body can hold (`#c3`, `#c3-n1`): anything else points nowhere. */
function target(v: unknown): string | null {
  return typeof v === 'string' && /^#c\d+(?:-[\w.:-]+)?$/.test(v) ? v : null;
}

function toc(v: unknown, depth = 0): BookTocItem[] {
  if (!Array.isArray(v) || depth > 10) return [];
  return v.flatMap((item: unknown) => {
    const r = record(item);
    return typeof r.title === 'string' ? [{ title: r.title.slice(0, 500), target: target(r.target), items: toc(r.items, depth + 1) }] : [];
  });
}

/** The stored info of a restored book: known fields of the right type only. */
export function cleanBookInfo(info: Record<string, unknown>): StoredBookInfo {
  const series = record(info.series);
  const cover = str(info.cover);
  return {
    creators: (Array.isArray(info.creators) ? info.creators : []).flatMap((c: unknown): BookCreator[] => {
      const r = record(c);
      return typeof r.name === 'string' ? [{ name: r.name.slice(0, 300), role: str(r.role, 20), fileAs: str(r.fileAs, 300) }] : [];
    }),
    publisher: str(info.publisher),
    date: str(info.date, 100),
    identifiers: (Array.isArray(info.identifiers) ? info.identifiers : []).flatMap((i: unknown) => {
      const r = record(i);
      return typeof r.value === 'string' ? [{ scheme: str(r.scheme, 100), value: r.value.slice(0, 500) }] : [];
    }),
    isbn: typeof info.isbn === 'string' && /^(?:\d{13}|\d{9}[\dX])$/.test(info.isbn) ? info.isbn : null,
    description: str(info.description),
    subjects: strings(info.subjects),
    series: typeof series.name === 'string' ? { name: series.name.slice(0, 300), position: typeof series.position === 'number' && Number.isFinite(series.position) ? series.position : null } : null,
    direction: info.direction === 'rtl' || info.direction === 'ltr' ? info.direction : null,
    cover: cover && /^[0-9a-f]{64}$/.test(cover) ? cover : null,
    toc: toc(info.toc),
  };
}

/** A restored book's chapters: ids, titles and offsets that are valid, in order. */
export function cleanChapters(chapters: readonly unknown[], textLength: number): BookChapter[] {
  return chapters.flatMap((c: unknown, i): BookChapter[] => {
    const r = record(c);
    const start = typeof r.start === 'number' && Number.isInteger(r.start) && r.start >= 0 ? Math.min(r.start, textLength) : null;
    if (start === null) return [];
    const mode = r.writingMode === 'vertical-rl' || r.writingMode === 'vertical-lr' ? r.writingMode : null;
    return [{ id: typeof r.id === 'string' && /^c\d+$/.test(r.id) ? r.id : `c${i + 1}`, title: str(r.title, 500), start, writingMode: mode }];
  });
}
