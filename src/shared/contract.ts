/**
 * The one API contract: method -> arguments -> result.
 * Main implements it once (src/main/api/handlers.ts); the Electron preload
 * and the browser host's HTTP route both carry exactly these calls.
 * Argument schemas are checked in main before any handler runs.
 */
import { z } from 'zod';
import {
  HIGHLIGHT_COLORS,
  type AnchoringReport,
  type AttachReport,
  type SourceMatch,
  type Article,
  type ArticleNote,
  type ArticleSummary,
  type BackupInfo,
  type Highlight,
  type JsonImportReport,
  type LibraryJsonFile,
  type RestoreResult,
  type ImportResult,
  type ImportJob,
  type LibraryInfo,
  type ExportReport,
  type MarkdownFile,
  type Settings,
  type UrlList,
  LIBRARY_SORTS,
  READ_STATES,
  type DeleteArticlesResult,
  type LibraryPage,
  type ReadingChange,
  type SearchPage,
  type TagInfo,
  type BrowserPairing,
  type CapturedSaveResult,
  type PairedBrowser,
  type PairingCode,
} from './types';
import type { MethodName } from './methods';
import type { SyncRound } from './sync';
import type { SyncOverview } from './sync-activity';
import { MAX_COLOR_WEIGHT, MAX_DAILY_COUNT, REVIEW_ANSWERS, type ReviewSession, type ReviewSettings } from './review';
import { EXPORT_SCOPES, type ExportPlan } from './export-plan';
import { checkTagName, MAX_TAGS } from './tags';
import { checkColorLabel } from './color-labels';
import {
  HIGHLIGHT_SORTS,
  MAX_HIGHLIGHT_PAGE,
  SOURCE_KINDS,
  type HighlightPage,
  type HighlightsMarkdown,
  type RecolorResult,
} from './highlights-view';
import type { Envelope } from './errors';

/** Article ids are short lowercase base32 strings made by the store. */
export const ArticleId = z
  .string({ error: 'id must be a string' })
  .regex(/^[a-z0-9]{4,40}$/, { error: 'id must be 4-40 lowercase letters or digits' });

/** 50 MB: the largest file Gloss imports. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** 200 MB: the largest PDF Gloss imports (refused before it is parsed). */
export const MAX_PDF_BYTES = 200 * 1024 * 1024;

/** Highlight ids are made by the store like article ids. */
export const HighlightId = z
  .string({ error: 'id must be a string' })
  .regex(/^[a-z0-9]{4,40}$/, { error: 'id must be 4-40 lowercase letters or digits' });

/** The longest note Gloss stores (1 MB of Markdown). */
export const MAX_NOTE_CHARS = 1_000_000;

const noArgs = z.object({}).strict();
const byId = z.object({ id: ArticleId }).strict();
const byHighlightId = z.object({ id: HighlightId }).strict();
const byArticleId = z.object({ articleId: ArticleId }).strict();

const Color = z.enum(HIGHLIGHT_COLORS, { error: `color must be one of ${HIGHLIGHT_COLORS.join(', ')}` });
const Note = z.string({ error: 'note must be a string' }).max(MAX_NOTE_CHARS, { error: 'note is too long' });
const Offset = z.number({ error: 'offsets must be numbers' }).int().min(0);
const Quote = z
  .object({
    exact: z.string().min(1, { error: 'the quote must not be empty' }).max(100_000),
    prefix: z.string().max(32),
    suffix: z.string().max(32),
  })
  .strict();
const Position = z
  .object({ start: Offset, end: Offset })
  .strict()
  .refine((p) => p.end > p.start, { error: 'position end must be after start' });

/** Background import jobs are named like articles (src/main/migrate/import-jobs.ts). */
const JobId = z.string({ error: 'id must be a string' }).regex(/^[a-z0-9]{4,40}$/, { error: 'id must be 4-40 lowercase letters or digits' });

const FileArgs = {
  name: z
    .string({ error: 'name must be a string' })
    .min(1, { error: 'name must not be empty' })
    .max(1024, { error: 'name is too long' }),
  data: z.instanceof(Uint8Array, { error: 'data must be bytes (Uint8Array)' }),
};

