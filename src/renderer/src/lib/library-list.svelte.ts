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

export { isFiltered, naturalOrder, type ListQuery, type Show } from './list-query';

const QUERY_KEY = 'gloss.libraryQuery';

/** Rows per request; the list asks for the pages its visible rows fall in. */
export const PAGE_SIZE = 100;

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

/** A finished bulk action, shown with an Undo button while it can be undone. */
export interface BulkNotice {
  text: string;
  undo?: () => Promise<void>;
}

class LibraryList {
  query = $state<ListQuery>(loadQuery());
  /** Rows matching the query. */
  total = $state(0);
  /** Fetched pages by page number; replaced as a whole so the view sees each change. */
  pages = $state.raw<Readonly<Record<number, LibraryItem[]>>>({});
  loaded = $state(false);
  loadError = $state<string | null>(null);

  readonly selected = new SvelteSet<string>();
  /** Index of the row last (de)selected by a click, for Shift+click ranges. */
  anchorIndex: number | null = null;
  notice = $state<BulkNotice | null>(null);
  bulkError = $state<string | null>(null);
  busy = $state(false);

  /** Rows the view shows (first..last inclusive), to reload the right pages. */
  #wanted: [number, number] = [0, PAGE_SIZE - 1];
  /** Bumped on every reload: answers for an older query or state are dropped. */
  #generation = 0;
  #inflight = new Map<number, Promise<void>>();

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
    this.anchorIndex = null;
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
      this.pages = pages;
      this.loaded = true;
      this.loadError = null;
      // Selected articles that are gone (deleted elsewhere) stay selected
      // only if still in the library; the server ignores unknown ids anyway.
    } catch (error) {
      if (generation !== this.#generation) return;
      this.loadError = messageOf(error);
    }
  }

  /**
   * Makes sure the pages for rows first..last are loaded (called as the view
   * scrolls); resolves when they are.
   */
  ensure(first: number, last: number): Promise<void> {
    this.#wanted = [Math.max(0, first), Math.max(0, last)];
    if (!this.loaded) return Promise.resolve();
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
          this.pages = { ...this.pages, [page]: answer.items };
          this.total = answer.total;
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
  toggleSelected(index: number, on: boolean, range: boolean): void {
    if (range && this.anchorIndex !== null) {
      const [from, to] = this.anchorIndex < index ? [this.anchorIndex, index] : [index, this.anchorIndex];
      for (let i = from; i <= to; i++) {
        const item = this.itemAt(i);
        if (!item) continue;
        if (on) this.selected.add(item.id);
        else this.selected.delete(item.id);
      }
    } else {
      const item = this.itemAt(index);
      if (!item) return;
      if (on) this.selected.add(item.id);
      else this.selected.delete(item.id);
    }
    this.anchorIndex = index;
  }

  clearSelection(): void {
    this.selected.clear();
    this.anchorIndex = null;
  }

  // --- bulk actions ----------------------------------------------------------

  async #bulk(run: () => Promise<BulkNotice>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.bulkError = null;
    try {
      this.notice = await run();
      this.clearSelection();
      return true;
    } catch (error) {
      this.bulkError = messageOf(error);
      return false;
    } finally {
      this.busy = false;
      await this.reload();
    }
  }

  /** Archives (or unarchives) the selected articles; undo puts them back. */
  archiveSelected(archived: boolean): Promise<boolean> {
    const ids = [...this.selected];
    return this.#bulk(async () => {
      await api.setArchived({ ids, archived });
      return {
        text: `${archived ? 'Archived' : 'Moved back to the library:'} ${plural(ids.length, 'article')}.`,
        undo: async () => {
          await api.setArchived({ ids, archived: !archived });
        },
      };
    });
  }

  /** Deletes the selected articles (all or nothing); undo restores them while the app is open. */
  deleteSelected(): Promise<boolean> {
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

  /** Adds tags to the selected articles. */
  tagSelected(tags: string[]): Promise<boolean> {
    const ids = [...this.selected];
    return this.#bulk(async () => {
      await api.tagArticles({ ids, tags });
      const names = tags.map((t) => `“${t}”`).join(', ');
      return { text: `Tagged ${plural(ids.length, 'article')} ${names}.` };
    });
  }

  /** Runs the notice's undo once. */
  async undo(): Promise<void> {
    const undo = this.notice?.undo;
    if (!undo || this.busy) return;
    this.busy = true;
    this.bulkError = null;
    try {
      await undo();
      this.notice = { text: 'Undone.' };
    } catch (error) {
      this.bulkError = `Could not undo: ${messageOf(error)}`;
    } finally {
      this.busy = false;
      await this.reload();
    }
  }

  dismissNotice(): void {
    this.notice = null;
    this.bulkError = null;
  }
}

export const libraryList = new LibraryList();
