/**
 * Tags in use on highlights (listHighlightTags), for completion where
 * highlights are tagged; the newest answer wins.
 */
import type { TagInfo } from '../../../shared/types';
import { api } from './api';

class HighlightTagList {
  items = $state<TagInfo[]>([]);
  readonly names: string[] = $derived(this.items.map((t) => t.name));
  #generation = 0;

  /** Fetches the list again; a failure keeps the last one (completion only). */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const items = await api.listHighlightTags({});
      if (generation === this.#generation) this.items = items;
    } catch {
      // Completion is a convenience: the field works without it.
    }
  }
}

export const highlightTagList = new HighlightTagList();
