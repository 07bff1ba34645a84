/**
 * Imports an Omnivore export (omnivore-export.ts reads it): each item with
 * saved content becomes an article made from that content by the ordinary
 * HTML import (sanitized, no network: images that point to the web stay
 * links to their address and are not downloaded) or PDF import, with its
 * address as its source, labels as tags, Archived kept, reading progress
 * as reading position (Finished at 100 %), saved and published dates; its
 * highlights are placed in its text (place-quote.ts: exactly, with
 * typography folded, approximately; otherwise kept as "Not found in text"),
 * each with its note (and its labels, as its tags); a page note becomes the
 * article note. An item without content becomes a highlights-only source
 * with its address (waiting.ts: a later save of the page takes them), or,
 * with no highlights either, a page to save.
 *
 * Identity: an item is the article at its address (or a source waiting
 * for it); a highlight's id is a hash of the page and the quote
 * (identity.ts), so a re-import, or a resume after a cancel or a crash,
 * adds nothing twice. One transaction per item; between items the event
 * loop runs (the window and other requests are served) and `signal` is
 * checked.
 */
import type { LibraryStores } from './stores';
import type { HighlightsImportReport, UrlListEntry } from '../../shared/types';
import type { ImportedArticle } from '../import/types';
import type { ReadingStore } from '../db/reading';
import type { PdfStore } from '../pdf/store';
import { GlossError, userErrorOf } from '../../shared/errors';
import { importHtml } from '../import/html';
import { readPdf } from '../pdf/read-pdf';
import { selectorsAt } from '../highlights/place';
import { tryNormalizeUrl } from '../web/url';
import { tagNamesFromSource } from '../../shared/tags';
import { pageKey, sourceKey, stableHighlightId } from './identity';
import { QuotePlacer } from './place-quote';
import { articleAtAddress, attachWaitingSources, keepServiceState } from './waiting';
import { importHighlightsExport } from './import-highlights';
import type { SourceBook } from './model';
import { parseOmnivoreHighlights, type OmnivoreHighlight, type OmnivoreHighlightsFile } from './omnivore-highlights';
import {
  itemFiles,
  MAX_OMNIVORE_PDF_BYTES,
  MAX_OMNIVORE_TEXT_BYTES,
  openOmnivoreZip,
  readOmnivoreItems,
  type OmnivoreItem,
} from './omnivore-export';
import type { EpubZip } from '../epub/zip';
import { extractPool } from '../workers/pool';
import { runExtractJob, type HtmlJob } from '../workers/extract-jobs';

/** What an Omnivore import writes through: a Library has all of these. */
export interface OmnivoreStores extends LibraryStores {
  readonly reading: ReadingStore;
  readonly pdfs: PdfStore;
}

export interface OmnivoreImportOptions {
  now?: Date;
  /** Stops after the item being imported; what is done stays (a re-import resumes). */
  signal?: AbortSignal;
  /** After each item (and once before the first), counting the items skipped by `from`. */
  onProgress?: (done: number, total: number) => void;
  /** Resuming: the first `from` items were imported before (their metadata failures were reported then too). */
  from?: number;
}

export interface OmnivoreImportResult {
  report: HighlightsImportReport;
  done: number;
  total: number;
  cancelled: boolean;
}

/** The zip's inflate budget (epub/zip.ts) is per opening: reopened every so many items, so a big export is not refused. */
const ITEMS_PER_OPENING = 250;

/** Exports with at least this many items left to import extract on the worker threads (workers/pool.ts). */
export const EXTRACT_AHEAD_FROM = 40;

