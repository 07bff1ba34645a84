/**
 * The article store: rows, bodies and the search index, always written
 * together in one transaction. Prepared statements only.
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { AnchoringReport, Article, ArticleSummary } from '../../shared/types';
import { readingMinutes } from '../../shared/text/canonical';
import { tagNamesFromSource } from '../../shared/tags';
import type { ImportedArticle } from '../import/types';
import { ARTICLE_COLUMNS, articleColumnsSql, describeArticle, type ArticleRow } from './article-row';
import { newId } from './ids';
import { TagRows } from './tags';
import { indexArticle, unindexArticle } from '../search/search-index';

/** The columns a summary needs: the row without its version and anchoring report, and the live highlight count. */
export type SummaryRow = Omit<ArticleRow, 'version' | 'anchor_report'> & { highlight_count: number };

interface BodyRow {
  html: string;
  text: string;
}

export const SUMMARY_COLUMNS = `
  ${articleColumnsSql(ARTICLE_COLUMNS.filter((c) => c !== 'version' && c !== 'anchor_report'))},
  (SELECT count(*) FROM highlights h WHERE h.article_seq = a.seq AND h.deleted_at IS NULL)
    AS highlight_count`;

export function toSummary(row: SummaryRow): ArticleSummary {
  // A summary leaves out an absent canonical URL or lead image rather than sending null.
  const { canonicalUrl, leadImage, ...described } = describeArticle(row);
  return {
    ...(canonicalUrl ? { canonicalUrl } : {}),
    ...(leadImage ? { leadImage } : {}),
    ...described,
    readingMinutes: readingMinutes(row.word_count),
    highlightCount: row.highlight_count,
    readProgress: row.read_progress,
    readPosition: row.read_position,
    readState: row.read_state,
    archived: row.archived === 1,
    favorite: row.favorite === 1,
  };
}

