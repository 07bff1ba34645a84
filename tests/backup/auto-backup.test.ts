import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  backupFileName,
  backupsToPrune,
  isoWeek,
  listBackups,
  parseBackupName,
  pruneBackups,
} from '../../src/main/backup/backup-files';
import { DailyBackup, RETRY_AFTER_MS } from '../../src/main/backup/auto-backup';
import { DB_FILE_NAME } from '../../src/main/db/open';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../src/main/db/migrations';
import { Library } from '../../src/main/library';
import type { BackupInfo, BackupReason } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function addArticle(library: Library, title: string): string {
  const result = library.importFile({ fileName: `${title}.txt`, bytes: text(`${title}\n\nSome words about ${title}.\n`) }, 'new');
  if (result.status !== 'imported') throw new Error('not imported');
  return result.article.id;
}

/** A library at schema version `version` (older than this Gloss), with one article. */
function oldLibrary(dir: string, version: number): string {
  const file = join(dir, DB_FILE_NAME);
  const db = new BetterSqlite3(file);
  migrate(db, MIGRATIONS.filter((m) => m.version <= version));
  db.exec(`
    INSERT INTO articles (seq, id, format, title, added_at, updated_at)
      VALUES (1, 'old1aaaa', 'text', 'From long ago', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
    INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (1, '<p>Old text</p>', 'Old text', 'h');
  `);
  db.close();
  return file;
}

function schemaOf(file: string): { version: number; titles: string[] } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      titles: db.prepare('SELECT title FROM articles ORDER BY seq').pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

