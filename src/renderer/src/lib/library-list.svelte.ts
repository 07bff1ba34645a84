/**
 * The library list as the user sees it: the query (sort, order, filters),
 * pages fetched from SQLite on demand (the list is virtualized, so a library
 * of 50,000 articles never loads every row), the multi-selection, and bulk
 * actions with undo.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { LibraryItem } from '../../../shared/types';
import { api } from './api';
import { messageOf } from './errors';
import { filterFor, parseQuery, type ListQuery } from './list-query';
import { messages } from './messages.svelte';
import { hashFor } from './router.svelte';

export { isFiltered, naturalOrder, type ListQuery, type Show } from './list-query';
export { LIBRARY_ROW_REM } from './virtual-rows';

const QUERY_KEY = 'gloss.libraryQuery';

/** Rows per request; the list asks for the pages its visible rows fall in. */
export const PAGE_SIZE = 100;
/** Pages kept loaded on each side of the visible ones. */
const KEEP_PAGES = 3;
/** The most rows one Shift+click selects (each needs its page loaded). */
export const MAX_RANGE_ROWS = 5_000;

function loadQuery(): ListQuery {
  try {
    return parseQuery(localStorage.getItem(QUERY_KEY));
  } catch {
    return parseQuery(null);
  }
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;
}

/** What a finished bulk action says (in the app's message), with its undo when it has one. */
interface BulkNotice {
  text: string;
  undo?: () => Promise<void>;
}

/** Bulk actions happen in the library: their message (and its Undo) goes when the view does. */
const LIBRARY_SCOPE = hashFor({ name: 'library' });

class LibraryList {
  query = $state<ListQuery>(loadQuery());
  /** Rows matching the query. */
  total = $state(0);
  /** Articles in the whole library, whatever the query ("21 of 25"; 0: the first-run state). */
  libraryTotal = $state(0);
  /** Fetched pages by page number; replaced as a whole so the view sees each change. */
  pages = $state.raw<Readonly<Record<number, LibraryItem[]>>>({});
  loaded = $state(false);
  loadError = $state<string | null>(null);
  /** Bumped each time a reload lands, so the view measures again what it shows. */
  version = $state(0);

  readonly selected = new SvelteSet<string>();
  /** The article last (de)selected by a click, for Shift+click ranges (an id: rows move). */
  anchorId: string | null = null;
  busy = $state(false);

  /** Rows the view shows (first..last inclusive), to reload the right pages. */
  #wanted: [number, number] = [0, PAGE_SIZE - 1];
  /** Bumped on every reload: answers for an older query or state are dropped. */
  #generation = 0;
  #inflight = new Map<number, Promise<void>>();
  /** True while a reload is on its way: pages for the old query must not mix in. */
  #reloading = false;

  itemAt(index: number): LibraryItem | undefined {
    return this.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
  }

  /** Index of a loaded article, or -1. */
  indexOf(id: string): number {
    for (const [page, items] of Object.entries(this.pages)) {
      const i = items.findIndex((item) => item.id === id);
      if (i >= 0) return Number(page) * PAGE_SIZE + i;
    }
    return -1;
  }

  /** Changes the query and reloads from the top. */
  setQuery(change: Partial<ListQuery>): void {
    this.query = { ...this.query, ...change };
    try {
      localStorage.setItem(QUERY_KEY, JSON.stringify(this.query));
    } catch {
      // Not fatal: the query is just not remembered.
    }
    this.selected.clear();
    this.anchorId = null;
    this.#wanted = [0, PAGE_SIZE - 1];
    void this.reload();
  }

