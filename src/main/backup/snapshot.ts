/**
 * A consistent snapshot of a live library file, taken with SQLite's online
 * backup API (better-sqlite3's `db.backup`) while the app keeps reading and
 * writing. The copy goes to a temporary name in the target folder, is
 * checked (it opens, has the Gloss schema, `PRAGMA integrity_check` = ok),
 * is switched to a self-contained single file (journal_mode DELETE), and
 * only then renamed over the target, so a failed backup never leaves a
 * half-written file where a good one was.
 *
 * Writes through the same connection as the backup are folded into the copy
 * by SQLite as they happen; a write by another connection (another process,
 * the CLI) makes SQLite restart the copy. After a few restarts the rest is
 * copied in one step, which holds only a read snapshot (WAL: writers go on),
 * so a busy library still gets its backup.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { GlossError, userErrorOf } from '../../shared/errors';
import { isCorruption } from '../db/library-check';

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface BackupOptions {
  /** Pages copied per step between event-loop turns (default 1000, about 4 MB). */
  pagesPerStep?: number;
  /** Restarts (caused by other connections' writes) before copying the rest in one step (default 3). */
  maxRestarts?: number;
}

export interface BackupResult {
  /** Absolute path of the backup file. */
  file: string;
  /** Its size in bytes. */
  bytes: number;
}

const ALL_PAGES = 0x7fffffff;

/** The path with symlinked folders resolved, for comparing against the live file. */
function canonicalPath(path: string): string {
  const abs = resolve(path);
  try {
    return join(realpathSync(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function removeQuietly(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/**
 * Backs up the library open as `db` to `file` (created or replaced).
 * Refuses (invalid_argument) to write over the live library file or its
 * -wal/-shm/-journal companions, to a folder that does not exist, or to a
 * path that is a folder. `onProgress` is called after each step.
 */
export async function backupDatabase(
  db: Database,
  file: string,
  onProgress?: (progress: BackupProgress) => void,
  options: BackupOptions = {},
): Promise<BackupResult> {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new GlossError('invalid_argument', 'The backup needs a file name.');
  }
  const target = canonicalPath(file);
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new GlossError('invalid_argument', `Cannot back up to ${target}: the folder ${dir} does not exist.`);
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new GlossError('invalid_argument', `Cannot back up to ${target}: it is a folder. Give a file name.`);
  }
  if (!db.memory && db.name) {
    const live = canonicalPath(db.name);
    const companions = ['', '-wal', '-shm', '-journal'].map((s) => live + s);
    if (companions.includes(target) || sameFile(target, live)) {
      throw new GlossError(
        'invalid_argument',
        `Cannot back up to ${target}: that is the library itself. Choose another file name.`,
      );
    }
  }

  const pagesPerStep = Math.max(1, Math.trunc(options.pagesPerStep ?? 1000));
  const maxRestarts = Math.max(0, Math.trunc(options.maxRestarts ?? 3));
  const temp = join(dir, `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  removeQuietly(temp);
  try {
    let previous = Number.POSITIVE_INFINITY;
    let total = 0;
    let restarts = 0;
    await db.backup(temp, {
      progress: (p: BackupProgress): number => {
        if (p.remainingPages > previous) restarts++;
        previous = p.remainingPages;
        total = p.totalPages;
        onProgress?.({ totalPages: p.totalPages, remainingPages: p.remainingPages });
        return restarts > maxRestarts ? ALL_PAGES : pagesPerStep;
      },
    });
    onProgress?.({ totalPages: total, remainingPages: 0 });
    verifyBackup(db, temp);
    renameSync(temp, target);
  } catch (err) {
    removeQuietly(temp);
    if (err instanceof GlossError) throw err;
    const known = userErrorOf(err);
    if (known) throw known;
    if (isCorruption(err)) {
      throw new GlossError('library_corrupt', `The library is damaged and cannot be backed up (${(err as Error).message}).`);
    }
    throw new GlossError('internal', `The backup to ${target} failed: ${(err as Error).message}`);
  }
  return { file: target, bytes: statSync(target).size };
}

/**
 * Opens the copy (attached to the source connection, so no second native
 * binding is needed in Electron), checks it and makes it a single file.
 * A copy that fails the integrity check means the library itself is
 * damaged (library_corrupt).
 */
export function verifyBackup(db: Database, file: string): void {
  const alias = `gloss_backup_check_${randomBytes(4).toString('hex')}`;
  db.prepare(`ATTACH DATABASE ? AS ${alias}`).run(file);
  try {
    db.pragma(`${alias}.journal_mode = DELETE`);
    const result = db.pragma(`${alias}.integrity_check`, { simple: true });
    if (result !== 'ok') {
      throw new GlossError('library_corrupt', `The library is damaged: its copy failed the integrity check (${String(result)}).`);
    }
    const tables = db
      .prepare(`SELECT count(*) AS n FROM ${alias}.sqlite_schema WHERE type = 'table' AND name = 'articles'`)
      .get() as { n: number };
    const sourceVersion = db.pragma('main.user_version', { simple: true });
    const copyVersion = db.pragma(`${alias}.user_version`, { simple: true });
    if (tables.n !== 1 || copyVersion !== sourceVersion) {
      throw new GlossError('internal', 'The backup copy does not hold the library schema.');
    }
  } finally {
    db.exec(`DETACH DATABASE ${alias}`);
  }
}