describe('backup names', () => {
  it('sort by time and carry the reason', () => {
    const name = backupFileName(new Date('2026-11-25T13:04:05.123Z'), 'pre-migration');
    expect(name).toBe('2026-11-25T130405.123Z-pre-migration.sqlite');
    expect(parseBackupName(name)).toEqual({ date: new Date('2026-11-25T13:04:05.123Z'), reason: 'pre-migration' });
    expect(parseBackupName('2026-11-25T130405.123Z-weird.sqlite')).toBeUndefined();
    expect(parseBackupName('notes.sqlite')).toBeUndefined();
    const earlier = backupFileName(new Date('2026-01-09T23:59:59.999Z'), 'daily');
    expect([name, earlier].sort()).toEqual([earlier, name]);
  });

  it('number ISO weeks as ISO 8601 does (week 1 holds the first Thursday)', () => {
    expect(isoWeek(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53');
    expect(isoWeek(new Date('2021-01-04T00:00:00Z'))).toBe('2021-W01');
    expect(isoWeek(new Date('2026-11-25T00:00:00Z'))).toBe('2026-W48');
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
  });
});

describe('a backup before every migration', () => {
  it('copies an existing library at its old schema, with its data, before upgrading it', () => {
    const dir = tempDir();
    oldLibrary(dir, LATEST_VERSION - 1);
    const library = Library.open(dir, { now: () => new Date('2026-03-04T05:06:07.000Z') });
    try {
      expect(library.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      const [backup, ...others] = library.listBackups();
      expect(others).toEqual([]);
      expect(backup).toMatchObject({ reason: 'pre-migration', name: '2026-03-04T050607.000Z-pre-migration.sqlite' });
      expect(schemaOf(backup!.file)).toEqual({ version: LATEST_VERSION - 1, titles: ['From long ago'] });
      // A single self-contained file: no WAL beside it.
      expect(existsSync(`${backup!.file}-wal`)).toBe(false);
    } finally {
      library.close();
    }
  });

  it('backs up a v1 library too, and not again once it is up to date', () => {
    const dir = tempDir();
    oldLibrary(dir, 1);
    Library.open(dir).close();
    Library.open(dir).close();
    const backups = listBackups(dir);
    expect(backups.map((b) => b.reason)).toEqual(['pre-migration']);
    expect(schemaOf(backups[0]!.file).version).toBe(1);
  });

  it('makes no backup of a brand-new library', () => {
    const dir = join(tempDir(), 'new');
    Library.open(dir).close();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });

  it('leaves the library untouched when the backup cannot be made', () => {
    const dir = tempDir();
    oldLibrary(dir, LATEST_VERSION - 1);
    writeFileSync(join(dir, 'backups'), 'a file where the backups folder goes');
    expect(() => Library.open(dir)).toThrow(/backs it up first, but the backup failed/);
    expect(schemaOf(join(dir, DB_FILE_NAME)).version).toBe(LATEST_VERSION - 1);
  });
});

describe('the daily backup', () => {
  it('is taken at the first write of each day only, and never for an empty library', async () => {
    let now = new Date('2026-05-01T08:00:00.000Z');
    const dir = tempDir();
    const library = Library.open(dir, { now: () => now });
    try {
      expect(library.beforeWrite()).toBeUndefined(); // empty: nothing worth keeping
      addArticle(library, 'First');
      expect(library.beforeWrite()).toBeUndefined(); // the day was checked already

      now = new Date('2026-05-02T09:00:00.000Z');
      const made = await library.beforeWrite();
      expect(made).toMatchObject({ reason: 'daily', name: '2026-05-02T090000.000Z-daily.sqlite' });
      addArticle(library, 'Second');
      now = new Date('2026-05-02T23:59:00.000Z');
      // Later writes that day answer at once: no promise, no look at the folder.
      for (let i = 0; i < 100; i++) expect(library.beforeWrite()).toBeUndefined();
      expect(listBackups(dir)).toHaveLength(1);
      // It holds the library as it was before that day's first write.
      expect(schemaOf(made!.file).titles).toEqual(['First']);

      now = new Date('2026-05-03T00:00:01.000Z');
      expect((await library.beforeWrite())?.reason).toBe('daily');
      expect(listBackups(dir).map((b) => b.name)).toEqual([
        '2026-05-03T000001.000Z-daily.sqlite',
        '2026-05-02T090000.000Z-daily.sqlite',
      ]);
    } finally {
      library.close();
    }
  });

  it('after a failure, is tried again a minute later, not at the very next write', async () => {
    let now = new Date('2026-05-02T09:00:00.000Z');
    const dir = tempDir();
    const library = Library.open(dir, { now: () => now });
    addArticle(library, 'One');
    // A closed connection: every backup of it fails, the way a full disk fails one.
    const closed = new BetterSqlite3(join(dir, DB_FILE_NAME));
    closed.close();
    let db = closed;
    const daily = new DailyBackup(dir, () => db, () => now);
    try {
      await expect(daily.beforeWrite()).rejects.toThrow();
      // The same command's next write (or a burst of them) does not fail the same way again.
      expect(daily.beforeWrite()).toBeUndefined();
      now = new Date(now.getTime() + RETRY_AFTER_MS - 1000);
      expect(daily.beforeWrite()).toBeUndefined();
      db = library.db;
      now = new Date(now.getTime() + 2000);
      expect((await daily.beforeWrite())?.reason).toBe('daily');
    } finally {
      library.close();
    }
  });

  it('is not taken twice a day by two processes (the folder says the day is covered)', async () => {
    const now = (): Date => new Date('2026-05-02T09:00:00.000Z');
    const dir = tempDir();
    const first = Library.open(dir, { now });
    addArticle(first, 'One');
    await first.beforeWrite();
    first.close();
    const second = Library.open(dir, { now });
    try {
      expect(second.beforeWrite()).toBeUndefined();
      expect(listBackups(dir)).toHaveLength(1);
    } finally {
      second.close();
    }
  });
});

describe('retention', () => {
  const info = (iso: string, reason: BackupReason): BackupInfo => ({
    name: backupFileName(new Date(iso), reason),
    file: `/x/${iso}`,
    date: new Date(iso).toISOString(),
    reason,
    bytes: 1,
  });
  const newestFirst = (items: BackupInfo[]): BackupInfo[] => [...items].sort((a, b) => b.date.localeCompare(a.date));

  it('keeps the newest daily backup of the last 7 days and of the last 4 ISO weeks', () => {
    // Two a day for 60 days, from Thursday 2026-01-01.
    const all: BackupInfo[] = [];
    for (let d = 0; d < 60; d++) {
      const day = new Date(Date.UTC(2026, 0, 1 + d));
      all.push(info(new Date(day.getTime() + 3_600_000).toISOString(), 'daily'));
      all.push(info(new Date(day.getTime() + 7_200_000).toISOString(), 'daily'));
    }
    const backups = newestFirst(all);
    const pruned = new Set(backupsToPrune(backups));
    const kept = backups.filter((b) => !pruned.has(b));
    const days = kept.map((b) => b.date.slice(0, 10));
    // Days 2026-02-23 .. 03-01 (the last 7), then the newest of the three weeks before.
    expect(days).toEqual([
      '2026-03-01', '2026-02-28', '2026-02-27', '2026-02-26', '2026-02-25', '2026-02-24', '2026-02-23',
      '2026-02-22', '2026-02-15', '2026-02-08',
    ]);
    expect(kept.every((b) => b.date.slice(11, 13) === '02')).toBe(true); // the newest of each day
    // The last 7 days are all of week 09 (Monday to Sunday); with weeks 08, 07 and 06: 4 weeks.
    expect(new Set(kept.map((b) => isoWeek(new Date(b.date))))).toEqual(new Set(['2026-W09', '2026-W08', '2026-W07', '2026-W06']));
  });

  it('keeps 5 manual and 3 pre-migration backups, every before-restore and every file it did not name', () => {
    const backups = newestFirst([
      ...Array.from({ length: 8 }, (_, i) => info(`2026-02-0${i + 1}T10:00:00Z`, 'manual')),
      ...Array.from({ length: 5 }, (_, i) => info(`2026-01-0${i + 1}T10:00:00Z`, 'pre-migration')),
      ...Array.from({ length: 9 }, (_, i) => info(`2025-12-0${i + 1}T10:00:00Z`, 'before-restore')),
      { name: 'mine.sqlite', file: '/x/mine', date: '2020-01-01T00:00:00.000Z', reason: 'other', bytes: 1 },
    ]);
    const pruned = backupsToPrune(backups).map((b) => b.date.slice(0, 10));
    expect(pruned.sort()).toEqual(['2026-01-01', '2026-01-02', '2026-02-01', '2026-02-02', '2026-02-03']);
  });

  it('deletes only the pruned files from the backups folder', () => {
    const dir = tempDir();
    const folder = join(dir, 'backups');
    const names = [
      ...Array.from({ length: 9 }, (_, i) => backupFileName(new Date(Date.UTC(2026, 3, 1 + i, 12)), 'daily')),
      backupFileName(new Date(Date.UTC(2026, 3, 1, 1)), 'before-restore'),
      'notes-by-hand.sqlite',
    ];
    mkdirSync(folder);
    for (const name of [...names, '.half-written.sqlite.tmp']) writeFileSync(join(folder, name), 'x');
    const deleted = pruneBackups(dir).map((b) => b.name);
    expect(deleted.sort()).toEqual([names[0], names[1]]);
    expect(readdirSync(folder).sort()).toEqual([...names.slice(2), '.half-written.sqlite.tmp'].sort());
  });
});
