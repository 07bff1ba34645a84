/**
 * Running a sync transaction that writes many entities (an apply, a
 * snapshot's bootstrap, a first publish) fast: first without a savepoint
 * per entity; should the library refuse one anyway (materialize.ts's
 * Refused), the whole transaction is rolled back and made again guarded,
 * entity by entity. The merged state's batch is forgotten either way (the
 * stored rows are the truth again). Temporary storage is in memory
 * meanwhile: SQLite keeps each statement's undo journal there, and on disk
 * those journals cost more system time than the writes themselves.
 */
import type { Database } from 'better-sqlite3';
import { Refused } from './materialize';
import { mergerOf } from './merge';

/** Runs `fn` with SQLite's temporary storage in memory (outside a transaction: it cannot change inside one). */
export function withMemoryTemp<T>(db: Database, fn: () => T): T {
  const temp = db.pragma('temp_store', { simple: true }) as number;
  const change = temp !== 2 && !db.inTransaction;
  if (change) db.pragma('temp_store = MEMORY');
  try {
    return fn();
  } finally {
    if (change) db.pragma(`temp_store = ${temp}`);
  }
}

export function bulkTransaction<T>(db: Database, write: (guarded: boolean) => T): T {
  const merger = mergerOf(db);
  return withMemoryTemp(db, () => {
    try {
      try {
        return db.transaction(() => write(false))();
      } catch (err) {
        if (!(err instanceof Refused)) throw err;
        merger.end();
        return db.transaction(() => write(true))();
      }
    } finally {
      merger.end();
    }
  });
}
