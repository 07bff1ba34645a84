/**
 * A library: one folder, one SQLite file. The core every shell uses.
 */
import { join, resolve } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../shared/errors';
import type {
  AnchoringReport,
  Article,
  BackupInfo,
  RestoreResult,
  ArticleNote,
  ArticleSummary,
  Highlight,
  ImportResult,
  ExportReport,
  MarkdownFile,
  Settings,
  DeleteArticlesResult,
  LibraryPage,
  LibraryPageQuery,
  ReadState,
  SearchPage,
  TagInfo,
  ColorLabels,
} from '../shared/types';
import { HIGHLIGHT_COLORS } from '../shared/types';
import { readingMinutes } from '../shared/text/canonical';
import { ArticleStore } from './db/articles';
import { HighlightStore, type HighlightChanges, type NewHighlight } from './db/highlights';
import { DB_FILE_NAME, openLibraryDatabase, type OpenOptions } from './db/open';
import { SettingsStore } from './db/settings';
import { ReadingStore, type ReadingChange } from './db/reading';
import { TagStore } from './db/tags';
import type { HighlightTagStore } from './db/highlight-tags';
import { checkColorLabel, colorLabelsFrom, DEFAULT_COLOR_LABELS, isDefaultColorLabels } from '../shared/color-labels';
import { ArticleTrash } from './db/trash';
import { search, type SearchOptions } from './search/search';
import { backupDatabase } from './backup/snapshot';
import { exportLibraryJson, importLibraryJson, serializeLibraryJson, type MergeReport } from './backup';
import { backupBeforeMigration, DailyBackup, takeBackup, type Clock } from './backup/auto-backup';
import { listBackups } from './backup/backup-files';
import { resolveBackupSource, restoreLibraryFile } from './backup/restore';
import { compileExportTemplate, DEFAULT_TEMPLATE, renderArticleMarkdown } from './export/markdown';
import type { CompiledTemplate } from './export/template';
import { exportToFolder, type ExportItem } from './export/folder';
import { ExportReader } from './export/items';
import { BookCfis } from './highlights/book-cfi';
import { slugify } from './export/slug';
import { importDocument, importDocumentWithImages } from './import';
import type { LocalImages } from './import/page-folder';
import { keepFileImages, keepLocalImages, type FileImageFetchOptions, type FileImages } from './web/file-images';
import { AssetStore } from './db/assets';
import { addressCandidates } from './web/url';
import { saveCapturedPage, savePage, type CapturedPage, type SavePageOptions, type SavedPage } from './web/save-page';
import { parseUrlListFile, type ParsedUrlList } from './web/url-lists';
import type { ImportedArticle, ImportInput } from './import/types';
import { DuplicateFinder, type Duplicate, type DuplicateCandidate } from './duplicates';
import { PdfStore } from './pdf/store';
import { isPdfInput, readPdf } from './pdf/read-pdf';
import { BookStore } from './epub/store';
import { isEpubInput, readEpub } from './epub/read-epub';
import { detectHighlightsExport, firstSource, importHighlightsFile, pagesOnlyExport } from './migrate';
import { attachWaitingSources, keepServiceState, pageSaveFailureOf, recordPageSaveFailure } from './migrate/waiting';
import { isOmnivoreExport } from './migrate/omnivore-export';
import { importOmnivoreExport, type OmnivoreImportOptions } from './migrate/omnivore-import';

/**
 * What importFile does when the article is already in the library
 * (duplicates.ts): 'ask' stores nothing and answers 'duplicate'; 'new' adds
 * another article; 'skip-identical' answers 'duplicate' for an identical
 * article only and adds anything else; 'update' replaces the existing
 * article's text in place.
 */
export type ImportMode = 'ask' | 'new' | 'skip-identical' | 'update';

export interface UpdateResult {
  article: ArticleSummary;
  report: AnchoringReport;
}

export interface LibraryOptions extends OpenOptions {
  /** The clock automatic backups read (tests move it). */
  now?: Clock;
  /** How the web images of imported files are fetched (tests: the address classifier, DNS). */
  fileImages?: FileImageFetchOptions;
}

