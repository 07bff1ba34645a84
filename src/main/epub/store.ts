/**
 * EPUB files and the facts of book articles: the file is stored once by
 * its SHA-256 in `documents` (beside PDFs), linked to each article with its
 * chapters and metadata (article_books, migration 7). Written inside the
 * article's transaction.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { BookChapter, BookDescription, BookInfo } from '../../shared/types';
import { EPUB_MIME } from './read-epub';

/** The JSON kept in article_books.info: everything but the chapters. */
export type StoredBookInfo = Omit<BookDescription, 'chapters'>;

interface LinkRow {
  document_hash: string;
  chapters: string;
  info: string;
  size: number;
}

export class BookStore {
  private readonly insertDocument: Statement;
  private readonly upsertLink: Statement;
  private readonly deleteLink: Statement;
  private readonly selectLink: Statement<[string], LinkRow>;
  private readonly selectSeq: Statement<[string], { seq: number }>;

  constructor(db: Database) {
    this.insertDocument = db.prepare(
      `INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
    );
    this.upsertLink = db.prepare(
      `INSERT INTO article_books (article_seq, document_hash, chapters, info) VALUES (?, ?, ?, ?)
       ON CONFLICT (article_seq) DO UPDATE SET document_hash = excluded.document_hash, chapters = excluded.chapters, info = excluded.info`,
    );
    this.deleteLink = db.prepare(`DELETE FROM article_books WHERE article_seq = (SELECT seq FROM articles WHERE id = ?)`);
    this.selectLink = db.prepare(
      `SELECT l.document_hash, l.chapters, l.info, d.size
       FROM article_books l JOIN articles a ON a.seq = l.article_seq JOIN documents d ON d.hash = l.document_hash
       WHERE a.id = ?`,
    );
    this.selectSeq = db.prepare(`SELECT seq FROM articles WHERE id = ?`);
  }

  /** Stores the file (once per hash) and links it to the article, replacing an earlier link. */
  attach(articleId: string, file: { hash: string; bytes: Uint8Array }, facts: BookDescription, now: Date = new Date()): void {
    const seq = this.selectSeq.get(articleId)?.seq;
    if (seq === undefined) return;
    this.insertDocument.run(file.hash, EPUB_MIME, file.bytes.byteLength, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), now.toISOString());
    const { chapters, ...info } = facts;
    this.upsertLink.run(seq, file.hash, JSON.stringify(chapters), JSON.stringify(info satisfies StoredBookInfo));
  }

  /** An article is no longer a book (its text was replaced by another kind of file). */
  detach(articleId: string): void {
    this.deleteLink.run(articleId);
  }

  info(articleId: string): BookInfo | undefined {
    const row = this.selectLink.get(articleId);
    if (!row) return undefined;
    return bookInfoOf(row.document_hash, row.size, row.chapters, row.info);
  }
}

/** The stored columns as BookInfo; missing keys (an older or hand-made row) read as empty. */
export function bookInfoOf(fileHash: string, fileSize: number, chaptersJson: string, infoJson: string): BookInfo {
  const info = JSON.parse(infoJson) as Partial<StoredBookInfo>;
  return {
    fileHash,
    fileSize,
    creators: info.creators ?? [],
    publisher: info.publisher ?? null,
    date: info.date ?? null,
    identifiers: info.identifiers ?? [],
    isbn: info.isbn ?? null,
    description: info.description ?? null,
    subjects: info.subjects ?? [],
    series: info.series ?? null,
    direction: info.direction ?? null,
    cover: info.cover ?? null,
    toc: info.toc ?? [],
    chapters: JSON.parse(chaptersJson) as BookChapter[],
  };
}
