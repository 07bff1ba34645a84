/**
 * The PDF view as the reader's TextSurface: the selection read from the
 * text layers through the view's text map (pdf-text-map.ts), and a
 * highlight revealed by rendering its page first, then scrolling it to the
 * middle and flashing it, as an article does.
 */
import { pageAtOffset } from '../../../shared/pdf/page-text';
import { textOffsetsToNodeRanges } from '../../../shared/anchoring/dom-range';
import type { TextMap } from '../../../shared/text/canonical';
import type { HighlightPainter } from './painter';
import type { PopoverAnchor } from './popover-placement';
import { extendSelection } from './reader-keys';
import type { TextSurface } from './reader-selection.svelte';
import { bodySelection } from './selection';

/** What the surface needs of the PDF view. */
export interface PdfPages {
  /** The element holding every page. */
  element: HTMLElement;
  painter: HighlightPainter;
  pageStarts: readonly number[];
  /** Where a highlight sits in the text now (null: not placed). */
  placeOf(id: string): { start: number; end: number } | null;
  /** Scrolls to page `n` and resolves once its text layer is in the page (false: the view closed). */
  showPage(n: number): Promise<boolean>;
  /** Whether page `n`'s text is mapped now. */
  hasText(n: number): boolean;
}

/**
 * The viewport rectangle of the text [start, end)'s last piece (its part of
 * the last span it reaches). A Range's own rectangles would also hold the
 * boxes of whatever elements it crosses (canvases, the layers' end blocks).
 */
function lastPieceRect(map: TextMap, start: number, end: number): DOMRect | null {
  const pieces = textOffsetsToNodeRanges(map, start, end);
  const last = pieces[pieces.length - 1];
  if (!last) return null;
  const range = document.createRange();
  range.setStart(last.node, last.startOffset);
  range.setEnd(last.node, last.endOffset);
  return range.getBoundingClientRect();
}

/** Scrolls a painted highlight to the middle of the window and flashes it; where its popover goes. */
export function revealPainted(painter: HighlightPainter, id: string, place: { start: number; end: number }): PopoverAnchor | null {
  const range = painter.rangeOf(id);
  if (!range) return null;
  range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  painter.flash(id);
  const rect = lastPieceRect(painter.map, place.start, place.end) ?? range.getBoundingClientRect();
  return { top: rect.bottom + window.scrollY + 8, above: rect.top + window.scrollY - 8, left: rect.left + window.scrollX };
}

/** Renders the page a highlight starts on when it is not, then reveals the highlight. */
export async function revealHighlight(pages: PdfPages, id: string): Promise<PopoverAnchor | null> {
  const place = pages.placeOf(id);
  if (!place) return null;
  const page = pageAtOffset(pages.pageStarts, place.start);
  if (!pages.hasText(page) && !(await pages.showPage(page))) return null;
  return revealPainted(pages.painter, id, place);
}

export function pdfTextSurface(pages: PdfPages): TextSurface {
  return {
    current: () => {
      const selected = bodySelection(pages.element, pages.painter.map);
      if (!selected) return null;
      const rect = lastPieceRect(pages.painter.map, selected.start, selected.end) ?? selected.rect;
      return { start: selected.start, end: selected.end, rect };
    },
    clear: () => document.getSelection()?.removeAllRanges(),
    focus: () => pages.element.focus({ preventScroll: true }),
    extend: (event) => extendSelection(event, pages.element, undefined),
    reveal: (id) => revealHighlight(pages, id),
  };
}
