/**
 * Stores a parsed highlights export: each book becomes a highlights-only
 * source (an article of format 'highlights', source-body.ts), or, when its
 * highlights are already in the library (found by their stable ids,
 * identity.ts), gets only what is new — added in reading order to a source
 * that is still highlights-only, or placed in the text of one that became a
 * document (kept as "Not found in text" when it is not there). Each book is
 * one transaction; the report counts everything.
 */
import type { LibraryStores } from './stores';
import type { ArticleSummary, HighlightsImportReport, UrlListEntry } from '../../shared/types';
import type { ImportedArticle } from '../import/types';
import { GlossError, userErrorOf } from '../../shared/errors';
import { excerptOf } from '../import/finalize';
import { locationLabel, locationOrder, type ParsedHighlightsExport, type SourceBook, type SourceHighlight } from './model';
import { pageKey, sourceKey, stableHighlightId } from './identity';
import { articleAtAddress, keepServiceState } from './waiting';
import { buildSourceBody, readSourceItems, sortItems, type BodyItem } from './source-body';
import { QuotePlacer } from './place-quote';
import { reanchorHighlight, selectorsAt } from '../highlights/place';

interface Wanted {
  id: string;
  highlight: SourceHighlight;
}

/** When the export says the highlight was made; now for a missing or future date. */
function createdAt(h: SourceHighlight, now: Date): Date {
  const at = h.addedAt ? new Date(h.addedAt) : null;
  return at && !Number.isNaN(at.getTime()) && at.getTime() <= now.getTime() ? at : now;
}

function sourceArticle(book: SourceBook, body: { html: string; text: string; wordCount: number }): ImportedArticle {
  return {
    format: 'highlights',
    meta: {
      title: book.title,
      author: book.author,
      siteName: null,
      // A web page's source waits for its page at this address (waiting.ts).
      sourceUrl: book.url ?? null,
      publishedAt: null,
      language: null,
      excerpt: excerptOf(body.text, 200) || null,
      wordCount: body.wordCount,
    },
    html: body.html,
    text: body.text,
    tags: book.tags,
  };
}

function item(w: Wanted): BodyItem {
  return { id: w.id, quote: w.highlight.quote, label: locationLabel(w.highlight.location), order: locationOrder(w.highlight.location) };
}

export function importHighlightsExport(library: LibraryStores, parsed: ParsedHighlightsExport, sourceName: string, now: Date = new Date()): HighlightsImportReport {
  const report: HighlightsImportReport = {
    format: parsed.format,
    sources: { created: 0, present: 0 },
    highlights: { added: 0, present: 0, unplaced: 0, failed: parsed.failures.length },
    failures: [...parsed.failures],
    articleIds: [],
  };
  const findOwner = library.db.prepare<[string], { article_id: string }>(
    `SELECT a.id AS article_id FROM highlights h JOIN articles a ON a.seq = h.article_seq WHERE h.id = ?`,
  );
  for (const book of parsed.books) {
    try {
      const id = library.db.transaction(() => importBook(library, book, sourceName, now, report, (hid) => findOwner.get(hid)?.article_id))();
      report.articleIds.push(id);
    } catch (err) {
      const reason = userErrorOf(err)?.message ?? (err instanceof Error ? err.message : String(err));
      report.failures.push({ where: `“${book.title}”`, reason });
      report.highlights.failed += book.highlights.length;
    }
  }
  const toSave = pagesToSave(library, parsed, report.articleIds);
  if (toSave) report.toSave = toSave;
  return report;
}

/** The pages still to save: each source still waiting for its page, then the items without highlights. */
function pagesToSave(library: LibraryStores, parsed: ParsedHighlightsExport, articleIds: readonly string[]): UrlListEntry[] | undefined {
  if (!parsed.books.some((b) => b.url) && !parsed.toSave) return undefined;
  const out: UrlListEntry[] = [];
  const seen = new Set<string>();
  for (const id of articleIds) {
    const article = library.articles.summary(id);
    if (article?.format !== 'highlights' || !article.sourceUrl || seen.has(article.sourceUrl)) continue;
    seen.add(article.sourceUrl);
    const book = parsed.books.find((b) => b.url === article.sourceUrl);
    out.push({
      url: article.sourceUrl,
      title: article.title,
      tags: book?.tags ?? [],
      ...(book?.addedAt ? { addedAt: book.addedAt } : {}),
      ...(book?.archived ? { archived: true } : {}),
      ...(book?.favorite ? { favorite: true } : {}),
    });
  }
  for (const entry of parsed.toSave ?? []) {
    if (seen.has(entry.url)) continue;
    seen.add(entry.url);
    out.push(entry);
  }
  return out;
}

