/**
 * The Highlights view's state: the query (filters, sort; kept for the
 * session so Back from the reader finds it), pages fetched on demand for a
 * virtualized list (as the library's), the multi-selection, and bulk
 * actions (tag, recolour, delete with Undo, export the selection).
 */
import { SvelteSet } from 'svelte/reactivity';
import type { HighlightListItem } from '../../../shared/highlights-view';
import type { ColorLabels, HighlightColor } from '../../../shared/types';
import { COLOR_NAMES, colorLabelsFrom } from '../../../shared/color-labels';
import { api } from './api';
import { messageOf } from './errors';
import { download } from './exporter.svelte';
import { clearedFilters, filtersFor, parseHighlightsQuery, type HighlightsViewQuery } from './highlights-view-query';
import { messages } from './messages.svelte';
import { hashFor } from './router.svelte';

export { isFiltered, type HighlightsViewQuery } from './highlights-view-query';

const QUERY_KEY = 'gloss.highlightsQuery';
/** Rows per request. */
export const HIGHLIGHTS_PAGE_SIZE = 100;
/** Pages kept loaded on each side of the visible ones. */
const KEEP_PAGES = 3;
/** The most rows one Shift+click selects. */
export const MAX_RANGE_ROWS = 5_000;

const SCOPE = hashFor({ name: 'highlights' });

