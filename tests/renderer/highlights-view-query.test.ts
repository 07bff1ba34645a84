/**
 * The Highlights view's query rules (pure): the API filters it sends, when
 * the list counts as filtered, Clear filters, the stored form read back
 * defensively, and the view's route.
 */
import { describe, expect, it } from 'vitest';
import {
  clearedFilters,
  DEFAULT_HIGHLIGHTS_QUERY,
  filtersFor,
  isFiltered,
  localDayBound,
  parseHighlightsQuery,
} from '../../src/renderer/src/lib/highlights-view-query';
import { hashFor, parseHash } from '../../src/renderer/src/lib/router-hash';

describe('the Highlights view query', () => {
  it('sends only the filters that are set', () => {
    expect(filtersFor(DEFAULT_HIGHLIGHTS_QUERY)).toEqual({});
    expect(isFiltered(DEFAULT_HIGHLIGHTS_QUERY)).toBe(false);
    expect(isFiltered({ ...DEFAULT_HIGHLIGHTS_QUERY, sort: 'source' })).toBe(false);
    const q = {
      ...DEFAULT_HIGHLIGHTS_QUERY,
      color: 'green' as const,
      tag: ' idea ',
      sourceId: 'abcd1234',
      sourceTitle: 'Birds',
      sourceText: ' bir ',
      sourceTag: 'nature',
      kind: 'pdf' as const,
      since: '2026-01-01',
      until: '2026-02-01',
      note: 'without' as const,
      text: 'wren',
    };
    expect(filtersFor(q)).toEqual({
      colors: ['green'],
      tags: ['idea'],
      sourceIds: ['abcd1234'],
      sourceTitle: 'bir',
      sourceTags: ['nature'],
      kinds: ['pdf'],
      // The user's days (as the rows show dates), as instants: whole days from the first to the last millisecond.
      since: new Date(2026, 0, 1).toISOString(),
      until: new Date(new Date(2026, 1, 2).getTime() - 1).toISOString(),
      hasNote: false,
      text: 'wren',
    });
    expect(filtersFor({ ...DEFAULT_HIGHLIGHTS_QUERY, note: 'with', text: '   ', since: '2026-1-1' })).toEqual({ hasNote: true });
    expect(clearedFilters({ ...q, sort: 'oldest' })).toEqual({ ...DEFAULT_HIGHLIGHTS_QUERY, sort: 'oldest' });
  });

  it('takes the date range in the user’s time zone, not UTC’s', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(localDayBound('2026-01-05', false)).toBe('2026-01-05T05:00:00.000Z');
      expect(localDayBound('2026-01-05', true)).toBe('2026-01-06T04:59:59.999Z');
      // A day 23 hours long (clocks go forward) is still whole.
      expect(localDayBound('2026-03-08', true)).toBe('2026-03-09T03:59:59.999Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads a stored query back, dropping what it does not understand', () => {
    const stored = { ...DEFAULT_HIGHLIGHTS_QUERY, sort: 'source', color: 'pink', kind: 'book', text: 'x', sourceId: 'abcd1234', sourceTitle: 'T' };
    expect(parseHighlightsQuery(JSON.stringify(stored))).toEqual(stored);
    expect(parseHighlightsQuery('not json')).toEqual(DEFAULT_HIGHLIGHTS_QUERY);
    expect(parseHighlightsQuery(null)).toEqual(DEFAULT_HIGHLIGHTS_QUERY);
    expect(
      parseHighlightsQuery(JSON.stringify({ sort: 'random', color: 'mauve', kind: 1, since: 'yesterday', sourceId: '../x', sourceTitle: 'T', note: 'maybe' })),
    ).toEqual(DEFAULT_HIGHLIGHTS_QUERY);
  });

  it('has its own route', () => {
    expect(parseHash('#/highlights')).toEqual({ name: 'highlights' });
    expect(parseHash('#/highlights/')).toEqual({ name: 'highlights' });
    expect(hashFor({ name: 'highlights' })).toBe('#/highlights');
    expect(parseHash('#/highlightsx')).toEqual({ name: 'library' });
  });
});