  addTagFilter(tag: string): void {
    if (this.query.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return;
    this.setQuery({ tags: [...this.query.tags, tag] });
  }

  clearFilters(): void {
    this.setQuery({ state: 'any', show: 'library', favorite: false, tags: [] });
  }

  /**
   * Fetches again the pages the view shows (after an import, a delete, a
   * change of query). Old rows stay on screen until the new ones arrive.
   */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.#inflight.clear();
    this.#reloading = true;
    const first = Math.floor(this.#wanted[0] / PAGE_SIZE);
    const last = Math.floor(this.#wanted[1] / PAGE_SIZE);
    try {
      const answers = await Promise.all(
        Array.from({ length: last - first + 1 }, (_, k) => this.#fetch(first + k)),
      );
      if (generation !== this.#generation) return;
      const pages: Record<number, LibraryItem[]> = {};
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

  /**
   * Makes sure the pages for rows first..last are loaded (called as the view
   * scrolls); resolves when they are. Pages far from them are let go, so
   * scrolling through 50,000 rows keeps a few hundred in memory.
   */
  ensure(first: number, last: number): Promise<void> {
    this.#wanted = [Math.max(0, first), Math.max(0, last)];
    // A reload on its way fetches the wanted rows itself (and bumps version).
    if (!this.loaded || this.#reloading) return Promise.resolve();
    return this.#load(first, last);
  }

  /** Fetches the missing pages for rows first..last (without changing what the view wants). */
  #load(first: number, last: number): Promise<void> {
    const end = Math.min(last, this.total - 1);
    const waits: Promise<void>[] = [];
    for (let page = Math.floor(Math.max(0, first) / PAGE_SIZE); page * PAGE_SIZE <= end; page++) {
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
          if (answer.total !== this.total) {
            // The library changed between pages (an import, another window):
            // rows would repeat or go missing, so fetch what is shown afresh.
            void this.reload();
            return;
          }
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

  /** The loaded pages near what the view shows (a few pages either way); the rest are dropped. */
  #keptPages(): Record<number, LibraryItem[]> {
    const from = Math.floor(this.#wanted[0] / PAGE_SIZE) - KEEP_PAGES;
    const to = Math.floor(this.#wanted[1] / PAGE_SIZE) + KEEP_PAGES;
    const kept: Record<number, LibraryItem[]> = {};
    for (const [key, items] of Object.entries(this.pages)) {
      const page = Number(key);
      if (page >= from && page <= to) kept[page] = items;
    }
    return kept;
  }

  #fetch(page: number) {
    return api.listArticlesPage({
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
      sort: this.query.sort,
      order: this.query.order,
      filter: filterFor(this.query),
    });
  }

  /** Updates one loaded row in place (e.g. after toggling favourite). */
  patch(id: string, change: Partial<LibraryItem>): void {
    const index = this.indexOf(id);
    if (index < 0) return;
    const page = Math.floor(index / PAGE_SIZE);
    const items = [...(this.pages[page] ?? [])];
    const item = items[index % PAGE_SIZE];
    if (!item) return;
    items[index % PAGE_SIZE] = { ...item, ...change };
    this.pages = { ...this.pages, [page]: items };
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
      messages.error(`Shift+click selects at most ${MAX_RANGE_ROWS.toLocaleString()} articles at once.`, {
        scope: LIBRARY_SCOPE,
      });
      return;
    }
    // Every row of the range must be known before it is (de)selected.
    await this.#load(from, to);
    for (let i = from; i <= to; i++) {
      const id = this.itemAt(i)?.id;
      if (!id) continue;
      if (on) this.selected.add(id);
      else this.selected.delete(id);
    }
  }

  clearSelection(): void {
    this.selected.clear();
    this.anchorId = null;
  }

  // --- bulk actions ----------------------------------------------------------

  /**
   * Runs a bulk action and says what it did (with Undo when it can be
   * undone). Answers null, or the error's message: in the app's message line,
   * or only to the caller with `quiet` (a dialog that shows it itself).
   */
  async #bulk(run: () => Promise<BulkNotice>, quiet = false): Promise<string | null> {
    if (this.busy) return 'Another change to the selection is under way.';
    this.busy = true;
    try {
      const { text, undo } = await run();
      messages.success(text, { scope: LIBRARY_SCOPE, undo: undo && { run: () => this.#afterUndo(undo) } });
      this.clearSelection();
      return null;
    } catch (error) {
      const message = messageOf(error);
      if (!quiet) messages.error(message, { scope: LIBRARY_SCOPE });
      return message;
    } finally {
      this.busy = false;
      await this.reload();
    }
  }

  /** An undo, then the list as it now is (also when the undo failed). */
  async #afterUndo(undo: () => Promise<void>): Promise<void> {
    try {
      await undo();
    } finally {
      await this.reload();
    }
  }

  /** Archives (or unarchives) the selected articles; undo puts them back. Answers an error message or null. */
  archiveSelected(archived: boolean): Promise<string | null> {
    const ids = [...this.selected];
    // Undo puts back only what this changed (showing "All", some may already be archived).
    const changed = ids.filter((id) => {
      const index = this.indexOf(id);
      return index < 0 || this.itemAt(index)?.archived !== archived;
    });
    return this.#bulk(async () => {
      await api.setArchived({ ids, archived });
      return {
        text: `${archived ? 'Archived' : 'Moved back to the library:'} ${plural(ids.length, 'article')}.`,
        undo: async () => {
          if (changed.length > 0) await api.setArchived({ ids: changed, archived: !archived });
        },
      };
    });
  }

  /** Deletes the selected articles (all or nothing); undo restores them while the app is open. */
  deleteSelected(): Promise<string | null> {
    const ids = [...this.selected];
    return this.#bulk(async () => {
      const { deleted, undoToken } = await api.deleteArticles({ ids });
      return {
        text: `Deleted ${plural(deleted.length, 'article')}.`,
        undo: async () => {
          await api.undoDeleteArticles({ undoToken });
        },
      };
    });
  }

  /** Adds tags to the selected articles; an error is only answered (the Tag dialog shows it). */
  tagSelected(tags: string[]): Promise<string | null> {
    const ids = [...this.selected];
    return this.#bulk(async () => {
      await api.tagArticles({ ids, tags });
      const names = tags.map((t) => `“${t}”`).join(', ');
      return { text: `Tagged ${plural(ids.length, 'article')} ${names}.` };
    }, true);
  }
}

export const libraryList = new LibraryList();
