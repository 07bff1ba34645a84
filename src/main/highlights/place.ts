/**
 * Where highlights go in an article's canonical text: checking a new
 * highlight's selectors, and re-anchoring stored ones after the text changed.
 * Pure functions over the shared anchoring code.
 */
import { anchorSelectors, describeTextRange, type AnchorResult } from '../../shared/anchoring';
import type { PositionSelector, QuoteSelector } from '../../shared/types';

export interface Selectors {
  quote: QuoteSelector;
  position: PositionSelector;
}

/** The quote selector of text[start, end), with its real prefix and suffix. */
export function selectorsAt(text: string, start: number, end: number): Selectors {
  const { quote } = describeTextRange(text, start, end);
  return { quote: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix }, position: { start, end } };
}

function anchorInput(selectors: Selectors) {
  return {
    quote: { type: 'TextQuoteSelector' as const, ...selectors.quote },
    position: { type: 'TextPositionSelector' as const, ...selectors.position },
  };
}

/**
 * Places a highlight about to be made (or re-attached): the text must
 * contain the quote exactly. The given position wins when it holds the
 * quote; otherwise the occurrence the prefix/suffix and position point to.
 * Returns the selectors to store (prefix and suffix taken from the text),
 * or null when the quote is not in the text.
 */
export function placeNewHighlight(text: string, selectors: Selectors): Selectors | null {
  const { quote, position } = selectors;
  if (position.end <= text.length && text.slice(position.start, position.end) === quote.exact) {
    return selectorsAt(text, position.start, position.end);
  }
  const found = anchorSelectors(text, anchorInput(selectors), { fuzzy: false });
  if (found.status === 'orphaned' || text.slice(found.start, found.end) !== quote.exact) return null;
  return selectorsAt(text, found.start, found.end);
}

export type Reanchored =
  | { status: 'exact' | 'moved'; selectors: Selectors }
  | { status: 'orphaned' };

/**
 * Re-anchors stored selectors in a new version of the text. A placed
 * highlight gets selectors describing the text it now covers (its quote may
 * differ slightly after a fuzzy match); an orphaned one keeps its old ones.
 */
export function reanchorHighlight(text: string, selectors: Selectors): Reanchored {
  let found: AnchorResult;
  try {
    found = anchorSelectors(text, anchorInput(selectors));
  } catch {
    found = { status: 'orphaned' };
  }
  if (found.status === 'orphaned' || found.end <= found.start) return { status: 'orphaned' };
  return { status: found.status, selectors: selectorsAt(text, found.start, found.end) };
}

/** A highlight as the highlights table stores its selectors. */
export interface StoredHighlightRow {
  quote: string;
  prefix: string;
  suffix: string;
  start_offset: number;
  end_offset: number;
  anchor: string;
}

/** What a stored highlight row needs after re-anchoring: nothing, 'orphan' (keep selectors), or new selectors. */
export type RowChange =
  | { status: Reanchored['status']; write: 'none' }
  | { status: 'orphaned'; write: 'orphan' }
  | { status: 'exact' | 'moved'; write: 'selectors'; selectors: Selectors };

/**
 * Re-anchors one stored row on `text` and says which write (if any) brings
 * the row up to date, so callers with their own statements (the store, the
 * JSON merge) decide the same way.
 */
export function reanchorStoredRow(text: string, row: StoredHighlightRow): RowChange {
  const result = reanchorHighlight(text, {
    quote: { exact: row.quote, prefix: row.prefix, suffix: row.suffix },
    position: { start: row.start_offset, end: row.end_offset },
  });
  if (result.status === 'orphaned') {
    return row.anchor === 'orphaned' ? { status: 'orphaned', write: 'none' } : { status: 'orphaned', write: 'orphan' };
  }
  const { quote, position } = result.selectors;
  const unchanged =
    row.anchor === result.status &&
    quote.exact === row.quote &&
    quote.prefix === row.prefix &&
    quote.suffix === row.suffix &&
    position.start === row.start_offset &&
    position.end === row.end_offset;
  return unchanged
    ? { status: result.status, write: 'none' }
    : { status: result.status, write: 'selectors', selectors: result.selectors };
}
