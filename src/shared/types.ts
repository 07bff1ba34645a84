/**
 * How an article came into the library. 'highlights': a source without
 * text (a Kindle or Readwise book): its body is its highlights' quotes in
 * order (src/main/migrate/source-body.ts).
 */
export type ArticleFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'epub' | 'highlights';

/** One entry of a PDF's outline (its bookmarks), for a Contents navigation. */
export interface PdfOutlineItem {
  title: string;
  /** 1-based; null when the entry points nowhere Gloss can resolve. */
  page: number | null;
  /** How far down the page it points, 0 (top) to 1 (bottom); absent: the page's top. */
  top?: number;
  items: PdfOutlineItem[];
}

/** What a PDF says about itself (its metadata and outline). */
export interface PdfDescription {
  subject: string | null;
  keywords: string[];
  creator: string | null;
  producer: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  outline: PdfOutlineItem[];
}

/** What a PDF article has besides its text (Article.pdf). */
export interface PdfInfo extends PdfDescription {
  pageCount: number;
  /**
   * pageStarts[i]: the offset in the article's canonical text where page
   * i + 1 starts (a page without text starts where the next one does), so a
   * highlight's TextPosition gives its page (shared/pdf/page-text.ts pageAtOffset).
   */
  pageStarts: number[];
  /** False for a scanned PDF without a text layer: it can be read, not searched or highlighted. */
  hasText: boolean;
  /** SHA-256 of the file's bytes (the file is served by this hash). */
  fileHash: string;
  fileSize: number;
}

/** A creator or contributor of a book, from its package document. */
export interface BookCreator {
  name: string;
  /** MARC relator code (`aut`, `edt`, `trl`, `ill` …) when the book gives one. */
  role: string | null;
  /** The sorting form (`Austen, Jane`) when the book gives one. */
  fileAs: string | null;
}

/** One entry of a book's table of contents. */
export interface BookTocItem {
  title: string;
  /** A fragment in the article's body (`#c3`, `#c3-sec2`); null when the entry points nowhere in the book. */
  target: string | null;
  items: BookTocItem[];
}

/** One spine item (chapter) of a book, as it sits in the article's body. */
export interface BookChapter {
  /** The id of its <section> in the body (`c1`, `c2` …). */
  id: string;
  /** Its title from the table of contents (or its first heading); null when it has none. */
  title: string | null;
  /** Offset in the canonical text where it starts (an empty chapter starts where the next one does). */
  start: number;
  /** From the book's CSS: vertical writing (CJK). */
  writingMode: 'vertical-rl' | 'vertical-lr' | null;
}

/** What an EPUB says about itself besides its text (Article.book). */
export interface BookDescription {
  creators: BookCreator[];
  publisher: string | null;
  /** The publication date as written (ISO 8601 when it is one). */
  date: string | null;
  identifiers: { scheme: string | null; value: string }[];
  /** An ISBN-13 or ISBN-10 (digits, X) from the identifiers, when one is valid. */
  isbn: string | null;
  description: string | null;
  subjects: string[];
  series: { name: string; position: number | null } | null;
  /** The spine's page-progression-direction. */
  direction: 'ltr' | 'rtl' | null;
  /** Asset hash of the cover image (also the article's lead image). */
  cover: string | null;
  toc: BookTocItem[];
  chapters: BookChapter[];
}

/** What an EPUB article has besides its text (Article.book). */
export interface BookInfo extends BookDescription {
  /** SHA-256 of the EPUB file (kept in the library like a PDF's). */
  fileHash: string;
  fileSize: number;
}

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
  /** Saved web pages: the URL the page declares as canonical. */
  canonicalUrl?: string;
  /** Saved web pages: the asset hash of the page's lead image (og:image). */
  leadImage?: string;
  id: string;
  format: ArticleFormat;
  /** The file name the article was imported from, when it came from a file. */
  sourceName: string | null;
  addedAt: string;
  updatedAt: string;
  readingMinutes: number;
  highlightCount: number;
  /** Reading state (see ReadingInfo); set on every summary the store returns. */
  readProgress?: number;
  readPosition?: string | null;
  readState?: ReadState;
  archived?: boolean;
  favorite?: boolean;
}

