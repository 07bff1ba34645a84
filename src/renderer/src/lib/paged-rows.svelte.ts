/**
 * Rows of a virtualized list fetched a page at a time (the library, the
 * Highlights view): pages fetched on demand as the view scrolls, requests in
 * flight shared, a fresh reload when the total changes between pages, answers
 * for an older query dropped, and pages far from view let go, so a list of
 * 50,000 rows keeps a few hundred in memory.
 */
import { messageOf } from './errors';

/** One page as the API answers it. */
export interface RowsPage<T> {
  items: T[];
  /** Rows matching the query. */
  total: number;
  /** Rows in the whole collection, whatever the query ("21 of 25"). */
  libraryTotal: number;
}

/** Rows per request; the list asks for the pages its visible rows fall in. */
export const PAGE_SIZE = 100;
/** Pages kept loaded on each side of the visible ones. */
export const KEEP_PAGES = 3;

export abstract class PagedRows<T extends { id: string }> {
  /** Rows matching the query. */
  total = $state(0);
  /** Rows in the whole collection, whatever the query (0: nothing there at all). */
  libraryTotal = $state(0);
  /** Fetched pages by page number; replaced as a whole so the view sees each change. */
  pages = $state.raw<Readonly<Record<number, T[]>>>({});
  loaded = $state(false);
  loadError = $state<string | null>(null);
  /** Bumped each time a reload lands, so the view measures again what it shows. */
  version = $state(0);

  /** Rows the view shows (first..last inclusive), to reload the right pages. */
  #wanted: [number, number] = [0, PAGE_SIZE - 1];
  /** Bumped on every reload: answers for an older query or state are dropped. */
  #generation = 0;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- requests under way, not state the view shows
  #inflight = new Map<number, Promise<void>>();
  /** True while a reload is on its way: pages for the old query must not mix in. */
  #reloading = false;

  /** Fetches rows offset..offset+limit-1 of the current query. */
  protected abstract fetchPage(offset: number, limit: number): Promise<RowsPage<T>>;

  itemAt(index: number): T | undefined {
    return this.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
  }

  /** Index of a loaded row, or -1. */
  indexOf(id: string): number {
    for (const [page, items] of Object.entries(this.pages)) {
      const i = items.findIndex((item) => item.id === id);
      if (i >= 0) return Number(page) * PAGE_SIZE + i;
    }
    return -1;
  }

  /** Reloads from the first page (a new query starts from the top). */
  protected reloadFromTop(): void {
    this.#wanted = [0, PAGE_SIZE - 1];
    void this.reload();
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
      const answers = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => this.#fetch(first + k)));
      if (generation !== this.#generation) return;
      const pages: Record<number, T[]> = {};
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
   * scrolls); resolves when they are. Pages far from them are let go.
   */
  ensure(first: number, last: number): Promise<void> {
    this.#wanted = [Math.max(0, first), Math.max(0, last)];
    // A reload on its way fetches the wanted rows itself (and bumps version).
    if (!this.loaded || this.#reloading) return Promise.resolve();
    return this.load(first, last);
  }

  /** Fetches the missing pages for rows first..last (without changing what the view wants). */
  protected load(first: number, last: number): Promise<void> {
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
            // The rows changed between pages (an import, the reader, another
            // window): rows would repeat or go missing, so fetch what is shown afresh.
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
  #keptPages(): Record<number, T[]> {
    const from = Math.floor(this.#wanted[0] / PAGE_SIZE) - KEEP_PAGES;
    const to = Math.floor(this.#wanted[1] / PAGE_SIZE) + KEEP_PAGES;
    const kept: Record<number, T[]> = {};
    for (const [key, items] of Object.entries(this.pages)) {
      const page = Number(key);
      if (page >= from && page <= to) kept[page] = items;
    }
    return kept;
  }

  #fetch(page: number): Promise<RowsPage<T>> {
    return this.fetchPage(page * PAGE_SIZE, PAGE_SIZE);
  }

  /** Updates one loaded row in place (e.g. after toggling favourite). */
  patch(id: string, change: Partial<T>): void {
    const index = this.indexOf(id);
    if (index < 0) return;
    const page = Math.floor(index / PAGE_SIZE);
    const items = [...(this.pages[page] ?? [])];
    const item = items[index % PAGE_SIZE];
    if (!item) return;
    items[index % PAGE_SIZE] = { ...item, ...change };
    this.pages = { ...this.pages, [page]: items };
  }
}
