/**
 * npm run bench [-- --articles N] [--json] [--search-only] [--only pdf|omnivore|epub] : builds a
 * deterministic synthetic library in a temp folder and measures Gloss
 * against the bare floor (better-sqlite3 + FTS5 with no Gloss code). Prints
 * a table; --json prints one JSON object. Results are also saved to
 * bench-results/ (not with --search-only, which stops after the search
 * measurements: a quick check of a search change). --only pdf measures only
 * the PDF figures (import, then the view in Chromium) and saves them to
 * bench-results/bench-pdf.json; --only omnivore the Omnivore import
 * (migrate_omnivore_items_per_s, bench/omnivore.ts) into bench-omnivore.json.
 * --only epub the book (epub_import_ms, epub_open_ms, bench/epub.ts) into
 * bench-results/bench-epub.json. --only highlights the Highlights view
 * (highlights_view_first_rows_ms on 100,000 highlights, bench/highlights-view.ts)
 * into bench-results/bench-highlights.json.
 *
 * Run with `node --import tsx/esm` (npm run bench does): tsx's CommonJS
 * hook would recompile every ES module a dependency require()s (jsdom's
 * parse5) into slower CommonJS, which the built app never does.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ArticleStore } from '../src/main/db/articles';
import { HighlightStore } from '../src/main/db/highlights';
import { Library } from '../src/main/library';
import { parseQuery } from '../src/main/search/query';
import { search } from '../src/main/search/search';
import { openDatabase } from '../src/main/db/open';
import { importDocument } from '../src/main/import';
import { warmUpImporters } from '../src/main/import/warm-up';
import type { ImportedArticle } from '../src/main/import/types';
import { WEB_CORPUS_DIR } from '../tests/helpers/corpus';
import { createRandom, TextFactory, toFile, type SyntheticArticle } from './synthetic';
import { benchBrowser } from './browser';
import { benchPdfImport, makeBenchPdf, PDF_PAGES } from './pdf';
import { benchEpubImport, EPUB_CHAPTERS, EPUB_WORDS, makeBenchEpub } from './epub';
import { benchOmnivoreImport, makeBenchOmnivoreZip, OMNIVORE_ITEMS } from './omnivore';
import { benchHighlightsView, VIEW_HIGHLIGHTS } from './highlights-view';
import { benchSyncApply, benchSyncBootstrap, BOOTSTRAP_ARTICLES, SYNC_OPS } from './sync';

const ROOT = resolve(import.meta.dirname, '..');
const WEB_CORPUS = WEB_CORPUS_DIR;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const ARTICLES = option('articles', 10_000);
const HIGHLIGHTS = option('highlights', 20_000);
const QUERIES = 50;
const JSON_OUT = process.argv.includes('--json');
const SEARCH_ONLY = process.argv.includes('--search-only');
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && !['pdf', 'omnivore', 'epub', 'highlights', 'sync'].includes(ONLY)) throw new Error('--only takes: pdf, omnivore, epub, highlights, sync');
const results: Record<string, number | string> = {};
/** The targets (README, issue #13), printed beside their figures. */
const TARGETS: Record<string, { below?: number; atLeast?: number }> = {
  store_vs_raw: { atLeast: 0.7 },
  search_p95_ms: { below: 50 },
  export_all_ms: { below: 3000 },
  import_html_pages_per_s: { atLeast: 20 },
  library_first_rows_ms: { below: 400 },
  highlights_view_first_rows_ms: { below: 400 },
  highlights_view_painted_ms: { below: 400 },
  open_article_ms: { below: 200 },
  pdf_import_pages_per_s: { atLeast: 100 },
  pdf_open_first_page_ms: { below: 300 },
  pdf_scroll_memory_mb: { below: 400 },
  migrate_omnivore_items_per_s: { atLeast: 30 },
  epub_import_ms: { below: 3000 },
  epub_open_ms: { below: 300 },
  sync_apply_ops_per_s: { atLeast: 20_000 },
  sync_bootstrap_10k_ms: { below: 60_000 },
};

/** "< 300 met", "≥ 100 MISSED", or '' for a figure without a target. */
function targetOf(key: string, value: number | string): string {
  const target = TARGETS[key];
  if (!target || typeof value !== 'number') return '';
  const met = target.below !== undefined ? value < target.below : value >= (target.atLeast ?? -Infinity);
  const text = target.below !== undefined ? `< ${target.below}` : `≥ ${target.atLeast}`;
  return `${text.padEnd(8)}${met ? 'met' : 'MISSED'}`;
}
const log = (line: string): void => {
  if (!JSON_OUT) console.log(line);
};