export class Library {
  readonly dir: string;
  readonly dbPath: string;
  // The connection and the stores over it are replaced when a backup is
  // restored (restoreBackup), so they are not readonly; the Library object
  // itself stays, and every shell keeps using it.
  db!: Database;
  articles!: ArticleStore;
  highlights!: HighlightStore;
  settings!: SettingsStore;
  /** Saved images, served to both shells at /asset/<hash>. */
  assets!: AssetStore;
  reading!: ReadingStore;
  tags!: TagStore;
  trash!: ArticleTrash;
  /** PDF files and pages of PDF articles. */
  pdfs!: PdfStore;
  /** EPUB files, metadata and chapters of book articles. */
  books!: BookStore;
  /** Recognises an import already in the library (the one rule for every entry point). */
  duplicates!: DuplicateFinder;
  /** The daily automatic backup, taken before the first write of a day. */
  readonly daily: DailyBackup;
  private readonly options: LibraryOptions;
  private readonly now: Clock;
  /** Export reads, prepared on first use. */
  private selectExportable: Statement<[], string> | undefined;
  private exportReader: ExportReader | undefined;
  private bookCfis: BookCfis | undefined;

  private constructor(dir: string, options: LibraryOptions) {
    this.dir = dir;
    this.dbPath = join(dir, DB_FILE_NAME);
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.attach(this.openDb());
    this.daily = new DailyBackup(dir, () => this.db, this.now, () => this.articles.count() === 0);
  }

  /**
   * Opens the library in folder `dir` (see openLibraryDatabase for what is
   * refused, and how). An existing library is backed up into backups/
   * before its schema is upgraded.
   */
  static open(dir: string, options: LibraryOptions = {}): Library {
    return new Library(resolve(dir), options);
  }

  private openDb(): Database {
    return openLibraryDatabase(this.dir, {
      ...this.options,
      beforeMigrate: (db) => {
        backupBeforeMigration(this.dir, db, this.now);
      },
    });
  }

  private attach(db: Database): void {
    this.db = db;
    this.articles = new ArticleStore(db);
    this.highlights = new HighlightStore(db);
    this.settings = new SettingsStore(db);
    this.assets = new AssetStore(db);
    this.reading = new ReadingStore(db);
    this.tags = new TagStore(db);
    this.trash = new ArticleTrash(db);
    this.pdfs = new PdfStore(db);
    this.books = new BookStore(db);
    this.duplicates = new DuplicateFinder(db, this.articles);
    this.selectExportable = undefined;
    this.exportReader = undefined;
    this.bookCfis = undefined;
  }

  /**
   * Call before a write: the first write of a UTC day backs the library up
   * (see DailyBackup). Undefined at once when today is covered.
   */
  beforeWrite(): Promise<BackupInfo | undefined> | undefined {
    return this.daily.beforeWrite();
  }

  /** Back up now: a manual backup into backups/. */
  backupNow(): Promise<BackupInfo> {
    return takeBackup(this.dir, this.db, 'manual', this.now);
  }

  /** The backups in backups/, newest first. */
  listBackups(): BackupInfo[] {
    return listBackups(this.dir);
  }

  /**
   * Restores a backup (a name in backups/ or a file) in place of this
   * library: this connection is closed, the backup checked and put in
   * place (the current file kept in backups/ as before-restore), and the
   * library reopened, on the restored file if the restore went through, on
   * the old one if it was refused.
   */
  async restoreBackup(nameOrFile: string): Promise<RestoreResult> {
    const source = resolveBackupSource(this.dir, nameOrFile);
    await this.daily.idle();
    this.close();
    try {
      return restoreLibraryFile(this.dir, source, {
        now: this.now,
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      });
    } finally {
      this.attach(this.openDb());
    }
  }

  /**
   * Parses, sanitizes and stores one file; nothing is stored if any step
   * fails. An article already in the library (see duplicates.ts: the same
   * text, or the same source) is handled by `mode`. For 'duplicate',
   * `article` is a preview of what would have been added: its id is ''
   * because nothing was stored.
   */
  importFile(input: ImportInput, mode: ImportMode = 'ask'): ImportResult {
    if (detectHighlightsExport(input.fileName, input.bytes)) return this.importHighlights(input);
    if (isOmnivoreExport(input.bytes)) {
      throw new GlossError('unsupported_format', `“${baseName(input.fileName)}” is an Omnivore export: it is imported with the library's asynchronous import.`);
    }
    if (isEpubInput(input.fileName, input.bytes)) return this.importEpub(input, mode);
    const plan = this.planImport(input, mode);
    if ('answer' in plan) return plan.answer;
    // No network here: only the images of a saved page's _files folder are kept.
    return this.storeImport(keepLocalImages(plan.imported, plan.localImages), plan.sourceName, plan.existing);
  }

