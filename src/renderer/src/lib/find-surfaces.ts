/**
 * The views as find sees them (find-in-document.svelte.ts): an article body,
 * and the PDF view, which draws a match's page before showing it.
 */
import { textOffsetsToNodeRanges } from '../../../shared/anchoring/dom-range';
import { pageAtOffset } from '../../../shared/pdf/page-text';
import type { TextMap } from '../../../shared/text/canonical';
import type { FindSurface } from './find-in-document.svelte';
import type { HighlightPainter } from './painter';
import type { PdfPages } from './pdf-text-surface';
import { capturePosition } from './reading-position';

/** The viewport rectangle of the first drawn piece of [start, end) (null: not drawn). */
function firstPieceRect(map: TextMap, start: number, end: number): DOMRect | null {
  const first = textOffsetsToNodeRanges(map, start, end)[0];
  if (!first) return null;
  const range = document.createRange();
  range.setStart(first.node, first.startOffset);
  range.setEnd(first.node, first.endOffset);
  return range.getBoundingClientRect();
}

/**
 * Scrolls the window only when the text is not already between the reading
 * line and the window's bottom (as browsers' find does), then to the middle.
 */
function scrollIntoViewIfNeeded(map: TextMap, start: number, end: number, topLine: number): void {
  const rect = firstPieceRect(map, start, end);
  if (!rect) return;
  if (rect.top >= topLine && rect.bottom <= window.innerHeight) return;
  const middle = topLine + (window.innerHeight - topLine) / 2;
  window.scrollTo(0, Math.max(0, window.scrollY + rect.top + rect.height / 2 - middle));
}

export function articleFindSurface(painter: HighlightPainter, body: HTMLElement, topLine: () => number): FindSurface {
  return {
    text: painter.text,
    painter,
    viewStart: () => capturePosition(painter.map, body, topLine())?.o ?? 0,
    reveal: (start, end) => {
      scrollIntoViewIfNeeded(painter.map, start, end, topLine());
      return Promise.resolve();
    },
  };
}

/** `currentPage`: the page at the reading line now. */
export function pdfFindSurface(pages: PdfPages, text: string, currentPage: () => number, topLine: () => number): FindSurface {
  return {
    text,
    painter: pages.painter,
    viewStart: () => pages.pageStarts[currentPage() - 1] ?? 0,
    reveal: async (start, end, stale) => {
      const page = pageAtOffset(pages.pageStarts, start);
      // A page not drawn: go to it (its top at the reading line) and wait for its text layer.
      if (!pages.hasText(page) && (!(await pages.showPage(page)) || stale())) return;
      scrollIntoViewIfNeeded(pages.painter.map, start, end, topLine());
    },
  };
}
