/**
 * Deleting several articles with undo. Deletion stays hard (rows gone,
 * tombstones written, as for a single delete), but the deleted rows are
 * kept in memory under an undo token first; undo writes them back (same
 * ids, timestamps, highlights, notes, tags, versions, asset links) and
 * drops the tombstones. Tokens live as long as this Library object (the
 * last MAX_UNDO deletions), not across restarts.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import type { DeleteArticlesResult } from '../../shared/types';
import { indexArticle, unindexArticle } from '../search/search-index';

export const MAX_UNDO = 20;

type Row = Record<string, unknown>;

interface ArticleSnapshot {
  id: string;
  article: Row;
  body: Row | undefined;
  versions: Row[];
  highlights: Row[];
  note: Row | undefined;
  tags: { name: string; created_at: string }[];
  /** Its highlights' tags (migration 10), by highlight id. */
  highlightTags: { id: string; name: string; created_at: string }[];
  assets: Row[];
  /** A PDF article's file link and pages (the file itself stays in documents). */
  pdf: Row | undefined;
  /** A book's file link, chapters and metadata (the file stays in documents). */
  book: Row | undefined;
  /** Its highlights' daily-review cards and answers (migration 11). */
  reviewCards: Row[];
  reviewLog: Row[];
}

function insertSql(table: string, row: Row, omit: readonly string[]): { sql: string; values: unknown[] } {
  const cols = Object.keys(row).filter((c) => !omit.includes(c));
  return {
    sql: `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    values: cols.map((c) => row[c]),
  };
}

export class ArticleTrash {
  private readonly undo = new Map<string, ArticleSnapshot[]>();
  private readonly s: Record<string, Statement>;

  constructor(private readonly db: Database) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      article: p(`SELECT * FROM articles WHERE id = ?`),
      body: p(`SELECT * FROM article_bodies WHERE article_seq = ?`),
      versions: p(`SELECT * FROM article_versions WHERE article_seq = ?`),
      highlights: p(`SELECT * FROM highlights WHERE article_seq = ?`),
      note: p(`SELECT * FROM article_notes WHERE article_seq = ?`),
      tags: p(`SELECT t.name, t.created_at FROM article_tags at JOIN tags t ON t.seq = at.tag_seq WHERE at.article_seq = ?`),
      assets: p(`SELECT * FROM article_assets WHERE article_seq = ?`),
      highlightTags: p(`SELECT h.id, t.name, t.created_at FROM highlights h JOIN highlight_tags ht ON ht.highlight_seq = h.seq
        JOIN tags t ON t.seq = ht.tag_seq WHERE h.article_seq = ?`),
      linkHighlightTag: p(`INSERT OR IGNORE INTO highlight_tags (highlight_seq, tag_seq)
        SELECT h.seq, t.seq FROM highlights h, tags t WHERE h.id = ? AND t.name = ?`),
      pdf: p(`SELECT * FROM article_documents WHERE article_seq = ?`),
      book: p(`SELECT * FROM article_books WHERE article_seq = ?`),
      reviewCards: p(`SELECT c.* FROM review_cards c JOIN highlights h ON h.id = c.highlight_id WHERE h.article_seq = ?`),
      reviewLog: p(`SELECT l.* FROM review_log l JOIN highlights h ON h.id = l.highlight_id WHERE h.article_seq = ?`),
      deleteArticle: p(`DELETE FROM articles WHERE seq = ?`),
      tombstone: p(`INSERT INTO tombstones (entity, id, deleted_at) VALUES ('article', ?, ?)
        ON CONFLICT (entity, id) DO UPDATE SET deleted_at = excluded.deleted_at`),
      dropTombstone: p(`DELETE FROM tombstones WHERE entity = 'article' AND id = ?`),
      insertTag: p(`INSERT INTO tags (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`),
      linkTag: p(`INSERT OR IGNORE INTO article_tags (article_seq, tag_seq) SELECT ?, seq FROM tags WHERE name = ?`),
      assetExists: p(`SELECT 1 FROM assets WHERE hash = ?`),
      highlightExists: p(`SELECT 1 FROM highlights WHERE id = ?`),
    };
  }

  /** Deletes the articles (all or nothing; an unknown id is not_found) and returns an undo token. */
  deleteArticles(ids: readonly string[], now: Date = new Date()): DeleteArticlesResult {
    const unique = [...new Set(ids)];
    const snapshots = this.db.transaction(() =>
      unique.map((id) => {
        const article = this.s.article!.get(id) as Row | undefined;
        if (!article) throw new GlossError('not_found', `No article with id ${id} in this library.`);
        const seq = article.seq as number;
        const snapshot: ArticleSnapshot = {
          id,
          article,
          body: this.s.body!.get(seq) as Row | undefined,
          versions: this.s.versions!.all(seq) as Row[],
          highlights: this.s.highlights!.all(seq) as Row[],
          note: this.s.note!.get(seq) as Row | undefined,
          tags: this.s.tags!.all(seq) as { name: string; created_at: string }[],
          highlightTags: this.s.highlightTags!.all(seq) as { id: string; name: string; created_at: string }[],
          assets: this.s.assets!.all(seq) as Row[],
          pdf: this.s.pdf!.get(seq) as Row | undefined,
          book: this.s.book!.get(seq) as Row | undefined,
          reviewCards: this.s.reviewCards!.all(seq) as Row[],
          reviewLog: this.s.reviewLog!.all(seq) as Row[],
        };
        unindexArticle(this.db, seq);
        this.s.deleteArticle!.run(seq); // highlights, notes, tags links... cascade (and leave the search index by trigger)
        this.s.tombstone!.run(id, now.toISOString());
        return snapshot;
      }),
    )();
    const undoToken = randomUUID();
    this.undo.set(undoToken, snapshots);
    while (this.undo.size > MAX_UNDO) this.undo.delete(this.undo.keys().next().value!);
    return { deleted: unique, undoToken };
  }

  /**
   * Puts back the articles of a deletion. An article that is back already
   * (e.g. merged in from a JSON file since) is left as it is. Unknown or
   * used tokens: not_found.
   */
  restore(token: string): { restored: string[] } {
    const snapshots = this.undo.get(token);
    if (!snapshots) throw new GlossError('not_found', 'Nothing to undo: that deletion is no longer remembered.');
    const restored = this.db.transaction(() => {
      const done: string[] = [];
      for (const snap of snapshots) {
        if (this.s.article!.get(snap.id)) continue;
        // A new seq: the old one may have been reused by an article added since.
        const a = insertSql('articles', snap.article, ['seq']);
        const seq = Number(this.db.prepare(a.sql).run(...a.values).lastInsertRowid);
        if (snap.body) {
          const b = insertSql('article_bodies', { ...snap.body, article_seq: seq }, []);
          this.db.prepare(b.sql).run(...b.values);
          indexArticle(this.db, seq, { title: snap.article.title as string, author: snap.article.author as string | null, text: snap.body.text as string });
        }
        for (const v of snap.versions) {
          const q = insertSql('article_versions', { ...v, article_seq: seq }, []);
          this.db.prepare(q.sql).run(...q.values);
        }
        for (const h of snap.highlights) {
          if (this.s.highlightExists!.get(h.id)) continue;
          const q = insertSql('highlights', { ...h, article_seq: seq }, ['seq']);
          this.db.prepare(q.sql).run(...q.values);
        }
        if (snap.note) {
          const q = insertSql('article_notes', { ...snap.note, article_seq: seq }, []);
          this.db.prepare(q.sql).run(...q.values);
        }
        for (const t of snap.tags) {
          this.s.insertTag!.run(t.name, t.created_at);
          this.s.linkTag!.run(seq, t.name);
        }
        for (const row of snap.reviewCards) {
          const q = insertSql('review_cards', row, []);
          this.db.prepare(q.sql.replace('INSERT INTO', 'INSERT OR IGNORE INTO')).run(...q.values);
        }
        for (const row of snap.reviewLog) {
          const q = insertSql('review_log', row, ['seq']);
          this.db.prepare(q.sql).run(...q.values);
        }
        for (const t of snap.highlightTags) {
          this.s.insertTag!.run(t.name, t.created_at);
          this.s.linkHighlightTag!.run(t.id, t.name);
        }
        for (const asset of snap.assets) {
          if (!this.s.assetExists!.get(asset.asset_hash)) continue;
          const q = insertSql('article_assets', { ...asset, article_seq: seq }, []);
          this.db.prepare(q.sql).run(...q.values);
        }
        if (snap.pdf) {
          const q = insertSql('article_documents', { ...snap.pdf, article_seq: seq }, []);
          this.db.prepare(q.sql).run(...q.values);
        }
        if (snap.book) {
          const q = insertSql('article_books', { ...snap.book, article_seq: seq }, []);
          this.db.prepare(q.sql).run(...q.values);
        }
        this.s.dropTombstone!.run(snap.id);
        done.push(snap.id);
      }
      return done;
    })();
    this.undo.delete(token);
    return { restored };
  }
}