function plural(count: number, word: string): string {
  return `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;
}

function loadQuery(): HighlightsViewQuery {
  try {
    return parseHighlightsQuery(sessionStorage.getItem(QUERY_KEY));
  } catch {
    return parseHighlightsQuery(null);
  }
}

class HighlightsView {
  query = $state<HighlightsViewQuery>(loadQuery());
  total = $state(0);
  libraryTotal = $state(0);
  pages = $state.raw<Readonly<Record<number, HighlightListItem[]>>>({});
  loaded = $state(false);
  loadError = $state<string | null>(null);
  /** Bumped each time a reload lands, so the view measures again. */
  version = $state(0);
  busy = $state(false);
  /** What each colour means (Settings), shown beside it: colour is never the only cue. */
  labels = $state<ColorLabels>(colorLabelsFrom(null));

  readonly selected = new SvelteSet<string>();
  anchorId: string | null = null;
  /** Where the list was scrolled, kept while the reader is open (the view is destroyed). */
  scrollY = 0;
  /** The highlight last opened from the list: its row takes focus on Back. */
  openedId: string | null = null;

  #wanted: [number, number] = [0, HIGHLIGHTS_PAGE_SIZE - 1];
  #generation = 0;
  #inflight = new Map<number, Promise<void>>();
  #reloading = false;

  itemAt(index: number): HighlightListItem | undefined {
    return this.pages[Math.floor(index / HIGHLIGHTS_PAGE_SIZE)]?.[index % HIGHLIGHTS_PAGE_SIZE];
  }

  indexOf(id: string): number {
    for (const [page, items] of Object.entries(this.pages)) {
      const i = items.findIndex((item) => item.id === id);
      if (i >= 0) return Number(page) * HIGHLIGHTS_PAGE_SIZE + i;
    }
    return -1;
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
    this.#wanted = [0, HIGHLIGHTS_PAGE_SIZE - 1];
    void this.reload();
  }

  /** Bumped by Clear filters (the search box empties itself). */
  cleared = $state(0);

  clearFilters(): void {
    this.setQuery(clearedFilters(this.query));
    this.cleared++;
  }

  /** Fetches again the pages the view shows; old rows stay until the new ones arrive. */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.#inflight.clear();
    this.#reloading = true;
    const first = Math.floor(this.#wanted[0] / HIGHLIGHTS_PAGE_SIZE);
    const last = Math.floor(this.#wanted[1] / HIGHLIGHTS_PAGE_SIZE);
    try {
      const answers = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => this.#fetch(first + k)));
      if (generation !== this.#generation) return;
      const pages: Record<number, HighlightListItem[]> = {};
      answers.forEach((answer, k) => {
        pages[first + k] = answer.items;
      });
      this.total = answers[0]?.total ?? 0;
      this.libraryTotal = answers[0]?.libraryTotal ?? 0;
      this.pages = pages;
      this.loaded = true;
      this.loadError = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.loadError = messageOf(error);
    } finally {
      if (generation === this.#generation) {
        this.#reloading = false;
        this.version++;
      }
    }
  }

  /** Makes sure rows first..last are loaded (as the view scrolls); far pages are let go. */
  ensure(first: number, last: number): Promise<void> {
    this.#wanted = [Math.max(0, first), Math.max(0, last)];
    if (!this.loaded || this.#reloading) return Promise.resolve();
    return this.#load(first, last);
  }

  #load(first: number, last: number): Promise<void> {
    const end = Math.min(last, this.total - 1);
    const waits: Promise<void>[] = [];
    for (let page = Math.floor(Math.max(0, first) / HIGHLIGHTS_PAGE_SIZE); page * HIGHLIGHTS_PAGE_SIZE <= end; page++) {
      if (this.pages[page]) continue;
      const inflight = this.#inflight.get(page);
      if (inflight) {
        waits.push(inflight);
        continue;
      }
      const generation = this.#generation;
      const request = this.#fetch(page)
        .then((answer) => {
          if (generation !== this.#generation) return;
          // Highlights changed between pages (the reader, another window): rows would shift, so start afresh.
          if (answer.total !== this.total) return void this.reload();
          this.pages = { ...this.#keptPages(), [page]: answer.items };
        })
        .catch((error: unknown) => {
          if (generation === this.#generation) this.loadError = messageOf(error);
        })
        .finally(() => {
          if (this.#inflight.get(page) === request) this.#inflight.delete(page);
        });
      this.#inflight.set(page, request);
      waits.push(request);
    }
    return Promise.all(waits).then(() => undefined);
  }

  #keptPages(): Record<number, HighlightListItem[]> {
    const from = Math.floor(this.#wanted[0] / HIGHLIGHTS_PAGE_SIZE) - KEEP_PAGES;
    const to = Math.floor(this.#wanted[1] / HIGHLIGHTS_PAGE_SIZE) + KEEP_PAGES;
    const kept: Record<number, HighlightListItem[]> = {};
    for (const [key, items] of Object.entries(this.pages)) {
      const page = Number(key);
      if (page >= from && page <= to) kept[page] = items;
    }
    return kept;
  }

  #fetch(page: number) {
    return api.queryHighlights({
      filters: filtersFor(this.query),
      sort: this.query.sort,
      offset: page * HIGHLIGHTS_PAGE_SIZE,
      limit: HIGHLIGHTS_PAGE_SIZE,
    });
  }

  // --- selection -----------------------------------------------------------

  /** A row's checkbox: toggles it, or with Shift the range from the last clicked row. */
  async toggleSelected(index: number, on: boolean, range: boolean): Promise<void> {
    const item = this.itemAt(index);
    if (!item) return;
    const anchor = range && this.anchorId ? this.indexOf(this.anchorId) : -1;
    this.anchorId = item.id;
    if (anchor < 0) {
      if (on) this.selected.add(item.id);
      else this.selected.delete(item.id);
      return;
    }
    const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
    if (to - from + 1 > MAX_RANGE_ROWS) {
      messages.error(`Shift+click selects at most ${MAX_RANGE_ROWS.toLocaleString()} highlights at once.`, { scope: SCOPE });
      return;
    }
    await this.#load(from, to);
    for (let i = from; i <= to; i++) {
      const id = this.itemAt(i)?.id;
      if (!id) continue;
      if (on) this.selected.add(id);
      else this.selected.delete(id);
    }
  }

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

  clearSelection(): void {
    this.selected.clear();
    this.anchorId = null;
  }

  // --- bulk actions ----------------------------------------------------------

  async #bulk(run: () => Promise<{ text: string; undo?: () => Promise<unknown>; keepSelection?: boolean }>): Promise<string | null> {
    if (this.busy) return 'Another change to the selection is under way.';
    this.busy = true;
    try {
      const { text, undo, keepSelection } = await run();
      messages.success(text, {
        scope: SCOPE,
        ...(undo ? { undo: { run: () => undo().finally(() => this.reload()) } } : {}),
      });
      if (!keepSelection) this.clearSelection();
      return null;
    } catch (error) {
      const message = messageOf(error);
      messages.error(message, { scope: SCOPE });
      return message;
    } finally {
      this.busy = false;
      await this.reload();
    }
  }

  recolorSelected(color: HighlightColor): Promise<string | null> {
    const ids = [...this.selected];
    return this.#bulk(async () => {
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
    return this.#bulk(async () => {
      await api.deleteHighlights({ ids });
      return { text: `Deleted ${plural(ids.length, 'highlight')}.`, undo: () => api.restoreHighlights({ ids }) };
    });
  }

  tagSelected(tags: string[]): Promise<string | null> {
    const ids = [...this.selected];
    return this.#bulk(async () => {
      await api.tagHighlights({ ids, tags });
      // No Undo (as for articles): removing the tags would also take them from highlights that had them before.
      return { text: `Tagged ${plural(ids.length, 'highlight')} ${tags.map((t) => `“${t}”`).join(', ')}.` };
    });
  }

  /** Export selection: one Markdown file grouped by source, downloaded; the selection stays. */
  exportSelected(): Promise<string | null> {
    const ids = [...this.selected];
    return this.#bulk(async () => {
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
