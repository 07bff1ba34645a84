/**
 * Running a sync transaction that writes many entities (an apply, a
 * snapshot's bootstrap, a first publish) fast: first without a savepoint
 * per entity; should the library refuse one anyway (materialize.ts's
 * Refused), the whole transaction is rolled back and made again guarded,
 * entity by entity. The merged state's batch is forgotten either way (the
 * stored rows are the truth again). Temporary storage is in memory
 * meanwhile: SQLite keeps each statement's undo journal there, and on disk
 * those journals cost more system time than the writes themselves. The
 * highlight and note search index is written once at the end
 * (annotation-index.ts): row by row it was most of a highlight's cost.
 */
import type { Database } from 'better-sqlite3';
import { withAnnotationIndexDeferred } from '../search/annotation-index';
import { Refused } from './materialize';
import { mergerOf } from './merge';

/**
 * Page cache (KiB, as SQLite's negative cache_size) during a bulk transaction: with the default 2 MB, the
 * pages a large batch dirties are spilled to the WAL before the commit and read back.
 */
const BULK_CACHE_KIB = 64 * 1024;

/** Runs `fn` with SQLite's temporary storage in memory (outside a transaction: it cannot change inside one) and a larger page cache. */
export function withMemoryTemp<T>(db: Database, fn: () => T): T {
  const temp = db.pragma('temp_store', { simple: true }) as number;
  const change = temp !== 2 && !db.inTransaction;
  if (change) db.pragma('temp_store = MEMORY');
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const grow = cache !== -BULK_CACHE_KIB;
  if (grow) db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  try {
    return fn();
  } finally {
    if (change) db.pragma(`temp_store = ${temp}`);
    if (grow) db.pragma(`cache_size = ${cache}`);
  }
}

export function bulkTransaction<T>(db: Database, write: (guarded: boolean) => T): T {
  const merger = mergerOf(db);
  return withMemoryTemp(db, () => {
    try {
      try {
        return db.transaction(() => withAnnotationIndexDeferred(db, () => write(false)))();
      } catch (err) {
        if (!(err instanceof Refused)) throw err;
        merger.end();
        return db.transaction(() => withAnnotationIndexDeferred(db, () => write(true)))();
      }
    } finally {
      merger.end();
    }
  });
}
