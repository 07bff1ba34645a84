/**
 * Find in the document, the pure part: the document's canonical text folded
 * for matching (case- and diacritic-insensitive, compatibility forms such as
 * ligatures spelled out, runs of white space as one space), every match of a
 * query in it as canonical-text offsets, and which matches fall where text is
 * drawn now (a PDF draws only some pages).
 *
 * Folding is per code point, so it never depends on the neighbours (the
 * folded text of a match's slice is the folded query); a match must start and
 * end on whole code points of the original ("s" does not match half of "ß").
 */

/** The folded text and, for each of its characters, the original code point it came from. */
export interface FoldedText {
  folded: string;
  /** starts[k]: offset in the original of the code point folded character k came from. */
  starts: Int32Array;
  /** ends[k]: offset just past that code point (and past combining marks that folded away after it). */
  ends: Int32Array;
}

/** Matches in document order, as parallel arrays (a 500-page PDF can hold a hundred thousand). */
export interface FindMatches {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
}

export const NO_MATCHES: FindMatches = { count: 0, starts: new Int32Array(0), ends: new Int32Array(0) };

const WHITE_SPACE = /\s/gu;
const MARKS = /\p{M}/gu;
const foldCache = new Map<number, string>();

/**
 * A code point beyond ASCII, folded: compatibility-decomposed, marks
 * dropped, case-folded (ß → ss, ς → σ), white space as a plain space.
 */
function foldCodePoint(cp: number): string {
  let folded = foldCache.get(cp);
  if (folded === undefined) {
    folded = String.fromCodePoint(cp).normalize('NFKD').replace(MARKS, '').toUpperCase().toLowerCase();
    // Upper-casing can decompose again (e.g. "ŉ" → "ʼN"): drop marks it brought back.
    folded = folded.normalize('NFKD').replace(MARKS, '').replace(WHITE_SPACE, ' ');
    foldCache.set(cp, folded);
  }
  return folded;
}

/** Folds `text` for matching, keeping where each folded character came from. */
export function foldText(text: string): FoldedText {
  // Code units, with their origins, in growable typed arrays: a 500-page PDF is a million and more.
  let out = new Uint16Array(text.length + 16);
  let starts = new Int32Array(text.length + 16);
  let ends = new Int32Array(text.length + 16);
  let length = 0;
  let lastWasSpace = false;
  const grow = (needed: number): void => {
    const size = Math.max(out.length * 2, needed);
    const o = new Uint16Array(size);
    o.set(out);
    out = o;
    const s = new Int32Array(size);
    s.set(starts);
    starts = s;
    const e = new Int32Array(size);
    e.set(ends);
    ends = e;
  };
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      // ASCII, the hot path: only case and white space matter.
      const space = code === 0x20 || (code >= 0x09 && code <= 0x0d);
      if (!(space && lastWasSpace)) {
        if (length === out.length) grow(length + 1);
        out[length] = space ? 0x20 : code >= 0x41 && code <= 0x5a ? code + 32 : code;
        starts[length] = i;
        ends[length] = i + 1;
        length++;
      }
      lastWasSpace = space;
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const size = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp);
    if (folded.length === 0) {
      // A combining mark (or another character that folds away): it belongs to the character before it.
      if (length > 0 && !lastWasSpace) ends[length - 1] = i + size;
    } else {
      if (length + folded.length > out.length) grow(length + folded.length);
      for (let k = 0; k < folded.length; k++) {
        const unit = folded.charCodeAt(k);
        const space = unit === 0x20;
        if (space && lastWasSpace) continue;
        out[length] = unit;
        starts[length] = i;
        ends[length] = i + size;
        length++;
        lastWasSpace = space;
      }
    }
    i += size;
  }
  return { folded: decodeUnits(out.subarray(0, length)), starts: starts.subarray(0, length), ends: ends.subarray(0, length) };
}

/** A string from UTF-16 code units, in chunks (spreading a million arguments overflows the stack). */
function decodeUnits(units: Uint16Array): string {
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += 8192) parts.push(String.fromCharCode(...units.subarray(i, i + 8192)));
  return parts.join('');
}

/** The query as it is matched: folded like the text, without white space at its ends. */
export function foldQuery(query: string): string {
  return foldText(query.trim()).folded.trim();
}

/**
 * Every match of `query` in the folded text, in order, not overlapping, as
 * offsets in the original text. An empty query (or only white space) matches nothing.
 */
export function findMatches(text: FoldedText, query: string): FindMatches {
  const needle = foldQuery(query);
  if (!needle) return NO_MATCHES;
  const { folded, starts, ends } = text;
  let matchStarts = new Int32Array(64);
  let matchEnds = new Int32Array(64);
  let count = 0;
  let at = folded.indexOf(needle);
  while (at >= 0) {
    const last = at + needle.length - 1;
    // Only whole code points: the match's first character begins its code point, its last one ends it.
    const whole = (at === 0 || starts[at - 1] !== starts[at]) && (last + 1 === folded.length || starts[last + 1] !== starts[last]);
    if (!whole) {
      at = folded.indexOf(needle, at + 1);
      continue;
    }
    if (count === matchStarts.length) {
      const grownStarts = new Int32Array(count * 2);
      grownStarts.set(matchStarts);
      matchStarts = grownStarts;
      const grownEnds = new Int32Array(count * 2);
      grownEnds.set(matchEnds);
      matchEnds = grownEnds;
    }
    matchStarts[count] = starts[at]!;
    matchEnds[count] = ends[last]!;
    count++;
    at = folded.indexOf(needle, at + needle.length);
  }
  return { count, starts: matchStarts.subarray(0, count), ends: matchEnds.subarray(0, count) };
}

/** The index of the first match ending after `offset` (count when none: wrap to the first). */
export function firstMatchFrom(matches: FindMatches, offset: number): number {
  let lo = 0;
  let hi = matches.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (matches.ends[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The matches that fall in the text drawn now (`drawn`: sorted, disjoint
 * [start, end) intervals), at most `cap` of them, as indexes: painting
 * stays bounded however many matches there are.
 */
export function matchesToPaint(
  matches: FindMatches,
  drawn: ReadonlyArray<readonly [number, number]>,
  cap: number,
): number[] {
  const out: number[] = [];
  for (const [from, to] of drawn) {
    for (let k = firstMatchFrom(matches, from); k < matches.count && matches.starts[k]! < to; k++) {
      if (out.length >= cap) return out;
      if (out[out.length - 1] !== k) out.push(k);
    }
  }
  return out;
}

/**
 * The canonical intervals a text map's spans cover, merged when they are
 * `gap` characters apart or less (the breaks between a page's lines).
 */
export function coveredIntervals(
  spans: ReadonlyArray<{ offsets: ArrayLike<number> }>,
  gap = 64,
): Array<[number, number]> {
  const intervals = spans
    .filter((s) => s.offsets.length > 1)
    .map((s): [number, number] => [s.offsets[0]!, s.offsets[s.offsets.length - 1]!])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of intervals) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + gap) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}
