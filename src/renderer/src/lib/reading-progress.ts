/**
 * "n min left": words remaining after the reading line, at a steady
 * WORDS_PER_MINUTE. The words are counted once per block of the canonical
 * text (a line of it: paragraphs, list items and table cells end one) into
 * a prefix sum, so a scroll frame only looks a number up (a binary search
 * over the block starts); inside a block the words are taken as evenly
 * spread over its characters.
 */
import { countWords } from '../../../shared/text/word-count';

/** Silent reading of non-fiction by adults is about 230-240 words a minute; the low end, so no one is rushed. */
export const WORDS_PER_MINUTE = 230;

export interface WordIndex {
  /** Canonical-text offset where each block starts (ascending). */
  starts: Int32Array;
  /** Words before each block; before[n] (one past the last) is the total. */
  before: Float64Array;
  length: number;
}

/** Counts the words of `text` block by block (once per article). */
export function buildWordIndex(text: string): WordIndex {
  const starts: number[] = [];
  const before: number[] = [0];
  let total = 0;
  let at = 0;
  while (at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end > at) {
      starts.push(at);
      total += countWords(text.slice(at, end));
      before.push(total);
    }
    at = end + 1;
  }
  return { starts: Int32Array.from(starts), before: Float64Array.from(before), length: text.length };
}

export function totalWords(index: WordIndex): number {
  return index.before[index.before.length - 1] ?? 0;
}

/** Words from the start of the text to `offset`. */
export function wordsBefore(index: WordIndex, offset: number): number {
  const { starts, before } = index;
  if (starts.length === 0 || offset <= 0) return 0;
  if (offset >= index.length) return totalWords(index);
  // The last block starting at or before `offset`.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  const start = starts[lo]!;
  if (start > offset) return 0;
  const blockEnd = lo + 1 < starts.length ? starts[lo + 1]! - 1 : index.length;
  const inBlock = before[lo + 1]! - before[lo]!;
  const share = blockEnd > start ? Math.min(1, (offset - start) / (blockEnd - start)) : 1;
  return before[lo]! + inBlock * share;
}

/** Words between two offsets (from ≤ to). */
export function wordsBetween(index: WordIndex, from: number, to: number): number {
  return Math.max(0, wordsBefore(index, to) - wordsBefore(index, from));
}

/** Whole minutes for `words` at `wpm`, rounded up (a few words left is still "1 min"). */
export function minutesFor(words: number, wpm = WORDS_PER_MINUTE): number {
  return words <= 0 ? 0 : Math.ceil(words / wpm);
}

/** "12 min left", "1 min left", or "At the end". */
export function timeLeftLabel(words: number, wpm = WORDS_PER_MINUTE): string {
  const minutes = minutesFor(words, wpm);
  return minutes === 0 ? 'At the end' : `${minutes} min left`;
}

export interface ProgressReport {
  /** 0..100, whole percent of the words before the reading line. */
  percent: number;
  /** Words after the reading line. */
  wordsLeft: number;
  /** In a book: words left in the chapter being read (null elsewhere). */
  chapterWordsLeft: number | null;
}

/**
 * Where `offset` (the reading line's place in the text) leaves the reader.
 * `chapterStarts` (ascending offsets) splits a book into chapters.
 */
export function progressAt(index: WordIndex, offset: number, chapterStarts?: readonly number[]): ProgressReport {
  const total = totalWords(index);
  const read = wordsBefore(index, offset);
  const wordsLeft = Math.max(0, total - read);
  let chapterWordsLeft: number | null = null;
  if (chapterStarts && chapterStarts.length > 1) {
    const next = chapterStarts.find((start) => start > offset);
    chapterWordsLeft = wordsBetween(index, offset, next ?? index.length);
  }
  const percent = total > 0 ? Math.min(100, Math.max(0, Math.round((read / total) * 100))) : 0;
  return { percent, wordsLeft, chapterWordsLeft };
}
