/**
 * The library's tags (listTags), shared by every view that offers them as
 * completions or filters: loaded once, refreshed after changes.
 */
import type { TagInfo } from '../../../shared/types';
import { api } from './api';
import { messageOf } from './errors';

class TagList {
  /** Tags in use with their article counts, by name (case-insensitive). */
  items = $state<TagInfo[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  readonly names: string[] = $derived(this.items.map((t) => t.name));

  #request: Promise<void> | null = null;
  #generation = 0;

  /** Loads the list unless it is already there (or on its way). */
  load(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    return this.#request ?? this.refresh();
  }

  /** Fetches the list again (after tags changed); the newest answer wins. */
  refresh(): Promise<void> {
    const generation = ++this.#generation;
    const request = api
      .listTags({})
      .then((items) => {
        if (generation !== this.#generation) return;
        this.items = items;
        this.loaded = true;
        this.error = null;
      })
      .catch((err: unknown) => {
        if (generation === this.#generation) this.error = messageOf(err);
      })
      .finally(() => {
        if (this.#request === request) this.#request = null;
      });
    this.#request = request;
    return request;
  }
}

export const tagList = new TagList();