/**
 * The files of a saved page's `NAME_files/` folder, sent with `NAME.html`:
 * each named by its path relative to the HTML file's folder
 * (`NAME_files/photo.jpg`); main uses only those its images refer to, at
 * most 100 images of 10 MB.
 */
const PageResources = z
  .array(z.object({ name: FileArgs.name, data: FileArgs.data }).strict(), { error: 'resources must be a list of files' })
  .max(1000, { error: 'at most 1000 resources' });

/** A web address to fetch (checked for its scheme and host by the fetcher). */
const WebAddress = z.string({ error: 'url must be a string' }).min(1, { error: 'Enter a web address' }).max(8192);

/** 20 M characters: a browser's page, like the largest page Gloss downloads. */
export const MAX_CAPTURED_HTML_CHARS = 20 * 1024 * 1024;
/** Images a browser may send with a page (as many as a saved page keeps). */
export const MAX_CAPTURED_IMAGES = 100;
/** A browser extension's own origin (Chromium: 32 letters a-p; Firefox: a per-install UUID). */
export const ExtensionOrigin = z
  .string({ error: 'origin must be a string' })
  .regex(/^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, {
    error: 'origin must be a browser extension origin',
  });
const BrowserId = z.string({ error: 'id must be a string' }).regex(/^[a-f0-9]{16}$/, { error: 'id must be a paired browser id' });

