/**
 * The one place an article's text enters or leaves the search index
 * (articles_fts, and for long texts passages_fts with article_passages):
 * every writer (import, update, delete and its undo, JSON restore,
 * migration 9) goes through here, so the two indexes never disagree.
 * Highlights and notes are indexed by triggers (migration 4).
 */
import type { Database, Statement } from 'better-sqlite3';
import { isPassageIndexed, splitPassages } from './passages';

export interface IndexedText {
  title: string;
  author: string | null;
  text: string;
}

interface Statements {
  insertArticle: Statement;
  deleteArticle: Statement;
  insertPassage: Statement;
  insertPassageText: Statement;
  deletePassages: Statement;
  stored: Statement<[number], IndexedText>;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      insertArticle: db.prepare(`INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)`),
      deleteArticle: db.prepare(`DELETE FROM articles_fts WHERE rowid = ?`),
      insertPassage: db.prepare(`INSERT INTO article_passages (article_seq, start_offset, end_offset) VALUES (?, ?, ?)`),
      insertPassageText: db.prepare(`INSERT INTO passages_fts (rowid, text) VALUES (?, ?)`),
      // Their passages_fts rows go by trigger (migration 9), as on a cascading delete.
      deletePassages: db.prepare(`DELETE FROM article_passages WHERE article_seq = ?`),
      stored: db.prepare<[number], IndexedText>(`
        SELECT a.title, a.author, coalesce(b.text, '') AS text FROM articles a LEFT JOIN article_bodies b ON b.article_seq = a.seq WHERE a.seq = ?`),
    };
    cache.set(db, s);
  }
  return s;
}

/** Indexes an article's title, author and text, replacing what was indexed for it. Call inside the writer's transaction. */
export function indexArticle(db: Database, seq: number, article: IndexedText): void {
  const s = statements(db);
  unindexArticle(db, seq);
  s.insertArticle.run(seq, article.title, article.author ?? '', article.text);
  indexPassages(db, seq, article.text);
}

/** The passages of a long text (none for a short one); its earlier passages must be gone already. */
export function indexPassages(db: Database, seq: number, text: string): void {
  if (!isPassageIndexed(text)) return;
  const s = statements(db);
  for (const p of splitPassages(text)) {
    const passageSeq = s.insertPassage.run(seq, p.start, p.end).lastInsertRowid;
    s.insertPassageText.run(passageSeq, text.slice(p.start, p.end));
  }
}

/** Takes an article out of the search index (its row may be deleted after, or stay without text). */
export function unindexArticle(db: Database, seq: number): void {
  const s = statements(db);
  s.deleteArticle.run(seq);
  s.deletePassages.run(seq);
}

/**
 * Indexes these articles as they are stored now (one no longer there leaves the index): for a bulk writer
 * that indexes at its end. Every old entry goes first, then the new ones are added one after another, so
 * FTS5 gathers them in memory: a statement with a savepoint between two of them (the passages' delete,
 * which has a trigger) would flush each one as a tiny segment to merge. Call inside the writer's transaction.
 */
export function indexStoredArticles(db: Database, seqs: Iterable<number>): void {
  const s = statements(db);
  const stored: [number, IndexedText][] = [];
  for (const seq of seqs) {
    unindexArticle(db, seq);
    const article = s.stored.get(seq);
    if (article) stored.push([seq, article]);
  }
  for (const [seq, article] of stored) s.insertArticle.run(seq, article.title, article.author ?? '', article.text);
  for (const [seq, article] of stored) indexPassages(db, seq, article.text);
}
