import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, filterFor, isFiltered, naturalOrder, parseQuery } from '../../src/renderer/src/lib/list-query';
import { visibleRows } from '../../src/renderer/src/lib/virtual-rows';

describe('library query', () => {
  it('falls back to the defaults for missing, broken or foreign stored values', () => {
    expect(parseQuery(null)).toEqual(DEFAULT_QUERY);
    expect(parseQuery('{not json')).toEqual(DEFAULT_QUERY);
    expect(parseQuery('"a string"')).toEqual(DEFAULT_QUERY);
    expect(parseQuery(JSON.stringify({ sort: 'rank', order: 'sideways', state: 'skimmed', show: 'trash', favorite: 'yes', tags: 'x' }))).toEqual(
      DEFAULT_QUERY,
    );
  });

  it('keeps valid stored values and drops bad tags', () => {
    const query = parseQuery(
      JSON.stringify({ sort: 'title', order: 'asc', state: 'reading', show: 'archive', favorite: true, tags: ['a', '', 3, 'x'.repeat(65), 'b'] }),
    );
    expect(query).toEqual({ sort: 'title', order: 'asc', state: 'reading', show: 'archive', favorite: true, tags: ['a', 'b'] });
  });

  it('turns a query into the API filter', () => {
    expect(filterFor(DEFAULT_QUERY)).toEqual({ archived: false });
    expect(filterFor({ ...DEFAULT_QUERY, show: 'all' })).toEqual({});
    expect(filterFor({ ...DEFAULT_QUERY, show: 'archive', state: 'finished', favorite: true, tags: ['x'] })).toEqual({
      archived: true,
      state: 'finished',
      favorite: true,
      tags: ['x'],
    });
  });

  it('knows when the list is narrowed and how each sort starts', () => {
    expect(isFiltered(DEFAULT_QUERY)).toBe(false);
    expect(isFiltered({ ...DEFAULT_QUERY, sort: 'title' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_QUERY, tags: ['x'] })).toBe(true);
    expect(isFiltered({ ...DEFAULT_QUERY, show: 'all' })).toBe(true);
    expect(naturalOrder('title')).toBe('asc');
    expect(naturalOrder('author')).toBe('asc');
    expect(naturalOrder('added')).toBe('desc');
    expect(naturalOrder('progress')).toBe('desc');
  });
});

describe('visible rows of the virtualized list', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    // List starts 200 px down, 100 px rows, 1,000 px viewport: rows 0..7 are on screen.
    expect(visibleRows(200, 1000, 100, 50_000, 0)).toEqual({ first: 0, last: 7 });
    expect(visibleRows(200, 1000, 100, 50_000, 3)).toEqual({ first: 0, last: 10 });
    // Scrolled 1,000,000 px past the top of the list.
    expect(visibleRows(-1_000_000, 1000, 100, 50_000, 2)).toEqual({ first: 9998, last: 10011 });
    // Near the end.
    expect(visibleRows(-4_999_500, 1000, 100, 50_000, 5)).toEqual({ first: 49990, last: 49999 });
  });

  it('answers an empty range for an empty list', () => {
    expect(visibleRows(0, 1000, 100, 0, 5)).toEqual({ first: 0, last: -1 });
    expect(visibleRows(0, 1000, 0, 10, 5)).toEqual({ first: 0, last: -1 });
  });

  it('keeps a sensible range when the list is scrolled past its end', () => {
    expect(visibleRows(-50_000, 800, 100, 20, 2)).toEqual({ first: 19, last: 19 });
  });
});
