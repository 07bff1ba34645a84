/**
 * The article store: rows, bodies and the search index, always written
 * together in one transaction. Prepared statements only.
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { Article, ArticleFormat, ArticleSummary } from '../../shared/types';
import { readingMinutes } from '../../shared/text/canonical';
import type { ImportedArticle } from '../import/types';
import { newId } from './ids';

interface SummaryRow {
  seq: number;
  id: string;
  format: ArticleFormat;
  title: string;
  author: string | null;
  site_name: string | null;
  source_url: string | null;
  source_name: string | null;
  published_at: string | null;
  language: string | null;
  excerpt: string | null;
  word_count: number;
  added_at: string;
  updated_at: string;
  highlight_count: number;
}

interface BodyRow {
  html: string;
  text: string;
}

const SUMMARY_COLUMNS = `
  a.seq, a.id, a.format, a.title, a.author, a.site_name, a.source_url, a.source_name,
  a.published_at, a.language, a.excerpt, a.word_count, a.added_at, a.updated_at,
  (SELECT count(*) FROM highlights h WHERE h.article_seq = a.seq AND h.deleted_at IS NULL)
    AS highlight_count`;

function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    format: row.format,
    title: row.title,
    author: row.author,
    siteName: row.site_name,
    sourceUrl: row.source_url,
    sourceName: row.source_name,
    publishedAt: row.published_at,
    language: row.language,
    excerpt: row.excerpt,
    wordCount: row.word_count,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
    readingMinutes: readingMinutes(row.word_count),
    highlightCount: row.highlight_count,
  };
}

export function contentHash(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

export interface InsertOptions {
  sourceName?: string | null;
  /** Defaults to now; the store never trusts a clock it was not given. */
  now?: Date;
}

export class ArticleStore {
  private readonly insertArticle: Statement;
  private readonly insertBody: Statement;
  private readonly insertFts: Statement;
  private readonly selectSummaries: Statement<[], SummaryRow>;
  private readonly selectSummary: Statement<[string], SummaryRow>;
  private readonly selectBody: Statement<[number], BodyRow>;
  private readonly selectTags: Statement<[number], { name: string }>;
  private readonly deleteFts: Statement;
  private readonly deleteArticleRow: Statement;
  private readonly insertTombstone: Statement;
  private readonly insertTag: Statement;
  private readonly linkTag: Statement;
  private readonly countArticles: Statement<[], { n: number }>;

  constructor(private readonly db: Database) {
    this.insertArticle = db.prepare(`
      INSERT INTO articles (id, format, title, author, site_name, source_url, source_name,
        published_at, language, excerpt, word_count, added_at, updated_at)
      VALUES (@id, @format, @title, @author, @siteName, @sourceUrl, @sourceName,
        @publishedAt, @language, @excerpt, @wordCount, @now, @now)`);
    this.insertBody = db.prepare(
      `INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, ?)`,
    );
    this.insertFts = db.prepare(
      `INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)`,
    );
    this.selectSummaries = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a ORDER BY a.added_at DESC, a.seq DESC`,
    );
    this.selectSummary = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?`);
    this.selectBody = db.prepare(`SELECT html, text FROM article_bodies WHERE article_seq = ?`);
    this.selectTags = db.prepare(`
      SELECT t.name FROM article_tags at JOIN tags t ON t.seq = at.tag_seq
      WHERE at.article_seq = ? ORDER BY t.name COLLATE NOCASE`);
    this.deleteFts = db.prepare(`DELETE FROM articles_fts WHERE rowid = ?`);
    this.deleteArticleRow = db.prepare(`DELETE FROM articles WHERE seq = ?`);
    this.insertTombstone = db.prepare(`
      INSERT INTO tombstones (entity, id, deleted_at) VALUES (?, ?, ?)
      ON CONFLICT (entity, id) DO UPDATE SET deleted_at = excluded.deleted_at`);
    this.insertTag = db.prepare(
      `INSERT INTO tags (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
    );
    this.linkTag = db.prepare(`
      INSERT OR IGNORE INTO article_tags (article_seq, tag_seq)
      SELECT ?, seq FROM tags WHERE name = ?`);
    this.countArticles = db.prepare(`SELECT count(*) AS n FROM articles`);
  }

  /** Stores one imported article (row, body, tags, search index) atomically. */
  insert(article: ImportedArticle, options: InsertOptions = {}): ArticleSummary {
    const now = (options.now ?? new Date()).toISOString();
    const id = newId();
    this.db.transaction(() => {
      const { meta } = article;
      const result = this.insertArticle.run({
        id,
        format: article.format,
        title: meta.title,
        author: meta.author,
        siteName: meta.siteName,
        sourceUrl: meta.sourceUrl,
        sourceName: options.sourceName ?? null,
        publishedAt: meta.publishedAt,
        language: meta.language,
        excerpt: meta.excerpt,
        wordCount: meta.wordCount,
        now,
      });
      const seq = Number(result.lastInsertRowid);
      this.insertBody.run(seq, article.html, article.text, contentHash(article.html));
      this.insertFts.run(seq, meta.title, meta.author ?? '', article.text);
      for (const tag of article.tags) {
        this.insertTag.run(tag, now);
        this.linkTag.run(seq, tag);
      }
    })();
    return this.summary(id)!;
  }

  list(): ArticleSummary[] {
    return this.selectSummaries.all().map(toSummary);
  }

  summary(id: string): ArticleSummary | undefined {
    const row = this.selectSummary.get(id);
    return row ? toSummary(row) : undefined;
  }

  get(id: string): Article | undefined {
    const row = this.selectSummary.get(id);
    if (!row) return undefined;
    const body = this.selectBody.get(row.seq);
    if (!body) return undefined;
    return {
      ...toSummary(row),
      html: body.html,
      text: body.text,
      tags: this.selectTags.all(row.seq).map((t) => t.name),
    };
  }

  /** Deletes an article with everything that hangs off it; leaves a tombstone. */
  delete(id: string, now: Date = new Date()): boolean {
    const row = this.selectSummary.get(id);
    if (!row) return false;
    this.db.transaction(() => {
      this.deleteFts.run(row.seq);
      this.deleteArticleRow.run(row.seq);
      this.insertTombstone.run('article', id, now.toISOString());
    })();
    return true;
  }

  count(): number {
    return this.countArticles.get()?.n ?? 0;
  }
}
