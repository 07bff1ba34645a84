/**
 * Re-anchoring stored selectors in a (possibly edited) canonical text.
 *
 * Strategy, cheapest first:
 *  1. the position selector, verified against the quote: if the text at
 *     [start, end) is still the quoted text, the highlight is 'exact';
 *  2. exact occurrences of the quote elsewhere, ranked by how well the text
 *     around each agrees with the stored prefix/suffix and by closeness to
 *     the stored position;
 *  3. approximate (edit-distance) matches of the quote, first in a window
 *     around the stored position, then in the whole text, ranked by quote,
 *     prefix and suffix similarity and position proximity.
 * Anything below the acceptance rules is 'orphaned': showing no highlight is
 * better than highlighting the wrong words.
 */
import search from 'approx-string-match';
import type { TextPositionSelector, TextQuoteSelector } from './selectors';

export type AnchorResult =
  | { status: 'exact'; start: number; end: number }
  | { status: 'moved'; start: number; end: number; score: number }
  | { status: 'orphaned' };

/** What anchoring needs: a quote, and optionally where it was last seen. */
export interface AnchorSelectors {
  quote: TextQuoteSelector;
  position?: TextPositionSelector | null;
}

export interface AnchorOptions {
  /** Allow approximate matches of an edited quote (default true). */
  fuzzy?: boolean;
  /** Minimum combined score (0..1) for any moved match (default MIN_SCORE). */
  minScore?: number;
}

/*
 * Scoring. A candidate's score is a weighted mean of four similarities, each
 * in 0..1: the quote (1 - edits / quote length), the prefix and the suffix
 * (1 - edits / context length, aligned against the text that touches the
 * candidate), and the position (1 - distance / text length). The quote
 * dominates; context decides between equal quotes; position only breaks ties
 * between candidates that are otherwise indistinguishable (a refrain repeated
 * with the same context).
 */
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * Lowest combined score for a moved match. An exact quote always clears it
 * (>= 50/92); a fuzzy quote with unrelated context (similarity ~0.3) needs
 * quote similarity >= ~0.8; with intact context, >= ~0.6.
 */
export const MIN_SCORE = 0.55;
/** A local fuzzy match scoring this well ends the search (no global pass). */
const CONFIDENT_SCORE = 0.8;
/** An exact occurrence whose context agrees this well ends the search. */
const CONFIDENT_CONTEXT = 0.9;
/** Quotes shorter than this are never matched approximately. */
const MIN_FUZZY_LENGTH = 4;
/** Characters searched either side of the stored position before the whole text. */
const LOCAL_SLACK = 2048;
/** At most this many candidates get the full (edit-distance) context scoring. */
const MAX_SCORED_CANDIDATES = 64;
/** How far approximate match boundaries may be adjusted. */
const BOUNDARY_SLACK = 8;
/** Characters of quote edge and of context used to adjust them. */
const REFINE_LENGTH = 32;
/** Context beyond this many characters from the quote is ignored. */
const MAX_CONTEXT = 64;

/** Errors allowed when matching a quote of `length` characters approximately. */
export function maxQuoteErrors(length: number): number {
  if (length < MIN_FUZZY_LENGTH) return 0;
  if (length < 8) return 1;
  return Math.min(256, Math.floor(length / 3));
}

/**
 * How well the context must agree (0..1) for a match of a quote of `length`
 * characters: short quotes are common strings, so only their surroundings
 * can tell the right occurrence from a chance one. Exact quotes need less
 * than approximate ones, and none at all from 32 characters on.
 */
export function requiredContext(length: number, fuzzy: boolean): number {
  if (fuzzy) return Math.min(0.8, Math.max(0, (0.8 * (64 - length)) / 64));
  return Math.min(0.7, Math.max(0, (0.7 * (32 - length)) / 32));
}

interface Candidate {
  start: number;
  end: number;
  score: number;
  context: number;
  /** Found by approximate search (boundaries may need refining). */
  fuzzy?: boolean;
}

/**
 * Edit distance between `pattern` and the text next to `edge`, where the
 * alignment must touch `edge` but may end anywhere away from it. With
 * `before`, the pattern is the prefix (compared right-to-left from edge);
 * otherwise the suffix (compared left-to-right from edge).
 */
