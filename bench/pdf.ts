/**
 * The PDF figures (issue #13), on a generated 500-page text PDF:
 *
 * - pdf_import_pages_per_s: text extraction + store, through the import the
 *   app and the CLI use (Library.importFileWithImages), pdf.js already loaded.
 * - pdf_open_first_page_ms: warm (pdf.js and its worker loaded by an earlier
 *   open), from asking for the PDF until page 1's canvas is painted and its
 *   text layer holds text: the frame after `data-rendered`, as e2e/pdf-view.
 *   The reader asks for the article without its body (getArticle with
 *   pdfText 'later') and the text after page 1. The view measured is the
 *   build `gloss serve` shows: out/renderer, or GLOSS_RENDERER_DIR
 *   (`npx electron-vite build --outDir /tmp/x`, then
 *   `GLOSS_RENDERER_DIR=/tmp/x/renderer npm run bench -- --only pdf`).
 * - pdf_scroll_memory_mb: the tab's renderer process after scrolling the
 *   whole document end to end, garbage collected. Chromium's
 *   `performance.measureUserAgentSpecificMemory` needs a cross-origin
 *   isolated page (COOP + COEP) and `gloss serve` sends no COEP, so it is not
 *   exposed; CDP's JSHeapUsedSize would miss both the pdf.js worker's heap and
 *   the canvases' pixels. So: the renderer's pid from CDP SystemInfo and its
 *   private memory (what Chrome's task manager calls memory footprint) from
 *   /proc/<pid>/smaps_rollup; the page's JS heap and live canvas pixels are
 *   reported beside it as parts.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { makePdf, type TextPage } from '../tests/pdf/make-pdf';
import { Library } from '../src/main/library';
import { PARALLEL_PDF_BYTES } from '../src/main/pdf/read-pdf';
import { ExtractPool, extractPool, replaceExtractPool } from '../src/main/workers/pool';
import { TextFactory } from './synthetic';

export const PDF_PAGES = 500;
const LINES_PER_PAGE = 50;
/** Characters per line: Helvetica 11 pt stays inside the A4 page's margins. */
const LINE_CHARS = 85;
const RUNS = 7;

/** A deterministic `pages`-page text PDF: a heading and about 500 words a page. */
export async function makeBenchPdf(pages = PDF_PAGES): Promise<Uint8Array> {
  // Its own seed: the other figures' articles stay what they were.
  const factory = new TextFactory(500);
  const specs: TextPage[] = [];
  for (let n = 1; n <= pages; n++) {
    const lines: string[] = [];
    let line = '';
    while (lines.length < LINES_PER_PAGE) {
      for (const word of factory.sentence().split(' ')) {
        if (line && line.length + 1 + word.length > LINE_CHARS) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      if (factory.int(0, 4) === 0 && lines.length < LINES_PER_PAGE - 1) {
        lines.push(line, ''); // a paragraph ends
        line = '';
      }
    }
    specs.push({ heading: { text: `Chapter ${n}`, size: 16 }, lines: lines.slice(0, LINES_PER_PAGE), size: 11 });
  }
  return makePdf(specs, { title: 'A Five Hundred Page Bench Book', author: 'Gloss Bench' });
}

function timedAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  return fn().then((value) => [value, performance.now() - start]);
}

