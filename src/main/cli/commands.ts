/**
 * The CLI's commands, each a few calls through the API's dispatcher (the
 * one the app uses) and the printing of their answers. Output goes through
 * `out` (stdout lines) and `err` (stderr lines).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { GlossError, userErrorOf } from '../../shared/errors';
import { importLimitOf } from '../../shared/import-limit';
import type { AnchoringReport, ArticleSummary, ColorLabels, Highlight, HighlightColor, HighlightsImportReport, ImportResult, LibrarySort, SearchMatch, UrlListEntry } from '../../shared/types';
import { saveUrlArgs } from '../../shared/save-args';
import { highlightsReportSentence } from '../../shared/highlights-report';
import type { LibraryApi } from '../api/library-api';
import { readPageFolder } from '../import/page-folder-files';
import { isWebAddress } from '../../shared/web-address';
import { w3cSelectors } from '../../shared/pdf/highlight-page';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

function errorMessage(err: unknown): string {
  const known = userErrorOf(err);
  if (known) return known.message;
  if (err && typeof err === 'object' && 'code' in err && err.code === 'ENOENT') return 'No such file.';
  if (err && typeof err === 'object' && 'code' in err && err.code === 'EISDIR') return 'Is a folder, not a file.';
  if (err && typeof err === 'object' && 'code' in err && err.code === 'EACCES') return 'Permission denied.';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Web pages are saved by the API (saveUrl, updateArticleFromUrl); anything
 * else is a file here. A web address may be typed without its scheme
 * (`example.com/page`, by the one rule in web/url.ts), but a file of that
 * name, when one exists, wins.
 */
