/**
 * Opens (creating if needed) the SQLite file of one library.
 * Plain Node: used by the CLI, the browser host, tests and the Electron main
 * process alike; Electron passes its own native binding (see
 * scripts/electron-sqlite.mjs), Node uses the default build.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate } from './migrations';

export const DB_FILE_NAME = 'gloss.sqlite';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime's ABI. */
  nativeBinding?: string;
  readonly?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const db = new BetterSqlite3(file, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    // WAL lets the app and the CLI use one library at once; the busy
    // timeout makes a writer wait for the other instead of failing.
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!options.readonly) migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Opens the library stored in folder `dir`, creating the folder if needed. */
export function openLibraryDatabase(dir: string, options: OpenOptions = {}): Database {
  mkdirSync(dir, { recursive: true });
  return openDatabase(join(dir, DB_FILE_NAME), options);
}
