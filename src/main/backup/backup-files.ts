/**
 * The library's backups/ folder: how backups are named, listed and pruned.
 *
 * Names sort by time: `2026-11-25T130405.123Z-daily.sqlite` (UTC, then the
 * reason). Files with other names are listed as 'other' and never pruned.
 *
 * Retention (pruneBackups):
 * - daily: the newest of each of the 7 most recent UTC days that have one,
 *   plus the newest of each of the 4 most recent ISO weeks that have one
 *   (UTC); the rest are deleted;
 * - manual (Back up now): the 5 newest, apart from the daily ones, so that
 *   backing up by hand never pushes out the state of the morning;
 * - pre-migration: the 3 newest are kept (an upgrade is rare, and each is
 *   the only copy of the library at its older schema);
 * - before-restore: never deleted (it is the library a restore replaced).
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_REASONS, type BackupInfo, type BackupReason } from '../../shared/types';

export const BACKUPS_FOLDER = 'backups';
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
export const KEEP_MANUAL = 5;
export const KEEP_PRE_MIGRATION = 3;

const NAME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-([a-z-]+)\.sqlite$/;

export function backupsDir(libraryDir: string): string {
  return join(libraryDir, BACKUPS_FOLDER);
}

/** 2026-11-25T130405.123Z-daily.sqlite */
export function backupFileName(date: Date, reason: BackupReason): string {
  const iso = date.toISOString(); // 2026-11-25T13:04:05.123Z
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}Z-${reason}.sqlite`;
}

/** A path in backups/ for a new backup taken at `date`, unused so far (a later millisecond if needed). */
export function newBackupPath(libraryDir: string, reason: BackupReason, date: Date): string {
  let time = date.getTime();
  for (;;) {
    const file = join(backupsDir(libraryDir), backupFileName(new Date(time), reason));
    if (!existsSync(file)) return file;
    time++;
  }
}

export function parseBackupName(name: string): { date: Date; reason: BackupReason } | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const reason = m[8] as BackupReason;
  if (!BACKUP_REASONS.includes(reason)) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : { date, reason };
}

/** What a backup file is, or undefined for something that is not one. */
export function backupInfo(file: string, name: string): BackupInfo | undefined {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  const parsed = parseBackupName(name);
  return {
    name,
    file,
    date: (parsed?.date ?? stat.mtime).toISOString(),
    reason: parsed?.reason ?? 'other',
    bytes: stat.size,
  };
}

/** The backups of a library, newest first. Only .sqlite files; temporary and hidden files are skipped. */
export function listBackups(libraryDir: string): BackupInfo[] {
  const dir = backupsDir(libraryDir);
  if (!existsSync(dir)) return [];
  const items: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || !name.endsWith('.sqlite')) continue;
    const info = backupInfo(join(dir, name), name);
    if (info) items.push(info);
  }
  return items.sort((a, b) => (a.date === b.date ? b.name.localeCompare(a.name) : b.date.localeCompare(a.date)));
}

/** 2026-W48 for the ISO week of a date (UTC). */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides its year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The backups the retention rule (top of this file) deletes; `backups` newest first. */
export function backupsToPrune(backups: readonly BackupInfo[]): BackupInfo[] {
  const keep = new Set<BackupInfo>();
  const newestOf = (items: readonly BackupInfo[], key: (b: BackupInfo) => string, count: number): void => {
    const seen = new Set<string>();
    for (const b of items) {
      const k = key(b);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(b);
    }
  };
  const daily = backups.filter((b) => b.reason === 'daily');
  newestOf(daily, (b) => b.date.slice(0, 10), KEEP_DAILY);
  newestOf(daily, (b) => isoWeek(new Date(b.date)), KEEP_WEEKLY);
  const manual = backups.filter((b) => b.reason === 'manual');
  newestOf(manual, (b) => b.name, KEEP_MANUAL);
  const preMigration = backups.filter((b) => b.reason === 'pre-migration');
  newestOf(preMigration, (b) => b.name, KEEP_PRE_MIGRATION);
  return [...daily, ...manual, ...preMigration].filter((b) => !keep.has(b));
}

/** Deletes what the retention rule does not keep; answers what it deleted. */
export function pruneBackups(libraryDir: string): BackupInfo[] {
  const doomed = backupsToPrune(listBackups(libraryDir));
  for (const b of doomed) rmSync(b.file, { force: true });
  return doomed;
}