/** A whole article, ready to read. */
export interface Article extends ArticleSummary {
  /** Sanitized HTML of the body (the title is not part of it). */
  html: string;
  /** Canonical plain text of `html` (see shared/text/canonical.ts). */
  text: string;
  tags: string[];
  /** Set for format 'pdf': pages, file and PDF metadata. */
  pdf?: PdfInfo;
  /**
   * Set when getArticle was asked for a PDF's text later (the PDF view):
   * html and text are empty here; getArticleText answers the text.
   */
  textLater?: true;
  /** Set for format 'epub': the book's metadata, contents and chapters. */
  book?: BookInfo;
  /**
   * Set for a highlights-only entry waiting for its web page (Pocket,
   * Instapaper, Hypothesis) when the last try to save that page failed: why
   * (one line, without the address) and when (ISO 8601).
   */
  pageSaveFailure?: { reason: string; failedAt: string };
}

export interface LibraryInfo {
  version: string;
  libraryPath: string;
  articleCount: number;
  /** Which shell is serving the API (the command line calls it too). */
  shell: 'electron' | 'browser' | 'cli';
}

/** The highlight colours, in the order the toolbar offers them. */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];
/** A label per highlight colour ("Key idea" for yellow), so colour is never the only cue. */
export type ColorLabels = Record<HighlightColor, string>;

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
  /**
   * PDF articles only: the page (1-based) the highlight starts on. Derived
   * from the article's page map whenever a highlight leaves the core, never
   * stored; absent for other articles and for orphaned highlights.
   */
  page?: number;
  /**
   * Books only: the highlight as an EPUB CFI range into the book's own
   * files. Derived from the kept EPUB where highlights leave for other tools
   * (`gloss highlights --json`, the export), never stored; absent elsewhere.
   */
  cfi?: string;
  /** Its tags, by name (case-insensitively); set wherever the core returns a highlight (migration 10). */
  tags?: string[];
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

/** How an import matched an article already in the library (src/main/duplicates.ts). */
export type DuplicateMatch = 'identical' | 'same-source';

/** The answer to importFile. */
export type ImportResult =
  | { status: 'imported'; article: ArticleSummary }
  /**
   * mode 'ask' found it in the library; nothing was stored. match
   * 'identical': the same title and text (offer to skip); 'same-source': the
   * same address (its canonical URL included) or file, with other text (offer to update).
   */
  | { status: 'duplicate'; match: DuplicateMatch; article: ArticleSummary; existing: ArticleSummary }
  | { status: 'updated'; article: ArticleSummary; report: AnchoringReport }
  /**
   * A highlights export (Kindle clippings, Readwise CSV, Pocket, Instapaper,
   * Hypothesis): `article` is its first source; `report` says what happened
   * (and which pages are left to save: `report.toSave`).
   */
  | { status: 'highlights'; article: ArticleSummary; report: HighlightsImportReport };

/** The exports of other apps whose highlights Gloss takes in (src/main/migrate). */
export type HighlightsExportFormat = 'kindle-clippings' | 'readwise-csv' | 'pocket-zip' | 'instapaper-csv' | 'hypothesis-json' | 'omnivore-zip';

/**
 * What importing one highlights export did. A source is a book (or page):
 * created as a highlights-only article, or already present (found by its
 * highlights' stable ids, also after it became a document). Re-importing
 * the same file adds nothing: every highlight is already present.
 */
export interface HighlightsImportReport {
  format: HighlightsExportFormat;
  sources: { created: number; present: number };
  highlights: {
    added: number;
    present: number;
    /** Added to a source that is a document now, but not found in its text (kept as "Not found in text"). */
    unplaced: number;
    /** Of those added to a document: placed approximately (their words differ a little from its text). */
    fuzzy?: number;
    failed: number;
  };
  /** Entries or rows not imported, with why (`where`: "entry 12", "row 7"). */
  failures: Array<{ where: string; reason: string }>;
  /** The sources' article ids, in file order. */
  articleIds: string[];
  /**
   * Web pages to save (Pocket, Instapaper, Hypothesis): the pages whose
   * highlights wait on a source for them, and the items that had no
   * highlights. Saving one (the URL-list job, or any other save) attaches
   * the highlights waiting for it (src/main/migrate/waiting.ts).
   */
  toSave?: UrlListEntry[];
}

/** How sure a source-to-document match is (src/main/migrate/match-source.ts): 'title' alone is unsure. */
export type SourceMatchStrength = 'isbn' | 'title-author' | 'title';

/**
 * A highlights-only source and a document that may be its text: for a
 * document, the sources whose highlights it may hold; for a source, the
 * documents that may be its book. Strongest first.
 */
export interface SourceMatch {
  article: ArticleSummary;
  match: SourceMatchStrength;
}