function contextDistance(text: string, pattern: string, edge: number, before: boolean, row: Int32Array): number {
  const m = pattern.length;
  const slack = (m >> 1) + 4;
  const n = before ? Math.min(edge, m + slack) : Math.min(text.length - edge, m + slack);
  // row[j] = distance between the first i pattern chars (walking away from
  // the edge) and the first j text chars (walking away from the edge).
  for (let j = 0; j <= n; j++) row[j] = j;
  let best = n === 0 ? m : Number.MAX_SAFE_INTEGER;
  for (let i = 1; i <= m; i++) {
    const pc = before ? pattern.charCodeAt(m - i) : pattern.charCodeAt(i - 1);
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const tc = before ? text.charCodeAt(edge - j) : text.charCodeAt(edge + j - 1);
      const up = row[j]!;
      const cost = diag + (pc === tc ? 0 : 1);
      const del = up + 1;
      const ins = row[j - 1]! + 1;
      diag = up;
      row[j] = cost < del ? (cost < ins ? cost : ins) : del < ins ? del : ins;
    }
    if (i === m) for (let j = 0; j <= n; j++) best = Math.min(best, row[j]!);
  }
  return m === 0 ? 0 : best;
}

/** Similarity (0..1) of the stored context with the text next to `edge`. */
function contextSimilarity(text: string, stored: string, edge: number, before: boolean, row: Int32Array): number {
  if (stored.length === 0) {
    // Empty context: the quote was at the start (or end) of the text.
    const atBoundary = before ? edge === 0 : edge === text.length;
    return atBoundary ? 1 : 0.5;
  }
  const ctx = before ? stored.slice(-MAX_CONTEXT) : stored.slice(0, MAX_CONTEXT);
  const exact = before ? text.startsWith(ctx, edge - ctx.length) && edge >= ctx.length : text.startsWith(ctx, edge);
  if (exact) return 1;
  return 1 - contextDistance(text, ctx, edge, before, row) / ctx.length;
}

class Scorer {
  private readonly row = new Int32Array(MAX_CONTEXT * 2 + 8);
  private readonly prefixWeight: number;
  private readonly suffixWeight: number;

  constructor(
    private readonly text: string,
    private readonly quote: TextQuoteSelector,
    private readonly hint: number | null,
  ) {
    this.prefixWeight = Math.max(4, Math.min(MAX_CONTEXT, quote.prefix.length));
    this.suffixWeight = Math.max(4, Math.min(MAX_CONTEXT, quote.suffix.length));
  }

  score(start: number, end: number, errors: number): Candidate {
    const { text, quote, hint } = this;
    const quoteSim = 1 - errors / quote.exact.length;
    const prefixSim = contextSimilarity(text, quote.prefix, start, true, this.row);
    const suffixSim = contextSimilarity(text, quote.suffix, end, false, this.row);
    const positionSim = hint === null ? 1 : 1 - Math.min(1, Math.abs(start - hint) / Math.max(1, text.length));
    const score =
      (QUOTE_WEIGHT * quoteSim + PREFIX_WEIGHT * prefixSim + SUFFIX_WEIGHT * suffixSim + POSITION_WEIGHT * positionSim) /
      TOTAL_WEIGHT;
    const context =
      (this.prefixWeight * prefixSim + this.suffixWeight * suffixSim) / (this.prefixWeight + this.suffixWeight);
    return { start, end, score, context };
  }

  /** Cheap context agreement: characters equal next to the candidate. */
  adjacentAgreement(start: number, end: number): number {
    const { text, quote } = this;
    let n = 0;
    for (let i = 1; i <= quote.prefix.length && start - i >= 0; i++, n++) {
      if (text.charCodeAt(start - i) !== quote.prefix.charCodeAt(quote.prefix.length - i)) break;
    }
    for (let i = 0; i < quote.suffix.length && end + i < text.length; i++, n++) {
      if (text.charCodeAt(end + i) !== quote.suffix.charCodeAt(i)) break;
    }
    return n;
  }

  distance(start: number): number {
    return this.hint === null ? 0 : Math.abs(start - this.hint);
  }
}

function better(a: Candidate | null, b: Candidate | null): Candidate | null {
  if (!a) return b;
  if (!b) return a;
  return b.score > a.score ? b : a;
}

