/**
 * Snippets made in JavaScript from the stored text: a window of words
 * around the first place the query matches, with the matching words marked.
 * FTS5's snippet() tokenizes and scores the whole column for every result,
 * which for long articles and common words cost more than the search
 * itself; this reads words only until the first match.
 *
 * Words are compared as the index compares them (unicode61 with
 * remove_diacritics 2): case-folded, accents removed.
 */
import type { SnippetPart } from '../../shared/types';
import type { QueryPart } from './query';

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

/** How the index sees a word: lowercase, without diacritics. */
export function foldWord(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

interface Token {
  start: number;
  end: number;
  folded: string;
}

interface FoldedPart {
  words: string[];
  prefix: boolean;
}

function matchesWord(token: string, word: string, prefix: boolean): boolean {
  return prefix ? token.startsWith(word) : token === word;
}

/**
 * The snippet of `text` for the query parts: about `size` words around
 * the first match (a whole phrase, when the query has one), every word
 * of the query in the window marked. Text without a match gives its start,
 * unmarked, or [] with `requireMatch`.
 */
export function makeSnippet(text: string, parts: readonly QueryPart[], size = 24, requireMatch = false): SnippetPart[] {
  return locateSnippet(text, parts, size, requireMatch).parts;
}

/**
 * makeSnippet, with the offset in `text` of the match the snippet is built
 * around (null when nothing matched): where a search hit opens the article.
 */
export function locateSnippet(
  text: string,
  parts: readonly QueryPart[],
  size = 24,
  requireMatch = false,
): { parts: SnippetPart[]; offset: number | null } {
  const folded: FoldedPart[] = parts.map((p) => ({ words: p.words.map(foldWord), prefix: p.prefix }));
  // The anchor: the longest part (a phrase, or the longest word) - likely the rarest.
  const anchor = [...folded].sort((a, b) => b.words.length - a.words.length || b.words.join('').length - a.words.join('').length)[0];
  const tokens: Token[] = [];
  let hit = -1;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, folded: foldWord(m[0]) });
    if (hit < 0 && anchor) {
      const n = anchor.words.length;
      const at = tokens.length - n;
      if (at >= 0) {
        let ok = true;
        for (let i = 0; i < n && ok; i++) {
          ok = matchesWord(tokens[at + i]!.folded, anchor.words[i]!, anchor.prefix && i === n - 1);
        }
        if (ok) hit = at;
      }
    }
    if (hit >= 0 && tokens.length >= hit + size) break;
  }
  if (hit < 0 && requireMatch) return { parts: [], offset: null };
  const offset = hit < 0 ? null : tokens[hit]!.start;
  const from = hit < 0 ? 0 : Math.max(0, hit - Math.floor(size / 3));
  const window = tokens.slice(from, from + size);
  if (window.length === 0) return { parts: text ? [{ text: text.slice(0, 200), match: false }] : [], offset };
  const isMatch = (t: Token): boolean =>
    folded.some((p) => p.words.some((w, i) => matchesWord(t.folded, w, p.prefix && i === p.words.length - 1)));
  const out: SnippetPart[] = [];
  const push = (s: string, match: boolean): void => {
    if (!s) return;
    const prev = out[out.length - 1];
    if (prev && prev.match === match) prev.text += s;
    else out.push({ text: s, match });
  };
  const first = window[0]!;
  const last = window[window.length - 1]!;
  if (first.start > 0) push('…', false);
  let pos = first.start;
  let prevMatch = false;
  for (const t of window) {
    const match = isMatch(t);
    const gap = text.slice(pos, t.start).replace(/\s+/g, ' ');
    // Spaces between two marked words are marked too ("kettle sang" as one part).
    push(gap, prevMatch && match && gap === ' ');
    push(text.slice(t.start, t.end), match);
    pos = t.end;
    prevMatch = match;
  }
  const tail = text.slice(last.end).match(/^[^\s\p{L}\p{M}\p{N}]*/u)?.[0] ?? '';
  push(tail, false);
  if (last.end + tail.length < text.trimEnd().length) push(' …', false);
  return { parts: out, offset };
}

/**
 * Whether `text` holds the whole query as one phrase: every word of every
 * part, in the order typed, next to each other (the last one as a prefix
 * when the query ends in one). "kettle sang" is in "The kettle sang." but
 * not in "sang, the kettle".
 */
export function containsPhrase(text: string, parts: readonly QueryPart[]): boolean {
  const words = parts.flatMap((p) => p.words.map(foldWord));
  const lastIsPrefix = parts[parts.length - 1]?.prefix ?? false;
  if (words.length === 0) return false;
  const tokens = (text.match(WORD) ?? []).map(foldWord);
  for (let at = 0; at + words.length <= tokens.length; at++) {
    let ok = true;
    for (let i = 0; i < words.length && ok; i++) {
      ok = matchesWord(tokens[at + i]!, words[i]!, lastIsPrefix && i === words.length - 1);
    }
    if (ok) return true;
  }
  return false;
}
