/**
 * The library list as the user sees it: the query (sort, order, filters),
 * pages fetched from SQLite on demand (the list is virtualized, so a library
 * of 50,000 articles never loads every row; paged-rows.svelte.ts), the
 * multi-selection, and bulk actions with undo.
 */
import type { LibraryItem } from '../../../shared/types';
import { api } from './api';
import { filterFor, parseQuery, type ListQuery } from './list-query';
import { hashFor } from './router.svelte';
import { plural, SelectableRows } from './selectable-rows.svelte';

export { isFiltered, naturalOrder, type ListQuery, type Show } from './list-query';
export { LIBRARY_ROW_REM } from './virtual-rows';

const QUERY_KEY = 'gloss.libraryQuery';

function loadQuery(): ListQuery {
  try {
    return parseQuery(localStorage.getItem(QUERY_KEY));
  } catch {
    return parseQuery(null);
  }
}

/** Bulk actions happen in the library: their message (and its Undo) goes when the view does. */
const LIBRARY_SCOPE = hashFor({ name: 'library' });

class LibraryList extends SelectableRows<LibraryItem> {
  query = $state<ListQuery>(loadQuery());

  constructor() {
    super('articles', LIBRARY_SCOPE);
  }

  /** Changes the query and reloads from the top. */
  setQuery(change: Partial<ListQuery>): void {
    this.query = { ...this.query, ...change };
    try {
      localStorage.setItem(QUERY_KEY, JSON.stringify(this.query));
    } catch {
      // Not fatal: the query is just not remembered.
    }
    this.clearSelection();
    this.reloadFromTop();
  }

  addTagFilter(tag: string): void {
    if (this.query.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return;
    this.setQuery({ tags: [...this.query.tags, tag] });
  }

  clearFilters(): void {
    this.setQuery({ state: 'any', show: 'library', favorite: false, tags: [] });
  }

  protected fetchPage(offset: number, limit: number) {
    return api.listArticlesPage({
      offset,
      limit,
      sort: this.query.sort,
      order: this.query.order,
      filter: filterFor(this.query),
    });
  }

  // --- bulk actions ----------------------------------------------------------

  /** Archives (or unarchives) the selected articles; undo puts them back. Answers an error message or null. */
  archiveSelected(archived: boolean): Promise<string | null> {
    const ids = [...this.selected];
    // Undo puts back only what this changed (showing "All", some may already be archived).
    const changed = ids.filter((id) => {
      const index = this.indexOf(id);
      return index < 0 || this.itemAt(index)?.archived !== archived;
    });
    return this.bulk(async () => {
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
    return this.bulk(async () => {
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
    return this.bulk(async () => {
      await api.tagArticles({ ids, tags });
      const names = tags.map((t) => `“${t}”`).join(', ');
      return { text: `Tagged ${plural(ids.length, 'article')} ${names}.` };
    }, true);
  }
}

export const libraryList = new LibraryList();
