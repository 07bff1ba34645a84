/**
 * Opens (creating if needed) the SQLite file of one library.
 * Plain Node: used by the CLI, the browser host, tests and the Electron main
 * process alike; Electron passes its own native binding (see
 * scripts/electron-sqlite.mjs), Node uses the default build.
 *
 * Every way a library can fail to open ends here as one GlossError with a
 * message for the user (see library-check.ts for what they say).
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import { assertGlossLibrary, checkLibraryFolder, openErrorOf, readOnlyFile } from './library-check';
import { useImmediateTransactions } from './immediate-transactions';
import { LATEST_VERSION, migrate, schemaVersion, type BeforeMigrate } from './migrations';

export const DB_FILE_NAME = 'gloss.sqlite';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime's ABI. */
  nativeBinding?: string;
  readonly?: boolean;
  /**
   * What the caller will do. 'write' (default) needs a writable file; 'read'
   * opens a read-only file read-only (a library that would need an upgrade
   * is then refused).
   */
  access?: 'read' | 'write';
  /**
   * false: a folder without a library is refused (not_found, "No library at
   * DIR") instead of getting a new empty library. Default true.
   */
  create?: boolean;
  /** Called before pending migrations run on an existing (non-empty) library: a backup hook. */
  beforeMigrate?: BeforeMigrate;
}

export function openDatabase(file: string, options: OpenOptions = {}): Database {
  let db: Database;
  try {
    db = new BetterSqlite3(file, {
      readonly: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw openErrorOf(err, file);
  }
  try {
    // WAL lets the app and the CLI use one library at once; the busy
    // timeout makes a writer wait for the other instead of failing.
    db.pragma('busy_timeout = 5000');
    useImmediateTransactions(db);
    // Reading the schema first turns "not a database" and a damaged header
    // or schema into one clear error before anything is written.
    assertGlossLibrary(db, file);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!options.readonly) migrate(db, undefined, options.beforeMigrate);
    else if (schemaVersion(db) < LATEST_VERSION) {
      throw new GlossError(
        'library_unavailable',
        `The library file ${file} is read-only and was made by an older Gloss: it must be upgraded, which needs write permission.`,
      );
    }
    return db;
  } catch (err) {
    db.close();
    throw openErrorOf(err, file);
  }
}

/**
 * Opens the library stored in folder `dir`, creating the folder if needed
 * (unless options.create is false). A file where the folder should be, a
 * folder that cannot be written, a read-only file for a write, a file that
 * is not a Gloss library or is damaged: each is refused with one line.
 */
export function openLibraryDatabase(dir: string, options: OpenOptions = {}): Database {
  const folder = resolve(dir);
  const create = options.create ?? true;
  checkLibraryFolder(folder, create);
  const file = join(folder, DB_FILE_NAME);
  if (!existsSync(file)) {
    if (!create) throw new GlossError('not_found', `No library at ${folder}.`);
    if (!existsSync(folder)) mkdirSync(folder, { recursive: true });
  } else if (statSync(file).isDirectory()) {
    throw new GlossError('library_unavailable', `Cannot open the library: ${file} is a folder, not a file.`);
  }
  // SQLite writes its -wal and -shm files beside the library, even to read it.
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new GlossError('library_unavailable', `Cannot open the library: the folder ${folder} is not writable.`);
  }
  let readonly = options.readonly ?? false;
  if (!readonly && existsSync(file) && readOnlyFile(file)) {
    if ((options.access ?? 'write') === 'write') {
      throw new GlossError(
        'library_unavailable',
        `The library file ${file} is read-only: Gloss cannot save changes to it (check its permissions).`,
      );
    }
    readonly = true;
  }
  return openDatabase(file, { ...options, readonly });
}
