/**
 * Text folded for matching a quote from another app against a book's text:
 * the two often differ only in typography (curly or straight quotes,
 * ligatures in PDFs, soft hyphens, dashes, no-break spaces). Folding keeps a
 * map back to the original offsets, so a match in the folded text is a
 * range of the original.
 */

const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\ufb00': 'ff', '\ufb01': 'fi', '\ufb02': 'fl', '\ufb03': 'ffi', '\ufb04': 'ffl', '\ufb05': 'st', '\ufb06': 'st',
  '\u2026': '...',
};
/** Dropped: soft hyphen, zero-width space/joiners, word joiner, BOM. */
const DROPPED = new Set(['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']);
const SPACE = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]/;

export interface FoldedText {
  text: string;
  /** starts[i]: the original offset folded character i came from; starts[text.length] = original length. */
  starts: Int32Array;
}

/** Folds typography and collapses white space runs to one space (offsets mapped back). */
export function foldTypography(original: string): FoldedText {
  let out = '';
  const starts: number[] = [];
  let lastSpace = false;
  for (let i = 0; i < original.length; i++) {
    const ch = original[i]!;
    if (DROPPED.has(ch)) continue;
    if (SPACE.test(ch)) {
      if (!lastSpace) {
        out += ' ';
        starts.push(i);
      }
      lastSpace = true;
      continue;
    }
    lastSpace = false;
    const rep = REPLACEMENTS[ch] ?? ch.toLowerCase();
    for (const c of rep) {
      out += c;
      starts.push(i);
    }
  }
  starts.push(original.length);
  return { text: out, starts: Int32Array.from(starts) };
}

/** The original range of folded range [start, end). */
export function originalRange(folded: FoldedText, start: number, end: number): { start: number; end: number } {
  // The end maps to just past the original character of the last folded one.
  const last = folded.starts[end - 1]!;
  let originalEnd = last + 1;
  // A ligature or ellipsis folded into several characters ends after the whole original character.
  if (end < folded.text.length && folded.starts[end] === last) originalEnd = last + 1;
  return { start: folded.starts[start]!, end: originalEnd };
}

/** A quote folded the same way, trimmed. */
export function foldQuote(quote: string): string {
  return foldTypography(quote).text.trim();
}