/** Imports the bench PDF into the library at `dir`; answers its article id and the import figure. */
export async function benchPdfImport(dir: string, bytes: Uint8Array): Promise<{ id: string; results: Record<string, number> }> {
  const library = Library.open(dir);
  try {
    // pdf.js is loaded on the first PDF of a session: a small one first, as any earlier import would,
    // then one big enough to be read on the extraction workers (src/main/workers), which start with it.
    await library.importFileWithImages({ fileName: 'warm-up.pdf', bytes: await makeBenchPdf(2) }, 'new');
    const warmPages = Math.ceil((PARALLEL_PDF_BYTES / bytes.length) * PDF_PAGES * 1.1);
    await library.importFileWithImages({ fileName: 'warm-up-workers.pdf', bytes: await makeBenchPdf(warmPages) }, 'new');
    const [result, ms] = await timedAsync(() => library.importFileWithImages({ fileName: 'bench-500.pdf', bytes }, 'new'));
    if (result.status !== 'imported') throw new Error(`bench PDF not imported: ${result.status}`);
    // The same import in this thread alone, as before the workers: what they gain on this machine now.
    const shared = replaceExtractPool(new ExtractPool(0));
    const [, oneThreadMs] = await timedAsync(() => library.importFileWithImages({ fileName: 'bench-500-one-thread.pdf', bytes }, 'new'));
    replaceExtractPool(shared);
    return {
      id: result.article.id,
      results: {
        pdf_pages: PDF_PAGES,
        pdf_bytes: bytes.length,
        pdf_import_ms: Math.round(ms),
        pdf_import_pages_per_s: Number(((PDF_PAGES / ms) * 1000).toFixed(1)),
        pdf_import_workers: extractPool().parallel ? extractPool().size : 0,
        pdf_import_one_thread_pages_per_s: Number(((PDF_PAGES / oneThreadMs) * 1000).toFixed(1)),
      },
    };
  } finally {
    library.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

// In-page code is a string: see browser.ts (tsx's helpers do not exist in the page).

/** Milliseconds from asking for the PDF until page 1 is painted with its text layer. */
async function openFirstPage(page: Page, id: string): Promise<number> {
  const ms = await page.evaluate<number>(`new Promise((done, fail) => {
    const t0 = performance.now();
    window.location.hash = '#/article/${id}';
    const check = () => {
      const text = document.querySelector('[data-page-number="1"][data-rendered] .textLayer');
      // The frame after the canvas was drawn is when it is on screen.
      if (text && text.textContent.trim()) requestAnimationFrame(() => done(performance.now() - t0));
      else if (performance.now() - t0 > 30000) fail(new Error('page 1 not painted within 30 s'));
      else requestAnimationFrame(check);
    };
    check();
  })`);
  await page.keyboard.press('Escape');
  await page.locator('.pdf-view').waitFor({ state: 'detached' });
  return ms;
}

interface ScrollFigures {
  ms: number;
  steps: number;
  maxCanvases: number;
  maxCanvasPixels: number;
  lastPage: number;
}

/**
 * Scrolls the open PDF down two windows at a time until `fraction` of the
 * document (1: its end), each step waiting (up to 5 s) until the page in the
 * middle of the window is painted; the pages after the current one are drawn
 * too, so every page passed gets a canvas once and gives it back.
 */
function scrollDown(page: Page, fraction: number): Promise<ScrollFigures> {
  return page.evaluate<ScrollFigures>(`new Promise((done) => {
    const t0 = performance.now();
    let steps = 0, maxCanvases = 0, maxCanvasPixels = 0, stepStart = t0;
    const middlePage = () => {
      const el = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
      return el && el.closest('[data-page-number]');
    };
    const atBottom = () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    const reached = () => atBottom() || window.scrollY >= ${fraction} * (document.documentElement.scrollHeight - window.innerHeight);
    const tick = () => {
      const canvases = document.querySelectorAll('.pdf-page canvas');
      let pixels = 0;
      canvases.forEach((c) => (pixels += c.width * c.height));
      maxCanvases = Math.max(maxCanvases, canvases.length);
      maxCanvasPixels = Math.max(maxCanvasPixels, pixels);
      const slot = middlePage();
      const painted = !slot || slot.hasAttribute('data-rendered');
      if (!painted && performance.now() - stepStart < 5000) return requestAnimationFrame(tick);
      if (reached()) {
        let lastPage = 0;
        document.querySelectorAll('[data-page-number][data-rendered]').forEach((el) => (lastPage = Math.max(lastPage, Number(el.getAttribute('data-page-number')))));
        return done({ ms: performance.now() - t0, steps, maxCanvases, maxCanvasPixels, lastPage });
      }
      window.scrollBy(0, window.innerHeight * 2);
      steps++;
      stepStart = performance.now();
      requestAnimationFrame(tick);
    };
    tick();
  })`);
}

/** Private memory (clean + dirty + swapped) of a process, in bytes; RSS where smaps_rollup is not readable. */
function processMemory(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    if (process.env.GLOSS_BENCH_VERBOSE) console.log(`renderer ${pid}:\n${rollup}`);
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    return (kib('Private_Clean') + kib('Private_Dirty') + kib('Swap')) * 1024;
  } catch {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) * 1024;
  }
}

