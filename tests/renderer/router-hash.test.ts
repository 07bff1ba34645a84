/**
 * The reader's routes: a hash names the library, an article, an article at
 * a highlight, or an article at a place in its text (a search hit), and
 * every route survives the trip to a hash and back.
 */
import { describe, expect, it } from 'vitest';
import { hashFor, parseHash, placeOfMatch, type Route } from '../../src/renderer/src/lib/router-hash';
import { startAtOffset } from '../../src/renderer/src/lib/reader-start';
import { decodePosition } from '../../src/renderer/src/lib/reading-position';
import { placeOfPosition } from '../../src/renderer/src/lib/pdf-position';

const ID = 'a7k3m9q2x4v8w1zt';

describe('route hashes', () => {
  it('parses an article at a text offset', () => {
    expect(parseHash(`#/article/${ID}/at/1234`)).toEqual({ name: 'article', id: ID, offset: 1234 });
    expect(parseHash(`#/article/${ID}/at/0`)).toEqual({ name: 'article', id: ID, offset: 0 });
    expect(parseHash(`#/article/${ID}/at/57/`)).toEqual({ name: 'article', id: ID, offset: 57 });
  });

  it('keeps the routes it had', () => {
    expect(parseHash('#/')).toEqual({ name: 'library' });
    expect(parseHash('')).toEqual({ name: 'library' });
    expect(parseHash(`#/article/${ID}`)).toEqual({ name: 'article', id: ID });
    expect(parseHash(`#/article/${ID}/highlight/p9f3h6j2m8c4x7ya`)).toEqual({ name: 'article', id: ID, highlightId: 'p9f3h6j2m8c4x7ya' });
  });

  it('refuses offsets that are not plain non-negative integers (the library, as for any unknown hash)', () => {
    for (const bad of ['-1', '1.5', '01', '1e3', 'x', '', '9999999999999999', ' 1']) {
      expect(parseHash(`#/article/${ID}/at/${bad}`), bad).toEqual({ name: 'library' });
    }
    // Not both a highlight and an offset.
    expect(parseHash(`#/article/${ID}/highlight/p9f3h6j2m8c4x7ya/at/3`)).toEqual({ name: 'library' });
  });

  it('writes every route as a hash that parses back to it', () => {
    const routes: Route[] = [
      { name: 'library' },
      { name: 'article', id: ID },
      { name: 'article', id: ID, highlightId: 'p9f3h6j2m8c4x7ya' },
      { name: 'article', id: ID, offset: 0 },
      { name: 'article', id: ID, offset: 98765 },
    ];
    for (const route of routes) expect(parseHash(hashFor(route))).toEqual(route);
    expect(hashFor({ name: 'article', id: ID, offset: 42 })).toBe(`#/article/${ID}/at/42`);
  });

  it('opens a search match at its highlight, at its place in the text, or at the saved place', () => {
    expect(placeOfMatch({ highlightId: 'h1h1h1h1', offset: 5 })).toEqual({ highlightId: 'h1h1h1h1' });
    expect(placeOfMatch({ offset: 5 })).toEqual({ offset: 5 });
    expect(placeOfMatch({ offset: 0 })).toEqual({ offset: 0 });
    expect(placeOfMatch({})).toEqual({});
    expect(placeOfMatch(undefined)).toEqual({});
  });
});

describe('starting the reader at an offset', () => {
  it('an article: the block holding the offset, at the reading line', () => {
    expect(decodePosition(startAtOffset(321).readPosition)).toEqual({ o: 321, f: 0 });
  });

  it('a PDF: the top of the page holding the offset, past pages without text that share its start', () => {
    // Page 1 at 0, pages 2 and 3 empty (they start where page 4 does), page 4 at 100, page 5 at 200.
    const pageStarts = [0, 100, 100, 100, 200];
    const at = (offset: number, starts = pageStarts) => placeOfPosition(starts, decodePosition(startAtOffset(offset, starts).readPosition)!);
    const top = (page: number) => ({ page, fraction: expect.closeTo(0, 3) as number });
    expect(at(150)).toEqual(top(4));
    expect(at(100)).toEqual(top(4));
    expect(at(20)).toEqual(top(1));
    expect(at(250)).toEqual(top(5));
    // Groups whose share of the stored fraction (4 decimals) rounds down: still the page with the text.
    expect(at(50, [0, 0, 0, 10])).toEqual(top(4));
    expect(at(5, [0, 0, 0, 10])).toEqual(top(3));
    expect(at(5, [0, 0, 0, 0, 0, 0, 10])).toEqual(top(6));
  });
});