/** A file name in the library's backups/ folder (never a path). */
const BackupName = z
  .string({ error: 'name must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.sqlite$/, { error: 'name must be the file name of a backup' });

/** The longest search text (longer text is refused, not cut). */
export const MAX_QUERY_CHARS = 1000;
/** Most articles one bulk call may touch. */
export const MAX_BULK_IDS = 10_000;

/**
 * A tag name as the user typed it, checked by the one rule (shared/tags.ts):
 * after collapsing spaces and trimming, 1-64 characters, no commas, line
 * breaks or control characters. The store applies the same check.
 */
export const TagName = z.string({ error: 'a tag must be a string' }).superRefine((t, ctx) => {
  const checked = checkTagName(t);
  // The contract's messages start in lower case and have no final stop.
  if ('error' in checked) ctx.addIssue({ code: 'custom', message: checked.error.replace(/^A/, 'a').replace(/\.$/, '') });
});
const TagList = z.array(TagName, { error: 'tags must be a list of names' }).max(MAX_TAGS, { error: `at most ${MAX_TAGS} tags` });
const IdList = z
  .array(ArticleId, { error: 'ids must be a list of article ids' })
  .min(1, { error: 'name at least one article' })
  .max(MAX_BULK_IDS, { error: `at most ${MAX_BULK_IDS} articles at once` });
const HighlightIdList = z
  .array(HighlightId, { error: 'ids must be a list of highlight ids' })
  .min(1, { error: 'name at least one highlight' })
  .max(MAX_BULK_IDS, { error: `at most ${MAX_BULK_IDS} highlights at once` });
/** Labels by colour, each checked by the one rule (shared/color-labels.ts). */
const ColorLabelsArg = z
  .partialRecord(Color, z.string({ error: 'a label must be a string' }).max(400, { error: 'a label is too long' }))
  .superRefine((labels, ctx) => {
    for (const color of HIGHLIGHT_COLORS) {
      const raw = labels[color];
      const checked = raw === undefined ? null : checkColorLabel(color, raw);
      if (checked && 'error' in checked) ctx.addIssue({ code: 'custom', path: [color], message: checked.error });
    }
  });
/** The Highlights view's filters (src/shared/highlights-view.ts); dates are checked by the query. */
const HighlightFiltersArg = z
  .object({
    colors: z.array(Color).max(HIGHLIGHT_COLORS.length).optional(),
    tags: TagList.optional(),
    sourceIds: z.array(ArticleId).max(MAX_BULK_IDS).optional(),
    sourceTitle: z.string({ error: 'sourceTitle must be a string' }).max(1000, { error: 'sourceTitle is too long' }).optional(),
    sourceTags: TagList.optional(),
    kinds: z.array(z.enum(SOURCE_KINDS, { error: `kind must be one of ${SOURCE_KINDS.join(', ')}` })).max(SOURCE_KINDS.length).optional(),
    since: z.string({ error: 'since must be a date' }).max(40).optional(),
    until: z.string({ error: 'until must be a date' }).max(40).optional(),
    hasNote: z.boolean({ error: 'hasNote must be true or false' }).optional(),
    text: z.string({ error: 'text must be a string' }).max(MAX_QUERY_CHARS, { error: 'text is too long' }).optional(),
  })
  .strict();
const ReadStateArg = z.enum(READ_STATES, { error: `state must be one of ${READ_STATES.join(', ')}` });

/** Marks a result type; the value itself is never used at run time. */
function returns<R>(): R {
  return undefined as unknown as R;
}

export const contract = {
  getInfo: { args: noArgs, result: returns<LibraryInfo>() },
  listArticles: { args: noArgs, result: returns<ArticleSummary[]>() },
  /**
   * pdfText 'later' (the reader): a PDF read in the PDF view comes without its
   * html and text (textLater set), so its file starts loading at once;
   * getArticleText answers the text once the first page is drawn.
   */
  getArticle: { args: z.object({ id: ArticleId, pdfText: z.literal('later').optional() }).strict(), result: returns<Article>() },
  /** An article's canonical text alone (the PDF view's, after getArticle with pdfText 'later'). */
  getArticleText: { args: byId, result: returns<{ id: string; text: string }>() },
  /**
   * mode 'ask' (default): when the article is already in the library
   * (identical, or from the same source: src/main/duplicates.ts), store
   * nothing and answer 'duplicate'; 'new' always adds a new article;
   * 'skip-identical' answers 'duplicate' only for an identical article and
   * adds anything else (the CLI's import: another version of a file is a new
   * article unless asked to update); 'update' replaces the matching
   * article's text in place (old text kept, highlights re-anchored), or adds
   * a new one when none matches.
   */
  importFile: {
    args: z
      .object({
        ...FileArgs,
        mode: z.enum(['ask', 'new', 'skip-identical', 'update']).optional(),
        resources: PageResources.optional(),
        // Opens an encrypted PDF for this import only; never stored.
        password: z.string({ error: 'password must be a string' }).max(1024, { error: 'password is too long' }).optional(),
      })
      .strict(),
    result: returns<ImportResult>(),
  },
  /**
   * Saves a web page with its images (fetched by main). mode as importFile;
   * the same URL (normalized) is recognised before anything is fetched.
   */
  saveUrl: {
    args: z
      .object({
        url: WebAddress,
        mode: z.enum(['ask', 'new', 'update']).optional(),
        tags: z.array(z.string().max(64)).max(50).optional(),
        addedAt: z.iso.datetime({ offset: true, error: 'addedAt must be an ISO date-time' }).optional(),
        // A list exported from another service keeps its state (Pocket's archive, Instapaper's Starred).
        archived: z.boolean().optional(),
        favorite: z.boolean().optional(),
      })
      .strict(),
    result: returns<ImportResult>(),
  },
  /**
   * Saves a page as the reader's browser rendered it (the Gloss extension,
   * through the connector): its HTML is untrusted and goes through the same
   * extraction, sanitizing and image saving as saveUrl; the images sent are
   * sniffed and capped, the others fetched from public addresses only.
   * mode as saveUrl. With a selection, the passage also becomes a highlight
   * (in the existing article when the page is already saved).
   */
  saveCapturedPage: {
    args: z
      .object({
        url: WebAddress,
        html: z.string({ error: 'html must be a string' }).min(1, { error: 'the page is empty' }).max(MAX_CAPTURED_HTML_CHARS, {
          error: 'the page is too large',
        }),
        images: z
          .array(z.object({ url: WebAddress, data: FileArgs.data }).strict(), { error: 'images must be a list' })
          .max(MAX_CAPTURED_IMAGES, { error: `at most ${MAX_CAPTURED_IMAGES} images` })
          .optional(),
        mode: z.enum(['ask', 'update']).optional(),
        selection: z
          .object({ exact: z.string().min(1, { error: 'the selection is empty' }).max(100_000), prefix: z.string().max(1000), suffix: z.string().max(1000) })
          .strict()
          .optional(),
      })
      .strict(),
    result: returns<CapturedSaveResult>(),
  },
  /** Settings → Browser extension: a new pairing code (any earlier one stops working). */
  startBrowserPairing: { args: noArgs, result: returns<PairingCode>() },
  /** The paired browsers and whether a code is waiting. */
  getBrowserPairing: { args: noArgs, result: returns<BrowserPairing>() },
  /** Forgets a paired browser: its key stops working. */
  forgetBrowser: { args: z.object({ id: BrowserId }).strict(), result: returns<{ id: string }>() },
  /** The connector's /pair: the code shown in the app for a per-install key (forbidden when wrong or expired). */
  pairBrowser: {
    args: z.object({ code: z.string().max(32), name: z.string().max(200), origin: ExtensionOrigin }).strict(),
    result: returns<{ id: string; key: string }>(),
  },
  /** The connector's check of a request's key: the paired browser (its last use noted), or null. */
  useBrowserKey: { args: z.object({ key: z.string().max(200), origin: ExtensionOrigin }).strict(), result: returns<PairedBrowser | null>() },
  /** Reads a file listing URLs (one a line, bookmarks HTML, Pocket/Instapaper/Omnivore CSV). */
  parseUrlList: { args: z.object({ ...FileArgs }).strict(), result: returns<UrlList>() },
  /**
   * Imports a big export (an Omnivore ZIP) in the background: answers at
   * once with the job; its progress comes from listImportJobs.
   * unsupported_format for a file that is not such an export.
   */
  startImportJob: { args: z.object({ ...FileArgs }).strict(), result: returns<ImportJob>() },
  /** The background imports not dismissed; one cut short by a quit or crash is 'paused'. */
  listImportJobs: { args: noArgs, result: returns<ImportJob[]>() },
  /** Stops a job after the item being imported ('cancelling', then 'paused'). */
  cancelImportJob: { args: z.object({ id: JobId }).strict(), result: returns<ImportJob>() },
  /** Continues a paused (or failed) job where it stopped; nothing is imported twice. */
  resumeImportJob: { args: z.object({ id: JobId }).strict(), result: returns<ImportJob>() },
  /** Forgets a job that is not running. */
  dismissImportJob: { args: z.object({ id: JobId }).strict(), result: returns<{ id: string }>() },
  /** Replaces an article's text with a new version of it (old one kept) and re-anchors. */
  updateArticle: {
    args: z.object({ id: ArticleId, ...FileArgs }).strict(),
    result: returns<{ article: ArticleSummary; report: AnchoringReport }>(),
  },
  /**
   * The same from the page at url, fetched and saved as saveUrl does (URL
   * normalized, images kept, the same network rule). not_found before
   * anything is downloaded; a failed download changes nothing.
   */
  updateArticleFromUrl: {
    args: z.object({ id: ArticleId, url: WebAddress }).strict(),
    result: returns<{ article: ArticleSummary; report: AnchoringReport }>(),
  },
  deleteArticle: { args: byId, result: returns<{ id: string }>() },
  /** The last re-anchoring report of an article, if its text was ever replaced. */
  getAnchoringReport: { args: byArticleId, result: returns<AnchoringReport | null>() },

  /**
   * Highlights-only sources (Kindle, Readwise books) and documents that may
   * belong together (src/main/migrate/match-source.ts): for a document, the
   * sources whose highlights it may hold; for a source, the documents that
   * may be its book. Strongest match first; 'title' alone is unsure.
   */
  findSourceMatches: { args: byArticleId, result: returns<SourceMatch[]>() },
  /**
   * Places a highlights-only source's highlights in a document's text
   * (exactly, fuzzily, or kept as "Not found in text"); its note and tags go
   * with them and the source is deleted. not_found / invalid_argument
   * before anything changes.
   */
  attachSourceToDocument: {
    args: z.object({ sourceId: ArticleId, documentId: ArticleId }).strict(),
    result: returns<AttachReport>(),
  },

  /** Live highlights in document order; orphaned ones last. */
  // cfi: books' highlights with their EPUB CFI (derived from the book's file; for other tools, not the reader).
  listHighlights: { args: z.object({ articleId: ArticleId, cfi: z.boolean().optional() }).strict(), result: returns<Highlight[]>() },
  /** Refused (invalid_argument) when the quote does not occur in the article's text. */
  createHighlight: {
    args: z
      .object({ articleId: ArticleId, quote: Quote, position: Position, color: Color, note: Note.optional() })
      .strict(),
    result: returns<Highlight>(),
  },
  /** Colour, note, or new selectors (re-attaching an orphaned highlight). */
  updateHighlight: {
    args: z
      .object({
        id: HighlightId,
        color: Color.optional(),
        note: Note.optional(),
        quote: Quote.optional(),
        position: Position.optional(),
      })
      .strict()
      .refine((a) => (a.quote === undefined) === (a.position === undefined), {
        error: 'quote and position go together',
      }),
    result: returns<Highlight>(),
  },
  /** Soft delete: the row keeps a deletedAt tombstone, so undo can restore it. */
  deleteHighlight: { args: byHighlightId, result: returns<{ id: string }>() },
  restoreHighlight: { args: byHighlightId, result: returns<Highlight>() },
  /** Replaces a highlight's tags (one vocabulary with article tags); answers them as stored. */
  setHighlightTags: {
    args: z.object({ id: HighlightId, tags: TagList }).strict(),
    result: returns<{ id: string; tags: string[] }>(),
  },
  /** Adds tags to highlights (bulk; the undo of a removal). */
  tagHighlights: {
    args: z.object({ ids: HighlightIdList, tags: TagList.min(1, { error: 'name at least one tag' }) }).strict(),
    result: returns<{ ids: string[] }>(),
  },
  /** Removes tags from highlights (bulk). */
  untagHighlights: {
    args: z.object({ ids: HighlightIdList, tags: TagList.min(1, { error: 'name at least one tag' }) }).strict(),
    result: returns<{ ids: string[] }>(),
  },
  /** Tags on live highlights with their highlight counts, by name. */
  listHighlightTags: { args: noArgs, result: returns<TagInfo[]>() },

  /**
   * The Highlights view (#18): every live highlight, filtered, newest first,
   * oldest first or by source; offset paging (the list) or keyset paging
   * (cursor: the previous page's nextCursor). Text searches quotes and notes.
   */
  queryHighlights: {
    args: z
      .object({
        filters: HighlightFiltersArg.optional(),
        sort: z.enum(HIGHLIGHT_SORTS, { error: `sort must be one of ${HIGHLIGHT_SORTS.join(', ')}` }).optional(),
        offset: z.number({ error: 'offset must be a number' }).int().min(0).optional(),
        cursor: z.string({ error: 'cursor must be a string' }).max(2000).optional(),
        limit: z.number({ error: 'limit must be a number' }).int().min(1).max(MAX_HIGHLIGHT_PAGE).optional(),
      })
      .strict(),
    result: returns<HighlightPage>(),
  },
  /** Select all in the current filter: the matching ids (at most MAX_BULK_IDS; capped says more matched). */
  selectHighlightIds: {
    args: z.object({ filters: HighlightFiltersArg }).strict(),
    result: returns<{ ids: string[]; capped: boolean }>(),
  },
  /** Gives highlights one colour (all or nothing); answers each one's colour before, for Undo. */
  recolorHighlights: { args: z.object({ ids: HighlightIdList, color: Color }).strict(), result: returns<RecolorResult>() },
  /** Soft-deletes highlights (all or nothing); restoreHighlights undoes it. */
  deleteHighlights: { args: z.object({ ids: HighlightIdList }).strict(), result: returns<{ ids: string[] }>() },
  restoreHighlights: { args: z.object({ ids: HighlightIdList }).strict(), result: returns<{ ids: string[] }>() },
  /** Export selection: the highlights as one Markdown file grouped by source (the export template, no front matter). */
  exportHighlightsMarkdown: { args: z.object({ ids: HighlightIdList }).strict(), result: returns<HighlightsMarkdown>() },

  getArticleNote: { args: byArticleId, result: returns<ArticleNote>() },

  getSettings: { args: noArgs, result: returns<Settings>() },
  /** exportTemplate null restores the default; a broken template is refused (invalid_argument). */
  setSettings: {
    // colorLabels: some or all colours' labels ('' = that colour's default); null restores every default.
    args: z.object({ exportTemplate: z.string().max(200_000).nullable().optional(), colorLabels: ColorLabelsArg.nullable().optional() }).strict(),
    result: returns<Settings>(),
  },

  /** Ids of the articles worth exporting: those with highlights or a note. */
  listExportable: { args: noArgs, result: returns<string[]>() },
  /** Export all: the articles of a scope (annotated or all), with how many there are and are skipped. */
  planExport: { args: z.object({ scope: z.enum(EXPORT_SCOPES) }).strict(), result: returns<ExportPlan>() },
  /**
   * The articles' notes as Markdown files (Copy as Markdown; downloads in
   * the browser). frontMatter false leaves out the YAML front matter (Copy).
   */
  renderMarkdown: {
    args: z.object({ articleIds: z.array(ArticleId).min(1).max(500), frontMatter: z.boolean().optional() }).strict(),
    result: returns<MarkdownFile[]>(),
  },
  /**
   * Desktop only: asks the user for a folder to export to. Answers null when
   * cancelled; the browser host answers 'unsupported' (it downloads instead).
   */
  chooseExportFolder: { args: noArgs, result: returns<{ dir: string } | null>() },
  /** Writes the articles' Markdown into a folder the user chose with chooseExportFolder. */
  exportToFolder: {
    args: z.object({ dir: z.string().min(1).max(4096), articleIds: z.array(ArticleId).min(1).max(500) }).strict(),
    result: returns<ExportReport>(),
  },
  /** Desktop only: shows a folder chosen for export in the file manager. */
  showFolder: { args: z.object({ dir: z.string().min(1).max(4096) }).strict(), result: returns<null>() },
  /**
   * A consistent snapshot of the library file. The desktop app asks where
   * to save it; the browser host saves it in the library's backups/ folder.
   */
  backupLibrary: { args: noArgs, result: returns<{ file: string; bytes: number } | null>() },
  setArticleNote: { args: z.object({ articleId: ArticleId, note: Note }).strict(), result: returns<ArticleNote>() },
  /** The automatic and manual backups in the library's backups/ folder, newest first. */
  listBackups: { args: noArgs, result: returns<BackupInfo[]>() },
  /** Back up now: a consistent snapshot into backups/ (kept by the retention rule like a daily one). */
  backupNow: { args: noArgs, result: returns<BackupInfo>() },
  /**
   * Restores a backup listed by listBackups (by name) as the library: it is
   * checked first (integrity, a Gloss library not newer than this app); the
   * current library file is kept in backups/ as before-restore. Refused
   * (conflict) while another process has the library open.
   */
  restoreBackup: { args: z.object({ name: BackupName }).strict(), result: returns<RestoreResult>() },
  /**
   * Everything (articles, versions, highlights, notes, tags, assets) as
   * versioned JSON (src/main/backup/FORMAT.md). Answers the text and writes
   * no file: the shell saves it where its user says (no caller names a path).
   */
  exportJson: { args: noArgs, result: returns<LibraryJsonFile>() },
  /**
   * Restores or merges a file made by exportJson, given as its bytes: by
   * id, newest wins, deletions honoured; bodies sanitized, URLs and assets
   * checked, each refused or changed row reported in issues.
   */
  importJson: { args: z.object({ data: FileArgs.data }).strict(), result: returns<JsonImportReport>() },

  /**
   * Ranked full-text search over titles, authors, article text, highlights
   * and notes. Any text is accepted (FTS syntax is treated as words); empty
   * text gives no results. Snippet parts are plain text: render them as
   * text nodes, marking the ones with match: true.
   */
  search: {
    args: z
      .object({
        query: z.string({ error: 'query must be a string' }).max(MAX_QUERY_CHARS, { error: 'query is too long' }),
        limit: z.number({ error: 'limit must be a number' }).int().min(1).max(200).optional(),
        offset: z.number({ error: 'offset must be a number' }).int().min(0).max(10_000).optional(),
      })
      .strict(),
    result: returns<SearchPage>(),
  },
  /** One page of the library list (offset paging, for a virtualized list), with reading state and tags. */
  listArticlesPage: {
    args: z
      .object({
        offset: z.number({ error: 'offset must be a number' }).int().min(0).optional(),
        limit: z.number({ error: 'limit must be a number' }).int().min(1).max(500).optional(),
        sort: z.enum(LIBRARY_SORTS, { error: `sort must be one of ${LIBRARY_SORTS.join(', ')}` }).optional(),
        order: z.enum(['asc', 'desc'], { error: 'order must be asc or desc' }).optional(),
        filter: z
          .object({
            tags: TagList.optional(),
            state: ReadStateArg.optional(),
            archived: z.boolean({ error: 'archived must be true or false' }).optional(),
            favorite: z.boolean({ error: 'favorite must be true or false' }).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    result: returns<LibraryPage>(),
  },

  /** Tags in use with their article counts, by name. */
  listTags: { args: noArgs, result: returns<TagInfo[]>() },
  /** Replaces an article's tags; answers them as stored (existing tags keep their spelling). */
  setArticleTags: { args: z.object({ id: ArticleId, tags: TagList }).strict(), result: returns<{ id: string; tags: string[] }>() },
  /** Adds tags to several articles (bulk). */
  tagArticles: {
    args: z.object({ ids: IdList, tags: TagList.min(1, { error: 'name at least one tag' }) }).strict(),
    result: returns<{ ids: string[] }>(),
  },
  /** Removes tags from several articles (bulk). */
  untagArticles: {
    args: z.object({ ids: IdList, tags: TagList.min(1, { error: 'name at least one tag' }) }).strict(),
    result: returns<{ ids: string[] }>(),
  },
  /** Renames a tag; to the name of another tag, merges the two (merged: true). */
  renameTag: {
    args: z.object({ from: TagName, to: TagName }).strict(),
    result: returns<{ name: string; merged: boolean }>(),
  },
  /** Deletes a tag from every article; answers how many carried it. */
  deleteTag: { args: z.object({ name: TagName }).strict(), result: returns<{ name: string; articles: number }>() },

  /**
   * Saves the reading position (as the reader scrolls). position is opaque
   * to main (e.g. a canonical text offset). An unread article becomes
   * 'reading'; reaching progress 0.98 makes it 'finished'.
   */
  setReadingPosition: {
    args: z
      .object({
        id: ArticleId,
        progress: z.number({ error: 'progress must be a number' }).min(0).max(1),
        position: z.string({ error: 'position must be a string' }).max(1000),
      })
      .strict(),
    result: returns<ReadingChange>(),
  },
  setReadState: { args: z.object({ id: ArticleId, state: ReadStateArg }).strict(), result: returns<ReadingChange>() },
  setArchived: {
    args: z.object({ ids: IdList, archived: z.boolean({ error: 'archived must be true or false' }) }).strict(),
    result: returns<ReadingChange[]>(),
  },
  setFavorite: {
    args: z.object({ id: ArticleId, favorite: z.boolean({ error: 'favorite must be true or false' }) }).strict(),
    result: returns<ReadingChange>(),
  },
  /** Deletes several articles (all or nothing); undoDeleteArticles with the token puts them back. */
  deleteArticles: { args: z.object({ ids: IdList }).strict(), result: returns<DeleteArticlesResult>() },
  /** Undoes a deleteArticles while the app stays open; an unknown or used token is not_found. */
  undoDeleteArticles: {
    args: z.object({ undoToken: z.uuid({ error: 'undoToken must be a token from deleteArticles' }) }).strict(),
    result: returns<{ restored: string[] }>(),
  },

  /**
   * The daily review (#18): today's set, chosen on the first call of the
   * day (due highlights and new ones, weighted by colour), and what is left
   * of it. Calling again the same day gives the same cards.
   */
  getReviewSession: { args: noArgs, result: returns<ReviewSession>() },
  /** Answers a card (Keep, Soon, Later: rescheduled; Retire: never again); answers the session without it. */
  answerReview: {
    args: z
      .object({ highlightId: HighlightId, answer: z.enum(REVIEW_ANSWERS, { error: `answer must be one of ${REVIEW_ANSWERS.join(', ')}` }) })
      .strict(),
    result: returns<ReviewSession>(),
  },
  /** Takes back today's last answer to a card (Undo). */
  undoReviewAnswer: { args: z.object({ highlightId: HighlightId }).strict(), result: returns<ReviewSession>() },
  getReviewSettings: { args: noArgs, result: returns<ReviewSettings>() },
  /**
   * One sync round through the remembered folder: publish this library's
   * changes, then apply the other devices'. folder (remembered) is taken
   * from the command line only; deviceName names this device (remembered).
   */
  syncNow: {
    args: z
      .object({
        folder: z.string().min(1).max(4096).optional(),
        deviceName: z.string().trim().min(1).max(100).optional(),
        // An encrypted folder's passphrase (or one to encrypt a new folder with); only the key derived from it is kept.
        passphrase: z.string().min(1).max(1024).optional(),
      })
      .strict(),
    result: returns<SyncRound>(),
  },
  /** The sync status with what the running app's sync is doing (up to date, syncing, waiting, error and why). */
  getSyncStatus: {
    // devices: list the devices too (Settings → Sync, the CLI); it reads the folder, so the header's poll does not ask.
    args: z.object({ devices: z.boolean().optional() }).strict(),
    result: returns<SyncOverview>(),
  },
  /**
   * Chooses the folder to sync through and/or names this device: a round
   * runs with them first (a folder that is missing or holds another
   * library is refused, and nothing is remembered), then the app keeps
   * syncing. The desktop app takes only a folder chosen with
   * chooseSyncFolder; the browser host takes a typed path (it has no dialog).
   * A wrong passphrase is refused (wrong_password) and nothing is remembered.
   */
  setSyncSettings: {
    args: z
      .object({
        folder: z.string().trim().min(1).max(4096).optional(),
        deviceName: z.string().trim().min(1).max(100).optional(),
        // As for syncNow: an encrypted folder's passphrase, or one to encrypt a new folder with.
        passphrase: z.string().min(1).max(1024).optional(),
      })
      .strict(),
    result: returns<SyncOverview>(),
  },
  /** Stops syncing: the folder is forgotten; the library keeps everything it has. */
  stopSync: { args: noArgs, result: returns<SyncOverview>() },
  /** Desktop only: asks for the sync folder with the system's dialog; null when cancelled. */
  chooseSyncFolder: { args: noArgs, result: returns<{ dir: string } | null>() },
  /** Highlights a day (1-100) and each colour's weight (0: never; up to 5). */
  setReviewSettings: {
    args: z
      .object({
        dailyCount: z.number({ error: 'dailyCount must be a number' }).int().min(1).max(MAX_DAILY_COUNT).optional(),
        colorWeights: z.partialRecord(Color, z.number({ error: 'a weight must be a number' }).min(0).max(MAX_COLOR_WEIGHT)).optional(),
      })
      .strict(),
    result: returns<ReviewSettings>(),
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Args<M extends Method> = z.input<Contract[M]['args']>;
export type Result<M extends Method> = Contract[M]['result'];

/** The object the preload exposes as `window.gloss`: one function per method. */
export type GlossBridge = { [M in Method]: (args: Args<M>) => Promise<Envelope<Result<M>>> };

/** The same methods, unwrapped: results, or a thrown ApiError. */
export type GlossApi = { [M in Method]: (args: Args<M>) => Promise<Result<M>> };

// Compile-time proof that METHOD_NAMES and the contract list the same methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodsMatch: Same<MethodName, Method> = true;
void methodsMatch;