function toImported(a: SyntheticArticle): ImportedArticle {
  const escape = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return {
    format: a.format,
    meta: {
      title: a.title,
      author: a.author,
      siteName: null,
      sourceUrl: null,
      publishedAt: null,
      language: 'en',
      excerpt: a.paragraphs[0]?.slice(0, 200) ?? null,
      wordCount: a.wordCount,
    },
    html: a.paragraphs.map((p) => `<p>${escape(p)}</p>`).join(''),
    text: a.paragraphs.join('\n\n'),
    tags: [],
  };
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

function benchInsert(dir: string, articles: ImportedArticle[]): void {
  const db = openDatabase(join(dir, 'gloss.sqlite'));
  const store = new ArticleStore(db);
  const [, storeMs] = timed(() => {
    for (const a of articles) store.insert(a);
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  const dbBytes = statSync(join(dir, 'gloss.sqlite')).size;
  db.close();

  const raw = new BetterSqlite3(join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(`CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, author TEXT, html TEXT, text TEXT);
            CREATE VIRTUAL TABLE docs_fts USING fts5 (title, author, text);`);
  const insertDoc = raw.prepare('INSERT INTO docs (title, author, html, text) VALUES (?, ?, ?, ?)');
  const insertFts = raw.prepare('INSERT INTO docs_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)');
  const insertOne = raw.transaction((a: ImportedArticle) => {
    const { lastInsertRowid } = insertDoc.run(a.meta.title, a.meta.author, a.html, a.text);
    insertFts.run(lastInsertRowid, a.meta.title, a.meta.author, a.text);
  });
  const [, rawMs] = timed(() => {
    for (const a of articles) insertOne(a);
  });
  raw.close();

  results.store_insert_articles_per_s = Math.round((articles.length / storeMs) * 1000);
  results.raw_insert_articles_per_s = Math.round((articles.length / rawMs) * 1000);
  results.store_vs_raw = Number((rawMs / storeMs).toFixed(3));
  results.db_bytes_per_article = Math.round(dbBytes / articles.length);
}

function benchImport(factory: TextFactory): void {
  const pages = readdirSync(WEB_CORPUS).map((d) => readFileSync(join(WEB_CORPUS, d, 'source.html')));
  // As the app and `gloss serve` do at startup: load the parsers before the first import.
  results.import_warmup_ms = Math.round(timed(() => warmUpImporters())[1]);
  const [, htmlMs] = timed(() => {
    for (const bytes of pages) importDocument({ fileName: 'source.html', bytes });
  });
  results.import_html_pages_per_s = Number(((pages.length / htmlMs) * 1000).toFixed(1));

  const texts = Array.from({ length: 200 }, (_, i) => {
    const a = factory.article(1500);
    a.format = 'text';
    return new TextEncoder().encode(toFile(a, i).text);
  });
  const [, textMs] = timed(() => {
    for (const bytes of texts) importDocument({ fileName: 'a.txt', bytes });
  });
  results.import_text_articles_per_s = Number(((texts.length / textMs) * 1000).toFixed(1));
}

/** 20,000 highlights (deterministic) with notes, through Gloss's highlight store. */
function addHighlights(dir: string, articles: ImportedArticle[], factory: TextFactory): string[] {
  const db = openDatabase(join(dir, 'gloss.sqlite'));
  const store = new HighlightStore(db);
  const ids = db.prepare('SELECT id FROM articles ORDER BY seq').pluck().all() as string[];
  const random = createRandom(7);
  const notes: string[] = [];
  const now = new Date('2026-01-01T00:00:00Z');
  const [, ms] = timed(() => {
    for (let i = 0; i < HIGHLIGHTS; i++) {
      const k = Math.floor(random() * articles.length);
      const text = articles[k]!.text;
      const start = text.indexOf(' ', Math.floor(random() * Math.max(1, text.length - 200))) + 1;
      const end = text.indexOf(' ', start + 20 + Math.floor(random() * 120));
      if (start <= 0 || end <= start) continue;
      const note = factory.sentence();
      notes.push(note);
      store.create(
        { articleId: ids[k]!, quote: { exact: text.slice(start, end), prefix: '', suffix: '' }, position: { start, end }, color: 'yellow', note },
        now,
      );
    }
  });
  results.highlights = db.prepare('SELECT count(*) FROM highlights').pluck().get() as number;
  results.highlight_insert_per_s = Math.round((Number(results.highlights) / ms) * 1000);
  db.close();
  return notes;
}

/** 50 varied queries: common and rare words, phrases, prefixes, words from notes. */
function benchQueries(factory: TextFactory, articles: ImportedArticle[], notes: string[]): string[] {
  const v = factory.vocabulary;
  const random = createRandom(99);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const queries: string[] = [];
  for (let i = 0; i < 8; i++) queries.push(v[i]!); // the most common words
  for (let i = 0; i < 4; i++) queries.push(`${v[i]} ${v[i + 1]}`); // two common words
  for (let i = 0; i < 8; i++) queries.push(v[300 + i * 97]!); // middling
  for (let i = 0; i < 8; i++) queries.push(v[8000 + i * 1013]!); // rare
  for (let i = 0; i < 8; i++) {
    const words = pick(articles).text.split(/\s+/);
    const at = Math.floor(random() * (words.length - 3));
    queries.push(`"${words.slice(at, at + 3).join(' ')}"`); // phrases
  }
  for (let i = 0; i < 8; i++) queries.push(v[i * 40 + 20]!.slice(0, 2 + (i % 3))); // prefixes as typed
  while (queries.length < QUERIES) {
    const words = pick(notes).replace(/[.?!]/g, '').split(' ');
    queries.push(`${words.at(-1)} ${words.at(-2)}`); // words from a note
  }
  return queries;
}

function percentile(sorted: number[], p: number): number {
  return Number((sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0).toFixed(2));
}

function benchSearch(dir: string, queries: string[]): void {
  const db = openDatabase(join(dir, 'gloss.sqlite'));
  const raw = new BetterSqlite3(join(dir, 'raw.sqlite'));
  const bare = raw.prepare('SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY bm25(docs_fts) LIMIT 20');
  // Warm up both (page cache), then measure.
  for (const q of queries) {
    search(db, q);
    const m = parseQuery(q).match;
    if (m) bare.all(m);
  }
  const gloss: number[] = [];
  const bareMs: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const [page, ms] = timed(() => search(db, q, { limit: 20 }));
    gloss.push(ms);
    if (page.results.length > 0) hits++;
    // The bare floor runs the same FTS5 expression (the user's text made safe).
    const m = parseQuery(q).match!;
    bareMs.push(timed(() => bare.all(m))[1]);
  }
  if (process.env.GLOSS_BENCH_VERBOSE) {
    queries.forEach((q, i) => console.log(`${q.padEnd(30)} gloss ${gloss[i]!.toFixed(2)}  bare ${bareMs[i]!.toFixed(2)}`));
  }
  gloss.sort((a, b) => a - b);
  bareMs.sort((a, b) => a - b);
  results.search_queries = queries.length;
  results.search_queries_with_hits = hits;
  results.search_p50_ms = percentile(gloss, 50);
  results.search_p95_ms = percentile(gloss, 95);
  results.raw_search_p50_ms = percentile(bareMs, 50);
  results.raw_search_p95_ms = percentile(bareMs, 95);
  db.close();
  raw.close();
}

function benchExport(dir: string): void {
  const library = Library.open(dir);
  try {
    const ids = library.listExportable();
    const out = join(dir, 'export');
    const [report, ms] = timed(() => library.exportToFolder(out, ids));
    results.export_articles = ids.length;
    results.export_files = report.written.length;
    results.export_all_ms = Math.round(ms);
  } finally {
    library.close();
  }
}

/** The Omnivore figure (issue #15) on a generated export. */
async function mainOmnivore(dir: string): Promise<void> {
  log(`Importing a generated ${OMNIVORE_ITEMS}-item Omnivore export (with highlights)…`);
  Object.assign(results, await benchOmnivoreImport(dir, makeBenchOmnivoreZip()));
}

/** The Highlights view figure (#18): the first page of rows through the API with 100,000 highlights. */
async function mainHighlightsView(dir: string): Promise<void> {
  log(`Generating ${VIEW_HIGHLIGHTS.toLocaleString('en')} highlights in SQLite, then the Highlights view's first rows through the API and in Chromium…`);
  Object.assign(results, await benchHighlightsView(dir));
}

/** The sync figures (#19): a new device applying 100,000 operations; one joining a 10,000-article library from a snapshot. */
function mainSync(dir: string): void {
  log(`Publishing a generated library as ${SYNC_OPS.toLocaleString('en')} sync operations, then applying them on a new device…`);
  Object.assign(results, benchSyncApply(dir));
  log(`A new device joining a ${BOOTSTRAP_ARTICLES.toLocaleString('en')}-article library from a snapshot…`);
  Object.assign(results, benchSyncBootstrap(dir));
}

/** The PDF figures alone (--only pdf): a quick check of a PDF change. */
async function mainPdf(dir: string): Promise<void> {
  log(`Importing a generated ${PDF_PAGES}-page text PDF…`);
  const pdf = await benchPdfImport(dir, await makeBenchPdf());
  Object.assign(results, pdf.results);
  log('In Chromium via gloss serve: the PDF…');
  Object.assign(results, await benchBrowser(dir, undefined, pdf.id));
}

/** The EPUB figures alone (--only epub): a quick check of a book change. */
async function mainEpub(dir: string): Promise<void> {
  log(`Importing a generated ${EPUB_WORDS.toLocaleString('en')}-word, ${EPUB_CHAPTERS}-chapter EPUB…`);
  const book = benchEpubImport(dir, makeBenchEpub());
  Object.assign(results, book.results);
  log('In Chromium via gloss serve: the book at a saved position in its last chapter…');
  Object.assign(results, await benchBrowser(dir, undefined, undefined, book));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-'));
  try {
    if (ONLY === 'pdf') await mainPdf(dir);
    else if (ONLY === 'omnivore') await mainOmnivore(dir);
    else if (ONLY === 'epub') await mainEpub(dir);
    else if (ONLY === 'highlights') await mainHighlightsView(dir);
    else if (ONLY === 'sync') mainSync(dir);
    else {
      const factory = new TextFactory(42);
      log(`Generating ${ARTICLES} articles…`);
      const articles = Array.from({ length: ARTICLES }, () => toImported(factory.article(1500)));
      results.articles = ARTICLES;
      results.words = articles.reduce((n, a) => n + a.meta.wordCount, 0);
      log('Inserting (Gloss store, then bare better-sqlite3 + FTS5)…');
      benchInsert(dir, articles);
      log(`Adding ${HIGHLIGHTS} highlights with notes…`);
      const notes = addHighlights(dir, articles, factory);
      log(`Searching (${QUERIES} queries, Gloss and bare FTS5)…`);
      benchSearch(dir, benchQueries(factory, articles, notes));
      if (SEARCH_ONLY) {
        console.log(JSON.stringify(results, null, JSON_OUT ? undefined : 2));
        return;
      }
      log('Exporting every article with highlights as Markdown…');
      benchExport(dir);
      log('Importing (corpus HTML pages, generated text)…');
      benchImport(factory);
      log(`Importing a generated ${PDF_PAGES}-page text PDF…`);
      const pdf = await benchPdfImport(dir, await makeBenchPdf());
      Object.assign(results, pdf.results);
      log(`Importing a generated ${EPUB_WORDS.toLocaleString('en')}-word, ${EPUB_CHAPTERS}-chapter EPUB…`);
      const book = benchEpubImport(dir, makeBenchEpub());
      Object.assign(results, book.results);
      await mainOmnivore(dir);
      await mainHighlightsView(dir);
      mainSync(dir);
      log('In Chromium via gloss serve: first library rows, opening a 20,000-word article with 500 highlights, the PDF, the book…');
      try {
        Object.assign(results, await benchBrowser(dir, factory, pdf.id, book));
      } catch (error) {
        // No Chromium or no build here: say so in the results instead of failing the rest.
        results.browser_skipped = error instanceof Error ? error.message : String(error);
      }
    }
    results.cores = cpus().length;
    results.memory_gib = Number((totalmem() / 1024 ** 3).toFixed(1));
    results.node = process.version;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  const file = join(ROOT, 'bench-results', ONLY ? `bench-${ONLY}.json` : `bench-${ARTICLES}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  if (JSON_OUT) console.log(JSON.stringify(results));
  else {
    console.log(`\n${'result'.padEnd(32)}${'value'.padEnd(12)}target`);
    for (const [key, value] of Object.entries(results)) console.log(`${key.padEnd(32)}${String(value).padEnd(12)}${targetOf(key, value)}`.trimEnd());
    console.log(`\nsaved to ${file}`);
  }
}

await main();
