/**
 * The two figures measured in a real browser: Debian's Chromium drives the
 * browser host (`gloss serve`, the same renderer and core as the desktop app)
 * on the bench library.
 *
 * - library_first_rows_ms: page load (navigation start) until the first
 *   library row is in the DOM and painted, on the whole synthetic library.
 * - open_article_ms: from asking for a 20,000-word article with 500
 *   highlights until every highlight is painted (CSS Custom Highlight API).
 * - the PDF view's figures (bench/pdf.ts), when a bench PDF was imported.
 * - epub_open_ms (bench/epub.ts), when a bench book was imported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { Library } from '../src/main/library';
import { HIGHLIGHT_COLORS } from '../src/shared/types';
import type { TextFactory } from './synthetic';
import { benchPdfView } from './pdf';
import { benchEpubView, type BenchBook } from './epub';

const ROOT = resolve(import.meta.dirname, '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The built renderer `gloss serve` shows (it reads the same variable). */
export const RENDERER_DIR = process.env.GLOSS_RENDERER_DIR ?? join(ROOT, 'out/renderer');
const RUNS = 7;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** A Markdown article of about `words` words in paragraphs, with headings. */
function longArticle(factory: TextFactory, words: number): string {
  const parts = ['# A long article for the bench', ''];
  let count = 0;
  let section = 1;
  while (count < words) {
    if (count > 0 && count % 1500 < 120) parts.push(`## Section ${section++}`, '');
    const sentences: string[] = [];
    for (let s = 0; s < 5; s++) {
      const sentence = factory.sentence();
      count += sentence.split(' ').length;
      sentences.push(sentence);
    }
    parts.push(sentences.join(' '), '');
  }
  return parts.join('\n');
}

/** Imports the long article and spreads `count` highlights through it. */
function addLongArticle(dir: string, factory: TextFactory, count: number): string {
  const library = Library.open(dir);
  try {
    const result = library.importFile(
      { fileName: 'long-article.md', bytes: new TextEncoder().encode(longArticle(factory, 20_000)) },
      'new',
    );
    if (result.status !== 'imported') throw new Error(`bench article not imported: ${result.status}`);
    const { id, text } = library.getArticle(result.article.id);
    const step = Math.floor(text.length / count);
    for (let i = 0; i < count; i++) {
      const start = text.indexOf(' ', i * step) + 1;
      const end = text.indexOf(' ', start + 40);
      if (start <= 0 || end <= start || end > (i + 1) * step) throw new Error('bench article too short for its highlights');
      library.createHighlight({
        articleId: id,
        quote: { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
        position: { start, end },
        color: HIGHLIGHT_COLORS[i % HIGHLIGHT_COLORS.length] ?? 'yellow',
        note: i % 3 === 0 ? factory.sentence() : '',
      });
    }
    return id;
  } finally {
    library.close();
  }
}

export function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main/cli/main.ts'), 'serve', '--library', dir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /Gloss is serving at (\S+)/.exec(out);
      if (match?.[1]) done({ child, url: match[1] });
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('exit', (code) => fail(new Error(`gloss serve exited with ${code}: ${out}`)));
  });
}

// The in-page code is a string: the bench runs under tsx, whose transform
// wraps named functions in a helper that does not exist in the page.

/** Milliseconds from navigation start until an element matching `selector` is painted (a view's first row). */
export async function msUntilPainted(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  return page.evaluate(`new Promise((done) => {
    const check = () => {
      const row = document.querySelector(${JSON.stringify(selector)});
      // The frame after the row entered the DOM is when it is on screen.
      if (row) requestAnimationFrame(() => done(performance.now()));
      else requestAnimationFrame(check);
    };
    check();
  })`);
}

/** Milliseconds from navigation start until the first library row is painted. */
const firstRows = (page: Page, url: string): Promise<number> => msUntilPainted(page, url, 'ul[aria-labelledby="library-heading"] > li h3');

/** Milliseconds from opening the article until all `expected` highlights are painted. */
async function openArticle(page: Page, url: string, id: string, expected: number): Promise<number> {
  await page.goto(url);
  await page.getByRole('list', { name: 'Library' }).getByRole('listitem').first().waitFor();
  return page.evaluate(`new Promise((done, fail) => {
    const t0 = performance.now();
    window.location.hash = '#/article/${id}';
    const check = () => {
      let painted = 0;
      CSS.highlights.forEach((layer) => (painted += layer.size));
      if (painted >= ${expected}) done(performance.now() - t0);
      else if (performance.now() - t0 > 30000) fail(new Error('only ' + painted + ' of ${expected} highlights painted'));
      else requestAnimationFrame(check);
    };
    check();
  })`);
}

/**
 * Runs the browser measurements; answers the figures (cold run and median of
 * warm runs). Without a factory: only the PDF's (bench --only pdf).
 */
export async function benchBrowser(
  dir: string,
  factory: TextFactory | undefined,
  pdfId?: string,
  book?: BenchBook,
): Promise<Record<string, number | string>> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('the app is not built: run `npm run build` first');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const highlights = 500;
  const articleId = factory ? addLongArticle(dir, factory, highlights) : undefined;
  const server = await startServer(dir);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
    });
    if (!articleId) {
      const pdf = pdfId ? await benchPdfView(browser, server.url, pdfId) : {};
      return { ...pdf, ...(book ? await benchEpubView(browser, server.url, book) : {}) };
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const rows: number[] = [];
    for (let i = 0; i < RUNS; i++) rows.push(await firstRows(page, server.url));
    const opens: number[] = [];
    for (let i = 0; i < RUNS; i++) opens.push(await openArticle(page, server.url, articleId, highlights));
    // The PDF in a tab of its own: its memory figure is that tab's renderer process alone.
    await context.close();
    const pdf = pdfId ? await benchPdfView(browser, server.url, pdfId) : {};
    const epub = book ? await benchEpubView(browser, server.url, book) : {};
    return {
      library_first_rows_ms: Math.round(median(rows.slice(1))),
      library_first_rows_cold_ms: Math.round(rows[0] ?? NaN),
      open_article_ms: Math.round(median(opens.slice(1))),
      open_article_cold_ms: Math.round(opens[0] ?? NaN),
      open_article_words: 20_000,
      open_article_highlights: highlights,
      ...pdf,
      ...epub,
    };
  } finally {
    await browser?.close();
    server.child.kill('SIGTERM');
  }
}
