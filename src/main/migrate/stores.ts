/**
 * What the migrate module writes through: the library's connection and
 * stores (a Library has them all; named here so this module does not
 * depend on library.ts, which depends on it).
 */
import type { Database } from 'better-sqlite3';
import type { ArticleStore } from '../db/articles';
import type { HighlightStore } from '../db/highlights';
import type { TagStore } from '../db/tags';

export interface LibraryStores {
  readonly db: Database;
  readonly articles: ArticleStore;
  readonly highlights: HighlightStore;
  readonly tags: TagStore;
}