/** Lets the event loop run (IPC, HTTP, timers) between items. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function importOmnivoreExport(
  library: OmnivoreStores,
  fileName: string,
  bytes: Uint8Array,
  options: OmnivoreImportOptions = {},
): Promise<OmnivoreImportResult> {
  const now = options.now ?? new Date();
  let zip = openOmnivoreZip(bytes, fileName);
  const { items, failures } = readOmnivoreItems(zip);
  if (items.length === 0) {
    const why = failures[0] ? ` (${failures[0].where}: ${failures[0].reason})` : '';
    throw new GlossError('no_content', `“${fileName}” has no Omnivore items to import${why}.`);
  }
  const report: HighlightsImportReport = {
    format: 'omnivore-zip',
    sources: { created: 0, present: 0 },
    highlights: { added: 0, present: 0, unplaced: 0, fuzzy: 0, failed: 0 },
    failures: options.from ? [] : [...failures],
    articleIds: [],
  };
  const toSave: UrlListEntry[] = [];
  const total = items.length;
  let done = Math.min(options.from ?? 0, total);
  options.onProgress?.(done, total);
  // Items' HTML is extracted ahead, on the extraction workers, while this thread stores the one before
  // (a small export is done before workers would have loaded their parser).
  const pool = extractPool();
  const ahead = pool.parallel && total - done >= EXTRACT_AHEAD_FROM ? pool.size * 2 + 1 : 0;
  const extract = ahead > 0 ? (job: HtmlJob) => pool.run(job) : (job: HtmlJob) => runExtractJob(job);
  const extracting = new Map<number, Promise<ImportedArticle>>();
  let reads = 0;
  let next = done;
  const extractAhead = (upTo: number): void => {
    for (; next < Math.min(upTo, total); next++) {
      // The zip's inflate budget (epub/zip.ts) is per opening: reopened every so many items read.
      if (++reads % ITEMS_PER_OPENING === 0) zip = openOmnivoreZip(bytes, fileName);
      const job = extractionOf(library, zip, items[next]!, extract);
      if (job) extracting.set(next, job);
    }
  };
  for (let index = done; index < total; index++) {
    const item = items[index]!;
    if (options.signal?.aborted) break;
    extractAhead(index + 1 + ahead);
    const extracted = extracting.get(index);
    extracting.delete(index);
    try {
      await importItem(library, zip, item, fileName, now, report, toSave, extracted);
    } catch (err) {
      const reason = userErrorOf(err)?.message ?? (err instanceof Error ? err.message : String(err));
      report.failures.push({ where: `“${item.title}”`, reason });
    }
    done++;
    options.onProgress?.(done, total);
    await yieldToLoop();
  }
  // Extractions started for items a cancel left are dropped (nothing of them was stored).
  if (toSave.length) report.toSave = toSave;
  return { report, done, total, cancelled: done < total };
}

/**
 * Starts extracting an item's saved HTML (Readability, sanitize), on a
 * worker or in this thread: the HTML string goes in, the article (text, clean HTML, facts)
 * comes out. Undefined for an item without HTML or one already a document
 * here (a re-import stores only its new highlights).
 */