  /**
   * importFile, also keeping the article's images (a saved page's _files
   * folder, and images that exist only on the web, downloaded from public
   * addresses only: see web/file-images.ts). What every shell's import uses.
   */
  async importFileWithImages(input: ImportInput, mode: ImportMode = 'ask'): Promise<ImportResult> {
    if (detectHighlightsExport(input.fileName, input.bytes)) return this.importHighlights(input);
    if (isOmnivoreExport(input.bytes)) return this.importOmnivore(input);
    if (isPdfInput(input.fileName, input.bytes)) return this.importPdf(input, mode);
    if (isEpubInput(input.fileName, input.bytes)) return this.importEpub(input, mode);
    const plan = this.planImport(input, mode);
    if ('answer' in plan) return plan.answer;
    const kept = await keepFileImages(plan.imported, plan.localImages, this.options.fileImages);
    return this.storeImport(kept, plan.sourceName, plan.existing);
  }

  /**
   * A highlights export (Kindle clippings, Readwise CSV; recognised by its
   * content): one highlights-only source per book, re-imports adding only
   * what is new (src/main/migrate). `mode` does not apply: nothing is asked.
   */
  private importHighlights(input: ImportInput): ImportResult {
    const report = importHighlightsFile(this, baseName(input.fileName), input.bytes);
    const article = firstSource(this, report);
    if (article) return { status: 'highlights', article, report };
    // A Pocket export without highlights is a list of pages: Save URL list takes it (parseUrlList).
    const pages = report.toSave?.length ? ': it is a list of web pages to save (use Save URL list)' : '';
    throw new GlossError('no_content', `“${baseName(input.fileName)}” has no highlights to import${pages}.`);
  }

  /**
   * An Omnivore export ZIP (recognised by its content): an article per item
   * from its saved content, its highlights placed in it (src/main/migrate/
   * omnivore-import.ts); re-imports add only what is new. `options`: the
   * background job's progress and cancel (migrate/import-jobs.ts).
   */
  async importOmnivore(input: ImportInput, options: OmnivoreImportOptions = {}): Promise<ImportResult & { status: 'highlights' }> {
    const { report } = await importOmnivoreExport(this, baseName(input.fileName), input.bytes, options);
    const article = firstSource(this, report);
    if (!article) {
      const why = report.failures[0] ? ` (${report.failures[0].where}: ${report.failures[0].reason})` : '';
      throw new GlossError('no_content', `Nothing in “${baseName(input.fileName)}” could be imported${why}.`);
    }
    return { status: 'highlights', article, report };
  }

  /** A PDF (by name or by its bytes): read with pdf.js and stored with its file; duplicates and `mode` as for importFile. */
  private async importPdf(input: ImportInput, mode: ImportMode): Promise<ImportResult> {
    const pdf = await readPdf(input);
    const sourceName = baseName(input.fileName);
    const { article: imported } = pdf;
    const judged = this.judgeDuplicate({ title: imported.meta.title, text: imported.text, urls: [imported.meta.sourceUrl], sourceName }, mode);
    if ('ask' in judged) return { status: 'duplicate', match: judged.ask.match, article: preview(imported, sourceName), existing: judged.ask.existing };
    const attach = (id: string): void => this.pdfs.attach(id, pdf.file, pdf.facts);
    if (judged.replace) return { status: 'updated', ...this.replaceArticle(judged.replace.id, imported, sourceName, attach) };
    const article = this.db.transaction(() => {
      const summary = this.articles.insert(imported, { sourceName });
      attach(summary.id);
      return summary;
    })();
    return { status: 'imported', article };
  }