/** The largest renderer process of this browser: the bench's one tab (a spare renderer is small). */
async function rendererMemory(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
    const sizes = processInfo.filter((p) => p.type === 'renderer').map((p) => processMemory(p.id));
    if (sizes.length === 0) throw new Error('no renderer process reported');
    return Math.max(...sizes);
  } finally {
    await session.detach();
  }
}

const MB = 1024 * 1024;

/** The view figures, in a new browser context (a renderer process of its own) showing the app at `url`. */
export async function benchPdfView(browser: Browser, url: string, id: string): Promise<Record<string, number | string>> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    return await measureView(browser, await context.newPage(), url, id);
  } finally {
    await context.close();
  }
}

async function measureView(browser: Browser, page: Page, url: string, id: string): Promise<Record<string, number | string>> {
  await page.goto(url);
  await page.getByRole('list', { name: 'Library' }).getByRole('listitem').first().waitFor();
  const opens: number[] = [];
  // The first open loads pdf.js and its worker (cold); the rest are warm.
  for (let i = 0; i <= RUNS; i++) opens.push(await openFirstPage(page, id));

  await page.evaluate(`window.location.hash = '#/article/${id}'`);
  await page.locator('[data-page-number="1"][data-rendered]').waitFor({ state: 'attached' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const opened = await rendererMemory(browser);
  // A quarter at a time, the memory read after each: does it level off or keep growing?
  const quarters: number[] = [];
  const scroll: ScrollFigures = { ms: 0, steps: 0, maxCanvases: 0, maxCanvasPixels: 0, lastPage: 0 };
  for (const fraction of [0.25, 0.5, 0.75, 1]) {
    const part = await scrollDown(page, fraction);
    scroll.ms += part.ms;
    scroll.steps += part.steps;
    scroll.maxCanvases = Math.max(scroll.maxCanvases, part.maxCanvases);
    scroll.maxCanvasPixels = Math.max(scroll.maxCanvasPixels, part.maxCanvasPixels);
    scroll.lastPage = part.lastPage;
    await cdp.send('HeapProfiler.collectGarbage');
    quarters.push(await rendererMemory(browser));
  }
  await cdp.send('Performance.enable');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const jsHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  const canvasBytes = await page.evaluate<number>(
    `[...document.querySelectorAll('canvas')].reduce((n, c) => n + c.width * c.height * 4, 0)`,
  );
  const renderer = quarters.at(-1) ?? NaN;
  await cdp.detach();
  // Exposed only to cross-origin isolated pages (COOP + COEP); said in the results either way.
  const uaMemory = await page.evaluate<number | string>(`(async () => {
    if (!self.crossOriginIsolated || typeof performance.measureUserAgentSpecificMemory !== 'function')
      return 'not exposed (crossOriginIsolated: ' + self.crossOriginIsolated + ')';
    return (await performance.measureUserAgentSpecificMemory()).bytes;
  })()`);
  return {
    pdf_open_first_page_ms: Math.round(median(opens.slice(1))),
    pdf_open_first_page_cold_ms: Math.round(opens[0] ?? NaN),
    pdf_open_memory_mb: Math.round(opened / MB),
    pdf_scroll_memory_mb: Math.round(renderer / MB),
    pdf_scroll_memory_quarters_mb: quarters.map((b) => Math.round(b / MB)).join(' / '),
    pdf_scroll_js_heap_mb: Math.round(jsHeap / MB),
    pdf_scroll_ua_memory_mb: typeof uaMemory === 'number' ? Math.round(uaMemory / MB) : uaMemory,
    pdf_scroll_canvas_mb: Number((canvasBytes / MB).toFixed(1)),
    pdf_scroll_max_canvases: scroll.maxCanvases,
    pdf_scroll_max_canvas_mb: Number(((scroll.maxCanvasPixels * 4) / MB).toFixed(1)),
    pdf_scroll_s: Number((scroll.ms / 1000).toFixed(1)),
    pdf_scroll_steps: scroll.steps,
    pdf_scroll_last_page: scroll.lastPage,
  };
}
