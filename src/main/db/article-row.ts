/**
 * The `articles` row and the article record it maps to, once: the column
 * list, row → object and object → row. The article store lists from it and
 * the JSON backup exports and imports through it, so a new column is added
 * here (and to the record) or the type check fails; tests/backup/
 * json-columns.test.ts fails when a column of the real schema is left out.
 */
import type { AnchoringReport, ArticleFormat, ReadState } from '../../shared/types';

/** Every column of `articles`, as better-sqlite3 returns it. */
export interface ArticleRow {
  seq: number;
  id: string;
  format: ArticleFormat;
  title: string;
  author: string | null;
  site_name: string | null;
  source_url: string | null;
  source_name: string | null;
  canonical_url: string | null;
  lead_image: string | null;
  published_at: string | null;
  language: string | null;
  excerpt: string | null;
  word_count: number;
  added_at: string;
  updated_at: string;
  version: number;
  /** JSON of the AnchoringReport of the last text replacement. */
  anchor_report: string | null;
  read_progress: number;
  read_position: string | null;
  read_state: ReadState;
  archived: number;
  favorite: number;
}

// A Record over every key, so leaving a column out of the list is a type error.
const COLUMN_SET: Record<keyof ArticleRow, true> = {
  seq: true,
  id: true,
  format: true,
  title: true,
  author: true,
  site_name: true,
  source_url: true,
  source_name: true,
  canonical_url: true,
  lead_image: true,
  published_at: true,
  language: true,
  excerpt: true,
  word_count: true,
  added_at: true,
  updated_at: true,
  version: true,
  anchor_report: true,
  read_progress: true,
  read_position: true,
  read_state: true,
  archived: true,
  favorite: true,
};

/** The columns of `articles`, in declaration order. */
export const ARTICLE_COLUMNS = Object.keys(COLUMN_SET) as (keyof ArticleRow)[];

/** The columns the row's id (`seq`, internal) aside: what an article record carries. */
export const ARTICLE_RECORD_COLUMNS = ARTICLE_COLUMNS.filter((c) => c !== 'seq');

/** `a.id, a.format, …` for a SELECT over `articles a`. */
export function articleColumnsSql(columns: readonly (keyof ArticleRow)[] = ARTICLE_COLUMNS, alias = 'a'): string {
  return columns.map((c) => `${alias}.${c}`).join(', ');
}

/** INSERT of a whole record; parameters named like the columns (see toArticleRow). */
export const INSERT_ARTICLE_ROW_SQL = `INSERT INTO articles (${ARTICLE_RECORD_COLUMNS.join(', ')})
  VALUES (${ARTICLE_RECORD_COLUMNS.map((c) => `@${c}`).join(', ')})`;

/** UPDATE of every column of a record, by `@seq`. */
export const UPDATE_ARTICLE_ROW_SQL = `UPDATE articles SET ${ARTICLE_RECORD_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}
  WHERE seq = @seq`;

/** An article's row as an object (the JSON backup's article, its body, tags, assets and versions aside). */
export interface ArticleRecord {
  id: string;
  format: ArticleFormat;
  title: string;
  author: string | null;
  siteName: string | null;
  sourceUrl: string | null;
  sourceName: string | null;
  canonicalUrl: string | null;
  leadImage: string | null;
  publishedAt: string | null;
  language: string | null;
  excerpt: string | null;
  wordCount: number;
  addedAt: string;
  updatedAt: string;
  version: number;
  anchorReport: AnchoringReport | null;
  reading: {
    progress: number;
    position: string | null;
    state: ReadState;
    archived: boolean;
    favorite: boolean;
  };
}

/** What describes an article (its reading state and bookkeeping aside), in the backup's key order. */
export type ArticleDescription = Omit<ArticleRecord, 'version' | 'anchorReport' | 'reading'>;

/** The describing columns of a row as fields: one mapping for the record and the library's summary. */
export function describeArticle(row: Omit<ArticleRow, 'version' | 'anchor_report'>): ArticleDescription {
  return {
    id: row.id,
    format: row.format,
    title: row.title,
    author: row.author,
    siteName: row.site_name,
    sourceUrl: row.source_url,
    sourceName: row.source_name,
    canonicalUrl: row.canonical_url,
    leadImage: row.lead_image,
    publishedAt: row.published_at,
    language: row.language,
    excerpt: row.excerpt,
    wordCount: row.word_count,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
  };
}

export function toArticleRecord(row: ArticleRow): ArticleRecord {
  return {
    ...describeArticle(row),
    version: row.version,
    anchorReport: row.anchor_report === null ? null : (JSON.parse(row.anchor_report) as AnchoringReport),
    reading: {
      progress: row.read_progress,
      position: row.read_position,
      state: row.read_state,
      archived: row.archived === 1,
      favorite: row.favorite === 1,
    },
  };
}

export function toArticleRow(record: ArticleRecord): Omit<ArticleRow, 'seq'> {
  return {
    id: record.id,
    format: record.format,
    title: record.title,
    author: record.author,
    site_name: record.siteName,
    source_url: record.sourceUrl,
    source_name: record.sourceName,
    canonical_url: record.canonicalUrl,
    lead_image: record.leadImage,
    published_at: record.publishedAt,
    language: record.language,
    excerpt: record.excerpt,
    word_count: record.wordCount,
    added_at: record.addedAt,
    updated_at: record.updatedAt,
    version: record.version,
    anchor_report: record.anchorReport === null ? null : JSON.stringify(record.anchorReport),
    read_progress: record.reading.progress,
    read_position: record.reading.position,
    read_state: record.reading.state,
    archived: record.reading.archived ? 1 : 0,
    favorite: record.reading.favorite ? 1 : 0,
  };
}
