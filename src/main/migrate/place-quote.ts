/**
 * Finds a quote from another app (a Kindle or Readwise highlight) in an
 * article's text, where the stored context means nothing (it was the
 * neighbouring quotes of a highlights-only source): the quote itself, then
 * the quote with typography folded (curly quotes, ligatures, soft hyphens,
 * dashes, white space) — both "exact": the same words — then an approximate
 * match of the folded quote ("fuzzy"). Null when nothing convincing is found.
 */
import { anchorSelectors } from '../../shared/anchoring';
import { foldQuote, foldTypography, originalRange, type FoldedText } from './typography';

export interface PlacedQuote {
  status: 'exact' | 'fuzzy';
  start: number;
  end: number;
}

/** Folds `text` once for many quotes. */
export class QuotePlacer {
  private folded: FoldedText | undefined;

  constructor(private readonly text: string) {}

  /** `context`: the words around the quote on its page (Hypothesis), to choose between repeats of it. */
  place(quote: string, context?: { prefix: string; suffix: string }): PlacedQuote | null {
    const { text } = this;
    const direct = quote ? text.indexOf(quote) : -1;
    if (direct !== -1 && context && (context.prefix || context.suffix) && text.indexOf(quote, direct + 1) !== -1) {
      const found = anchorSelectors(text, { quote: { type: 'TextQuoteSelector', exact: quote, ...context } }, { fuzzy: false });
      // An occurrence of the very quote, the one whose surroundings fit best.
      if (found.status !== 'orphaned' && text.slice(found.start, found.end) === quote) return { status: 'exact', start: found.start, end: found.end };
    }
    if (direct !== -1) return { status: 'exact', start: direct, end: direct + quote.length };
    const folded = (this.folded ??= foldTypography(text));
    const q = foldQuote(quote);
    if (!q) return null;
    const at = folded.text.indexOf(q);
    if (at !== -1) return { status: 'exact', ...trimmed(text, originalRange(folded, at, at + q.length)) };
    const found = anchorSelectors(folded.text, { quote: { type: 'TextQuoteSelector', exact: q, prefix: '', suffix: '' } });
    if (found.status === 'orphaned' || found.end <= found.start) return null;
    return { status: 'fuzzy', ...trimmed(text, originalRange(folded, found.start, found.end)) };
  }
}

/** A range without white space at its ends (a highlight starts and ends on text). */
function trimmed(text: string, r: { start: number; end: number }): { start: number; end: number } {
  let { start, end } = r;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