function extractionOf(
  library: OmnivoreStores,
  zip: EpubZip,
  item: OmnivoreItem,
  extract: (job: HtmlJob) => Promise<ImportedArticle>,
): Promise<ImportedArticle> | undefined {
  const files = itemFiles(item);
  if (!zip.has(files.html)) return undefined;
  const address = item.url ? (tryNormalizeUrl(item.url) ?? item.url) : null;
  const existing = address ? articleAtAddress(library.db, address) : undefined;
  if (existing && !existing.waiting) return undefined;
  let job: Promise<ImportedArticle>;
  try {
    const html = zip.text(files.html, MAX_OMNIVORE_TEXT_BYTES);
    if (html === null) return undefined;
    job = extract({ kind: 'html', source: html, fileName: `${item.slug}.html`, sourceUrl: item.url });
  } catch (err) {
    // An entry that unpacks past its cap: that item's failure, reported when it is stored.
    job = Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  // Awaited when its item is stored; a failure is that item's (handled there), never unhandled meanwhile.
  job.catch(() => undefined);
  return job;
}

async function importItem(
  library: OmnivoreStores,
  zip: EpubZip,
  item: OmnivoreItem,
  fileName: string,
  now: Date,
  report: HighlightsImportReport,
  toSave: UrlListEntry[],
  /** The item's HTML, extracted ahead (extractionOf); else extracted here. */
  extracted?: Promise<ImportedArticle>,
): Promise<void> {
  const files = itemFiles(item);
  const notes = parseOmnivoreHighlights(zip.text(files.highlights, MAX_OMNIVORE_TEXT_BYTES) ?? '');
  const address = item.url ? (tryNormalizeUrl(item.url) ?? item.url) : null;
  const key = address ? pageKey(address) : sourceKey(item.title, item.author);
  const hasContent = zip.has(files.html) || zip.has(files.pdf);
  const existing = address ? articleAtAddress(library.db, address) : undefined;

  if (!hasContent) {
    if (notes.highlights.length === 0 && !notes.pageNote) {
      if (existing) report.sources.present++;
      else if (address) toSave.push({ url: address, title: item.title, tags: item.labels, ...(item.savedAt ? { addedAt: item.savedAt } : {}) });
      else report.failures.push({ where: `“${item.title}”`, reason: 'no saved content, highlights or address in the export' });
      return;
    }
    // Its page, to save when the user wants it (its highlights wait for it).
    toSave.push(...importAsSource(library, item, notes, address, fileName, now, report));
    return;
  }

  if (existing && !existing.waiting) {
    // Already a document here (this export imported before, or the page saved another way): only what is new.
    library.db.transaction(() => {
      addHighlights(library, existing.id, key, notes.highlights, now, report);
      if (item.labels.length) library.tags.add([existing.id], item.labels, now);
      addPageNote(library, existing.id, notes.pageNote, now);
    })();
    report.sources.present++;
    report.articleIds.push(existing.id);
    return;
  }

  const pdf = zip.has(files.html) ? null : await readPdf({ fileName: `${item.slug}.pdf`, bytes: zip.read(files.pdf, MAX_OMNIVORE_PDF_BYTES)!, ...(item.url ? { sourceUrl: item.url } : {}) });
  const imported = pdf ? pdf.article : await (extracted ?? importHtml(zip.text(files.html, MAX_OMNIVORE_TEXT_BYTES)!, `${item.slug}.html`, item.url));
  const article = withItemFacts(imported, item);
  const id = library.db.transaction(() => {
    const id = library.articles.insert(article, { sourceName: fileName, now: addedDate(item, now) }).id;
    if (pdf) library.pdfs.attach(id, pdf.file, pdf.facts);
    // A source waiting for this page (a Pocket or Instapaper import, this item without content) moves onto it first.
    if (address) attachWaitingSources(library, id, [address, item.url], now);
    addHighlights(library, id, key, notes.highlights, now, report);
    addPageNote(library, id, notes.pageNote, now);
    keepReading(library, id, item, article.text, now);
    return id;
  })();
  report.sources.created++;
  report.articleIds.push(id);
}

/** The exported item's own facts win over what the importer read from the content (Omnivore's title, author, dates). */
function withItemFacts(imported: ImportedArticle, item: OmnivoreItem): ImportedArticle {
  return {
    ...imported,
    meta: {
      ...imported.meta,
      title: item.title || imported.meta.title,
      author: item.author ?? imported.meta.author,
      sourceUrl: item.url ?? imported.meta.sourceUrl,
      publishedAt: item.publishedAt ?? imported.meta.publishedAt,
      excerpt: item.description?.slice(0, 500) ?? imported.meta.excerpt,
    },
    tags: tagNamesFromSource([...imported.tags, ...item.labels]),
  };
}

/** When Omnivore saved it; now for a missing or future date. */
function addedDate(item: OmnivoreItem, now: Date): Date {
  const at = item.savedAt ? new Date(item.savedAt) : null;
  return at && !Number.isNaN(at.getTime()) && at.getTime() <= now.getTime() ? at : now;
}

/** A highlight's note and its labels, which become its tags. */
function noteOf(h: OmnivoreHighlight): { note: string; tags: string[] } {
  return { note: h.note, tags: tagNamesFromSource(h.labels) };
}

function addHighlights(
  library: OmnivoreStores,
  articleId: string,
  key: string,
  highlights: readonly OmnivoreHighlight[],
  now: Date,
  report: HighlightsImportReport,
): void {
  if (highlights.length === 0) return;
  const article = library.articles.get(articleId);
  if (!article) throw new GlossError('not_found', `No article with id ${articleId} in this library.`);
  const exists = library.db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM highlights WHERE id = ?`);
  const placer = new QuotePlacer(article.text);
  const seen = new Set<string>();
  for (const h of highlights) {
    const id = stableHighlightId(key, h.quote);
    if (seen.has(id)) continue; // the same quote twice on one page is one highlight
    seen.add(id);
    if (exists.get(id)) {
      report.highlights.present++;
      continue;
    }
    const found = placer.place(h.quote);
    if (found) {
      const selectors = selectorsAt(article.text, found.start, found.end);
      library.highlights.create({ id, articleId, quote: selectors.quote, position: selectors.position, color: 'yellow', ...noteOf(h) }, now);
      if (found.status === 'fuzzy') report.highlights.fuzzy = (report.highlights.fuzzy ?? 0) + 1;
    } else {
      library.highlights.createUnplaced({ id, articleId, quote: { exact: h.quote, prefix: '', suffix: '' }, color: 'yellow', ...noteOf(h) }, now);
      report.highlights.unplaced++;
    }
    report.highlights.added++;
  }
}

/** The page note joins the article note once. */
function addPageNote(library: OmnivoreStores, articleId: string, pageNote: string, now: Date): void {
  if (!pageNote) return;
  const current = library.highlights.getNote(articleId).note;
  if (current.includes(pageNote)) return;
  library.highlights.setNote(articleId, [current.trimEnd(), pageNote].filter(Boolean).join('\n\n'), now);
}

/**
 * Omnivore's reading progress (how far down the reader got) as Gloss's: the
 * progress, and a position at the start of the paragraph that far into the
 * text (the reader opens there); 100 % is Finished. Archived is kept.
 */
function keepReading(library: OmnivoreStores, id: string, item: OmnivoreItem, text: string, now: Date): void {
  if (item.progress > 0) {
    const at = Math.floor(item.progress * text.length);
    const paragraph = item.progress >= 1 ? 0 : text.lastIndexOf('\n', at) + 1;
    library.reading.setPosition(id, item.progress, JSON.stringify({ v: 1, o: paragraph, f: 0 }), now);
  }
  keepServiceState(library.db, id, { archived: item.archived });
}

/** An item without saved content: its highlights (and page note) wait on a source for its page. */
function importAsSource(
  library: OmnivoreStores,
  item: OmnivoreItem,
  notes: OmnivoreHighlightsFile,
  address: string | null,
  fileName: string,
  now: Date,
  report: HighlightsImportReport,
): UrlListEntry[] {
  const book: SourceBook = {
    title: item.title,
    author: item.author,
    tags: item.labels,
    highlights: notes.highlights.map((h) => ({
      quote: h.quote,
      ...noteOf(h),
      color: 'yellow',
      location: { page: null, start: null, end: null },
      addedAt: null,
    })),
    looseNotes: notes.pageNote ? [notes.pageNote] : [],
    ...(address ? { url: address } : {}),
    ...(item.savedAt ? { addedAt: item.savedAt } : {}),
    ...(item.archived ? { archived: true } : {}),
  };
  const sub = importHighlightsExport(library, { format: 'omnivore-zip', books: [book], failures: [] }, fileName, now);
  report.sources.created += sub.sources.created;
  report.sources.present += sub.sources.present;
  report.highlights.added += sub.highlights.added;
  report.highlights.present += sub.highlights.present;
  report.highlights.unplaced += sub.highlights.unplaced;
  report.highlights.failed += sub.highlights.failed;
  report.failures.push(...sub.failures);
  report.articleIds.push(...sub.articleIds);
  return sub.toSave ?? [];
}
