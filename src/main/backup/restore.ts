/**
 * Restoring a backup as the library file, safely:
 * 1. the backup is copied beside the library (with its -wal, if any), and
 *    the copy is checked: PRAGMA integrity_check, a Gloss library, not newer
 *    than this Gloss; it is made a single file (journal_mode DELETE);
 * 2. the current library file is set aside into backups/ as
 *    `…-before-restore.sqlite` (never deleted). First its WAL is folded in
 *    by switching it to journal_mode DELETE, which SQLite allows only when no
 *    other connection has the file open: that is how another process holding
 *    the library (the app, `gloss serve`, a CLI import) is detected, and the
 *    restore is then refused (conflict). A file too damaged to switch is
 *    moved as it is, with its -wal/-shm/-journal companions beside it;
 * 3. the checked copy is renamed into place.
 * The caller must have closed its own connection (Library.restoreBackup does).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import type { RestoreResult } from '../../shared/types';
import { assertGlossLibrary, checkLibraryFolder, openErrorOf } from '../db/library-check';
import { LATEST_VERSION } from '../db/migrations';
import { DB_FILE_NAME } from '../db/open';
import type { Clock } from './auto-backup';
import { backupInfo, backupsDir, newBackupPath } from './backup-files';

export interface RestoreOptions {
  nativeBinding?: string;
  now?: Clock;
}

const COMPANIONS = ['-wal', '-shm', '-journal'];

function removeWithCompanions(file: string): void {
  for (const suffix of ['', ...COMPANIONS]) rmSync(file + suffix, { force: true });
}

function codeOf(err: unknown): string {
  return err !== null && typeof err === 'object' && 'code' in err ? String(err.code) : '';
}

/**
 * The file a `gloss restore` argument names: a backup's name in backups/
 * (with or without .sqlite), else a path to a file.
 */
export function resolveBackupSource(libraryDir: string, nameOrFile: string): string {
  const dir = backupsDir(libraryDir);
  for (const name of [nameOrFile, `${nameOrFile}.sqlite`]) {
    if (basename(name) === name && existsSync(join(dir, name))) return join(dir, name);
  }
  const file = isAbsolute(nameOrFile) ? nameOrFile : resolve(nameOrFile);
  if (!existsSync(file)) {
    throw new GlossError('not_found', `No backup named ${nameOrFile} (gloss backups lists them) and no such file.`);
  }
  if (!statSync(file).isFile()) throw new GlossError('invalid_argument', `${file} is a folder, not a backup file.`);
  return file;
}

/**
 * Checks an SQLite file as a library to restore (integrity, a Gloss library,
 * not newer than this Gloss), through `db` opened on it. Throws a GlossError
 * naming `label`.
 */
export function checkRestorable(db: Database, label: string): void {
  let result: unknown;
  try {
    result = db.pragma('integrity_check', { simple: true });
  } catch (err) {
    throw describeBadBackup(err, label);
  }
  if (result !== 'ok') {
    throw new GlossError('library_corrupt', `The backup ${label} is damaged (integrity check: ${String(result)}). Nothing was restored.`);
  }
  try {
    assertGlossLibrary(db, label);
  } catch (err) {
    throw describeBadBackup(err, label);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) throw new GlossError('not_a_library', `The backup ${label} is an empty database, not a library.`);
  if (version > LATEST_VERSION) {
    throw new GlossError(
      'library_too_new',
      `The backup ${label} was written by a newer version of Gloss (schema ${version}; this version knows up to ${LATEST_VERSION}).`,
    );
  }
}

function describeBadBackup(err: unknown, label: string): unknown {
  const known = openErrorOf(err, label);
  if (known instanceof GlossError && (known.code === 'library_corrupt' || known.code === 'not_a_library')) {
    return new GlossError(known.code, `${known.message.replace(/\.$/, '')}. Nothing was restored.`);
  }
  return known;
}

/** True when the file opens and passes checkRestorable (for "the newest good backup"). */
export function isGoodBackup(file: string, nativeBinding?: string): boolean {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    checkRestorable(db, file);
    return true;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Copies `source` beside the library and checks the copy; answers its path. */
function checkedCopy(libraryDir: string, source: string, label: string, nativeBinding?: string): string {
  const temp = join(libraryDir, `.restore-${randomBytes(4).toString('hex')}.sqlite`);
  removeWithCompanions(temp);
  try {
    copyFileSync(source, temp);
    // A library file copied while closed has no -wal; one that has, keeps its last commits.
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${temp}-wal`);
    const db = new BetterSqlite3(temp, nativeBinding ? { nativeBinding } : {});
    try {
      checkRestorable(db, label);
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    for (const suffix of COMPANIONS) rmSync(temp + suffix, { force: true });
    return temp;
  } catch (err) {
    removeWithCompanions(temp);
    throw err;
  }
}

/**
 * Folds the WAL of the library file into it and leaves it a single file,
 * refusing if another connection has it open. False if the file is too
 * damaged for SQLite to do so (it is then moved as it is).
 */
function quiesce(file: string, nativeBinding?: string): boolean {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true, timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw Object.assign(new Error('still in WAL mode'), { code: 'SQLITE_BUSY' });
    return true;
  } catch (err) {
    const code = codeOf(err);
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new GlossError(
        'conflict',
        'The library is open in another Gloss process (the app, gloss serve or a running command). Restore from Settings → Backups there, or close it and try again.',
      );
    }
    return false;
  } finally {
    db?.close();
  }
}

/**
 * Restores `source` (a path; see resolveBackupSource) as the library in
 * `libraryDir`; the library must not be open in this process.
 */
export function restoreLibraryFile(libraryDir: string, source: string, options: RestoreOptions = {}): RestoreResult {
  const dir = resolve(libraryDir);
  checkLibraryFolder(dir, true);
  mkdirSync(backupsDir(dir), { recursive: true });
  const live = join(dir, DB_FILE_NAME);
  const from = resolve(source);
  if (from === live) throw new GlossError('invalid_argument', 'That is the library itself: choose a backup to restore.');
  const restored = backupInfo(from, basename(from));
  if (!restored) throw new GlossError('not_found', `No backup file at ${from}.`);

  const temp = checkedCopy(dir, from, basename(from), options.nativeBinding);
  let aside: string | undefined;
  try {
    if (existsSync(live)) {
      quiesce(live, options.nativeBinding);
      aside = newBackupPath(dir, 'before-restore', (options.now ?? (() => new Date()))());
      // Companions left (a damaged file SQLite could not switch) travel with it.
      for (const suffix of COMPANIONS) if (existsSync(live + suffix)) renameSync(live + suffix, aside + suffix);
      renameSync(live, aside);
    }
    renameSync(temp, live);
  } catch (err) {
    removeWithCompanions(temp);
    if (aside && existsSync(aside) && !existsSync(live)) {
      renameSync(aside, live);
      for (const suffix of COMPANIONS) if (existsSync(aside + suffix)) renameSync(aside + suffix, live + suffix);
    }
    throw err;
  }
  // The backup itself stays where it was: restoring it again stays possible.
  return { restored, setAside: aside ? (backupInfo(aside, basename(aside)) ?? null) : null };
}