/** Keeps the MAX_SCORED_CANDIDATES most promising by cheap context and proximity. */
function shortlist<T extends { start: number; end: number }>(items: T[], scorer: Scorer): T[] {
  if (items.length <= MAX_SCORED_CANDIDATES) return items;
  return items
    .map((item) => ({ item, agree: scorer.adjacentAgreement(item.start, item.end), dist: scorer.distance(item.start) }))
    .sort((a, b) => b.agree - a.agree || a.dist - b.dist)
    .slice(0, MAX_SCORED_CANDIDATES)
    .map((x) => x.item);
}

/** Best acceptable approximate match of the quote in text[from, to). */
function fuzzySearch(
  text: string,
  exact: string,
  from: number,
  to: number,
  scorer: Scorer,
  minScore: number,
): Candidate | null {
  const maxErrors = maxQuoteErrors(exact.length);
  const haystack = from === 0 && to === text.length ? text : text.slice(from, to);
  const matches = search(haystack, exact, maxErrors);
  const seen = new Set<string>();
  const unique: { start: number; end: number; errors: number }[] = [];
  for (const m of matches) {
    const key = `${m.start}:${m.end}`;
    if (m.end <= m.start || seen.has(key)) continue;
    seen.add(key);
    unique.push({ start: m.start + from, end: m.end + from, errors: m.errors });
  }
  const required = requiredContext(exact.length, true);
  let best: Candidate | null = null;
  for (const m of shortlist(unique, scorer)) {
    const c = scorer.score(m.start, m.end, m.errors);
    c.fuzzy = m.errors > 0;
    if (c.score >= minScore && c.context >= required) best = better(best, c);
  }
  return best;
}

function validPosition(position: TextPositionSelector | null | undefined): TextPositionSelector | null {
  if (!position) return null;
  const { start, end } = position;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) return null;
  return position;
}

/** Whether offset `i` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const hi = text.charCodeAt(i - 1);
  const lo = text.charCodeAt(i);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/**
 * Where, in text[lo, hi), the boundary between pattern[0, cut) and
 * pattern[cut, ..) falls in the best (fewest edits) alignment of the whole
 * pattern with a substring of that text. Text matched by neither side
 * (inserted at the boundary) is put on the context side: `quoteFirst` says
 * whether the quote is the pattern's first part (an end boundary) or second
 * (a start boundary).
 */
