/**
 * The EPUB figures (issue #14), on a generated 300,000-word book of 60
 * chapters with 200 highlights:
 *
 * - epub_import_ms: unzip, sanitize and store, through the import the app
 *   and the CLI use (Library.importFile), the jsdom warm-up done by a small
 *   book first, as any earlier import would; then 200 highlights are added
 *   (not timed), spread over the chapters.
 * - epub_open_ms: warm (the book opened once before), from asking for the
 *   book at a saved position in the last chapter until the text at that
 *   position is painted (the frame after it is in the window).
 */
import type { Browser, Page } from '@playwright/test';
import { makeEpub, type EpubChapter } from '../tests/epub/make-epub';
import { Library } from '../src/main/library';
import { encodePosition } from '../src/renderer/src/lib/reading-position';
import { TextFactory } from './synthetic';

export const EPUB_WORDS = 300_000;
export const EPUB_CHAPTERS = 60;
export const EPUB_HIGHLIGHTS = 200;
const RUNS = 7;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A deterministic book: `chapters` chapters of paragraphs, `words` words in all (headings aside). */
export function makeBenchEpub(words = EPUB_WORDS, chapters = EPUB_CHAPTERS): Uint8Array {
  // Its own seed: the other figures' articles stay what they were.
  const factory = new TextFactory(1414);
  const perChapter = Math.ceil(words / chapters);
  const specs: EpubChapter[] = [];
  for (let n = 1; n <= chapters; n++) {
    const paragraphs: string[] = [];
    let count = 0;
    while (count < perChapter) {
      const sentences: string[] = [];
      for (let i = factory.int(2, 6); i > 0 && count < perChapter; i--) {
        let sentence = factory.sentence().split(' ');
        if (count + sentence.length > perChapter) sentence = sentence.slice(0, perChapter - count);
        count += sentence.length;
        sentences.push(sentence.join(' '));
      }
      paragraphs.push(`<p>${escapeXml(sentences.join(' '))}</p>`);
    }
    specs.push({ title: `Chapter ${n}`, body: `<h2>Chapter ${n}</h2>\n${paragraphs.join('\n')}` });
  }
  return makeEpub({
    version: 3,
    title: 'A Three Hundred Thousand Word Bench Book',
    creators: [{ name: 'Gloss Bench', role: 'aut' }],
    language: 'en',
    chapters: specs,
  });
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export interface BenchBook {
  id: string;
  /** The first words of the paragraph the saved position is at (in the last chapter). */
  marker: string;
  results: Record<string, number>;
}

/** Imports the bench book into the library at `dir`, adds its highlights and a saved position in the last chapter. */
export function benchEpubImport(dir: string, bytes: Uint8Array): BenchBook {
  const library = Library.open(dir);
  try {
    // jsdom and the sanitizer load on the first import of a session: a small book first, as any earlier import would.
    library.importFile({ fileName: 'warm-up.epub', bytes: makeBenchEpub(2_000, 2) }, 'new');
    const [result, ms] = timed(() => library.importFile({ fileName: 'bench-300k.epub', bytes }, 'new'));
    if (result.status !== 'imported') throw new Error(`bench EPUB not imported: ${result.status}`);
    const { id, text, book, wordCount } = library.getArticle(result.article.id);
    const chapters = book?.chapters ?? [];
    // Highlights spread evenly over the book, each a few words from a space to a space.
    const step = Math.floor(text.length / EPUB_HIGHLIGHTS);
    for (let i = 0; i < EPUB_HIGHLIGHTS; i++) {
      const start = text.indexOf(' ', i * step) + 1;
      const end = text.indexOf(' ', start + 40);
      library.createHighlight({
        articleId: id,
        quote: { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
        position: { start, end },
        color: 'yellow',
        note: '',
      });
    }
    // The saved place: the tenth paragraph of the last chapter, at the top of the reading area.
    const last = chapters.at(-1)?.start ?? 0;
    let at = last;
    for (let i = 0; i < 10; i++) at = text.indexOf('\n', at) + 1 || at;
    while (text[at] === '\n') at++;
    library.setReadingPosition(id, at / text.length, encodePosition({ o: at, f: 0 }));
    return {
      id,
      marker: text.slice(at, at + 40),
      results: {
        epub_words: wordCount,
        epub_chapters: chapters.length,
        epub_bytes: bytes.length,
        epub_highlights: EPUB_HIGHLIGHTS,
        epub_import_ms: Math.round(ms),
      },
    };
  } finally {
    library.close();
  }
}

// In-page code is a string: see browser.ts (tsx's helpers do not exist in the page).

/** Milliseconds from asking for the book until the paragraph at its saved position is painted in the window. */
async function openAtSavedPosition(page: Page, id: string, marker: string): Promise<number> {
  const ms = await page.evaluate<number>(`new Promise((done, fail) => {
    const marker = ${JSON.stringify(marker)};
    const t0 = performance.now();
    window.location.hash = '#/article/${id}';
    const check = () => {
      const shown = [...document.querySelectorAll('article p')].find((p) => {
        if (!p.textContent.startsWith(marker)) return false;
        const box = p.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.top < window.innerHeight;
      });
      // The frame after it is in the window is when it is on screen.
      if (shown) requestAnimationFrame(() => done(performance.now() - t0));
      else if (performance.now() - t0 > 30000) fail(new Error('the saved position was not shown within 30 s'));
      else requestAnimationFrame(check);
    };
    check();
  })`);
  await page.keyboard.press('Escape');
  await page.getByRole('list', { name: 'Library' }).waitFor();
  return ms;
}

/** The view figure, in a new browser context showing the app at `url`: a cold open, then the median of warm ones. */
export async function benchEpubView(browser: Browser, url: string, book: BenchBook): Promise<Record<string, number>> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('list', { name: 'Library' }).getByRole('listitem').first().waitFor();
    const opens: number[] = [];
    for (let i = 0; i <= RUNS; i++) opens.push(await openAtSavedPosition(page, book.id, book.marker));
    return { epub_open_ms: Math.round(median(opens.slice(1))), epub_open_cold_ms: Math.round(opens[0] ?? NaN) };
  } finally {
    await context.close();
  }
}
