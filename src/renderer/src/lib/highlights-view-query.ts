/**
 * The Highlights view's query as the user sets it (filters, sort): its
 * defaults, its stored form (kept while the app is open, so Back from the
 * reader finds it) and the API's filters. Pure, so the rules are tested in
 * Node.
 */
import { HIGHLIGHT_SORTS, SOURCE_KINDS, type HighlightFilters, type HighlightSort, type SourceKind } from '../../../shared/highlights-view';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../shared/types';

export interface HighlightsViewQuery {
  sort: HighlightSort;
  color: HighlightColor | 'any';
  /** A highlight tag ('' = any). */
  tag: string;
  /** A source's article id ('' = any), with its title for the field. */
  sourceId: string;
  sourceTitle: string;
  /** Text searched in source titles ('' = any). */
  sourceText: string;
  /** An article tag ('' = any). */
  sourceTag: string;
  kind: SourceKind | 'any';
  /** YYYY-MM-DD (a day of the user's calendar) or ''. */
  since: string;
  until: string;
  note: 'any' | 'with' | 'without';
  /** Words searched in quotes and notes. */
  text: string;
}

export const DEFAULT_HIGHLIGHTS_QUERY: Readonly<HighlightsViewQuery> = Object.freeze({
  sort: 'newest',
  color: 'any',
  tag: '',
  sourceId: '',
  sourceTitle: '',
  sourceText: '',
  sourceTag: '',
  kind: 'any',
  since: '',
  until: '',
  note: 'any',
  text: '',
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day picked in the view (YYYY-MM-DD, the user's calendar, as the rows'
 * dates are shown) as an instant for the API, whose bare days are UTC's:
 * the day's first millisecond, or with `end` its last (the range takes
 * whole days).
 */
export function localDayBound(day: string, end: boolean): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new Date(y, m - 1, end ? d + 1 : d).getTime() - (end ? 1 : 0)).toISOString();
}

/** The API's filters for a query (only what is set). */
export function filtersFor(q: HighlightsViewQuery): HighlightFilters {
  return {
    ...(q.color !== 'any' ? { colors: [q.color] } : {}),
    ...(q.tag.trim() ? { tags: [q.tag.trim()] } : {}),
    ...(q.sourceId ? { sourceIds: [q.sourceId] } : {}),
    ...(q.sourceText.trim() ? { sourceTitle: q.sourceText.trim() } : {}),
    ...(q.sourceTag.trim() ? { sourceTags: [q.sourceTag.trim()] } : {}),
    ...(q.kind !== 'any' ? { kinds: [q.kind] } : {}),
    ...(DAY.test(q.since) ? { since: localDayBound(q.since, false) } : {}),
    ...(DAY.test(q.until) ? { until: localDayBound(q.until, true) } : {}),
    ...(q.note === 'any' ? {} : { hasNote: q.note === 'with' }),
    ...(q.text.trim() ? { text: q.text } : {}),
  };
}

/** True while any filter narrows the list (the sort is not a filter). */
export function isFiltered(q: HighlightsViewQuery): boolean {
  return Object.keys(filtersFor(q)).length > 0;
}

/** The query with every filter cleared (the sort kept). */
export function clearedFilters(q: HighlightsViewQuery): HighlightsViewQuery {
  return { ...DEFAULT_HIGHLIGHTS_QUERY, sort: q.sort };
}

/** Reads a stored query, keeping only values this version understands. */
export function parseHighlightsQuery(raw: string | null): HighlightsViewQuery {
  let value: unknown;
  try {
    value = raw ? JSON.parse(raw) : null;
  } catch {
    value = null;
  }
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const pick = <T extends string>(x: unknown, allowed: readonly T[], fallback: T): T =>
    typeof x === 'string' && (allowed as readonly string[]).includes(x) ? (x as T) : fallback;
  const text = (x: unknown, max: number): string => (typeof x === 'string' && x.length <= max ? x : '');
  const day = (x: unknown): string => (typeof x === 'string' && DAY.test(x) ? x : '');
  const sourceId = typeof v.sourceId === 'string' && /^[a-z0-9]{4,40}$/.test(v.sourceId) ? v.sourceId : '';
  return {
    sort: pick(v.sort, HIGHLIGHT_SORTS, 'newest'),
    color: pick(v.color, [...HIGHLIGHT_COLORS, 'any'] as const, 'any'),
    tag: text(v.tag, 64),
    sourceId,
    sourceTitle: sourceId ? text(v.sourceTitle, 1000) : '',
    sourceText: text(v.sourceText, 1000),
    sourceTag: text(v.sourceTag, 64),
    kind: pick(v.kind, [...SOURCE_KINDS, 'any'] as const, 'any'),
    since: day(v.since),
    until: day(v.until),
    note: pick(v.note, ['any', 'with', 'without'] as const, 'any'),
    text: text(v.text, 1000),
  };
}
