/**
 * W3C Web Annotation selectors over an article's canonical plain text
 * (see `src/shared/text/canonical.ts`). A highlight is stored as both a
 * TextQuoteSelector (the quoted text with some context either side, robust
 * to edits) and a TextPositionSelector (character offsets, fast to verify).
 *
 * Offsets are UTF-16 code unit indices into the canonical text, as in
 * JavaScript strings.
 */

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  /** The highlighted text itself. */
  exact: string;
  /** Up to CONTEXT_LENGTH characters of text just before `exact`. */
  prefix: string;
  /** Up to CONTEXT_LENGTH characters of text just after `exact`. */
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  /** Offset of the first highlighted character. */
  start: number;
  /** Offset just past the last highlighted character. */
  end: number;
}

export interface HighlightSelectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

/** How many characters of context the quote selector keeps on each side. */
export const CONTEXT_LENGTH = 32;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Throws a RangeError unless [start, end) is a non-empty range of whole
 * offsets within a text of `length` code units.
 */
export function assertTextRange(length: number, start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`text range offsets must be integers, got [${start}, ${end})`);
  }
  if (start < 0 || end > length) {
    throw new RangeError(`text range [${start}, ${end}) is outside the text (length ${length})`);
  }
  if (start >= end) {
    throw new RangeError(`text range [${start}, ${end}) is empty or reversed`);
  }
}

/**
 * Start of the context before `start`: CONTEXT_LENGTH code units back, moved
 * one unit closer if that would cut a surrogate pair in half.
 */
function prefixStart(text: string, start: number): number {
  let from = Math.max(0, start - CONTEXT_LENGTH);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) {
    from += 1;
  }
  return from;
}

/** End of the context after `end`, never cutting a surrogate pair. */
function suffixEnd(text: string, end: number): number {
  let to = Math.min(text.length, end + CONTEXT_LENGTH);
  if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1)) && isLowSurrogate(text.charCodeAt(to))) {
    to -= 1;
  }
  return to;
}

/**
 * Describes the characters [start, end) of `text` with a quote selector
 * (exact text plus up to CONTEXT_LENGTH characters of context each side)
 * and a position selector. Throws RangeError for an invalid or empty range.
 */
export function describeTextRange(text: string, start: number, end: number): HighlightSelectors {
  assertTextRange(text.length, start, end);
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(prefixStart(text, start), start),
      suffix: text.slice(end, suffixEnd(text, end)),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}
