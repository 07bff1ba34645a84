/**
 * `gloss highlights --all`: every highlight across the library, newest
 * first, through the same query as the app's Highlights view
 * (queryHighlights, paged by its cursor so a long list never sits in one
 * answer).
 */
import { HIGHLIGHT_COLORS, type ColorLabels, type HighlightColor } from '../../shared/types';
import type { HighlightFilters, HighlightListItem, HighlightPage } from '../../shared/highlights-view';
import type { LibraryApi } from '../api/library-api';
import { UsageError } from './args';
import { colorText, oneLine, type Io } from './commands';

export interface AllHighlightsOptions {
  colors: string[];
  tags: string[];
  sources: string[];
  since?: string;
  json: boolean;
}

/** The filters from the command line; a colour Gloss does not have is a usage error (before the library opens). */
export function highlightFiltersOf(options: AllHighlightsOptions): HighlightFilters {
  for (const color of options.colors) {
    if (!(HIGHLIGHT_COLORS as readonly string[]).includes(color)) {
      throw new UsageError(`--color must be one of ${HIGHLIGHT_COLORS.join(', ')} (got “${color}”)`);
    }
  }
  return {
    ...(options.colors.length ? { colors: options.colors as HighlightColor[] } : {}),
    ...(options.tags.length ? { tags: options.tags } : {}),
    ...(options.sources.length ? { sourceIds: options.sources } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
  };
}

function record(h: HighlightListItem, labels: ColorLabels) {
  return {
    id: h.id,
    quote: h.quote.exact,
    color: h.color,
    label: labels[h.color],
    note: h.note,
    tags: h.tags ?? [],
    source: h.source,
    ...(h.page === undefined ? {} : { page: h.page }),
    ...(h.chapter === undefined ? {} : { chapter: h.chapter }),
    orphaned: h.anchor === 'orphaned',
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

export async function showAllHighlights(api: LibraryApi, filters: HighlightFilters, json: boolean, io: Io): Promise<number> {
  const items: HighlightListItem[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const page: HighlightPage = await api.call('queryHighlights', { filters, sort: 'newest', limit: 500, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    total = page.total;
    cursor = page.nextCursor;
  } while (cursor);
  const { colorLabels } = await api.call('getSettings', {});
  if (json) {
    io.out(JSON.stringify({ total, highlights: items.map((h) => record(h, colorLabels)) }, null, 2));
    return 0;
  }
  io.out(`${total.toLocaleString('en')} highlight${total === 1 ? '' : 's'}`);
  for (const h of items) {
    const where = h.page !== undefined ? `, p. ${h.page}` : h.chapter !== undefined ? `, ${h.chapter}` : '';
    io.out('');
    io.out(`${h.id}  ${h.createdAt.slice(0, 10)}  ${colorText(h.color, colorLabels)}  ${oneLine(h.source.title, 80)}${where}`);
    io.out(`    “${oneLine(h.quote.exact)}”`);
    if (h.tags?.length) io.out(`    tags: ${h.tags.join(', ')}`);
    if (h.note) for (const line of h.note.split('\n')) io.out(`    ${line}`);
  }
  return 0;
}