function isHttpUrl(source: string): boolean {
  if (/^https?:\/\//i.test(source)) return true;
  return isWebAddress(source) && !existsSync(source);
}

/** Reads a file for import, refusing oversize files before reading them (PDFs have their own, larger limit). */
function readImportFile(path: string): Uint8Array<ArrayBuffer> {
  const size = statSync(path).size;
  const limit = importLimitOf(path);
  if (size > limit) {
    const kind = /\.pdf$/i.test(path) ? 'PDFs' : /\.epub$/i.test(path) ? 'EPUB books' : 'files';
    throw new GlossError('too_large', `The file is ${(size / 1048576).toFixed(1)} MB; Gloss imports ${kind} up to ${limit / 1048576} MB.`);
  }
  return readFileSync(path);
}

/** A file as the API takes it: its name (the importer reads the extension) and bytes. */
function readFileArgs(path: string): { name: string; data: Uint8Array<ArrayBuffer> } {
  return { name: basename(path), data: readImportFile(path) };
}

/** A file to import, with the images of its `NAME_files/` folder when it is a saved page. */
function readImportArgs(path: string): { name: string; data: Uint8Array<ArrayBuffer>; resources?: { name: string; data: Uint8Array<ArrayBuffer> }[] } {
  const file = readFileArgs(path);
  const resources = readPageFolder(path).map((r) => ({ name: r.name, data: r.bytes }));
  return resources.length ? { ...file, resources } : file;
}

function counts(report: AnchoringReport): { exact: number; moved: number; orphaned: number } {
  return { exact: report.exact, moved: report.moved, orphaned: report.orphaned };
}

function reportSentence(report: AnchoringReport): string {
  const total = report.exact + report.moved + report.orphaned;
  if (total === 0) return 'no highlights to re-anchor';
  return `${report.exact} highlight${report.exact === 1 ? '' : 's'} in place, ${report.moved} moved, ${report.orphaned} not found in the new text`;
}

/**
 * Imports files (or http(s) URLs) as new articles; with `update`, a source
 * matching an existing article (same URL, or same file name and title)
 * replaces that article's text instead. A file identical to an article
 * already in the library (same title and text: src/main/duplicates.ts) is
 * skipped; a URL already saved is not saved again.
 */
export async function importFiles(
  api: LibraryApi,
  sources: readonly string[],
  options: { json: boolean; update: boolean; password?: string },
  io: Io,
): Promise<number> {
  const password = options.password !== undefined ? { password: options.password } : {};
  let failed = 0;
  for (const source of sources) {
    let result: ImportResult;
    try {
      // A web page is saved with its images; saving the same URL again
      // changes nothing unless --update asks to refresh the stored copy.
      if (isHttpUrl(source)) {
        result = await api.call('saveUrl', { url: source, mode: options.update ? 'update' : 'ask' });
      } else {
        // An identical file is skipped; another version of a file (same name, other text) is a new article unless --update.
        result = await api.call('importFile', { ...readImportArgs(source), ...password, mode: options.update ? 'update' : 'skip-identical' });
      }
    } catch (err) {
      failed++;
      const error = errorMessage(err);
      if (options.json) io.out(JSON.stringify({ ok: false, source, error }));
      else io.err(`failed   ${source}: ${error}`);
      continue;
    }
    if (result.status === 'highlights') {
      if (options.json) io.out(JSON.stringify({ ok: true, id: result.article.id, title: result.article.title, source, status: result.status, report: result.report }));
      else printHighlightsReport(source, result.report, io);
      failed += await savePagesLeft(api, result.report.toSave ?? [], options.json, io);
      continue;
    }
    const article = result.status === 'duplicate' ? result.existing : result.article;
    if (options.json) {
      io.out(
        JSON.stringify({
          ok: true,
          id: article.id,
          title: article.title,
          source,
          status: result.status,
          ...(result.status === 'duplicate' ? { match: result.match } : {}),
          ...(result.status === 'updated' ? { report: counts(result.report) } : {}),
        }),
      );
    } else if (result.status === 'duplicate' && !isHttpUrl(source)) {
      io.out(`skipped  ${source}  (already in your library: ${article.title})`);
    } else if (result.status === 'duplicate') {
      io.out(`saved    ${article.id}  ${article.title}  (already in the library; --update refreshes it)`);
    } else if (result.status === 'updated') {
      io.out(`updated  ${article.id}  ${article.title}  (${reportSentence(result.report)})`);
    } else io.out(`imported ${article.id}  ${article.title}${await formatNote(api, article)}`);
  }
  return failed > 0 ? 1 : 0;
}

/**
 * Saves the pages a Pocket, Instapaper or Hypothesis export left to save,
 * one after another (the app does it in the background with its URL-list
 * job): each one saved takes the highlights waiting for it; one that fails
 * keeps them on its source, and the failure is printed. Returns how many failed.
 */
async function savePagesLeft(api: LibraryApi, pages: readonly UrlListEntry[], json: boolean, io: Io): Promise<number> {
  let failed = 0;
  for (const entry of pages) {
    try {
      const result = await api.call('saveUrl', saveUrlArgs(entry));
      const article = result.status === 'duplicate' ? result.existing : result.article;
      if (json) io.out(JSON.stringify({ ok: true, id: article.id, title: article.title, source: entry.url, status: result.status }));
      else io.out(`saved    ${article.id}  ${article.title}${result.status === 'duplicate' ? '  (already in the library)' : ''}`);
    } catch (err) {
      failed++;
      const error = errorMessage(err);
      const kept = entry.title ? ` (its highlights stay on “${entry.title}”)` : '';
      if (json) io.out(JSON.stringify({ ok: false, source: entry.url, error }));
      else io.err(`failed   ${entry.url}: ${error}${kept}`);
    }
  }
  return failed;
}

/** One line for a highlights export, then why each failed entry or row failed (the first 20). */
function printHighlightsReport(source: string, report: HighlightsImportReport, io: Io): void {
  io.out(`imported ${highlightsReportSentence(source, report)}`);
  for (const f of report.failures.slice(0, 20)) io.out(`    ${f.where}: ${f.reason}`);
  if (report.failures.length > 20) io.out(`    … and ${report.failures.length - 20} more`);
}

/** What an imported PDF or book is, after its title on the `imported` line. */
async function formatNote(api: LibraryApi, article: ArticleSummary): Promise<string> {
  if (article.format === 'pdf') return pdfNote(api, article.id);
  if (article.format === 'epub') return bookNote(api, article.id);
  return '';
}

/** "  (EPUB by Jane Doe, 12 chapters)". */
async function bookNote(api: LibraryApi, id: string): Promise<string> {
  const { author, book } = await api.call('getArticle', { id });
  if (!book) return '  (EPUB)';
  const chapters = `${book.chapters.length} chapter${book.chapters.length === 1 ? '' : 's'}`;
  return `  (EPUB${author ? ` by ${author}` : ''}, ${chapters})`;
}

/** "  (PDF, 12 pages)", and what a PDF without text cannot do. */
async function pdfNote(api: LibraryApi, id: string): Promise<string> {
  const pdf = (await api.call('getArticle', { id })).pdf;
  if (!pdf) return '  (PDF)';
  const pages = `${pdf.pageCount} page${pdf.pageCount === 1 ? '' : 's'}`;
  return pdf.hasText ? `  (PDF, ${pages})` : `  (PDF, ${pages}, no text: scanned pages cannot be searched or highlighted)`;
}

const LIST_FIELDS = [
  'id', 'title', 'author', 'siteName', 'sourceUrl', 'publishedAt', 'addedAt', 'wordCount', 'readingMinutes',
] as const satisfies readonly (keyof ArticleSummary)[];

export async function listArticles(api: LibraryApi, json: boolean, io: Io, tags: readonly string[] = [], sort?: LibrarySort): Promise<number> {
  const articles: ArticleSummary[] = tags.length === 0 && sort === undefined ? await api.call('listArticles', {}) : await allPages(api, tags, sort);
  if (json) {
    io.out(JSON.stringify(articles.map((a) => Object.fromEntries(LIST_FIELDS.map((f) => [f, a[f]]))), null, 2));
    return 0;
  }
  if (articles.length === 0 && tags.length > 0) {
    io.out(`No articles tagged ${tags.map((t) => JSON.stringify(t)).join(' and ')}.`);
    return 0;
  }
  if (articles.length === 0) {
    io.out('The library is empty. Add articles with: gloss import <file>...');
    return 0;
  }
  for (const a of articles) {
    const by = [a.author, a.siteName].filter(Boolean).join(', ');
    const date = a.publishedAt ? a.publishedAt.slice(0, 10) : '          ';
    io.out(`${a.id}  ${date}  ${String(a.readingMinutes).padStart(3)} min  ${a.title}${by ? ` — ${by}` : ''}`);
  }
  return 0;
}

export async function showArticle(api: LibraryApi, id: string, json: boolean, textOnly: boolean, io: Io): Promise<number> {
  const article = await api.call('getArticle', { id });
  if (json) {
    io.out(JSON.stringify(textOnly ? { id: article.id, title: article.title, text: article.text } : article, null, 2));
    return 0;
  }
  if (!textOnly) {
    io.out(article.title);
    const details: [string, string | null][] = [
      ['Author', article.author],
      ['Site', article.siteName],
      ['Source', article.sourceUrl ?? article.sourceName],
      ['Published', article.publishedAt],
      ['Added', article.addedAt],
      ['Reading time', `${article.readingMinutes} min (${article.wordCount} words)`],
      ['Tags', article.tags.length ? article.tags.join(', ') : null],
      // A highlights-only entry whose page could not be saved: why, and when (tried again by saving its address).
      ['Page not saved', article.pageSaveFailure ? `${article.pageSaveFailure.reason} (${article.pageSaveFailure.failedAt})` : null],
    ];
    for (const [label, value] of details) if (value) io.out(`${label}: ${value}`);
    io.out('');
  }
  io.out(article.text);
  return 0;
}

export async function deleteArticle(api: LibraryApi, id: string, json: boolean, io: Io): Promise<number> {
  const article = await api.call('getArticle', { id });
  await api.call('deleteArticle', { id });
  io.out(json ? JSON.stringify({ ok: true, id, title: article.title }) : `deleted ${id}  ${article.title}`);
  return 0;
}

/**
 * The fields `gloss highlights --json` prints for each highlight: a PDF's
 * with its page, a book's with its EPUB CFI; `selectors` as W3C Web
 * Annotation selectors for other tools (a PDF's with a FragmentSelector
 * `page=N`, a book's with one holding the CFI).
 */
function highlightRecord(h: Highlight, labels: ColorLabels) {
  return {
    id: h.id,
    quote: h.quote.exact,
    color: h.color,
    label: labels[h.color],
    note: h.note,
    tags: h.tags ?? [],
    orphaned: h.anchor === 'orphaned',
    ...(h.page === undefined ? {} : { page: h.page }),
    ...(h.cfi === undefined ? {} : { cfi: h.cfi }),
    selectors: w3cSelectors(h),
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

/** Text on one line, cut with … after `max` characters. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A highlight's colour in the CLI's text, with what it means (as the Markdown export writes it): "yellow (Key idea)". */
export function colorText(color: HighlightColor, labels: ColorLabels): string {
  return `${color} (${labels[color]})`;
}

/** An article's highlights in document order (orphaned last), with the article note. */
export async function showHighlights(api: LibraryApi, articleId: string, json: boolean, io: Io): Promise<number> {
  // CFIs are read from the book's file: only the JSON for other tools carries them.
  const highlights = await api.call('listHighlights', json ? { articleId, cfi: true } : { articleId });
  const note = await api.call('getArticleNote', { articleId });
  const { colorLabels } = await api.call('getSettings', {});
  if (json) {
    io.out(JSON.stringify({ articleId, note: note.note, highlights: highlights.map((h) => highlightRecord(h, colorLabels)) }, null, 2));
    return 0;
  }
  const { title } = await api.call('getArticle', { id: articleId });
  const placed = highlights.filter((h) => h.anchor !== 'orphaned');
  const orphaned = highlights.filter((h) => h.anchor === 'orphaned');
  io.out(`${title}: ${highlights.length} highlight${highlights.length === 1 ? '' : 's'}`);
  const print = (h: Highlight): void => {
    io.out('');
    const page = h.page === undefined ? '' : `  p. ${h.page}`;
    io.out(`${h.id}  ${colorText(h.color, colorLabels)}${page}  “${oneLine(h.quote.exact)}”`);
    if (h.tags?.length) io.out(`    tags: ${h.tags.join(', ')}`);
    if (h.note) for (const line of h.note.split('\n')) io.out(`    ${line}`);
  };
  placed.forEach(print);
  if (orphaned.length > 0) {
    io.out('');
    io.out('Not found in text:');
    orphaned.forEach(print);
  }
  if (note.note) {
    io.out('');
    io.out('Article note:');
    for (const line of note.note.split('\n')) io.out(`    ${line}`);
  }
  return 0;
}

/** Replaces an article's text with a new version from a file or URL; prints the anchoring report. */
export async function updateArticle(api: LibraryApi, id: string, source: string, json: boolean, io: Io): Promise<number> {
  let update: Promise<{ article: ArticleSummary; report: AnchoringReport }>;
  if (isHttpUrl(source)) update = api.call('updateArticleFromUrl', { id, url: source });
  else {
    await api.call('getArticle', { id }); // not_found before the file is read
    let file: ReturnType<typeof readFileArgs>;
    try {
      file = readFileArgs(source);
    } catch (err) {
      throw err instanceof GlossError ? err : new GlossError('invalid_argument', `${source}: ${errorMessage(err)}`);
    }
    update = api.call('updateArticle', { id, ...file });
  }
  const { article, report } = await update;
  if (json) io.out(JSON.stringify(counts(report)));
  else io.out(`updated ${article.id}  ${article.title}: ${reportSentence(report)}.`);
  return 0;
}

/** Every article carrying all the tags, newest first, read page by page. */
/** Every article with all of `tags`, in the library's `sort` order (its own default direction) when one is given. */
async function allPages(api: LibraryApi, tags: readonly string[], sort?: LibrarySort): Promise<ArticleSummary[]> {
  const items: ArticleSummary[] = [];
  for (let offset = 0; ; ) {
    const page = await api.call('listArticlesPage', { offset, limit: 500, filter: { tags: [...tags] }, ...(sort ? { sort } : {}) });
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return items;
  }
}

/** Renders snippet parts for a terminal: matched words in [brackets]... or bold when it is a TTY. */
function snippetText(parts: SearchMatch['snippet'], tty: boolean): string {
  return parts
    .map((p) => {
      const text = p.text.replace(/\s+/g, ' ');
      if (!p.match) return text;
      return tty ? `\u001b[1m${text}\u001b[22m` : `[${text}]`;
    })
    .join('')
    .trim();
}

export async function searchLibrary(api: LibraryApi, query: string, options: { json: boolean; limit: number }, io: Io): Promise<number> {
  const page = await api.call('search', { query, limit: options.limit });
  if (options.json) {
    io.out(JSON.stringify(page, null, 2));
    return 0;
  }
  if (page.results.length === 0) {
    io.out('No matches.');
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  for (const r of page.results) {
    io.out(`${r.articleId}  ${r.title}`);
    for (const m of r.matches) {
      const where = m.highlightId ? `${m.kind} ${m.highlightId}` : m.kind;
      io.out(`    ${where}  ${snippetText(m.snippet, tty)}`);
    }
    if (r.moreMatches > 0) io.out(`    +${r.moreMatches} more in this article`);
  }
  const more = page.totalExact ? `${page.total}` : `more than ${page.total}`;
  io.out(`${page.results.length} of ${more} articles (${page.tookMs} ms)`);
  return 0;
}

/** Adds (or removes) tags on one article and prints its tags after. */
export async function tagArticle(api: LibraryApi, id: string, tags: readonly string[], add: boolean, json: boolean, io: Io): Promise<number> {
  await api.call(add ? 'tagArticles' : 'untagArticles', { ids: [id], tags: [...tags] });
  const now = (await api.call('getArticle', { id })).tags;
  io.out(json ? JSON.stringify({ ok: true, id, tags: now }) : `${id}  tags: ${now.length ? now.join(', ') : '(none)'}`);
  return 0;
}

export async function listTags(api: LibraryApi, json: boolean, io: Io): Promise<number> {
  const tags = await api.call('listTags', {});
  if (json) io.out(JSON.stringify(tags, null, 2));
  else if (tags.length === 0) io.out('No tags yet. Add some with: gloss tag <id> <tag>...');
  else for (const t of tags) io.out(`${String(t.count).padStart(6)}  ${t.name}`);
  return 0;
}
