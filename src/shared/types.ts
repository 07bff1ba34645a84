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

/** The highlight colours, in the order the toolbar offers them. */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

/** W3C Web Annotation TextQuoteSelector over the article's canonical text. */
export interface QuoteSelector {
  exact: string;
  /** Up to 32 characters before / after the quote. */
  prefix: string;
  suffix: string;
}

/** W3C Web Annotation TextPositionSelector: [start, end) in UTF-16 code units. */
export interface PositionSelector {
  start: number;
  end: number;
}

/** How a highlight sits on the article's current text. */
export type AnchorStatus = 'exact' | 'moved' | 'orphaned';

export interface Highlight {
  id: string;
  articleId: string;
  color: HighlightColor;
  quote: QuoteSelector;
  position: PositionSelector;
  /** Markdown. */
  note: string;
  /** 'moved' after a re-anchor placed it elsewhere; 'orphaned' when it could not be placed (never deleted). */
  anchor: AnchorStatus;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleNote {
  articleId: string;
  /** Markdown; '' when there is none. */
  note: string;
  updatedAt: string | null;
}

/** What happened to an article's highlights when its text was replaced. */
export interface AnchoringReport {
  exact: number;
  moved: number;
  orphaned: number;
  /** Ids of the highlights that moved or were orphaned, for review. */
  movedIds: string[];
  orphanedIds: string[];
  /** When the text was replaced (ISO). */
  at: string;
}

/** The answer to importFile. */
export type ImportResult =
  | { status: 'imported'; article: ArticleSummary }
  /** mode 'ask' found an article from the same source; nothing was stored. */
  | { status: 'duplicate'; article: ArticleSummary; existing: ArticleSummary }
  | { status: 'updated'; article: ArticleSummary; report: AnchoringReport };

/** User settings that travel with the library. */
export interface Settings {
  /** The Markdown export template (Mustache-style). */
  exportTemplate: string;
  /** The built-in template, for "Reset to default". */
  defaultExportTemplate: string;
}

/** What a Markdown export did, file by file (paths relative to the folder). */
export interface ExportReport {
  written: string[];
  unchanged: string[];
  /** Files the user had edited: new highlights appended, nothing else touched. */
  appended: string[];
  /** Changes not applied because the user edited the file since. */
  conflicts: Array<{ path: string; articleId: string; reason: string; highlightIds: string[] }>;
  errors: Array<{ articleId: string; message: string }>;
}

/** One Markdown file, for the clipboard or a download. */
export interface MarkdownFile {
  articleId: string;
  fileName: string;
  markdown: string;
}