  /**
   * An EPUB (by name or by its bytes): one article of its chapters, stored
   * with its file, images and cover (the lead image); duplicates and `mode`
   * as for importFile.
   */
  private importEpub(input: ImportInput, mode: ImportMode): ImportResult {
    const book = readEpub(input);
    const sourceName = baseName(input.fileName);
    const { article: imported } = book;
    const judged = this.judgeDuplicate({ title: imported.meta.title, text: imported.text, urls: [imported.meta.sourceUrl], sourceName }, mode);
    if ('ask' in judged) return { status: 'duplicate', match: judged.ask.match, article: preview(imported, sourceName), existing: judged.ask.existing };
    const attach = (id: string): void => {
      const seq = this.articles.seqOf(id);
      if (seq !== undefined) for (const asset of book.assets) this.assets.add(seq, asset);
      this.books.attach(id, book.file, book.facts);
      this.articles.setPageMeta(id, null, book.facts.cover);
    };
    if (judged.replace) return { status: 'updated', ...this.replaceArticle(judged.replace.id, imported, sourceName, attach) };
    const article = this.db.transaction(() => {
      const summary = this.articles.insert(imported, { sourceName });
      attach(summary.id);
      return this.articles.summary(summary.id) ?? summary;
    })();
    return { status: 'imported', article };
  }

  /** Reads the file and decides what an import does: answer now (a duplicate to ask about), update, or add. */
  private planImport(
    input: ImportInput,
    mode: ImportMode,
  ):
    | { answer: ImportResult }
    | { imported: ImportedArticle; localImages: LocalImages | null; sourceName: string; existing: ArticleSummary | undefined } {
    const { article: imported, localImages } = importDocumentWithImages(input);
    const sourceName = baseName(input.fileName);
    const judged = this.judgeDuplicate({ title: imported.meta.title, text: imported.text, urls: [imported.meta.sourceUrl], sourceName }, mode);
    if ('ask' in judged) {
      return { answer: { status: 'duplicate', match: judged.ask.match, article: preview(imported, sourceName), existing: judged.ask.existing } };
    }
    return { imported, localImages, sourceName, existing: judged.replace };
  }

  /**
   * What `mode` makes of an import that may already be in the library
   * (duplicates.ts): answer now without storing (`ask`), replace an article,
   * or add (`replace` undefined).
   */
  private judgeDuplicate(candidate: DuplicateCandidate, mode: ImportMode): { ask: Duplicate } | { replace: ArticleSummary | undefined } {
    if (mode === 'new') return { replace: undefined };
    const found = this.duplicates.find(candidate, { sameSourceOnly: mode === 'update', identicalOnly: mode === 'skip-identical' });
    if (found && (mode === 'ask' || mode === 'skip-identical')) return { ask: found };
    return { replace: found?.existing };
  }

  private storeImport(kept: FileImages, sourceName: string, existing: ArticleSummary | undefined): ImportResult {
    const result = this.storeImportedFile(kept, sourceName, existing);
    // A saved page imported as a file takes the highlights waiting for its address.
    const url = kept.article.meta.sourceUrl;
    if (url && result.status !== 'duplicate' && attachWaitingSources(this, result.article.id, [url]).length > 0) {
      return { ...result, article: this.articles.summary(result.article.id) ?? result.article };
    }
    return result;
  }

  private storeImportedFile(kept: FileImages, sourceName: string, existing: ArticleSummary | undefined): ImportResult {
    const { article, assets } = kept;
    const linkAssets = (id: string): void => {
      const seq = this.articles.seqOf(id);
      if (seq !== undefined) for (const asset of assets) this.assets.add(seq, asset);
    };
    if (existing) return { status: 'updated', ...this.replaceArticle(existing.id, article, sourceName, linkAssets) };
    if (assets.length === 0) return { status: 'imported', article: this.articles.insert(article, { sourceName }) };
    const inserted = this.db.transaction(() => {
      const summary = this.articles.insert(article, { sourceName });
      linkAssets(summary.id);
      return summary;
    })();
    return { status: 'imported', article: inserted };
  }

  /**
   * Replaces an article's text with a new version of it: the old text is
   * kept in article_versions, the id, added date, reading state and notes
   * stay, and every highlight is re-anchored (orphaned ones are kept). One
   * transaction; the anchoring report is stored on the article.
   */
  updateArticle(id: string, input: ImportInput): UpdateResult {
    if (!this.articles.summary(id)) throw notFound(id);
    return this.replaceArticle(id, importDocument(input), baseName(input.fileName));
  }

