/**
 * The PDF view's TextMap: the article's canonical text (main's, over all
 * pages) with the text nodes of the pages rendered now. Each text-layer
 * span shows one pdf.js item; shared/pdf/page-text.ts says where that
 * item's characters sit in its page's text, and the page's start offset
 * (PdfInfo.pageStarts) places the page in the document. The painter and
 * the selection read it as they read an article body's map (dom-range.ts):
 * pages not rendered simply have no nodes.
 */
import { pageTextMap, type PdfTextItem } from '../../../shared/pdf/page-text';
import type { TextMap, TextNodeSpan } from '../../../shared/text/canonical';

const TEXT_NODE = 3;

export class PdfTextMap {
  readonly text: string;
  readonly #pageStarts: readonly number[];
  // DOM bookkeeping, not state: the painter is told when it changes.
  readonly #pages = new Map<number, TextNodeSpan[]>();
  #map: TextMap | null = null;

  constructor(text: string, pageStarts: readonly number[]) {
    this.text = text;
    this.#pageStarts = pageStarts;
  }

  /**
   * Maps page `n`'s spans (divs[k] shows items[k]). False, and the page
   * left unmapped, when the page's text is not the stored text at its
   * start (a file whose text pdf.js now reads otherwise): it stays
   * readable, its text just cannot be highlighted.
   */
  addPage(n: number, items: readonly PdfTextItem[], divs: readonly HTMLElement[]): boolean {
    const page = pageTextMap(items);
    const start = this.#pageStarts[n - 1];
    if (start === undefined || this.text.slice(start, start + page.text.length) !== page.text) {
      this.removePage(n);
      return false;
    }
    const spans: TextNodeSpan[] = [];
    items.forEach((item, k) => {
      const node = divs[k]?.firstChild;
      if (!node || node.nodeType !== TEXT_NODE || (node as Text).data !== item.str) return;
      const offsets = page.items[k]!.map((o) => o + start);
      spans.push({ node: node as Text, offsets });
    });
    this.#pages.set(n, spans);
    this.#map = null;
    return true;
  }

  /** Whether page `n`'s spans are mapped now. */
  has(n: number): boolean {
    return this.#pages.has(n);
  }

  removePage(n: number): void {
    if (this.#pages.delete(n)) this.#map = null;
  }

  /** The map over the pages mapped now, in page order (a new object after each change). */
  get map(): TextMap {
    if (!this.#map) {
      const pages = [...this.#pages.keys()].sort((a, b) => a - b);
      this.#map = { text: this.text, spans: pages.flatMap((n) => this.#pages.get(n)!) };
    }
    return this.#map;
  }
}
