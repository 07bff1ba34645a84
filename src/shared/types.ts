/** How an article came into the library. */
export type ArticleFormat = 'text' | 'markdown' | 'html';

/** Metadata every importer produces for one article. */
export interface ArticleMeta {
  title: string;
  author: string | null;
  siteName: string | null;
  sourceUrl: string | null;
  /** ISO 8601: a date (`2024-02-13`) or a date-time with offset. */
  publishedAt: string | null;
  /** BCP 47 language tag when known (`en`, `pt-BR`). */
  language: string | null;
  excerpt: string | null;
  wordCount: number;
}

/** One row of the library list. */
export interface ArticleSummary extends ArticleMeta {
  id: string;
  format: ArticleFormat;
  /** The file name the article was imported from, when it came from a file. */
  sourceName: string | null;
  addedAt: string;
  updatedAt: string;
  readingMinutes: number;
  highlightCount: number;
}

/** A whole article, ready to read. */
export interface Article extends ArticleSummary {
  /** Sanitized HTML of the body (the title is not part of it). */
  html: string;
  /** Canonical plain text of `html` (see shared/text/canonical.ts). */
  text: string;
  tags: string[];
}

export interface LibraryInfo {
  version: string;
  libraryPath: string;
  articleCount: number;
  /** Which shell is serving the API. */
  shell: 'electron' | 'browser';
}
