/**
 * The Highlights view figure (#18): highlights_view_first_rows_ms, the time
 * to the first page of rows (100, newest first) through the API (the
 * dispatcher the app's IPC and HTTP use) on a library of 100,000
 * highlights, on a connection opened just before (as when the app opens the
 * view after a start). The library is generated once, directly in SQLite
 * (2,000 short articles, 50 highlights each, every fifth with a note, every
 * tenth tagged): fast, and only the reads are measured. Beside it: the same
 * page filtered by colour and a searched word, sorted by source, and a page
 * deep in the list (offset 90,000). Then what the user sees, in Debian's
 * Chromium through `gloss serve` (as library_first_rows_ms):
 * highlights_view_painted_ms, from loading `#/highlights` until its first
 * row is painted (median of warm runs; the first, cold run beside it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createDispatcher } from '../src/main/api/dispatch';
import { createHandlers } from '../src/main/api/handlers';
import { Library } from '../src/main/library';
import { HIGHLIGHT_COLORS } from '../src/shared/types';
import { createRandom, TextFactory } from './synthetic';
import { CHROMIUM, median, msUntilPainted, RENDERER_DIR, startServer } from './browser';

export const VIEW_HIGHLIGHTS = 100_000;
const SOURCES = 2_000;

function generate(dir: string): string {
  const library = Library.open(dir);
  const db = library.db;
  const factory = new TextFactory(1818);
  const random = createRandom(18);
  const perSource = VIEW_HIGHLIGHTS / SOURCES;
  const insertArticle = db.prepare(`
    INSERT INTO articles (id, title, format, added_at, updated_at) VALUES (?, ?, 'text', ?, ?)`);
  const insertBody = db.prepare(`INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, ?)`);
  const insertHighlight = db.prepare(`
    INSERT INTO highlights (id, article_seq, color, quote, prefix, suffix, start_offset, end_offset, note, created_at, updated_at)
    VALUES (?, ?, ?, ?, '', '', ?, ?, ?, ?, ?)`);
  const tagSeq = Number(db.prepare(`INSERT INTO tags (name, created_at) VALUES ('bench', '2026-01-01T00:00:00.000Z')`).run().lastInsertRowid);
  const tag = db.prepare(`INSERT INTO highlight_tags (highlight_seq, tag_seq) VALUES (?, ?)`);
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  let word = '';
  db.transaction(() => {
    let n = 0;
    for (let s = 0; s < SOURCES; s++) {
      const sentences = Array.from({ length: perSource }, () => factory.sentence());
      const text = sentences.join(' ');
      const at = new Date(base + s * 60_000).toISOString();
      const seq = Number(insertArticle.run(`bench${String(s).padStart(6, '0')}`, factory.title(), at, at).lastInsertRowid);
      insertBody.run(seq, `<p>${text}</p>`, text, `hash${s}`);
      let offset = 0;
      for (const sentence of sentences) {
        const created = new Date(base + Math.floor(random() * 365 * 86_400_000)).toISOString();
        const note = n % 5 === 0 ? factory.sentence() : '';
        if (n === 7) word = sentence.split(' ')[2] ?? sentence.split(' ')[0]!;
        const color = HIGHLIGHT_COLORS[n % HIGHLIGHT_COLORS.length]!;
        const row = insertHighlight.run(`bh${String(n).padStart(8, '0')}`, seq, color, sentence, offset, offset + sentence.length, note, created, created);
        if (n % 10 === 0) tag.run(Number(row.lastInsertRowid), tagSeq);
        offset += sentence.length + 1;
        n++;
      }
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  library.close();
  return word;
}

function ms(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

export async function benchHighlightsView(parent: string): Promise<Record<string, number | string>> {
  const dir = join(parent, 'highlights-view');
  const word = generate(dir);
  const library = Library.open(dir);
  const results: Record<string, number | string> = { highlights_view_highlights: VIEW_HIGHLIGHTS };
  try {
    const dispatch = createDispatcher(createHandlers(library, 'cli'), (err) => {
      throw err;
    });
    const call = async (args: Record<string, unknown>): Promise<number> => {
      const start = performance.now();
      const answer = await dispatch('queryHighlights', args);
      const took = ms(start);
      if (!answer.ok) throw new Error(`queryHighlights: ${answer.error.message}`);
      return took;
    };
    results.highlights_view_first_rows_ms = await call({ limit: 100 });
    results.highlights_view_filtered_ms = await call({ limit: 100, filters: { colors: ['yellow', 'blue'], text: word } });
    results.highlights_view_tag_ms = await call({ limit: 100, filters: { tags: ['bench'], hasNote: true } });
    results.highlights_view_by_source_ms = await call({ limit: 100, sort: 'source' });
    results.highlights_view_deep_page_ms = await call({ limit: 100, offset: 90_000 });
  } finally {
    library.close();
  }
  return { ...results, ...(await painted(dir)) };
}

const RUNS = 7;

/** Milliseconds from navigation start until the Highlights view's first row is painted. */
async function firstRowPainted(page: Page, url: string): Promise<number> {
  // From a blank page each time: the same URL with its #fragment would only be a fragment navigation.
  await page.goto('about:blank');
  return msUntilPainted(page, `${url}#/highlights`, 'ul[aria-labelledby="highlights-heading"] > li button.open');
}

/** The view in Chromium on the same library; skipped (with the reason) without a build or a Chromium. */
async function painted(dir: string): Promise<Record<string, number | string>> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) return { highlights_view_painted_skipped: 'the app is not built: run `npm run build` first' };
  if (!existsSync(CHROMIUM)) return { highlights_view_painted_skipped: `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)` };
  const server = await startServer(dir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await firstRowPainted(page, server.url));
    return { highlights_view_painted_ms: Math.round(median(runs.slice(1))), highlights_view_painted_cold_ms: Math.round(runs[0] ?? NaN) };
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
}