function importBook(
  library: LibraryStores,
  book: SourceBook,
  sourceName: string,
  now: Date,
  report: HighlightsImportReport,
  ownerOf: (highlightId: string) => string | undefined,
): string {
  const key = book.url ? pageKey(book.url) : sourceKey(book.title, book.author);
  const seen = new Set<string>();
  const wanted: Wanted[] = [];
  for (const highlight of book.highlights) {
    const id = stableHighlightId(key, highlight.quote);
    if (seen.has(id)) continue; // the same quote twice in one book is one highlight
    seen.add(id);
    wanted.push({ id, highlight });
  }
  // The article that holds any of these highlights is this book's source (also after it became a document).
  let owner: string | undefined;
  const fresh: Wanted[] = [];
  for (const w of wanted) {
    const found = ownerOf(w.id);
    if (found) owner ??= found;
    else fresh.push(w);
  }
  report.highlights.present += wanted.length - fresh.length;
  // A page already in the library (saved, or waiting for its page) takes them.
  if (!owner && book.url) owner = articleAtAddress(library.db, book.url)?.id;
  let articleId: string;
  if (!owner) {
    const body = buildSourceBody(sortItems(fresh.map(item)));
    const added = book.addedAt ? new Date(book.addedAt) : null;
    const addedAt = added && !Number.isNaN(added.getTime()) && added.getTime() <= now.getTime() ? added : now;
    articleId = library.articles.insert(sourceArticle(book, body), { sourceName, now: addedAt }).id;
    keepServiceState(library.db, articleId, book);
    for (const placed of body.items) {
      const w = fresh.find((f) => f.id === placed.id)!;
      addPlaced(library, articleId, w, placed.start, body.text, placed.end, now);
    }
    report.sources.created++;
  } else {
    articleId = owner;
    report.sources.present++;
    if (fresh.length) addToExisting(library, articleId, book, fresh, sourceName, now, report);
    if (book.tags.length) library.tags.add([articleId], book.tags, now);
  }
  report.highlights.added += fresh.length;
  addLooseNotes(library, articleId, book.looseNotes, now);
  return articleId;
}

function addPlaced(library: LibraryStores, articleId: string, w: Wanted, start: number, text: string, end: number, now: Date): void {
  const selectors = selectorsAt(text, start, end);
  library.highlights.create(
    { id: w.id, articleId, quote: selectors.quote, position: selectors.position, color: w.highlight.color, note: w.highlight.note, tags: w.highlight.tags ?? [] },
    createdAt(w.highlight, now),
  );
}

/** New highlights for a source already in the library. */
function addToExisting(
  library: LibraryStores,
  articleId: string,
  book: SourceBook,
  fresh: Wanted[],
  sourceName: string,
  now: Date,
  report: HighlightsImportReport,
): void {
  const article = library.articles.get(articleId);
  if (!article) throw new GlossError('not_found', `No article with id ${articleId} in this library.`);
  if (article.format === 'highlights') {
    // Still highlights-only: the body is rebuilt with the new quotes in reading order.
    const { items: kept, inner } = readSourceItems(article.text, library.highlights.list(articleId));
    const body = buildSourceBody(sortItems([...kept, ...fresh.map(item)]));
    library.articles.replace(articleId, sourceArticle({ ...book, title: article.title, author: article.author }, body), { sourceName, now });
    for (const placed of body.items) {
      const w = fresh.find((f) => f.id === placed.id);
      if (w) addPlaced(library, articleId, w, placed.start, body.text, placed.end, now);
      else {
        const selectors = selectorsAt(body.text, placed.start, placed.end);
        library.highlights.update(placed.id, { quote: selectors.quote, position: selectors.position }, now);
      }
    }
    // Highlights made in Gloss on part of a quote follow their words.
    for (const h of inner) {
      const moved = reanchorHighlight(body.text, { quote: h.quote, position: h.position });
      if (moved.status !== 'orphaned') library.highlights.update(h.id, moved.selectors, now);
    }
    return;
  }
  // A document now: each new quote is placed in its text, or kept unplaced.
  const placer = new QuotePlacer(article.text);
  for (const w of fresh) {
    const found = placer.place(w.highlight.quote, w.highlight.context);
    if (found) addPlaced(library, articleId, w, found.start, article.text, found.end, now);
    else {
      library.highlights.createUnplaced(
        { id: w.id, articleId, quote: { exact: w.highlight.quote, prefix: '', suffix: '' }, color: w.highlight.color, note: w.highlight.note, tags: w.highlight.tags ?? [] },
        createdAt(w.highlight, now),
      );
      report.highlights.unplaced++;
    }
  }
}

/** Notes that belong to no highlight go into the article note, each once. */
function addLooseNotes(library: LibraryStores, articleId: string, notes: readonly string[], now: Date): void {
  if (notes.length === 0) return;
  const current = library.highlights.getNote(articleId).note;
  const missing = notes.filter((n) => !current.includes(n));
  if (missing.length === 0) return;
  const next = [current.trimEnd(), ...missing].filter(Boolean).join('\n\n');
  library.highlights.setNote(articleId, next, now);
}

/** The summary a report's shell shows first (its first source). */
export function firstSource(library: LibraryStores, report: HighlightsImportReport): ArticleSummary | undefined {
  const id = report.articleIds[0];
  return id ? library.articles.summary(id) : undefined;
}
