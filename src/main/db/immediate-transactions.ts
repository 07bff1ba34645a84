/**
 * Transactions on a library take the write lock when they begin
 * (BEGIN IMMEDIATE), so a second writer (the app and the CLI on one
 * library) waits for it instead of failing.
 *
 * Why: in WAL mode a deferred transaction that reads first and writes
 * later (a highlight checks its article's text, then inserts) cannot wait
 * for the lock. If another connection committed in between, its snapshot
 * is stale and SQLite answers SQLITE_BUSY at once, whatever busy_timeout
 * says. BEGIN IMMEDIATE waits (busy_timeout) for the lock up front, then
 * reads current data.
 *
 * Installed once by openDatabase, so every store, the Library and the
 * backups get it: `db.transaction(fn)()` begins IMMEDIATE. A transaction
 * that only reads says `.deferred()`: reading a snapshot never waits for a
 * writer.
 */
import type { Database } from 'better-sqlite3';

export function useImmediateTransactions(db: Database): void {
  if (db.readonly) return; // nothing to lock: every transaction only reads
  const transaction = db.transaction.bind(db);
  // The immediate variant carries .deferred/.immediate/.exclusive like the default one.
  db.transaction = ((fn) => transaction(fn).immediate) as Database['transaction'];
}
