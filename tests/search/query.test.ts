import { describe, expect, it } from 'vitest';
import { nameMatchesPart, parseQuery } from '../../src/main/search/query';

describe('parseQuery', () => {
  it('quotes every term, ANDs them, and makes the last one a prefix', () => {
    expect(parseQuery('garden soil')).toMatchObject({ match: '"garden" "soil"*', words: ['garden', 'soil'] });
    expect(parseQuery('garden soil').parts).toEqual([
      { words: ['garden'], phrase: false, prefix: false },
      { words: ['soil'], phrase: false, prefix: true },
    ]);
    expect(parseQuery('garden soil ').match).toBe('"garden" "soil"');
  });

  it('keeps "exact phrases" together and never makes a phrase a prefix', () => {
    expect(parseQuery('"the quick fox" jumps').match).toBe('"the quick fox" "jumps"*');
    expect(parseQuery('jumps "the quick fox"').match).toBe('"jumps" "the quick fox"');
  });

  it('needs two characters for a prefix', () => {
    expect(parseQuery('garden s').match).toBe('"garden" "s"');
  });

  it('turns FTS syntax into words or drops it', () => {
    expect(parseQuery('NEAR(a b)').match).toBe('"NEAR a" "b"');
    expect(parseQuery('-foo').match).toBe('"foo"*');
    expect(parseQuery('a:b').match).toBe('"a b"');
    expect(parseQuery('x AND y OR NOT z').match).toBe('"x" "AND" "y" "OR" "NOT" "z"');
    expect(parseQuery('^start col:term').match).toBe('"start" "col term"*');
    expect(parseQuery('say "hi').match).toBe('"say" "hi"*');
    for (const empty of ['', '   ', '"', '""', '*', ')(', '-', ':', '^', '" "', '***', '(((']) {
      expect(parseQuery(empty), JSON.stringify(empty)).toEqual({ match: null, words: [], parts: [] });
    }
  });

  it('keeps letters of every script and their marks', () => {
    expect(parseQuery('café naïve 東京 Ölçü').match).toBe('"café" "naïve" "東京" "Ölçü"*');
  });

  it('limits the number and length of terms', () => {
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(parseQuery(many).match?.split(' ')).toHaveLength(16);
    expect(parseQuery('x'.repeat(500)).match).toBe(`"${'x'.repeat(64)}"*`);
  });
});

describe('nameMatchesPart (a tag name searched by the same rules)', () => {
  const part = (text: string) => parseQuery(text).parts[0]!;
  it('matches whole words in a row, the last as a prefix when the term is one, case and accents folded', () => {
    expect(nameMatchesPart('slow-reading', part('reading '))).toBe(true);
    expect(nameMatchesPart('slow-reading', part('read'))).toBe(true);
    expect(nameMatchesPart('slow-reading', part('read '))).toBe(false); // a finished word is whole
    expect(nameMatchesPart('slow-reading', part('"slow reading"'))).toBe(true);
    expect(nameMatchesPart('slow-reading', part('"reading slow"'))).toBe(false);
    expect(nameMatchesPart('Ärger', part('arg'))).toBe(true);
    expect(nameMatchesPart('café', part('CAFE '))).toBe(true);
    expect(nameMatchesPart('pollination', part('lination'))).toBe(false); // words start where they start
  });
});
