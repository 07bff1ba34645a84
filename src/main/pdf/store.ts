/**
 * PDF files and the facts of PDF articles: a file is stored once by its
 * SHA-256 (two articles of the same file share it), linked to each article
 * with its page map and metadata. Written inside the article's transaction.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { PdfDescription, PdfInfo } from '../../shared/types';
import { PDF_MIME, type PdfFacts } from './read-pdf';

interface LinkRow {
  document_hash: string;
  page_count: number;
  page_starts: string;
  has_text: number;
  info: string;
  size: number;
}

/** The JSON kept in article_documents.info. */
export type StoredPdfInfo = PdfDescription;

export class PdfStore {
  private readonly insertDocument: Statement;
  private readonly upsertLink: Statement;
  private readonly deleteLink: Statement;
  private readonly selectLink: Statement<[string], LinkRow>;
  private readonly selectBytes: Statement<[string], { mime: string; bytes: Buffer }>;
  private readonly selectSeq: Statement<[string], { seq: number }>;

  constructor(db: Database) {
    this.insertDocument = db.prepare(
      `INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
    );
    this.upsertLink = db.prepare(
      `INSERT INTO article_documents (article_seq, document_hash, page_count, page_starts, has_text, info)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (article_seq) DO UPDATE SET document_hash = excluded.document_hash, page_count = excluded.page_count,
         page_starts = excluded.page_starts, has_text = excluded.has_text, info = excluded.info`,
    );
    this.deleteLink = db.prepare(`DELETE FROM article_documents WHERE article_seq = (SELECT seq FROM articles WHERE id = ?)`);
    this.selectLink = db.prepare(
      `SELECT l.document_hash, l.page_count, l.page_starts, l.has_text, l.info, d.size
       FROM article_documents l JOIN articles a ON a.seq = l.article_seq JOIN documents d ON d.hash = l.document_hash
       WHERE a.id = ?`,
    );
    this.selectBytes = db.prepare(`SELECT mime, bytes FROM documents WHERE hash = ?`);
    this.selectSeq = db.prepare(`SELECT seq FROM articles WHERE id = ?`);
  }

  /** Stores the file (once per hash) and links it to the article, replacing an earlier link. */
  attach(articleId: string, file: { hash: string; bytes: Uint8Array }, facts: PdfFacts, now: Date = new Date()): void {
    const seq = this.selectSeq.get(articleId)?.seq;
    if (seq === undefined) return;
    this.insertDocument.run(file.hash, PDF_MIME, file.bytes.byteLength, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), now.toISOString());
    const info: StoredPdfInfo = {
      subject: facts.subject,
      keywords: facts.keywords,
      creator: facts.creator,
      producer: facts.producer,
      createdAt: facts.createdAt,
      modifiedAt: facts.modifiedAt,
      outline: facts.outline,
    };
    this.upsertLink.run(seq, file.hash, facts.pageCount, JSON.stringify(facts.pageStarts), facts.hasText ? 1 : 0, JSON.stringify(info));
  }

  /** An article is no longer a PDF (its text was replaced by another kind of file). */
  detach(articleId: string): void {
    this.deleteLink.run(articleId);
  }

  info(articleId: string): PdfInfo | undefined {
    const row = this.selectLink.get(articleId);
    if (!row) return undefined;
    const info = JSON.parse(row.info) as Partial<StoredPdfInfo>;
    return {
      pageCount: row.page_count,
      pageStarts: JSON.parse(row.page_starts) as number[],
      hasText: row.has_text === 1,
      fileHash: row.document_hash,
      fileSize: row.size,
      subject: info.subject ?? null,
      keywords: info.keywords ?? [],
      creator: info.creator ?? null,
      producer: info.producer ?? null,
      createdAt: info.createdAt ?? null,
      modifiedAt: info.modifiedAt ?? null,
      outline: info.outline ?? [],
    };
  }

  /** A stored file by hash (for the shells to serve to the PDF view). */
  file(hash: string): { mime: string; bytes: Uint8Array } | undefined {
    const row = this.selectBytes.get(hash);
    return row ? { mime: row.mime, bytes: new Uint8Array(row.bytes) } : undefined;
  }
}
