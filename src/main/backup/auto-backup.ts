/**
 * Automatic backups into the library's backups/ folder:
 * - before a schema upgrade of an existing library (sync, at open:
 *   VACUUM INTO, a consistent copy made in one statement, before anything
 *   else uses the connection);
 * - the first write of each UTC day (daily), and Back up now (manual): the
 *   online backup of snapshot.ts, which lets writes go on meanwhile.
 * Each new backup is followed by pruning (backup-files.ts says what is kept).
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { GlossError, userErrorOf } from '../../shared/errors';
import type { BackupInfo, BackupReason } from '../../shared/types';
import { backupInfo, backupsDir, listBackups, newBackupPath, pruneBackups } from './backup-files';
import { backupDatabase, verifyBackup } from './snapshot';

/** After a failed daily backup, writes within this time do not try again. */
export const RETRY_AFTER_MS = 60_000;

export type Clock = () => Date;

function infoOf(file: string): BackupInfo {
  const info = backupInfo(file, basename(file));
  if (!info) throw new GlossError('internal', `The backup ${file} vanished as it was made.`);
  return info;
}

/**
 * A copy of the library as it is before its schema is upgraded from version
 * `from`. Throws (stopping the upgrade, the library untouched) if it cannot
 * be made: an upgrade is the one change that older Gloss versions cannot read.
 */
export function backupBeforeMigration(libraryDir: string, db: Database, now: Clock = () => new Date()): BackupInfo {
  const target = newBackupPath(libraryDir, 'pre-migration', now());
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    mkdirSync(backupsDir(libraryDir), { recursive: true });
    db.prepare('VACUUM INTO ?').run(temp);
    verifyBackup(db, temp);
    renameSync(temp, target);
  } catch (err) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written there (the folder could not be made).
    }
    const known = userErrorOf(err);
    const why = known ? known.message : (err as Error).message;
    throw new GlossError(
      known?.code === 'disk_full' ? 'disk_full' : 'internal',
      `Gloss must upgrade this library and backs it up first, but the backup failed: ${why} The library was not changed.`,
    );
  }
  pruneBackups(libraryDir);
  return infoOf(target);
}

/** Takes a backup of the open library now, into backups/, then prunes. */
export async function takeBackup(
  libraryDir: string,
  db: Database,
  reason: BackupReason,
  now: Clock = () => new Date(),
): Promise<BackupInfo> {
  mkdirSync(backupsDir(libraryDir), { recursive: true });
  const { file } = await backupDatabase(db, newBackupPath(libraryDir, reason, now()));
  pruneBackups(libraryDir);
  return infoOf(file);
}

/**
 * The daily backup, throttled so that writes stay cheap: the day of the last
 * check is kept in memory, so only the first write of a UTC day (per
 * process) looks at the backups folder, and a backup is taken only if no
 * daily backup of that day is there yet.
 */
export class DailyBackup {
  /** The end of the UTC day last checked (ms): until then, writes need no look at the folder. */
  private checkedUntil = 0;
  private running: Promise<BackupInfo | undefined> | undefined;

  constructor(
    private readonly libraryDir: string,
    private readonly db: () => Database,
    private readonly now: Clock = () => new Date(),
    /** A library with nothing in it is not worth a backup. */
    private readonly isEmpty: () => boolean = () => false,
  ) {}

  /**
   * Call before a write. Answers undefined at once when today is already
   * covered (the common case); otherwise the backup's promise (undefined
   * when none was needed).
   */
  beforeWrite(): Promise<BackupInfo | undefined> | undefined {
    if (this.running) return this.running;
    const now = this.now();
    if (now.getTime() < this.checkedUntil) return undefined;
    this.checkedUntil = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    const day = now.toISOString().slice(0, 10);
    const covered = listBackups(this.libraryDir).some((b) => b.reason === 'daily' && b.date.startsWith(day));
    if (covered || this.isEmpty()) return undefined;
    const running = takeBackup(this.libraryDir, this.db(), 'daily', this.now).catch((err: unknown) => {
      // Failed: a write a minute later may try again (not the next one: the
      // same command, or a burst of writes, would fail the same way again).
      this.checkedUntil = this.now().getTime() + RETRY_AFTER_MS;
      throw err;
    });
    this.running = running.finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Waits for a daily backup in progress (before closing the library). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}
