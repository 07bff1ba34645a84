/** Find in the document, the pure part: folding, matches as canonical offsets, what gets painted, and its keys. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  coveredIntervals,
  findMatches,
  firstMatchFrom,
  foldQuery,
  foldText,
  matchesToPaint,
  type FindMatches,
} from '../../src/renderer/src/lib/find-matches';
import { findKeyAction } from '../../src/renderer/src/lib/find-keys';
import type { KeyPress } from '../../src/renderer/src/lib/reader-keys';

/** The matched slices of `text`. */
function found(text: string, query: string): string[] {
  const m = findMatches(foldText(text), query);
  return Array.from({ length: m.count }, (_, k) => text.slice(m.starts[k], m.ends[k]));
}

describe('findMatches', () => {
  it('gives offsets in the original text, case-insensitive', () => {
    const text = 'Soil holds carbon. SOIL, soil!';
    const m = findMatches(foldText(text), 'soil');
    expect(m.count).toBe(3);
    expect([...m.starts]).toEqual([0, 19, 25]);
    expect([...m.ends]).toEqual([4, 23, 29]);
  });

  it('ignores diacritics on either side, precomposed or combining', () => {
    expect(found('Un café, un cafe\u0301, un CAFÉ.', 'cafe')).toEqual(['café', 'cafe\u0301', 'CAFÉ']);
    expect(found('naïve and naive', 'naïve')).toEqual(['naïve', 'naive']);
    expect(found('Ærø and Straße', 'strasse')).toEqual(['Straße']);
    expect(found('ΣΟΦΙΑ σοφια σοφιας', 'σοφια')).toEqual(['ΣΟΦΙΑ', 'σοφια', 'σοφια']);
  });

  it('spells ligatures and other compatibility forms out (PDF text has them)', () => {
    expect(found('an ofﬁce and an office', 'office')).toEqual(['ofﬁce', 'office']);
    expect(found('ｆｕｌｌ width', 'full')).toEqual(['ｆｕｌｌ']);
  });

  it('matches white space runs and line or paragraph breaks as one space', () => {
    expect(found('the end\n\nof it, the  end of', 'end of')).toEqual(['end\n\nof', 'end of']);
    expect(found('a\u00a0b', 'a b')).toEqual(['a\u00a0b']);
    // The query's own white space: trimmed at its ends, collapsed inside.
    expect(found('end of', '  end   of ')).toEqual(['end of']);
  });

  it('matches whole code points only, and nothing for an empty query', () => {
    // "s" is half of the folded "ß": not a match inside it.
    expect(found('Straße', 's')).toEqual(['S']);
    expect(found('𝒜 and 😀 x', '😀')).toEqual(['😀']);
    expect(findMatches(foldText('anything'), '').count).toBe(0);
    expect(findMatches(foldText('anything'), '   ').count).toBe(0);
  });

  it('does not overlap matches', () => {
    expect(found('aaaa', 'aa')).toEqual(['aa', 'aa']);
  });

  it('every reported match is the query in the folded text (property)', () => {
    const alphabet = fc.constantFrom(...'aAbBéÉe\u0301 \n\u00a0ßsSﬁfiΣσς😀İı.'.match(/./gsu)!);
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.array(alphabet, { minLength: 1, maxLength: 4 }), (chars, q) => {
        const text = chars.join('');
        const query = q.join('');
        const m = findMatches(foldText(text), query);
        let previousEnd = 0;
        for (let k = 0; k < m.count; k++) {
          expect(m.starts[k]).toBeGreaterThanOrEqual(previousEnd);
          expect(m.ends[k]).toBeGreaterThan(m.starts[k]!);
          expect(foldQuery(text.slice(m.starts[k], m.ends[k]))).toBe(foldQuery(query));
          previousEnd = m.ends[k]!;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a query that was cut from the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), fc.nat(), (text, a, b) => {
        const from = a % (text.length + 1);
        const to = from + (b % (text.length - from + 1));
        const query = text.slice(from, to);
        // Only queries that start and end on whole characters with something to match.
        fc.pre(foldQuery(query).length > 0 && !/[\uD800-\uDFFF]/.test(query.slice(0, 1) + query.slice(-1)));
        expect(findMatches(foldText(text), query).count).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('firstMatchFrom and matchesToPaint', () => {
  const matches: FindMatches = { count: 5, starts: Int32Array.from([0, 10, 20, 500, 900]), ends: Int32Array.from([4, 14, 24, 504, 904]) };

  it('picks the first match ending after an offset (count when none is left)', () => {
    expect(firstMatchFrom(matches, 0)).toBe(0);
    expect(firstMatchFrom(matches, 12)).toBe(1);
    expect(firstMatchFrom(matches, 14)).toBe(2);
    expect(firstMatchFrom(matches, 905)).toBe(5);
  });

  it('paints only the matches in drawn text, at most the cap', () => {
    expect(matchesToPaint(matches, [[0, 30], [880, 1000]], 100)).toEqual([0, 1, 2, 4]);
    expect(matchesToPaint(matches, [[0, 30], [880, 1000]], 2)).toEqual([0, 1]);
    expect(matchesToPaint(matches, [], 100)).toEqual([]);
    // A match across two drawn intervals is painted once.
    expect(matchesToPaint(matches, [[0, 12], [12, 30]], 100)).toEqual([0, 1, 2]);
  });

  it('stays fast with a hundred thousand matches in a 500-page text', () => {
    const text = 'word and more words here. '.repeat(60_000);
    const started = performance.now();
    const all = findMatches(foldText(text), 'word');
    expect(all.count).toBe(120_000);
    const painted = matchesToPaint(all, [[0, 3000], [1_000_000, 1_003_000]], 2000);
    expect(painted.length).toBeLessThanOrEqual(2000);
    expect(painted.length).toBeGreaterThan(200);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('merges the spans of drawn text into intervals', () => {
    const span = (from: number, to: number): { offsets: number[] } => ({ offsets: [from, to] });
    expect(coveredIntervals([span(0, 10), span(12, 20), span(5000, 5010), span(30, 40)])).toEqual([
      [0, 40],
      [5000, 5010],
    ]);
  });
});

describe('findKeyAction', () => {
  const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({
    key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, defaultPrevented: false, ...mods,
  });

  it('opens with Ctrl/Cmd+F, steps with F3 and Ctrl/Cmd+G, back with Shift', () => {
    expect(findKeyAction(key('f', { ctrlKey: true }))).toBe('open');
    expect(findKeyAction(key('F', { metaKey: true }))).toBe('open');
    expect(findKeyAction(key('F3'))).toBe('next');
    expect(findKeyAction(key('F3', { shiftKey: true }))).toBe('previous');
    expect(findKeyAction(key('g', { ctrlKey: true }))).toBe('next');
    expect(findKeyAction(key('G', { metaKey: true, shiftKey: true }))).toBe('previous');
  });

  it('leaves other keys, Alt chords and handled events alone', () => {
    expect(findKeyAction(key('f'))).toBeNull();
    expect(findKeyAction(key('f', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(findKeyAction(key('f', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(findKeyAction(key('f', { ctrlKey: true, defaultPrevented: true }))).toBeNull();
    expect(findKeyAction(key('g'))).toBeNull();
  });
});
