/**
 * The EPUB CFI of a book's highlights, derived (like a PDF highlight's
 * page) when highlights leave for other tools: `gloss highlights --json`
 * and the Markdown export. Never stored: the kept EPUB file and the
 * article's text are the truth, and a re-import that moves a highlight
 * moves its CFI with it.
 *
 * Deriving one reads the book's package document and the chapters that
 * hold highlights; the result is kept in memory per file, text and chapters
 * (a few books), so exporting or listing a book again costs nothing. The reader
 * never asks for CFIs, so opening a book never pays for them.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Highlight } from '../../shared/types';
import { BookCfi } from '../epub/cfi';

interface BookRow {
  document_hash: string;
  content_hash: string;
  chapters: string;
}

/** Books kept in memory: an export of many books walks them one after another. */
const CACHE_SIZE = 4;
const cache = new Map<string, BookCfi | null>();

export class BookCfis {
  private readonly selectBook: Statement<[string], BookRow>;
  private readonly selectFile: Statement<[string], { bytes: Buffer; text: string }>;

  constructor(db: Database) {
    this.selectBook = db.prepare(
      `SELECT l.document_hash, b.content_hash, l.chapters
       FROM article_books l JOIN articles a ON a.seq = l.article_seq JOIN article_bodies b ON b.article_seq = a.seq
       WHERE a.id = ?`,
    );
    this.selectFile = db.prepare(
      `SELECT d.bytes, b.text FROM article_books l JOIN articles a ON a.seq = l.article_seq
       JOIN article_bodies b ON b.article_seq = a.seq JOIN documents d ON d.hash = l.document_hash WHERE a.id = ?`,
    );
  }

  /** The book's CFI map, or null for an article that is not a book (or whose file no longer matches its text). */
  private book(articleId: string): BookCfi | null {
    const row = this.selectBook.get(articleId);
    if (!row) return null;
    const key = `${row.document_hash}:${row.content_hash}:${row.chapters}`;
    if (cache.has(key)) {
      const hit = cache.get(key)!;
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const file = this.selectFile.get(articleId);
    let book: BookCfi | null = null;
    try {
      book = file ? BookCfi.open(new Uint8Array(file.bytes), file.text, JSON.parse(row.chapters) as { start: number }[]) : null;
    } catch {
      book = null; // a file that cannot be read again: highlights go out without a CFI
    }
    cache.set(key, book);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return book;
  }

  /** The highlights of one article with their `cfi` set (books) or left out (everything else, and orphaned highlights). */
  withCfis(articleId: string, highlights: readonly Highlight[]): Highlight[] {
    const book = highlights.some((h) => h.anchor !== 'orphaned') ? this.book(articleId) : null;
    return highlights.map((h) => {
      const cfi = book && h.anchor !== 'orphaned' ? cfiOrNull(book, h) : null;
      if (cfi) return { ...h, cfi };
      if (h.cfi === undefined) return h;
      const rest = { ...h };
      delete rest.cfi;
      return rest;
    });
  }
}

/** A CFI the book's own markup cannot give (whatever the reason) leaves the highlight without one, never fails the export. */
function cfiOrNull(book: BookCfi, h: Highlight): string | null {
  try {
    return book.cfiOf(h.position);
  } catch {
    return null;
  }
}
