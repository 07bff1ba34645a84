import { describe, expect, it } from 'vitest';
import {
  buildWordIndex,
  minutesFor,
  progressAt,
  timeLeftLabel,
  totalWords,
  WORDS_PER_MINUTE,
  wordsBefore,
  wordsBetween,
} from '../../src/renderer/src/lib/reading-progress';
import { countWords } from '../../src/shared/text/word-count';

describe('reading progress', () => {
  const text = 'One two three four.\n\nFive six.\nSeven eight nine ten eleven twelve.';

  it('counts the words of each block once, and the whole text as countWords does', () => {
    const index = buildWordIndex(text);
    expect(Array.from(index.starts)).toEqual([0, 21, 31]);
    expect(Array.from(index.before)).toEqual([0, 4, 6, 12]);
    expect(totalWords(index)).toBe(countWords(text));
  });

  it('words before an offset: whole blocks, and a share of the block it falls in', () => {
    const index = buildWordIndex(text);
    expect(wordsBefore(index, 0)).toBe(0);
    expect(wordsBefore(index, 21)).toBe(4);
    expect(wordsBefore(index, 31)).toBe(6);
    expect(wordsBefore(index, text.length)).toBe(12);
    // Halfway through the last block: half of its six words.
    const last = 31;
    const mid = last + Math.round((text.length - last) / 2);
    expect(wordsBefore(index, mid)).toBeCloseTo(9, 0);
    // On the blank line between blocks: all of the first block.
    expect(wordsBefore(index, 20)).toBe(4);
    expect(wordsBetween(index, 21, 31)).toBe(2);
  });

  it('minutes round up at 230 words a minute; the end says so', () => {
    expect(WORDS_PER_MINUTE).toBe(230);
    expect(minutesFor(0)).toBe(0);
    expect(minutesFor(1)).toBe(1);
    expect(minutesFor(230)).toBe(1);
    expect(minutesFor(231)).toBe(2);
    expect(timeLeftLabel(2300)).toBe('10 min left');
    expect(timeLeftLabel(0)).toBe('At the end');
  });

  it('progress: percent read, words left, and a chapter’s words left in a book', () => {
    const words = Array.from({ length: 460 }, (_, i) => `w${i}`);
    // Two chapters of 230 words, one paragraph of 23 words each line.
    const lines: string[] = [];
    for (let i = 0; i < words.length; i += 23) lines.push(words.slice(i, i + 23).join(' '));
    const book = lines.join('\n\n');
    const index = buildWordIndex(book);
    const second = book.indexOf('w230');
    expect(progressAt(index, 0)).toEqual({ percent: 0, wordsLeft: 460, chapterWordsLeft: null });
    const atSecond = progressAt(index, second, [0, second]);
    expect(atSecond.percent).toBe(50);
    expect(atSecond.wordsLeft).toBe(230);
    expect(atSecond.chapterWordsLeft).toBe(230);
    const inFirst = progressAt(index, book.indexOf('w115'), [0, second]);
    expect(inFirst.chapterWordsLeft).toBe(115);
    expect(inFirst.wordsLeft).toBe(345);
    expect(progressAt(index, book.length, [0, second])).toEqual({ percent: 100, wordsLeft: 0, chapterWordsLeft: 0 });
  });

  it('CJK text counts its words with the Segmenter', () => {
    const cjk = '我们今天去公园散步。\n天气很好。';
    const index = buildWordIndex(cjk);
    expect(totalWords(index)).toBe(countWords(cjk));
    expect(totalWords(index)).toBeGreaterThan(3);
  });

  it('a 300,000-word book: counted once in well under a second, then a lookup per frame costs microseconds', () => {
    const para = 'The quick brown fox jumps over the lazy dog while the reader keeps reading on. '.repeat(5).trim();
    const paragraphs = Math.ceil(300_000 / countWords(para));
    const book = Array.from({ length: paragraphs }, () => para).join('\n\n');
    const t0 = performance.now();
    const index = buildWordIndex(book);
    const built = performance.now() - t0;
    expect(totalWords(index)).toBeGreaterThanOrEqual(300_000);
    const t1 = performance.now();
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += progressAt(index, (i * 7919) % book.length).wordsLeft;
    const perLookup = (performance.now() - t1) / 10_000;
    expect(sum).toBeGreaterThan(0);
    expect(built).toBeLessThan(2000);
    expect(perLookup).toBeLessThan(0.05);
    console.log(`word index of ${totalWords(index)} words: ${built.toFixed(0)} ms; lookup ${(perLookup * 1000).toFixed(2)} µs`);
  });
});