function alignBoundary(text: string, lo: number, hi: number, pattern: string, cut: number, quoteFirst: boolean): number {
  const m = pattern.length;
  const n = hi - lo;
  const w = n + 1;
  const d = new Int32Array((m + 1) * w);
  // d[i*w + j]: edits between pattern[0, i) and a text substring ending at
  // lo + j (free start: row 0 is all zeros).
  for (let i = 1; i <= m; i++) {
    const pc = pattern.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    d[row] = i;
    for (let j = 1; j <= n; j++) {
      const sub = d[prev + j - 1]! + (pc === text.charCodeAt(lo + j - 1) ? 0 : 1);
      const del = d[prev + j]! + 1;
      const ins = d[row + j - 1]! + 1;
      d[row + j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
  }
  // Free end: the best column of the last row (the leftmost among equals).
  let j = 0;
  for (let k = 1; k <= n; k++) if (d[m * w + k]! < d[m * w + j]!) j = k;
  let i = m;
  let boundary = -1;
  for (;;) {
    if (i === cut && (quoteFirst || boundary < 0)) boundary = j;
    if (i === 0) break;
    const here = d[i * w + j]!;
    if (j > 0 && here === d[(i - 1) * w + j - 1]! + (pattern.charCodeAt(i - 1) === text.charCodeAt(lo + j - 1) ? 0 : 1)) {
      i--;
      j--;
    } else if (here === d[(i - 1) * w + j]! + 1) {
      i--;
    } else {
      j--;
    }
  }
  return lo + boundary;
}

/**
 * Approximate search reports only the matches with the fewest errors, so a
 * reported end (or start) can be off by a few characters from the intended
 * one ("are stored" edited to "are kept" matches "are kep" with one error
 * fewer). Each boundary of a fuzzy match is therefore re-placed by aligning
 * the quote's edge together with the stored context against the text
 * around it: the context pins down where the quote stops.
 */
function refineBoundaries(text: string, quote: TextQuoteSelector, c: Candidate): Candidate {
  const edge = Math.min(REFINE_LENGTH, quote.exact.length);
  const prefix = quote.prefix.slice(-REFINE_LENGTH);
  const suffix = quote.suffix.slice(0, REFINE_LENGTH);
  let start = c.start;
  if (prefix) {
    const lo = Math.max(0, c.start - prefix.length - BOUNDARY_SLACK);
    const hi = Math.min(text.length, c.start + edge + BOUNDARY_SLACK);
    start = alignBoundary(text, lo, hi, prefix + quote.exact.slice(0, edge), prefix.length, false);
  }
  let end = c.end;
  if (suffix) {
    const lo = Math.max(0, c.end - edge - BOUNDARY_SLACK);
    const hi = Math.min(text.length, c.end + suffix.length + BOUNDARY_SLACK);
    end = alignBoundary(text, lo, hi, quote.exact.slice(-edge) + suffix, edge, true);
  }
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= BOUNDARY_SLACK;
  if (!near(start, c.start) || splitsPair(text, start)) start = c.start;
  if (!near(end, c.end) || splitsPair(text, end)) end = c.end;
  return start < end ? { ...c, start, end } : c;
}

function moved(text: string, quote: TextQuoteSelector, found: Candidate): AnchorResult {
  const c = found.fuzzy ? refineBoundaries(text, quote, found) : found;
  return { status: 'moved', start: c.start, end: c.end, score: Math.round(c.score * 1000) / 1000 };
}

/**
 * Finds where `selectors` now point in `text` (a canonical text). Returns
 * 'exact' when the stored position still holds the quote, 'moved' with the
 * new offsets and a 0..1 confidence score when the quote was found
 * elsewhere (or approximately), and 'orphaned' when no match is convincing.
 */
export function anchorSelectors(text: string, selectors: AnchorSelectors, options: AnchorOptions = {}): AnchorResult {
  const quote = selectors.quote;
  const exact = quote.exact;
  if (exact.length === 0 || exact.length > text.length + maxQuoteErrors(exact.length)) return { status: 'orphaned' };
  const minScore = options.minScore ?? MIN_SCORE;
  const position = validPosition(selectors.position);

  // 1. The stored position, verified.
  if (position && position.end <= text.length && position.end - position.start === exact.length) {
    if (text.startsWith(exact, position.start)) {
      return { status: 'exact', start: position.start, end: position.end };
    }
  }

  const hint = position ? Math.min(position.start, text.length) : null;
  const scorer = new Scorer(text, quote, hint);

  // 2. Exact occurrences of the quote.
  const occurrences: { start: number; end: number }[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    occurrences.push({ start: i, end: i + exact.length });
  }
  let best: Candidate | null = null;
  const requiredExact = requiredContext(exact.length, false);
  for (const o of shortlist(occurrences, scorer)) {
    const c = scorer.score(o.start, o.end, 0);
    if (c.score >= minScore && c.context >= requiredExact) best = better(best, c);
  }
  if (best && (best.context >= CONFIDENT_CONTEXT || hint === null || options.fuzzy === false)) {
    return moved(text, quote, best);
  }
  if (options.fuzzy === false || maxQuoteErrors(exact.length) === 0) {
    return best ? moved(text, quote, best) : { status: 'orphaned' };
  }

  // 3. Approximate matches: near the stored position first.
  if (hint !== null) {
    const span = position ? Math.max(exact.length, position.end - position.start) : exact.length;
    const slack = Math.max(LOCAL_SLACK, 2 * exact.length);
    const from = Math.max(0, hint - slack);
    const to = Math.min(text.length, hint + span + slack);
    if (from > 0 || to < text.length) {
      const local = fuzzySearch(text, exact, from, to, scorer, minScore);
      best = better(best, local);
      if (local && local.score >= CONFIDENT_SCORE) return moved(text, quote, best ?? local);
    }
  }
  // Then the whole text. With an exact occurrence present, the approximate
  // search would only report exact occurrences again (it keeps the matches
  // with the fewest errors), so it is skipped.
  if (occurrences.length === 0) {
    best = better(best, fuzzySearch(text, exact, 0, text.length, scorer, minScore));
  }
  return best ? moved(text, quote, best) : { status: 'orphaned' };
}
