/**
 * Words in a text, counted the way readers count them (CJK included): the
 * word-like segments of Intl.Segmenter (Unicode word boundaries), for every
 * format. The Segmenter costs about a microsecond a word (seconds for a
 * book), so text made only of Latin letters, digits, white space and ASCII
 * or general punctuation is counted by a regular expression that follows the
 * same boundary rules for those characters (letters and digits join; `:` `·`
 * `‧` join letters, `,` `;` join digits, `'` `.` `‘` `’` `․` join either);
 * any other run (CJK, Thai, Cyrillic, marks, `_`, emoji…) goes to the
 * Segmenter. A property test holds the two to the same count.
 */

/** Letters the fast path knows (Unicode word-break class ALetter in Latin-1 and Latin Extended-A/B). */
const LETTER = 'A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f';
const DIGIT = '0-9';
/**
 * Characters the fast path counts: the letters and digits above, ASCII
 * punctuation but `_` (which joins words in odd ways), Latin-1 symbols but
 * the soft hyphen (a Format character, invisible inside words), dashes,
 * quotes, bullets and ellipsis.
 */
const FAST = `\\t\\n\\r\\x20-\\x5e\\x60-\\x7e\\u00a0-\\u00ac\\u00ae-\\u024f\\u2010-\\u2026`;
/** Where a run of other characters ends: white space that never joins words. */
const SEPARATOR = '\\t\\n\\r \\u00a0\\u3000';

const FAST_WORD = new RegExp(
  `[${LETTER}${DIGIT}]+(?:(?:(?<=[${LETTER}])[:\\u00b7\\u2027'.\\u2018\\u2019\\u2024](?=[${LETTER}])|(?<=[${DIGIT}])[,;'.\\u2018\\u2019\\u2024](?=[${DIGIT}]))[${LETTER}${DIGIT}]+)*`,
  'g',
);
const SLOW_CHAR = new RegExp(`[^${FAST}]`, 'g');
const IS_SEPARATOR = new RegExp(`[${SEPARATOR}]`);
const ONLY_SEPARATORS = new RegExp(`^[${SEPARATOR}]*$`);

function countFast(text: string): number {
  return text.match(FAST_WORD)?.length ?? 0;
}

const WORD_CHUNK = 2000;
let wordSegmenter: Intl.Segmenter | undefined;

function countSegmented(text: string): number {
  wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  let count = 0;
  for (const segment of wordSegmenter.segment(text)) if (segment.isWordLike) count++;
  return count;
}

/**
 * The Segmenter's count, piecewise: Node 20's Intl.Segmenter gets quadratic
 * on long non-Latin-1 strings (a Wikipedia article took minutes), and words
 * never span a line break or white space, so cutting there gives the same count.
 */
export function countWordsSegmented(text: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > WORD_CHUNK) {
      const window = rest.slice(0, WORD_CHUNK);
      const cut = Math.max(
        window.lastIndexOf(' '),
        window.lastIndexOf('\u3000'),
        window.lastIndexOf('\u3002'),
        window.lastIndexOf('\u00a0'),
      );
      const at = cut > WORD_CHUNK / 2 ? cut + 1 : WORD_CHUNK;
      total += countSegmented(rest.slice(0, at));
      rest = rest.slice(at);
    }
    if (rest) total += countSegmented(rest);
  }
  return total;
}

/** Words in `text` (see the header): the Segmenter's count, the fast way where the text allows. */
export function countWords(text: string): number {
  let total = 0;
  // A run: from the separator before a character the fast path does not know
  // to the separator after it; runs with only separators between them are one.
  let runStart = -1;
  let runEnd = 0;
  SLOW_CHAR.lastIndex = 0;
  for (let m = SLOW_CHAR.exec(text); m; m = SLOW_CHAR.exec(text)) {
    let start = m.index;
    while (start > runEnd && !IS_SEPARATOR.test(text[start - 1]!)) start--;
    let end = m.index + 1;
    while (end < text.length && !IS_SEPARATOR.test(text[end]!)) end++;
    SLOW_CHAR.lastIndex = end;
    if (runStart >= 0 && ONLY_SEPARATORS.test(text.slice(runEnd, start))) {
      runEnd = end;
      continue;
    }
    if (runStart >= 0) total += countWordsSegmented(text.slice(runStart, runEnd));
    total += countFast(text.slice(runEnd, start));
    runStart = start;
    runEnd = end;
  }
  if (runStart >= 0) total += countWordsSegmented(text.slice(runStart, runEnd));
  total += countFast(text.slice(runEnd));
  return total;
}
