import { describe, expect, it } from 'vitest';
import { anchorSelectors, describeTextRange } from '../../src/shared/anchoring';
import type { AnchorResult, HighlightSelectors } from '../../src/shared/anchoring';

/** Selectors for the `nth` (0-based) occurrence of `phrase` in `text`. */
function select(text: string, phrase: string, nth = 0): HighlightSelectors {
  let at = text.indexOf(phrase);
  for (let i = 0; i < nth; i++) at = text.indexOf(phrase, at + 1);
  if (at < 0) throw new Error(`phrase not found: ${phrase}`);
  return describeTextRange(text, at, at + phrase.length);
}

function located(text: string, result: AnchorResult): string | null {
  return result.status === 'orphaned' ? null : text.slice(result.start, result.end);
}

const ARTICLE = [
  'Gloss keeps your articles offline, so you can read them anywhere.',
  'The quick brown fox jumps over the lazy dog while the farmer sleeps.',
  'Highlights are stored as quotes with a little context on either side.',
  'When an article changes, each highlight is found again by its quote.',
].join('\n\n');

describe('anchorSelectors: unchanged text', () => {
  it('verifies the stored position against the quote', () => {
    const sel = select(ARTICLE, 'brown fox jumps');
    expect(anchorSelectors(ARTICLE, sel)).toEqual({ status: 'exact', start: sel.position.start, end: sel.position.end });
  });

  it('does not trust a position that no longer holds the quote', () => {
    const sel = select(ARTICLE, 'brown fox jumps');
    const stale = { ...sel, position: { ...sel.position, start: 3, end: 18 } };
    const result = anchorSelectors(ARTICLE, stale);
    expect(result).toMatchObject({ status: 'moved', start: sel.position.start, end: sel.position.end });
  });

  it('orphans an empty quote', () => {
    const sel = select(ARTICLE, 'fox');
    expect(anchorSelectors(ARTICLE, { quote: { ...sel.quote, exact: '' } })).toEqual({ status: 'orphaned' });
  });
});

