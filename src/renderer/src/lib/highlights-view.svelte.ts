/**
 * The Highlights view's state: the query (filters, sort; kept for the
 * session so Back from the reader finds it), pages fetched on demand for a
 * virtualized list (as the library's), the multi-selection, and bulk
 * actions (tag, recolour, delete with Undo, export the selection).
 */
import type { HighlightListItem } from '../../../shared/highlights-view';
import type { ColorLabels, HighlightColor } from '../../../shared/types';
import { COLOR_NAMES, colorLabelsFrom } from '../../../shared/color-labels';
import { api } from './api';
import { messageOf } from './errors';
import { download } from './exporter.svelte';
import { clearedFilters, filtersFor, parseHighlightsQuery, type HighlightsViewQuery } from './highlights-view-query';
import { messages } from './messages.svelte';
import { hashFor } from './router.svelte';
import { plural, SelectableRows } from './selectable-rows.svelte';

export { isFiltered, type HighlightsViewQuery } from './highlights-view-query';

const QUERY_KEY = 'gloss.highlightsQuery';

const SCOPE = hashFor({ name: 'highlights' });

function loadQuery(): HighlightsViewQuery {
  try {
    return parseHighlightsQuery(sessionStorage.getItem(QUERY_KEY));
  } catch {
    return parseHighlightsQuery(null);
  }
}

class HighlightsView extends SelectableRows<HighlightListItem> {
  query = $state<HighlightsViewQuery>(loadQuery());
  /** What each colour means (Settings), shown beside it: colour is never the only cue. */
  labels = $state<ColorLabels>(colorLabelsFrom(null));

  /** Where the list was scrolled, kept while the reader is open (the view is destroyed). */
  scrollY = 0;
  /** The highlight last opened from the list: its row takes focus on Back. */
  openedId: string | null = null;

  constructor() {
    super('highlights', SCOPE);
  }

  /** The colour labels as they are now (they may have been renamed in Settings since). */
  async loadLabels(): Promise<void> {
    try {
      this.labels = colorLabelsFrom((await api.getSettings({})).colorLabels);
    } catch {
      // The colours' own names stay beside the labels' defaults.
    }
  }

  setQuery(change: Partial<HighlightsViewQuery>): void {
    this.query = { ...this.query, ...change };
    try {
      sessionStorage.setItem(QUERY_KEY, JSON.stringify(this.query));
    } catch {
      // Not fatal: the query is just not kept.
    }
    this.clearSelection();
    this.reloadFromTop();
  }

  /** Bumped by Clear filters (the search box empties itself). */
  cleared = $state(0);

  clearFilters(): void {
    this.setQuery(clearedFilters(this.query));
    this.cleared++;
  }

  protected fetchPage(offset: number, limit: number) {
    return api.queryHighlights({ filters: filtersFor(this.query), sort: this.query.sort, offset, limit });
  }

  // --- selection -----------------------------------------------------------

  /** Select all in the current filter (every matching highlight, loaded or not). */
  async selectAll(): Promise<void> {
    try {
      const { ids, capped } = await api.selectHighlightIds({ filters: filtersFor(this.query) });
      for (const id of ids) this.selected.add(id);
      if (capped) messages.error(`Selected the first ${plural(ids.length, 'highlight')}: that is the most at once.`, { scope: SCOPE });
    } catch (error) {
      messages.error(messageOf(error), { scope: SCOPE });
    }
  }

  // --- bulk actions ----------------------------------------------------------

  recolorSelected(color: HighlightColor): Promise<string | null> {
    const ids = [...this.selected];
    return this.bulk(async () => {
      const { previous } = await api.recolorHighlights({ ids, color });
      return {
        text: `Made ${plural(ids.length, 'highlight')} ${COLOR_NAMES[color].toLowerCase()}.`,
        undo: async () => {
          // Each colour back in one call per colour.
          for (const before of new Set(previous.map((p) => p.color))) {
            const group = previous.filter((p) => p.color === before).map((p) => p.id);
            await api.recolorHighlights({ ids: group, color: before });
          }
        },
      };
    });
  }

  deleteSelected(): Promise<string | null> {
    const ids = [...this.selected];
    return this.bulk(async () => {
      await api.deleteHighlights({ ids });
      return { text: `Deleted ${plural(ids.length, 'highlight')}.`, undo: () => api.restoreHighlights({ ids }) };
    });
  }

  tagSelected(tags: string[]): Promise<string | null> {
    const ids = [...this.selected];
    return this.bulk(async () => {
      await api.tagHighlights({ ids, tags });
      // No Undo (as for articles): removing the tags would also take them from highlights that had them before.
      return { text: `Tagged ${plural(ids.length, 'highlight')} ${tags.map((t) => `“${t}”`).join(', ')}.` };
    });
  }

  /** Export selection: one Markdown file grouped by source, downloaded; the selection stays. */
  exportSelected(): Promise<string | null> {
    const ids = [...this.selected];
    return this.bulk(async () => {
      const file = await api.exportHighlightsMarkdown({ ids });
      download(file.markdown, file.fileName, 'text/markdown;charset=utf-8');
      return {
        text: `Exported ${plural(file.highlights, 'highlight')} from ${plural(file.sources, 'source')} as ${file.fileName}.`,
        keepSelection: true,
      };
    });
  }
}

export const highlightsView = new HighlightsView();
