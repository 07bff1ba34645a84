/**
 * Reading positions in a PDF, in the article's format ({o, f}: a text
 * offset and a fraction of the block there), so the one reading-position
 * tracker (reader-position.ts) saves and restores PDFs as it does articles.
 *
 * The "block" is a page, found by its start in the canonical text
 * (PdfInfo.pageStarts). Pages without text start where the next page does,
 * so pages sharing a start form one block and f runs across all of them: a
 * scanned PDF (every page at 0) saves a fraction of the whole document.
 */
import type { ReadingPosition } from './reading-position';

export interface PagePlace {
  /** 1-based. */
  page: number;
  /** 0..1: how much of that page is above the reading line. */
  fraction: number;
}

/** The pages [first, last] (1-based) that share page `page`'s text start. */
function groupOf(pageStarts: readonly number[], page: number): { first: number; last: number } {
  const start = pageStarts[page - 1] ?? 0;
  let first = page;
  while (first > 1 && pageStarts[first - 2] === start) first--;
  let last = page;
  while (last < pageStarts.length && pageStarts[last] === start) last++;
  return { first, last };
}

export function positionOfPlace(pageStarts: readonly number[], place: PagePlace): ReadingPosition {
  const page = Math.min(Math.max(1, place.page), Math.max(1, pageStarts.length));
  const { first, last } = groupOf(pageStarts, page);
  const fraction = Math.min(1, Math.max(0, place.fraction));
  return { o: pageStarts[page - 1] ?? 0, f: (page - first + fraction) / (last - first + 1) };
}

/** The page and fraction a saved position names (the last page starting at or before its offset). */
export function placeOfPosition(pageStarts: readonly number[], position: ReadingPosition): PagePlace {
  if (pageStarts.length === 0) return { page: 1, fraction: 0 };
  let page = 1;
  for (let i = 0; i < pageStarts.length; i++) if (pageStarts[i]! <= position.o) page = i + 1;
  const { first, last } = groupOf(pageStarts, page);
  const span = (last - first + 1) * Math.min(1, Math.max(0, position.f));
  const within = Math.min(last - first, Math.floor(span));
  return { page: first + within, fraction: Math.min(1, span - within) };
}
