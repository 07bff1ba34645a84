/**
 * The page of a PDF highlight, and the W3C selectors that say it. The page
 * is derived from the article's page map (pageStarts) every time a
 * highlight leaves the core, never stored: the page map is the one truth,
 * and a re-import that moves a highlight moves its page with it.
 */
import type { TextPositionSelector, TextQuoteSelector } from '../anchoring/selectors';
import type { Highlight } from '../types';
import { pageAtOffset } from './page-text';

/**
 * The page (1-based) a highlight starts on, or undefined when the article
 * has no page map (not a PDF) or the highlight is orphaned (its position
 * points at text that is gone).
 */
export function highlightPage(
  highlight: Pick<Highlight, 'position' | 'anchor'>,
  pageStarts: readonly number[] | null | undefined,
): number | undefined {
  if (!pageStarts || pageStarts.length === 0 || highlight.anchor === 'orphaned') return undefined;
  return pageAtOffset(pageStarts, highlight.position.start);
}

/** The highlight with its `page` set (PDFs) or left out (everything else). */
export function withPage(highlight: Highlight, pageStarts: readonly number[] | null | undefined): Highlight {
  const page = highlightPage(highlight, pageStarts);
  if (page === undefined) {
    if (highlight.page === undefined) return highlight;
    const rest = { ...highlight };
    delete rest.page;
    return rest;
  }
  return { ...highlight, page };
}

/** The page map as stored (a JSON array of offsets); null when absent or unreadable. */
export function parsePageStarts(json: string | null | undefined): number[] | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) ? (value as number[]) : null;
  } catch {
    return null;
  }
}

/** A page of a PDF as a W3C FragmentSelector (RFC 3778's `page=N`). */
export interface W3CPageSelector {
  type: 'FragmentSelector';
  conformsTo: 'http://tools.ietf.org/rfc/rfc3778';
  value: string;
}

/** A place in an EPUB book as a W3C FragmentSelector holding its EPUB CFI (`epubcfi(…)`). */
export interface W3CCfiSelector {
  type: 'FragmentSelector';
  conformsTo: 'http://www.idpf.org/epub/linking/cfi/epub-cfi.html';
  value: string;
}

export type W3CSelector = TextQuoteSelector | TextPositionSelector | W3CPageSelector | W3CCfiSelector;

export function pageSelector(page: number): W3CPageSelector {
  return { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: `page=${page}` };
}

/**
 * A highlight's W3C Web Annotation selectors, as written out for other
 * tools: TextQuote and TextPosition over the canonical text, for a PDF
 * highlight its page, for a book highlight (when derived) its EPUB CFI.
 */
export function w3cSelectors(highlight: Highlight): W3CSelector[] {
  const selectors: W3CSelector[] = [
    { type: 'TextQuoteSelector', ...highlight.quote },
    { type: 'TextPositionSelector', ...highlight.position },
  ];
  if (highlight.page !== undefined) selectors.push(pageSelector(highlight.page));
  if (highlight.cfi !== undefined) {
    selectors.push({ type: 'FragmentSelector', conformsTo: 'http://www.idpf.org/epub/linking/cfi/epub-cfi.html', value: highlight.cfi });
  }
  return selectors;
}