describe('anchorSelectors: edits', () => {
  it('moves a highlight when text is inserted before it', () => {
    const sel = select(ARTICLE, 'brown fox jumps over');
    const edited = 'A new opening paragraph was added.\n\n' + ARTICLE;
    const result = anchorSelectors(edited, sel);
    expect(result.status).toBe('moved');
    expect(located(edited, result)).toBe('brown fox jumps over');
    if (result.status === 'moved') {
      expect(result.start).toBe(sel.position.start + 36);
      expect(result.score).toBeGreaterThan(0.95);
    }
  });

  it('moves a highlight when text before it is deleted', () => {
    const sel = select(ARTICLE, 'found again by its quote');
    const edited = ARTICLE.replace('Gloss keeps your articles offline, so you can read them anywhere.\n\n', '');
    const result = anchorSelectors(edited, sel);
    expect(result).toMatchObject({ status: 'moved', start: edited.indexOf('found again by its quote') });
  });

  it('stays exact when only text after it changes', () => {
    const sel = select(ARTICLE, 'brown fox jumps over');
    const edited = ARTICLE.replace('on either side', 'around it').replace('anywhere', 'anywhere');
    expect(anchorSelectors(edited, sel)).toEqual({ status: 'exact', start: sel.position.start, end: sel.position.end });
  });

  it('finds a quote edited inside (fuzzy) and covers the new words', () => {
    const sel = select(ARTICLE, 'The quick brown fox jumps over the lazy dog');
    const edited = 'Preface.\n\n' + ARTICLE.replace('quick brown fox', 'quick red fox');
    const result = anchorSelectors(edited, sel);
    expect(result.status).toBe('moved');
    expect(located(edited, result)).toBe('The quick red fox jumps over the lazy dog');
    if (result.status === 'moved') expect(result.score).toBeLessThan(1);
  });

  it('finds a fuzzy quote far from its old position, by the whole-text search', () => {
    const sel = select(ARTICLE, 'Highlights are stored as quotes with a little context');
    const filler = 'Unrelated filler sentence number one. '.repeat(200); // > local window
    const edited = filler + '\n\n' + ARTICLE.replace('little context', 'bit of context');
    const result = anchorSelectors(edited, sel);
    expect(located(edited, result)).toBe('Highlights are stored as quotes with a bit of context');
  });

  it('prefers the edited quote in its old place over a verbatim copy with other context', () => {
    const text =
      'Summary: the results were significant for most groups.\n\n' +
      'In the second trial, with more patients, the results were significant at the 1% level overall.';
    const sel = select(text, 'the results were significant at the 1% level', 0);
    const edited = text.replace('the results were significant at the 1%', 'the results were very significant at the 1%');
    const result = anchorSelectors(edited, sel);
    expect(located(edited, result)).toBe('the results were very significant at the 1% level');
    // Unless the copy is all that is left.
    const gone = edited.replace('In the second trial, with more patients, the results were very significant at the 1% level overall.', '');
    expect(anchorSelectors(gone, sel)).toEqual({ status: 'orphaned' });
  });

  it('orphans a highlight whose quote was deleted', () => {
    const sel = select(ARTICLE, 'Highlights are stored as quotes');
    const edited = ARTICLE.replace('Highlights are stored as quotes with a little context on either side.\n\n', '');
    expect(anchorSelectors(edited, sel)).toEqual({ status: 'orphaned' });
  });

  it('orphans a quote that was rewritten beyond recognition', () => {
    const sel = select(ARTICLE, 'the farmer sleeps');
    const edited = ARTICLE.replace('while the farmer sleeps', 'as the sun rises over the hills');
    expect(anchorSelectors(edited, sel)).toEqual({ status: 'orphaned' });
  });

  it('does not match approximately when fuzzy matching is off', () => {
    const sel = select(ARTICLE, 'The quick brown fox jumps over the lazy dog');
    const edited = ARTICLE.replace('quick brown fox', 'quick red fox');
    expect(anchorSelectors(edited, sel, { fuzzy: false })).toEqual({ status: 'orphaned' });
    expect(anchorSelectors(edited, sel).status).toBe('moved');
  });

  it('re-anchors a long quote (> 64 chars) with several edits', () => {
    const long = 'The quick brown fox jumps over the lazy dog while the farmer sleeps.\n\nHighlights are stored';
    const sel = select(ARTICLE, long);
    const edited = 'Intro.\n\n' + ARTICLE.replace('quick', 'quik').replace('farmer', 'old farmer').replace('stored', 'kept');
    const result = anchorSelectors(edited, sel);
    expect(located(edited, result)).toBe(
      'The quik brown fox jumps over the lazy dog while the old farmer sleeps.\n\nHighlights are kept',
    );
  });

  it('re-anchors a very long quote (several thousand characters)', () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} talks about topic ${i * 7} in some detail.`);
    const text = paragraphs.join('\n\n');
    const start = text.indexOf('Paragraph 5 ');
    const end = text.indexOf('Paragraph 55 ');
    const sel = describeTextRange(text, start, end);
    expect(sel.quote.exact.length).toBeGreaterThan(2500);
    const edited = 'New lead.\n\n' + text.replace('topic 70 ', 'topic seventy ').replace('Paragraph 30 ', 'Para 30 ');
    const result = anchorSelectors(edited, sel);
    expect(result.status).toBe('moved');
    expect(located(edited, result)).toBe(
      edited.slice(edited.indexOf('Paragraph 5 '), edited.indexOf('Paragraph 55 ')),
    );
  });
});

describe('anchorSelectors: repeated phrases', () => {
  const sentence = 'It was the best of times.';
  const text = [
    `Dickens begins: ${sentence} Then he goes on.`,
    `A critic later wrote: ${sentence} And she meant it.`,
    `On the poster it said: ${sentence} In big letters.`,
  ].join('\n\n');

  for (const nth of [0, 1, 2]) {
    it(`finds occurrence ${nth} by its context after an edit before it`, () => {
      const sel = select(text, sentence, nth);
      const edited = 'Foreword, newly added.\n\n' + text;
      const result = anchorSelectors(edited, sel);
      expect(result).toMatchObject({ status: 'moved', start: sel.position.start + 24 });
    });
  }

  it('prefers context over position when they disagree', () => {
    const sel = select(text, sentence, 1);
    // Stored position points at the third occurrence's place.
    const third = text.lastIndexOf(sentence);
    const misleading = { quote: sel.quote, position: { type: 'TextPositionSelector' as const, start: third - 5, end: third + 20 } };
    const result = anchorSelectors(text, misleading);
    expect(result).toMatchObject({ status: 'moved', start: sel.position.start });
  });

  it('uses context without any position', () => {
    const sel = select(text, sentence, 2);
    expect(anchorSelectors(text, { quote: sel.quote })).toMatchObject({ status: 'moved', start: sel.position.start });
  });

  it('falls back to the nearest occurrence when the context is identical', () => {
    // Longer than prefix + quote + suffix, so the middle ones look alike.
    const unit = 'Chorus: we all sing together, la la la, and we all sing along now, loud.';
    const same = Array.from({ length: 5 }, () => unit).join('\n\n');
    const sel = select(same, 'la la la', 2);
    const other = select(same, 'la la la', 3);
    expect(other.quote).toEqual(sel.quote);
    const edited = 'Verse.\n\n' + same;
    const result = anchorSelectors(edited, sel);
    expect(result).toMatchObject({ status: 'moved', start: sel.position.start + 8 });
  });
});

describe('anchorSelectors: short quotes', () => {
  const text = 'My cat sleeps all day on the warm windowsill in the kitchen.';

  it('re-anchors a short quote whose context survived', () => {
    const sel = select(text, 'cat');
    const edited = 'Note. ' + text;
    expect(anchorSelectors(edited, sel)).toMatchObject({ status: 'moved', start: sel.position.start + 6 });
  });

  it('does not jump to an unrelated exact occurrence of a short quote', () => {
    const sel = select(text, 'cat');
    const edited = 'The dog sleeps all day.\n\nThe cat food is in the cupboard, next to the bread.';
    expect(anchorSelectors(edited, sel)).toEqual({ status: 'orphaned' });
  });

  it('does not fuzzily match a short quote to a similar word elsewhere', () => {
    const sel = select('We flew to Paris last spring for the conference.', 'Paris');
    const edited = 'Spare parts arrived.\n\nThe Parts list and the Pairs of shoes were sent back in autumn.';
    expect(anchorSelectors(edited, sel)).toEqual({ status: 'orphaned' });
  });

  it('fuzzily matches a short quote when its context agrees', () => {
    const original = 'We flew to Paris last spring for the conference.';
    const sel = select(original, 'Paris');
    const edited = 'Intro. We flew to Pariss last spring for the conference.';
    const result = anchorSelectors(edited, sel);
    expect(result.status).toBe('moved');
    expect(located(edited, result)?.startsWith('Paris')).toBe(true);
  });

  it('never matches a very short quote approximately', () => {
    const sel = select('Go to the zoo today.', 'zoo');
    expect(anchorSelectors('Go to the zon today.', sel)).toEqual({ status: 'orphaned' });
  });
});

describe('anchorSelectors: Unicode', () => {
  it('handles emoji (surrogate pairs) around and inside the quote', () => {
    const text = 'Party time 🎉🎉 with friends 👩‍👩‍👧 and cake 🍰 tonight.';
    const sel = select(text, 'friends 👩‍👩‍👧 and cake 🍰');
    const edited = '🙂 ' + text.replace('Party', 'Big party');
    const result = anchorSelectors(edited, sel);
    expect(located(edited, result)).toBe('friends 👩‍👩‍👧 and cake 🍰');
  });

  it('handles CJK text', () => {
    const text = '東京は日本の首都です。\n\n大阪は食べ物で有名な都市です。京都には古いお寺がたくさんあります。';
    const sel = select(text, '食べ物で有名な都市');
    const edited = '新しい段落。\n\n' + text.replace('首都です', '首都であり最大の都市です');
    expect(located(edited, anchorSelectors(edited, sel))).toBe('食べ物で有名な都市');
    const fuzzy = edited.replace('食べ物で有名な都市', '食べ物でとても有名な都市');
    expect(located(fuzzy, anchorSelectors(fuzzy, sel))).toBe('食べ物でとても有名な都市');
  });

  it('handles combining marks', () => {
    const text = 'Cafe\u0301 au lait and cre\u0300me bru\u0302le\u0301e are French.';
    const sel = select(text, 'cre\u0300me bru\u0302le\u0301e');
    const edited = 'Menu: ' + text;
    expect(anchorSelectors(edited, sel)).toMatchObject({ status: 'moved', start: sel.position.start + 6 });
  });

  it('handles Arabic and Hebrew (RTL) text', () => {
    const arabic = 'القراءة غذاء العقل والروح. الكتاب خير جليس في كل زمان ومكان.';
    const hebrew = 'הספר הוא חבר נאמן. קריאה מרחיבה את הדעת.';
    const text = `${arabic}\n\n${hebrew}`;
    const ar = select(text, 'الكتاب خير جليس');
    const he = select(text, 'קריאה מרחיבה את הדעת');
    const edited = 'مقدمة قصيرة.\n\n' + text.replace('غذاء', 'غذاء مهم');
    expect(located(edited, anchorSelectors(edited, ar))).toBe('الكتاب خير جليس');
    expect(anchorSelectors(edited, he).status).toBe('moved');
    expect(located(edited, anchorSelectors(edited, he))).toBe('קריאה מרחיבה את הדעת');
    const fuzzy = edited.replace('קריאה מרחיבה', 'הקריאה מרחיבה');
    expect(located(fuzzy, anchorSelectors(fuzzy, he))).toMatch(/קריאה מרחיבה את הדעת$/);
  });
});