  /**
   * Saves a web page with its images. The URL is normalized (fragment and
   * tracking parameters dropped) before looking for an earlier copy, so the
   * same page saved twice is found without fetching it again; `mode` then
   * decides as for importFile ('update' refreshes the stored copy and
   * re-anchors its highlights). Once fetched, the page is also recognised
   * by its text and by its canonical URL (duplicates.ts), so a page already
   * imported as a file is offered for update instead of added twice. A
   * failure stores nothing.
   */
  async saveUrl(
    url: string,
    options: {
      mode?: ImportMode;
      tags?: readonly string[];
      addedAt?: string;
      archived?: boolean;
      favorite?: boolean;
      fetch?: SavePageOptions;
      /** The page as the reader's browser rendered it (the extension): used instead of downloading `url`. */
      captured?: CapturedPage;
    } = {},
  ): Promise<ImportResult> {
    const mode = options.mode ?? 'ask';
    // An address typed without a scheme may be stored under https or http.
    const candidates = addressCandidates(url);
    const before = mode === 'new' ? undefined : this.duplicates.findByUrl(candidates);
    if (before && mode === 'ask') return { status: 'duplicate', match: 'same-source', article: before, existing: before };

    const saved = options.captured ? await saveCapturedPage(options.captured, options.fetch ?? {}) : await this.savePageFor(url, candidates, options.fetch ?? {});
    const found =
      mode === 'new'
        ? undefined
        : before
          ? ({ match: 'same-source', existing: before } as const)
          : this.duplicates.find({
              title: saved.article.meta.title,
              text: saved.article.text,
              urls: [saved.finalUrl, saved.canonicalUrl],
              sourceName: null,
            }, { sameSourceOnly: mode === 'update' });
    if (found && mode === 'ask') return { status: 'duplicate', match: found.match, article: found.existing, existing: found.existing };
    const existing = found?.existing;
    const tags = [...new Set([...saved.article.tags, ...(options.tags ?? [])])];
    const article = { ...saved.article, tags };
    // Highlights waiting for this page (a Pocket, Instapaper or Hypothesis import) move onto it.
    const pageUrls = [...candidates, saved.finalUrl, saved.canonicalUrl];
    if (existing) {
      const updated = this.replaceArticle(existing.id, article, null, (id) => this.storePage(id, saved));
      if (attachWaitingSources(this, existing.id, pageUrls).length === 0) return { status: 'updated', ...updated };
      return { status: 'updated', ...updated, article: this.articles.summary(existing.id) ?? updated.article };
    }
    const summary = this.db.transaction(() => {
      // A list exported from another service keeps its own "time added" and state.
      const added = options.addedAt ? new Date(options.addedAt) : undefined;
      const now = added && !Number.isNaN(added.getTime()) && added.getTime() <= Date.now() ? added : undefined;
      const inserted = this.articles.insert(article, { sourceName: null, ...(now ? { now } : {}) });
      this.storePage(inserted.id, saved);
      keepServiceState(this.db, inserted.id, options);
      attachWaitingSources(this, inserted.id, pageUrls);
      return inserted;
    })();
    return { status: 'imported', article: this.articles.summary(summary.id) ?? summary };
  }

