/**
 * The PDF view's controller: the document, the page sizes the layout is
 * built from, zoom, the current page, and which pages have a canvas.
 *
 * Pages render lazily: every page has a placeholder of its size (the first
 * page's until its own is known), the pages around the reading line get a
 * canvas and a pdf.js text layer (selectable text), and pages far from it
 * give their canvas back, so memory stays bounded over a long document.
 */
import type { PDFDocumentProxy, PDFPageProxy, PageViewport, RenderTask } from 'pdfjs-dist';
import { destinationPlace } from '../../../shared/pdf/destination';
import { PDF_TEXT_CONTENT_OPTIONS, type PdfTextItem } from '../../../shared/pdf/page-text';
import { loadPdfJs, openPdf, safeLinkUrl } from './pdf-document';
import { CSS_UNITS, zoomIn, zoomOf, zoomOut, type ZoomMode } from './pdf-zoom';
import type { PagePlace } from './pdf-position';
import { pdfInvertPages, rememberPdfInvertPages } from './prefs';

export interface PageSize {
  /** PDF points at scale 1. */
  width: number;
  height: number;
}

/** Pages kept rendered around the current one, and where canvases are given back. */
const RENDER_BEFORE = 1;
const RENDER_AFTER = 2;
const RELEASE_BEYOND = 4;
/** Canvas pixels per page at most (a 400 % page on a 2x screen would be ~60 M). */
const MAX_CANVAS_PIXELS = 16_777_216;
/** Pages given back before pdf.js's document-wide caches are emptied at the next quiet moment. */
const CLEANUP_AFTER_RELEASES = 8;

const noop = (): void => {};

interface RenderedPage {
  zoom: number;
  canvas: HTMLCanvasElement;
  task: RenderTask;
  textLayer: { cancel(): void };
  /** Its text layer is in the page (and was handed to ontext). */
  hasText: boolean;
  /** pdf.js's page, once loaded: its fonts, images and operator lists are freed on release. */
  page?: PDFPageProxy;
  /** Painted, failed or given up: the pages after it may start. */
  settled: boolean;
}

/** A page's text layer: pdf.js's items and, for item k, the span that shows it (divs[k]). */
export interface PageTextLayer {
  items: PdfTextItem[];
  divs: readonly HTMLElement[];
}

export interface PdfViewerOptions {
  /** The reading line (px from the window's top): pages are "at the top" below it. */
  topLine: () => number;
  /** Scrolls the window; `own`: a scroll that is not the reader's reading (zoom keeping the place). */
  scrollTo: (y: number, own: boolean) => void;
  /** After a page's canvas is painted (the first one: the document is readable). */
  onpainted?: (page: number) => void;
  /** A page's drawing ended: painted, failed or cancelled (the worker is free for what waited on it). */
  onsettled?: (page: number) => void;
  /** A page's text layer is in the page (its spans can be mapped to the text). */
  ontext?: (page: number, layer: PageTextLayer) => void;
  /** A page gave its canvas and text layer back. */
  onrelease?: (page: number) => void;
}

export class PdfViewer {
  pageCount = $state(0);
  sizes = $state.raw<PageSize[]>([]);
  mode = $state<ZoomMode>('width');
  /** The room for a page (the pages area's width, the window below the reading line). */
  box = $state({ width: 0, height: 0 });
  zoom = $derived(zoomOf(this.mode, this.sizes[0] ?? { width: 612, height: 792 }, this.box));
  currentPage = $state(1);
  invert = $state(pdfInvertPages());
  error = $state<string | null>(null);
  loaded = $state(false);
  /** The file is protected: 'required' (no password given) or 'wrong'. */
  passwordNeeded = $state<'required' | 'wrong' | null>(null);

  readonly #options: PdfViewerOptions;
  #doc: PDFDocumentProxy | null = null;
  // Bookkeeping of DOM work, deliberately not reactive: nothing renders from these.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #slots = new Map<number, HTMLElement>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #rendered = new Map<number, RenderedPage>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #textWaiters = new Map<number, Array<(ready: boolean) => void>>();
  #destroyed = false;
  #frame = 0;
  #releasedSinceCleanup = 0;

