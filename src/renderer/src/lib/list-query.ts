/** The library list's query (sort, order, filters): defaults, stored form, and the API filter. */
import { LIBRARY_SORTS, LIBRARY_SORTS_ASCENDING, READ_STATES, type LibraryFilter, type LibrarySort, type ReadState } from '../../../shared/types';

/** Which articles by archive: the library (not archived), the archive, or both. */
export const SHOW_OPTIONS = ['library', 'archive', 'all'] as const;
export type Show = (typeof SHOW_OPTIONS)[number];

export interface ListQuery {
  sort: LibrarySort;
  order: 'asc' | 'desc';
  state: ReadState | 'any';
  show: Show;
  favorite: boolean;
  tags: string[];
}

export const DEFAULT_QUERY: ListQuery = {
  sort: 'added',
  order: 'desc',
  state: 'any',
  show: 'library',
  favorite: false,
  tags: [],
};

/** The order a sort starts with when the user picks it. */
export function naturalOrder(sort: LibrarySort): 'asc' | 'desc' {
  return LIBRARY_SORTS_ASCENDING.includes(sort) ? 'asc' : 'desc';
}

/** Reads a stored query, keeping only values this version understands. */
export function parseQuery(raw: string | null): ListQuery {
  let value: unknown;
  try {
    value = raw ? JSON.parse(raw) : null;
  } catch {
    value = null;
  }
  if (!value || typeof value !== 'object') return { ...DEFAULT_QUERY, tags: [] };
  const v = value as Record<string, unknown>;
  const pick = <T extends string>(x: unknown, allowed: readonly T[], fallback: T): T =>
    typeof x === 'string' && (allowed as readonly string[]).includes(x) ? (x as T) : fallback;
  return {
    sort: pick(v.sort, LIBRARY_SORTS, DEFAULT_QUERY.sort),
    order: pick(v.order, ['asc', 'desc'] as const, DEFAULT_QUERY.order),
    state: pick(v.state, [...READ_STATES, 'any'] as const, 'any'),
    show: pick(v.show, SHOW_OPTIONS, 'library'),
    favorite: v.favorite === true,
    tags: Array.isArray(v.tags) ? uniqueTags(v.tags) : [],
  };
}

/** Valid tag names, each once (ignoring case), at most 20. */
function uniqueTags(values: unknown[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of values) {
    if (typeof t !== 'string' || t.trim().length === 0 || t.length > 64 || seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
  }
  return out.slice(0, 20);
}

/** The API filter for a query. */
export function filterFor(query: ListQuery): LibraryFilter {
  const filter: LibraryFilter = {};
  if (query.tags.length > 0) filter.tags = [...query.tags];
  if (query.state !== 'any') filter.state = query.state;
  if (query.show !== 'all') filter.archived = query.show === 'archive';
  if (query.favorite) filter.favorite = true;
  return filter;
}

/** True when the query narrows the library (an empty result is then "no match", not "empty library"). */
export function isFiltered(query: ListQuery): boolean {
  return query.tags.length > 0 || query.state !== 'any' || query.show !== 'library' || query.favorite;
}
