/**
 * npm run bench [-- --articles N] [--json] : builds a deterministic
 * synthetic library in a temp folder and measures Gloss against the bare
 * floor (better-sqlite3 + FTS5 with no Gloss code). Prints a table; --json
 * prints one JSON object. Results are also saved to bench-results/.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ArticleStore } from '../src/main/db/articles';
import { openDatabase } from '../src/main/db/open';
import { importDocument } from '../src/main/import';
import type { ImportedArticle } from '../src/main/import/types';
import { WEB_CORPUS_DIR } from '../tests/helpers/shared-dir';
import { TextFactory, toFile, type SyntheticArticle } from './synthetic';

const ROOT = resolve(import.meta.dirname, '..');
const WEB_CORPUS = WEB_CORPUS_DIR;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const ARTICLES = option('articles', 10_000);
const JSON_OUT = process.argv.includes('--json');
const results: Record<string, number | string> = {};
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

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-'));
  try {
    const factory = new TextFactory(42);
    log(`Generating ${ARTICLES} articles…`);
    const articles = Array.from({ length: ARTICLES }, () => toImported(factory.article(1500)));
    results.articles = ARTICLES;
    results.words = articles.reduce((n, a) => n + a.meta.wordCount, 0);
    log('Inserting (Gloss store, then bare better-sqlite3 + FTS5)…');
    benchInsert(dir, articles);
    log('Importing (corpus HTML pages, generated text)…');
    benchImport(factory);
    results.cores = cpus().length;
    results.memory_gib = Number((totalmem() / 1024 ** 3).toFixed(1));
    results.node = process.version;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  const file = join(ROOT, 'bench-results', `bench-${ARTICLES}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  if (JSON_OUT) console.log(JSON.stringify(results));
  else {
    console.log('\nresult                          value');
    for (const [key, value] of Object.entries(results)) console.log(`${key.padEnd(32)}${value}`);
    console.log(`\nsaved to ${file}`);
  }
}

main();