  constructor(options: PdfViewerOptions) {
    this.#options = options;
  }

  /** Opens the file; the layout is ready (sizes known) when this resolves. */
  async open(file: { fileHash: string; fileSize: number; pageCount: number }, password?: string): Promise<void> {
    this.passwordNeeded = null;
    try {
      const doc = await openPdf(file.fileHash, file.fileSize, password);
      if (this.#destroyed) {
        void doc.destroy();
        return;
      }
      this.#doc = doc;
      const first = await doc.getPage(1);
      const size = sizeOf(first);
      this.sizes = Array.from({ length: doc.numPages || file.pageCount }, () => size);
      this.pageCount = this.sizes.length;
      this.loaded = true;
    } catch (err) {
      // pdf.js: code 1 = a password is needed, 2 = the one given is wrong.
      if ((err as { name?: unknown } | null)?.name === 'PasswordException') {
        this.passwordNeeded = (err as { code?: unknown }).code === 2 ? 'wrong' : 'required';
        return;
      }
      this.error = `This PDF could not be shown: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /** The CSS size of page `n` at the current zoom. */
  cssSize(n: number): { width: number; height: number } {
    const size = this.sizes[n - 1] ?? this.sizes[0] ?? { width: 612, height: 792 };
    const scale = this.zoom * CSS_UNITS;
    return { width: Math.floor(size.width * scale), height: Math.floor(size.height * scale) };
  }

  /** A page's placeholder element (registered by the view, in page order). */
  slot(n: number, el: HTMLElement): () => void {
    this.#slots.set(n, el);
    this.schedule();
    return () => {
      this.#release(n);
      if (this.#slots.get(n) === el) this.#slots.delete(n);
    };
  }

  /** Re-measure and re-render on the next frame (scroll, resize, zoom). */
  schedule(): void {
    if (this.#frame || this.#destroyed) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#update();
    });
  }

  #update(): void {
    if (!this.#doc) return;
    this.currentPage = this.place().page;
    const current = this.currentPage;
    for (const n of [...this.#rendered.keys()]) {
      if (Math.abs(n - current) > RELEASE_BEYOND || this.#rendered.get(n)?.zoom !== this.zoom) this.#release(n);
    }
    // The page at the reading line first, alone: drawn together with its
    // neighbours it shared pdf.js's worker and the main thread with them and
    // opening a PDF showed page 1 about twice as late.
    if (!this.#rendered.has(current)) this.#render(current);
    if (this.#rendered.get(current)?.settled === false) return; // its settling schedules the rest
    for (let n = Math.max(1, current - RENDER_BEFORE); n <= Math.min(this.pageCount, current + RENDER_AFTER); n++) {
      if (!this.#rendered.has(n)) this.#render(n);
    }
  }

  /** Pages holding a canvas now (for tests and the memory bound). */
  get renderedPages(): number[] {
    return [...this.#rendered.keys()].sort((a, b) => a - b);
  }

  #render(n: number): void {
    const doc = this.#doc;
    const slot = this.#slots.get(n);
    if (!doc || !slot) return;
    const zoom = this.zoom;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('aria-hidden', 'true');
    // Placeholder entry first: a second update in the meantime must not start another render.
    const entry: RenderedPage = {
      zoom,
      canvas,
      task: { cancel: () => {}, promise: Promise.resolve() } as unknown as RenderTask,
      textLayer: { cancel: () => {} },
      hasText: false,
      settled: false,
    };
    this.#rendered.set(n, entry);
    void (async () => {
      const [pdfjs, page] = await Promise.all([loadPdfJs(), doc.getPage(n)]);
      entry.page = page;
      if (this.#rendered.get(n) !== entry) return;
      this.#learnSize(n, page);
      const viewport = page.getViewport({ scale: zoom * CSS_UNITS });
      const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      const task = page.render({
        canvas,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      entry.task = task;
      // Awaited after the text layer; a cancel meanwhile must not surface as an unhandled rejection.
      task.promise.catch(() => undefined);
      const text = document.createElement('div');
      text.className = 'textLayer';
      // The items main built the article's text from (same options), so the spans map onto its offsets.
      const contentLoad = page.getTextContent(PDF_TEXT_CONTENT_OPTIONS);
      // Asked for now, so the worker has them ready when the canvas is drawn.
      const annotations = page.getAnnotations({ intent: 'display' });
      annotations.catch(noop);
      const content = await contentLoad;
      if (this.#rendered.get(n) !== entry) return;
      const textLayer = new pdfjs.TextLayer({ textContentSource: content, container: text, viewport });
      entry.textLayer = textLayer;
      slot.style.setProperty('--total-scale-factor', String(viewport.scale));
      slot.replaceChildren(canvas, text);
      await textLayer.render();
      if (this.#rendered.get(n) !== entry) return;
      // pdf.js's own viewer ends each layer with this block: while selecting it
      // covers the layer, so a drag over blank space does not jump (pdf-text-selection.ts).
      const end = document.createElement('div');
      end.className = 'endOfContent';
      text.append(end);
      entry.hasText = true;
      const items = content.items.filter((i): i is PdfTextItem & typeof i => 'str' in i);
      this.#options.ontext?.(n, { items, divs: textLayer.textDivs });
      this.#settleText(n, true);
      await task.promise;
      if (this.#rendered.get(n) !== entry) return;
      slot.append(await this.#links(viewport, (await annotations) as Array<Record<string, unknown>>));
      slot.dataset.rendered = 'true';
      this.#options.onpainted?.(n);
    })()
      .catch((err: unknown) => {
        // A render cancelled because the page scrolled away or the zoom changed is expected.
        if (err instanceof Error && err.name === 'RenderingCancelledException') return;
        if (this.#rendered.get(n) === entry) console.warn(`Gloss: page ${n} could not be rendered`, err);
      })
      .finally(() => {
        entry.settled = true;
        this.#cleanUpWhenQuiet();
        this.schedule();
        this.#options.onsettled?.(n);
      });
  }

  /** Link annotations: http(s) links open outside the app; links inside the document jump to their page. */
  async #links(viewport: PageViewport, annotations: ReadonlyArray<Record<string, unknown>>): Promise<HTMLElement> {
    const layer = document.createElement('div');
    layer.className = 'pdf-links';
    for (const annotation of annotations) {
      if (annotation.subtype !== 'Link' || !Array.isArray(annotation.rect)) continue;
      const url = safeLinkUrl(annotation.url);
      const target = url || !this.#doc ? null : await destinationPlace(this.#doc, annotation.dest);
      if (!url && target === null) continue;
      const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(annotation.rect as number[]) as number[];
      const a = document.createElement('a');
      Object.assign(a.style, {
        left: `${Math.min(x1!, x2!)}px`,
        top: `${Math.min(y1!, y2!)}px`,
        width: `${Math.abs(x2! - x1!)}px`,
        height: `${Math.abs(y2! - y1!)}px`,
      });
      if (url) {
        a.href = url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.setAttribute('aria-label', url);
      } else {
        a.href = `#page-${target!.page}`;
        a.setAttribute('aria-label', `Go to page ${target!.page}`);
        a.addEventListener('click', (event) => {
          event.preventDefault();
          this.goToPage(target!.page, target!.top);
        });
      }
      layer.append(a);
    }
    return layer;
  }

  #learnSize(n: number, page: PDFPageProxy): void {
    const size = sizeOf(page);
    const known = this.sizes[n - 1];
    if (known && known.width === size.width && known.height === size.height) return;
    const next = [...this.sizes];
    next[n - 1] = size;
    this.sizes = next;
  }

  /** Resolves true once page `n`'s text layer is in the page (false if the view closes first). */
  textReady(n: number): Promise<boolean> {
    if (this.#rendered.get(n)?.hasText) return Promise.resolve(true);
    if (this.#destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiting = this.#textWaiters.get(n) ?? [];
      waiting.push(resolve);
      this.#textWaiters.set(n, waiting);
    });
  }

  #settleText(n: number, ready: boolean): void {
    const waiting = this.#textWaiters.get(n);
    if (!waiting) return;
    this.#textWaiters.delete(n);
    for (const resolve of waiting) resolve(ready);
  }

  #release(n: number): void {
    const entry = this.#rendered.get(n);
    if (!entry) return;
    this.#rendered.delete(n);
    this.#releasedSinceCleanup++;
    if (entry.hasText) this.#options.onrelease?.(n);
    entry.task.cancel();
    entry.textLayer.cancel();
    // Without this pdf.js keeps every drawn page's resources: scrolling a
    // 500-page PDF end to end grew the tab by ~300 MB. cleanup() refuses
    // while a render is still settling, so it waits for the cancel to land.
    const page = entry.page;
    if (page) void entry.task.promise.then(noop, noop).then(() => this.#rendered.has(n) || page.cleanup());
    // Giving the canvas a zero size frees its backing store at once.
    entry.canvas.width = 0;
    entry.canvas.height = 0;
    const slot = this.#slots.get(n);
    if (slot) {
      slot.replaceChildren();
      delete slot.dataset.rendered;
    }
  }

  /**
   * Empties pdf.js's caches of the whole document (both threads: fonts,
   * pages, objects) once enough pages were given back and no page is being
   * drawn; pdf.js refuses while one is. Pages on screen keep their canvas
   * and text layer, so nothing visible changes.
   */
  #cleanUpWhenQuiet(): void {
    const doc = this.#doc;
    if (!doc || this.#releasedSinceCleanup < CLEANUP_AFTER_RELEASES) return;
    for (const entry of this.#rendered.values()) if (!entry.settled) return;
    this.#releasedSinceCleanup = 0;
    doc.cleanup().catch(noop);
  }

  /** The page at the reading line, and how far into it. */
  place(): PagePlace {
    const line = this.#options.topLine() + 8;
    let lo = 1;
    let hi = this.pageCount;
    // The first page whose bottom is below the line (pages are in order).
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const rect = this.#slots.get(mid)?.getBoundingClientRect();
      if (rect && rect.bottom > line) hi = mid;
      else lo = mid + 1;
    }
    const rect = this.#slots.get(lo)?.getBoundingClientRect();
    if (!rect || rect.height <= 0) return { page: lo, fraction: 0 };
    return { page: lo, fraction: Math.min(1, Math.max(0, (this.#options.topLine() - rect.top) / rect.height)) };
  }

  /** The window scroll offset that puts `place` at the reading line (null before the layout). */
  scrollYOf(place: PagePlace): number | null {
    const slot = this.#slots.get(place.page);
    if (!slot) return null;
    const rect = slot.getBoundingClientRect();
    return Math.max(0, window.scrollY + rect.top + rect.height * place.fraction - this.#options.topLine());
  }

  /** Brings page `n` to the reading line: its top, or the place `top` down it (0–1: a destination's). */
  goToPage(n: number, top = 0): void {
    const page = Math.min(Math.max(1, Math.round(n)), this.pageCount);
    const y = this.scrollYOf({ page, fraction: top });
    if (y === null) return;
    this.#options.scrollTo(y, false);
    this.currentPage = page;
    this.schedule();
  }

  /** Changes the zoom, keeping the reading line on the same place of the same page. */
  setMode(mode: ZoomMode, afterLayout: () => Promise<void>): void {
    const place = this.place();
    this.mode = mode;
    void afterLayout().then(() => {
      const y = this.scrollYOf(place);
      if (y !== null) this.#options.scrollTo(y, true);
      this.schedule();
    });
  }

  zoomIn(afterLayout: () => Promise<void>): void {
    this.setMode(zoomIn(this.zoom), afterLayout);
  }

  zoomOut(afterLayout: () => Promise<void>): void {
    this.setMode(zoomOut(this.zoom), afterLayout);
  }

  toggleInvert(): void {
    this.invert = !this.invert;
    rememberPdfInvertPages(this.invert);
  }

  destroy(): void {
    this.#destroyed = true;
    cancelAnimationFrame(this.#frame);
    for (const n of [...this.#rendered.keys()]) this.#release(n);
    for (const n of [...this.#textWaiters.keys()]) this.#settleText(n, false);
    void this.#doc?.destroy();
    this.#doc = null;
  }
}

function sizeOf(page: PDFPageProxy): PageSize {
  const viewport = page.getViewport({ scale: 1 });
  return { width: viewport.width, height: viewport.height };
}