/** What attaching a source's highlights to a document did (src/main/migrate/attach-text.ts). */
export interface AttachReport {
  /** The document that holds the highlights now (the source is gone). */
  articleId: string;
  exact: number;
  fuzzy: number;
  /** Kept as "Not found in text" on the document, for Review unplaced. */
  unplaced: number;
  unplacedIds: string[];
}

/**
 * A big export imported in the background (src/main/migrate/import-jobs.ts):
 * `done` of `total` items; 'paused' after a cancel, or when the app stopped
 * while it ran (resume continues); 'done' with its report.
 */
export interface ImportJob {
  id: string;
  /** The file's name. */
  source: string;
  total: number;
  done: number;
  state: 'running' | 'cancelling' | 'paused' | 'done' | 'failed';
  report: HighlightsImportReport | null;
  /** Why it failed ('failed'), else null. */
  error: string | null;
  startedAt?: string;
}

/** User settings that travel with the library. */
export interface Settings {
  /** The Markdown export template (Mustache-style). */
  exportTemplate: string;
  /** The built-in template, for "Reset to default". */
  defaultExportTemplate: string;
  /** What each highlight colour means to the user (src/shared/color-labels.ts). */
  colorLabels: ColorLabels;
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

/** Where an article is in its reading. */
export const READ_STATES = ['unread', 'reading', 'finished'] as const;
export type ReadState = (typeof READ_STATES)[number];

/** The reading state of an article, as the library list shows it. */
export interface ReadingInfo {
  /** 0..1: how far the reader got. */
  readProgress: number;
  /** Opaque anchor of the reading position (e.g. a canonical text offset); null when never opened. */
  readPosition: string | null;
  readState: ReadState;
  archived: boolean;
  favorite: boolean;
}

/** The reading state of one article after a change. */
export interface ReadingChange extends ReadingInfo {
  id: string;
  updatedAt: string;
}

/** A library row with its reading state and tags (listArticlesPage). */
export interface LibraryItem extends ArticleSummary {
  readProgress: number;
  readPosition: string | null;
  readState: ReadState;
  archived: boolean;
  favorite: boolean;
  tags: string[];
}

export const LIBRARY_SORTS = ['added', 'published', 'title', 'author', 'progress'] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];
/** The sorts that read A to Z by default (listArticles' order when none is given; the library's first order); the others start newest or furthest. */
export const LIBRARY_SORTS_ASCENDING: readonly LibrarySort[] = ['title', 'author'];

export interface LibraryFilter {
  /** Articles carrying every one of these tags (case-insensitive). */
  tags?: string[];
  state?: ReadState;
  archived?: boolean;
  favorite?: boolean;
}

export interface LibraryPageQuery {
  offset?: number;
  limit?: number;
  sort?: LibrarySort;
  order?: 'asc' | 'desc';
  filter?: LibraryFilter;
}

/** One page of the library list (offset paging; `total` rows match the filter). */
export interface LibraryPage {
  items: LibraryItem[];
  total: number;
  /** Every article in the library, whatever the filter ("21 of 25", and an empty library told from no match). */
  libraryTotal: number;
  offset: number;
}

/** A tag with the number of articles carrying it. */
export interface TagInfo {
  name: string;
  count: number;
}

/** Part of a search snippet: plain text, or a matched word (to be marked). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One place a search matched inside an article. */
export interface SearchMatch {
  /** 'text': the article's title, author or text; 'highlight': a highlight's quote; 'note': a highlight's note (highlightId set) or the article note (no highlightId). */
  kind: 'text' | 'highlight' | 'note';
  /** For highlight hits and highlight-note hits: open the article scrolled to it. */
  highlightId?: string;
  /** Around the matched words, which have match: true. Plain text (notes with their Markdown removed): render as text nodes. */
  snippet: SnippetPart[];
  /** For a hit on a highlight's note: the start of the highlighted quote. */
  quote?: string;
  /** For a text hit in the article's text: the canonical-text offset of the match the snippet shows (open the article there). */
  offset?: number;
  /** Higher is better (negated bm25); only comparable within one answer. */
  score: number;
}

/** One article that matched, with its best matches grouped under it. */
export interface SearchResult {
  articleId: string;
  title: string;
  author: string | null;
  siteName: string | null;
  sourceUrl: string | null;
  /** As in ArticleSummary: the URL a saved page declares as canonical. */
  canonicalUrl?: string;
  /** Its best match's score: results are ordered by it. */
  score: number;
  /** At most a few matches: highlights holding the whole query first, then other highlights, notes, then the text. */
  matches: SearchMatch[];
  /** Matches in this article left out of `matches` ("+k more in this article"). */
  moreMatches: number;
}

