/**
 * What makes a file a Gloss library, and the one place where a failure to
 * open one becomes a line for the user.
 *
 * A Gloss library is an SQLite database whose PRAGMA user_version is 1 or
 * more (the number of the last migration applied) and which has the
 * `articles` and `article_bodies` tables of migration 1. An SQLite file
 * with no tables and user_version 0 is a new, empty library. Anything else
 * (another app's database, random bytes) is not a Gloss library.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { GlossError, userErrorOf } from '../../shared/errors';

const CORE_TABLES = ['articles', 'article_bodies'];

/** Refuses a database that is neither empty nor a Gloss library. Reads the whole schema. */
export function assertGlossLibrary(db: Database, file: string): void {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  const version = db.pragma('user_version', { simple: true }) as number;
  if (tables.length === 0 && version === 0) return;
  if (version >= 1 && CORE_TABLES.every((t) => tables.includes(t))) return;
  throw new GlossError('not_a_library', `${file} is not a Gloss library (it is an SQLite database of another kind).`);
}

/**
 * Refuses a library folder that cannot be one: a file where the folder
 * should be, or a path under a file. A missing folder is fine when `create`.
 */
export function checkLibraryFolder(folder: string, create: boolean): void {
  if (existsSync(folder)) {
    if (!statSync(folder).isDirectory()) {
      throw new GlossError(
        'library_unavailable',
        `Cannot open the library: ${folder} is a file. The library is a folder (it holds gloss.sqlite).`,
      );
    }
    return;
  }
  // The nearest existing ancestor decides whether the folder can be made.
  let parent = dirname(folder);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  if (existsSync(parent) && !statSync(parent).isDirectory()) {
    throw new GlossError('library_unavailable', `Cannot create the library folder ${folder}: ${parent} is a file.`);
  }
  if (!create) throw new GlossError('not_found', `No library at ${folder}.`);
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    throw new GlossError(
      'library_unavailable',
      `Cannot create the library folder ${folder}: the folder ${parent} is not writable.`,
    );
  }
}

export function readOnlyFile(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

function codeOf(err: unknown): string {
  return err !== null && typeof err === 'object' && 'code' in err ? String(err.code) : '';
}

/** True for SQLite's "database disk image is malformed" family. */
export function isCorruption(err: unknown): boolean {
  return codeOf(err).startsWith('SQLITE_CORRUPT');
}

/**
 * An error met while opening or using the library file `file`, as the
 * user should read it; an error with no such meaning is answered unchanged.
 */
export function openErrorOf(err: unknown, file: string): unknown {
  const known = userErrorOf(err);
  if (known) return known;
  const code = codeOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB') {
    return new GlossError('not_a_library', `${file} is not a Gloss library (it is not an SQLite database).`);
  }
  if (isCorruption(err)) {
    return new GlossError('library_corrupt', `The library file ${file} is damaged (${detail}).`);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new GlossError('library_unavailable', `Cannot write to the library ${file}: ${detail}.`);
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR')) {
    return new GlossError('library_unavailable', `Cannot open the library ${file}: ${detail}.`);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new GlossError('library_unavailable', `Cannot open the library ${file}: permission denied.`);
  }
  return err;
}