  /** Downloads a page; a failure is also kept on any highlights-only entry waiting for it (waiting.ts). */
  private async savePageFor(url: string, candidates: readonly string[], fetch: SavePageOptions): Promise<SavedPage> {
    try {
      return await savePage(url, fetch);
    } catch (err) {
      if (this.db.open) recordPageSaveFailure(this.db, candidates, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  /**
   * Replaces an article's text with the page at `url`, saved as saveUrl
   * saves one (normalized URL, images, the same network rule); the old text
   * is kept and highlights re-anchored. not_found before anything is fetched.
   */
  async updateArticleFromUrl(id: string, url: string, fetch: SavePageOptions = {}): Promise<UpdateResult> {
    if (!this.articles.summary(id)) throw notFound(id);
    const saved = await savePage(url, fetch);
    const updated = this.replaceArticle(id, saved.article, null, (articleId) => this.storePage(articleId, saved));
    // Highlights waiting for this page move onto it, as for any page saved.
    if (attachWaitingSources(this, id, [url, saved.finalUrl, saved.canonicalUrl]).length === 0) return updated;
    return { ...updated, article: this.articles.summary(id) ?? updated.article };
  }

  /** Everything, as the versioned JSON text of src/main/backup/FORMAT.md. */
  exportJson(): string {
    return serializeLibraryJson(exportLibraryJson(this.db));
  }

  /** Restores or merges a JSON library file (bytes or text); every row checked like an import. */
  importJson(input: Uint8Array | string): MergeReport {
    return importLibraryJson(this.db, input);
  }

  /** Reads a list of URLs (text, bookmarks HTML, Pocket/Instapaper/Omnivore CSV). */
  parseUrlList(fileName: string, bytes: Uint8Array): ParsedUrlList {
    const pages = pagesOnlyExport(fileName, bytes);
    if (!pages && detectHighlightsExport(fileName, bytes)) {
      throw new GlossError('unsupported_format', `“${baseName(fileName)}” is a highlights export, not a list of web addresses: use Import.`);
    }
    const list = pages ?? parseUrlListFile(fileName, new TextDecoder().decode(bytes));
    if (!list || list.entries.length === 0) {
      throw new GlossError('no_content', `“${baseName(fileName)}” has no web addresses to save.`);
    }
    return list;
  }

  /** A saved page's images and page metadata; inside the article's transaction. */
  private storePage(articleId: string, saved: SavedPage): void {
    const seq = this.articles.seqOf(articleId);
    if (seq === undefined) return;
    for (const asset of saved.assets) this.assets.add(seq, asset);
    this.articles.setPageMeta(articleId, saved.canonicalUrl, saved.leadImageHash);
    if (saved.pdf) this.pdfs.attach(articleId, saved.pdf.file, saved.pdf.facts);
  }

  /** `store`: what else to store with the new text (a page's or a file's images), in the same transaction. */
  private replaceArticle(id: string, imported: ImportedArticle, sourceName: string | null, store?: (id: string) => void): UpdateResult {
    const now = new Date();
    const report = this.db.transaction(() => {
      if (!this.articles.replace(id, imported, { sourceName, now })) throw notFound(id);
      if (imported.format !== 'pdf') this.pdfs.detach(id); // no longer a PDF: its pages and file link go
      if (imported.format !== 'epub') this.books.detach(id); // no longer a book: its chapters and file link go
      store?.(id);
      const report = this.highlights.reanchorArticle(id, now);
      this.articles.setAnchorReport(id, report);
      return report;
    })();
    return { article: this.articles.summary(id)!, report };
  }

  /** The last anchoring report of an article, or null if its text was never replaced. */
  getAnchoringReport(articleId: string): AnchoringReport | null {
    const report = this.articles.anchorReport(articleId);
    if (report === undefined) throw notFound(articleId);
    return report;
  }

  listArticles(): ArticleSummary[] {
    return this.articles.list();
  }

  /**
   * pdfText 'later': a PDF with its file comes without html and text
   * (textLater): the PDF view draws its first page before it needs the text
   * (getArticleText), and the 3 MB of a 500-page PDF's body stay behind.
   */
  getArticle(id: string, pdfText?: 'later'): Article {
    if (pdfText === 'later') {
      const head = this.articles.get(id, { body: false });
      const pdf = head?.format === 'pdf' ? this.pdfs.info(id) : undefined;
      if (pdf) return { ...head!, pdf, textLater: true };
    }
    const article = this.articles.get(id);
    if (!article) throw notFound(id);
    const pdf = article.format === 'pdf' ? this.pdfs.info(id) : undefined;
    if (pdf) return { ...article, pdf };
    const book = article.format === 'epub' ? this.books.info(id) : undefined;
    if (book) return { ...article, book };
    const pageSaveFailure = article.format === 'highlights' ? pageSaveFailureOf(this.db, id) : undefined;
    return pageSaveFailure ? { ...article, pageSaveFailure } : article;
  }

  /** An article's canonical text alone, or not_found. */
  getArticleText(id: string): string {
    const text = this.articles.text(id);
    if (text === undefined) throw notFound(id);
    return text;
  }

  /** The PDF file of a PDF article (for the PDF view), or not_found. */
  getPdfFile(articleId: string): { mime: string; bytes: Uint8Array } {
    const hash = this.pdfs.info(articleId)?.fileHash;
    const file = hash ? this.pdfs.file(hash) : undefined;
    if (!file) throw new GlossError('not_found', `Article ${articleId} has no PDF file in this library.`);
    return file;
  }

  deleteArticle(id: string): void {
    if (!this.articles.delete(id)) throw notFound(id);
  }

  /** Deletes several articles at once (all or nothing); the token undoes it while this library is open. */
  deleteArticles(ids: readonly string[]): DeleteArticlesResult {
    return this.trash.deleteArticles(ids);
  }

  undoDeleteArticles(undoToken: string): { restored: string[] } {
    return this.trash.restore(undoToken);
  }

  /** Ranked full-text search over titles, authors, text, highlights and notes. */
  search(query: string, options: SearchOptions = {}): SearchPage {
    return search(this.db, query, options);
  }

  /** One page of the library list, sorted and filtered on indexes. */
  listArticlesPage(query: LibraryPageQuery = {}): LibraryPage {
    return this.reading.page(query);
  }

  listTags(): TagInfo[] {
    return this.tags.list();
  }

  setArticleTags(id: string, tags: readonly string[]): string[] {
    return this.tags.set(id, tags);
  }

  tagArticles(ids: readonly string[], tags: readonly string[]): void {
    this.tags.add(ids, tags);
  }

  untagArticles(ids: readonly string[], tags: readonly string[]): void {
    this.tags.remove(ids, tags);
  }

  renameTag(from: string, to: string): { name: string; merged: boolean } {
    return this.tags.rename(from, to);
  }

  deleteTag(name: string): number {
    return this.tags.delete(name);
  }

  setReadingPosition(id: string, progress: number, position: string): ReadingChange {
    return this.reading.setPosition(id, progress, position);
  }

  setReadState(id: string, state: ReadState): ReadingChange {
    return this.reading.setState(id, state);
  }

  setArchived(ids: readonly string[], archived: boolean): ReadingChange[] {
    return this.reading.setArchived(ids, archived);
  }

  setFavorite(id: string, favorite: boolean): ReadingChange {
    return this.reading.setFavorite(id, favorite);
  }

  /** Highlights in document order; `cfi`: a book's with their EPUB CFI (for other tools; the reader does not pay for it). */
  listHighlights(articleId: string, options: { cfi?: boolean } = {}): Highlight[] {
    const list = this.highlights.list(articleId);
    return options.cfi ? (this.bookCfis ??= new BookCfis(this.db)).withCfis(articleId, list) : list;
  }

  createHighlight(input: NewHighlight): Highlight {
    return this.highlights.create(input);
  }

  updateHighlight(id: string, changes: HighlightChanges): Highlight {
    return this.highlights.update(id, changes);
  }

  deleteHighlight(id: string): void {
    this.highlights.delete(id);
  }

  restoreHighlight(id: string): Highlight {
    return this.highlights.restore(id);
  }

  /** Highlight tags (migration 10; the store exists on every library Library opens). */
  get highlightTags(): HighlightTagStore {
    return this.highlights.tags!;
  }

  setHighlightTags(id: string, tags: readonly string[]): string[] {
    return this.highlightTags.set(id, tags);
  }

  tagHighlights(ids: readonly string[], tags: readonly string[]): void {
    this.highlightTags.add(ids, tags);
  }

  untagHighlights(ids: readonly string[], tags: readonly string[]): void {
    this.highlightTags.remove(ids, tags);
  }

  listHighlightTags(): TagInfo[] {
    return this.highlightTags.listHighlightTags();
  }

  getArticleNote(articleId: string): ArticleNote {
    return this.highlights.getNote(articleId);
  }

  setArticleNote(articleId: string, note: string): ArticleNote {
    return this.highlights.setNote(articleId, note);
  }

  getSettings(): Settings {
    return {
      exportTemplate: this.settings.get<string>('exportTemplate') ?? DEFAULT_TEMPLATE,
      defaultExportTemplate: DEFAULT_TEMPLATE,
      colorLabels: colorLabelsFrom(this.settings.get('colorLabels')),
    };
  }

  /** A template that does not compile is refused before it is stored. */
  setSettings(changes: { exportTemplate?: string | null; colorLabels?: Partial<ColorLabels> | null }): Settings {
    if (changes.colorLabels !== undefined) this.setColorLabels(changes.colorLabels);
    if (changes.exportTemplate !== undefined) {
      const template = changes.exportTemplate;
      if (template === null || template === DEFAULT_TEMPLATE) this.settings.set('exportTemplate', undefined);
      else {
        compileExportTemplate(template);
        this.settings.set('exportTemplate', template);
      }
    }
    return this.getSettings();
  }

  /** Some colours' labels ('' = the default), checked by the one rule; null: every default. Stored only when not all defaults. */
  private setColorLabels(changes: Partial<ColorLabels> | null): void {
    const labels = changes === null ? { ...DEFAULT_COLOR_LABELS } : colorLabelsFrom(this.settings.get('colorLabels'));
    for (const color of HIGHLIGHT_COLORS) {
      const raw = changes?.[color];
      if (raw === undefined) continue;
      const checked = checkColorLabel(color, raw);
      if ('error' in checked) throw new GlossError('invalid_argument', checked.error);
      labels[color] = checked.label;
    }
    this.settings.set('colorLabels', isDefaultColorLabels(labels) ? undefined : labels);
  }

  /** Articles with highlights or a note, newest first. */
  listExportable(): string[] {
    this.selectExportable ??= this.db
      .prepare<[], string>(
        `SELECT a.id FROM articles a
         WHERE EXISTS (SELECT 1 FROM highlights h WHERE h.article_seq = a.seq AND h.deleted_at IS NULL)
            OR EXISTS (SELECT 1 FROM article_notes n WHERE n.article_seq = a.seq AND n.note <> '')
         ORDER BY a.added_at DESC, a.seq DESC`,
      )
      .pluck();
    return this.selectExportable.all();
  }

  /** What the export module needs for each article, read in one transaction (a few set-wide queries). */
  /** `template`: the one the items are for (books' CFIs are derived only when it shows them). */
  exportItems(articleIds: readonly string[], template?: CompiledTemplate): ExportItem[] {
    const reader = (this.exportReader ??= new ExportReader(this.db));
    const cfi = template ? template.names.has('cfi') : true;
    const colorLabels = this.getSettings().colorLabels;
    return this.db.transaction(() => reader.read(articleIds, { cfi }).map((item) => ({ ...item, colorLabels }))).deferred(); // reads only
  }

  /** frontMatter false: without the YAML front matter (Copy as Markdown). */
  renderMarkdown(articleIds: readonly string[], options: { frontMatter?: boolean } = {}): MarkdownFile[] {
    const template = compileExportTemplate(this.getSettings().exportTemplate);
    const frontMatter = options.frontMatter ?? true;
    return this.exportItems(articleIds, template).map((item) => ({
      articleId: item.article.id,
      fileName: `${slugify(item.article.title)}.md`,
      markdown: renderArticleMarkdown({ ...item, template, frontMatter }),
    }));
  }

  exportToFolder(dir: string, articleIds: readonly string[], onProgress?: (done: number, total: number) => void): ExportReport {
    const template = this.getSettings().exportTemplate;
    return exportToFolder({
      dir,
      articles: this.exportItems(articleIds, compileExportTemplate(template)),
      template,
      ...(onProgress ? { onProgress } : {}),
    });
  }

  /** A consistent snapshot of the library file (SQLite online backup). */
  backup(file: string): Promise<{ file: string; bytes: number }> {
    return backupDatabase(this.db, file).then((r) => ({ file: r.file, bytes: r.bytes }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function notFound(id: string): GlossError {
  return new GlossError('not_found', `No article with id ${id} in this library.`);
}

function baseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] || fileName;
}

/** The summary an import would get if it were stored (id '' since it is not). */
function preview(imported: ImportedArticle, sourceName: string): ArticleSummary {
  const now = new Date().toISOString();
  return {
    ...imported.meta,
    id: '',
    format: imported.format,
    sourceName,
    addedAt: now,
    updatedAt: now,
    readingMinutes: readingMinutes(imported.meta.wordCount),
    highlightCount: 0,
  };
}