export function contentHash(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

/** What identifies the source of an import, for finding an earlier import of it. */
export interface SourceKey {
  sourceUrl: string | null;
  sourceName: string | null;
  title: string;
}

export interface InsertOptions {
  sourceName?: string | null;
  /** Defaults to now; the store never trusts a clock it was not given. */
  now?: Date;
}

export class ArticleStore {
  private readonly insertArticle: Statement;
  private readonly insertBody: Statement;
  private readonly selectSummaries: Statement<[], SummaryRow>;
  private readonly selectSummary: Statement<[string], SummaryRow>;
  private readonly selectBody: Statement<[number], BodyRow>;
  private readonly selectText: Statement<[string], { text: string }>;
  private readonly selectTags: Statement<[number], { name: string }>;
  private readonly deleteArticleRow: Statement;
  private readonly insertTombstone: Statement;
  private readonly tagRows: TagRows;
  private readonly countArticles: Statement<[], { n: number }>;
  private readonly selectSeq: Statement<[string], { seq: number; version: number }>;
  private readonly selectByUrl: Statement<[string], SummaryRow>;
  private readonly selectByName: Statement<[string, string, string | null], SummaryRow>;
  private readonly archiveBody: Statement;
  private readonly updateArticleRow: Statement;
  private readonly updateBody: Statement;
  private readonly updateReport: Statement;
  private readonly updatePageMeta: Statement;
  private readonly selectReport: Statement<[string], { anchor_report: string | null }>;

  constructor(private readonly db: Database) {
    this.insertArticle = db.prepare(`
      INSERT INTO articles (id, format, title, author, site_name, source_url, source_name,
        published_at, language, excerpt, word_count, added_at, updated_at)
      VALUES (@id, @format, @title, @author, @siteName, @sourceUrl, @sourceName,
        @publishedAt, @language, @excerpt, @wordCount, @now, @now)`);
    this.insertBody = db.prepare(
      `INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, ?)`,
    );
    this.selectSummaries = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a ORDER BY a.added_at DESC, a.seq DESC`,
    );
    this.selectSummary = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?`);
    this.selectBody = db.prepare(`SELECT html, text FROM article_bodies WHERE article_seq = ?`);
    this.selectText = db.prepare(
      `SELECT b.text FROM article_bodies b JOIN articles a ON a.seq = b.article_seq WHERE a.id = ?`,
    );
    this.selectTags = db.prepare(`
      SELECT t.name FROM article_tags at JOIN tags t ON t.seq = at.tag_seq
      WHERE at.article_seq = ? ORDER BY t.name COLLATE NOCASE`);
    this.deleteArticleRow = db.prepare(`DELETE FROM articles WHERE seq = ?`);
    this.insertTombstone = db.prepare(`
      INSERT INTO tombstones (entity, id, deleted_at) VALUES (?, ?, ?)
      ON CONFLICT (entity, id) DO UPDATE SET deleted_at = excluded.deleted_at`);
    this.tagRows = new TagRows(db);
    this.countArticles = db.prepare(`SELECT count(*) AS n FROM articles`);
    this.selectSeq = db.prepare(`SELECT seq, version FROM articles WHERE id = ?`);
    this.selectByUrl = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.source_url = ? ORDER BY a.updated_at DESC, a.seq DESC LIMIT 1`,
    );
    this.selectByName = db.prepare(`
      SELECT ${SUMMARY_COLUMNS} FROM articles a
      WHERE a.source_name = ? AND a.title = ? AND (a.source_url IS NULL OR ? IS NULL)
      ORDER BY a.updated_at DESC, a.seq DESC LIMIT 1`);
    this.archiveBody = db.prepare(`
      INSERT INTO article_versions (article_seq, version, html, text, content_hash, replaced_at)
      SELECT b.article_seq, a.version, b.html, b.text, b.content_hash, @now
      FROM article_bodies b JOIN articles a ON a.seq = b.article_seq
      WHERE b.article_seq = @seq`);
    this.updateArticleRow = db.prepare(`
      UPDATE articles SET format = @format, title = @title, author = @author, site_name = @siteName,
        source_url = coalesce(@sourceUrl, source_url), source_name = coalesce(@sourceName, source_name),
        published_at = @publishedAt, language = @language, excerpt = @excerpt, word_count = @wordCount,
        updated_at = @now, version = version + 1
      WHERE seq = @seq`);
    this.updateBody = db.prepare(
      `UPDATE article_bodies SET html = ?, text = ?, content_hash = ? WHERE article_seq = ?`,
    );
    this.updateReport = db.prepare(`UPDATE articles SET anchor_report = ? WHERE id = ?`);
    this.updatePageMeta = db.prepare(`UPDATE articles SET canonical_url = ?, lead_image = ? WHERE id = ?`);
    this.selectReport = db.prepare(`SELECT anchor_report FROM articles WHERE id = ?`);
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
      indexArticle(this.db, seq, { title: meta.title, author: meta.author, text: article.text });
      this.linkTags(seq, article.tags, now);
    })();
    return this.summary(id)!;
  }

  /**
   * Replaces an article's text and metadata with a newly imported version,
   * atomically: the current body goes to article_versions (numbered by the
   * version it was), the article keeps its id, added_at, reading state,
   * notes and highlights; version and updated_at move on. Tags found in the
   * new version are added to the old ones. Returns false for an unknown id.
   * Callers re-anchor highlights in the same transaction (see Library).
   */
  replace(id: string, article: ImportedArticle, options: InsertOptions = {}): boolean {
    const now = (options.now ?? new Date()).toISOString();
    let found = false;
    this.db.transaction(() => {
      const row = this.selectSeq.get(id);
      if (!row) return;
      found = true;
      const { seq } = row;
      const { meta } = article;
      this.archiveBody.run({ seq, now });
      this.updateArticleRow.run({
        seq,
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
      this.updateBody.run(article.html, article.text, contentHash(article.html), seq);
      indexArticle(this.db, seq, { title: meta.title, author: meta.author, text: article.text });
      this.linkTags(seq, article.tags, now);
    })();
    return found;
  }

  /**
   * Imported tags, repaired as shared/tags.ts says (an importer's tag never
   * fails an import), linked to the article.
   */
  private linkTags(seq: number, names: readonly string[], now: string): void {
    for (const name of tagNamesFromSource(names)) this.tagRows.link(seq, this.tagRows.ensure(name, now));
  }

  /**
   * An earlier import of the same source: the article with the same
   * sourceUrl when `key` has one; otherwise (or when no URL matches) one
   * with the same file name and the same title, unless both have URLs (two
   * different URLs are two different sources). The most recently updated
   * wins when several match.
   */
  findSameSource(key: SourceKey): ArticleSummary | undefined {
    let row: SummaryRow | undefined;
    if (key.sourceUrl) row = this.selectByUrl.get(key.sourceUrl);
    if (!row && key.sourceName) row = this.selectByName.get(key.sourceName, key.title, key.sourceUrl);
    return row ? toSummary(row) : undefined;
  }

  /** The article's row number, which other tables refer to. */
  seqOf(id: string): number | undefined {
    return this.selectSeq.get(id)?.seq;
  }

  /** The article's version number: 1 until its text is first replaced. */
  version(id: string): number | undefined {
    return this.selectSeq.get(id)?.version;
  }

  /** A saved web page's canonical URL and lead image (an asset hash). */
  setPageMeta(id: string, canonicalUrl: string | null, leadImage: string | null): void {
    this.updatePageMeta.run(canonicalUrl, leadImage, id);
  }

  setAnchorReport(id: string, report: AnchoringReport): void {
    this.updateReport.run(JSON.stringify(report), id);
  }

  /** The last stored anchoring report; null when none; undefined for an unknown article. */
  anchorReport(id: string): AnchoringReport | null | undefined {
    const row = this.selectReport.get(id);
    if (!row) return undefined;
    return row.anchor_report === null ? null : (JSON.parse(row.anchor_report) as AnchoringReport);
  }

  list(): ArticleSummary[] {
    return this.selectSummaries.all().map(toSummary);
  }

  summary(id: string): ArticleSummary | undefined {
    const row = this.selectSummary.get(id);
    return row ? toSummary(row) : undefined;
  }

  /** body false: html and text left empty, unread (a PDF view's first answer). */
  get(id: string, { body: withBody = true }: { body?: boolean } = {}): Article | undefined {
    const row = this.selectSummary.get(id);
    if (!row) return undefined;
    const body = withBody ? this.selectBody.get(row.seq) : { html: '', text: '' };
    if (!body) return undefined;
    return {
      ...toSummary(row),
      html: body.html,
      text: body.text,
      tags: this.selectTags.all(row.seq).map((t) => t.name),
    };
  }

  /** An article's canonical text alone; undefined for an unknown article. */
  text(id: string): string | undefined {
    return this.selectText.get(id)?.text;
  }

  /** Deletes an article with everything that hangs off it; leaves a tombstone. */
  delete(id: string, now: Date = new Date()): boolean {
    const row = this.selectSummary.get(id);
    if (!row) return false;
    this.db.transaction(() => {
      unindexArticle(this.db, row.seq);
      this.deleteArticleRow.run(row.seq);
      this.insertTombstone.run('article', id, now.toISOString());
    })();
    return true;
  }

  count(): number {
    return this.countArticles.get()?.n ?? 0;
  }
}