export interface SearchPage {
  /** One per article. */
  results: SearchResult[];
  /** Articles that matched; a lower bound when totalExact is false. */
  total: number;
  totalExact: boolean;
  hasMore: boolean;
  tookMs: number;
}

/** What deleteArticles did; undoDeleteArticles(undoToken) puts the articles back. */
export interface DeleteArticlesResult {
  deleted: string[];
  /** Valid while this library stays open in this process (not across restarts). */
  undoToken: string;
}

/** One address from a list of URLs to save (text list, bookmarks, CSV export). */
export interface UrlListEntry {
  /** Normalized http(s) URL. */
  url: string;
  title?: string;
  tags: string[];
  /** When the source service saved it (ISO). */
  addedAt?: string;
  /** The source service had it archived (Pocket "archive", Instapaper's Archive folder). */
  archived?: boolean;
  /** The source service had it starred (Instapaper's Starred folder). */
  favorite?: boolean;
}

export interface UrlList {
  format: 'url-list' | 'bookmarks-html' | 'pocket-csv' | 'instapaper-csv' | 'omnivore-csv' | 'csv';
  entries: UrlListEntry[];
  /** Lines that were not http(s) URLs. */
  invalid: Array<{ line?: number; value: string; reason: string }>;
}

/**
 * Why a backup in the library's backups/ folder was made: the first write
 * of a day, Back up now, before a schema upgrade, or the library file that a
 * restore set aside. 'other' is a file Gloss did not name (never pruned).
 */
export const BACKUP_REASONS = ['daily', 'manual', 'pre-migration', 'before-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export interface BackupInfo {
  /** The file name in backups/, e.g. 2026-11-25T130405.123Z-daily.sqlite. */
  name: string;
  /** Its absolute path. */
  file: string;
  /** When it was taken (ISO 8601, UTC). */
  date: string;
  reason: BackupReason | 'other';
  bytes: number;
}

export interface RestoreResult {
  /** The backup now in use as the library. */
  restored: BackupInfo;
  /** The library file it replaced, kept in backups/ (null when there was none). */
  setAside: BackupInfo | null;
}

/** The whole library as versioned JSON (src/main/backup/FORMAT.md), for the shell to save. */
export interface LibraryJsonFile {
  /** A file name to offer: gloss-library-2026-11-25-130400.json. */
  fileName: string;
  /** The JSON text, as it is written to the file. */
  json: string;
}

/** What restoring a JSON library file did to one kind of row. */
export interface JsonEntityCounts {
  /** New in the library. */
  added: number;
  /** Replaced by a newer incoming version. */
  updated: number;
  /** Already present and as new or newer here. */
  unchanged: number;
  /** Deleted by an incoming tombstone or newer deletion. */
  deleted: number;
  /** Not imported (tombstoned here, their article gone, or another article's). */
  skipped: number;
}

/** A row the file held that the library did not take as it was. */
export interface JsonRestoreIssue {
  kind: 'article' | 'version' | 'asset' | 'highlight' | 'tag';
  /** Article id, `<article id> v<n>`, asset hash, highlight id or the file's tag name. */
  id: string;
  /** `changed`: imported in a corrected form; `skipped`: not imported. */
  action: 'changed' | 'skipped';
  reason: string;
}

export interface JsonImportReport {
  articles: JsonEntityCounts;
  highlights: JsonEntityCounts;
  notes: JsonEntityCounts;
  tags: JsonEntityCounts;
  assets: JsonEntityCounts;
  tombstones: JsonEntityCounts;
  /** In file order. */
  issues: JsonRestoreIssue[];
}

/** A browser paired with the library through the Gloss extension (Settings → Browser extension). */
export interface PairedBrowser {
  id: string;
  /** The name the extension gave (its browser's, e.g. "Chromium on Linux"). */
  name: string;
  pairedAt: string;
  lastUsedAt: string;
}

/** A pairing code to type in the extension: shown once, valid until expiresAt, one use. */
export interface PairingCode {
  code: string;
  expiresAt: string;
}

export interface BrowserPairing {
  /** When the code being shown expires (null: no code waiting). */
  pendingUntil: string | null;
  browsers: PairedBrowser[];
}

/** A page saved from the browser; with a selection, the highlight made of it (null when its text was not found). */
export type CapturedSaveResult = ImportResult & { highlight?: Highlight | null };
