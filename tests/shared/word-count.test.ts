import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, countWordsSegmented } from '../../src/shared/text/word-count';

/** What the fast path reads: Latin letters, digits, white space and punctuation, joiners included. */
const LATIN = [
  ...'abcdefghijklmnopqrstuvwxyzABCZ0123456789',
  ...'àéïôüßçñÆØÿŁœǅǀªºµ', // Latin-1 and Extended letters
  ...' \t\n\u00a0', // white space
  ...`.,;:'"!?()[]{}-/\\@#$%&*+=<>|^~\``, // ASCII punctuation but _
  ...'·‧‘’“”–—…†•․×÷²©«»¿¡', // joiners and other punctuation, symbols
];
/** And what it hands to the Segmenter. */
const OTHER = [...'日本語のテキスト。ไทยкириллицаעבר\u0301\u00ad\u200b\ufeff_😀\u3000'];

const textOf = (alphabet: string[], maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(''));

describe('countWords', () => {
  it('equals the Segmenter count on space-delimited Latin text', () => {
    fc.assert(
      fc.property(textOf(LATIN, 80), (text) => {
        expect(countWords(text)).toBe(countWordsSegmented(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('equals the Segmenter count on text mixing other scripts, marks and joiners', () => {
    fc.assert(
      fc.property(textOf([...LATIN, ...OTHER], 80), (text) => {
        expect(countWords(text)).toBe(countWordsSegmented(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('counts words as readers do, CJK included', () => {
    expect(countWords("Don't stop: e.g. 3.14 and 1,000 well-known words.")).toBe(9);
    expect(countWords('日本語のテキスト')).toBe(countWordsSegmented('日本語のテキスト'));
    expect(countWords('snake_case and café au lait')).toBe(5);
    expect(countWords('Привет, мир and hello')).toBe(4);
  });

  it('counts a book-sized text fast', () => {
    const paragraph = 'The kettle sang twice, and Mrs. O’Neil’s 1,024 cats—all of them—slept.\n\n';
    expect(countWords(paragraph)).toBe(13);
    const text = paragraph.repeat(25_000); // a 325,000-word book: seconds through the Segmenter
    const started = performance.now();
    expect(countWords(text)).toBe(13 * 25_000);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
