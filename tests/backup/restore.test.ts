import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { listBackups } from '../../src/main/backup/backup-files';
import { newestGoodBackup } from '../../src/main/backup/recovery';
import { restoreLibraryFile } from '../../src/main/backup/restore';
import { DB_FILE_NAME } from '../../src/main/db/open';
import { LATEST_VERSION } from '../../src/main/db/migrations';
import { Library } from '../../src/main/library';
import { GlossError } from '../../src/shared/errors';
import type { BackupInfo, RestoreResult } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';
import { damageData, integrityOf } from './damage';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function add(library: Library, title: string): void {
  library.importFile({ fileName: `${title}.txt`, bytes: text(`${title}\n\n${`Words about ${title}. `.repeat(400)}\n`) }, 'new');
}

function titlesIn(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('SELECT title FROM articles ORDER BY title').pluck().all() as string[];
  } finally {
    db.close();
  }
}

function titles(library: Library): string[] {
  return library.listArticles().map((a) => a.title).sort();
}

function errorOf(fn: () => unknown): GlossError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GlossError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

/** A library with articles A and B, a manual backup holding only A. */
async function libraryWithBackup(): Promise<{ dir: string; backup: BackupInfo }> {
  const dir = tempDir();
  const library = Library.open(dir);
  add(library, 'Alpha');
  const backup = await library.backupNow();
  add(library, 'Beta');
  library.close();
  return { dir, backup };
}

describe('restoring a backup', () => {
  it('puts the backup in place, keeps the current file aside in backups/, and the library opens with its data', async () => {
    const { dir, backup } = await libraryWithBackup();
    const result = restoreLibraryFile(dir, backup.file, { now: () => new Date('2026-06-01T10:00:00.000Z') });
    expect(result.restored.name).toBe(backup.name);
    expect(result.setAside).toMatchObject({
      reason: 'before-restore',
      name: '2026-06-01T100000.000Z-before-restore.sqlite',
    });
    expect(titlesIn(result.setAside!.file)).toEqual(['Alpha', 'Beta']);
    // No stray journal files beside the library or the file set aside.
    expect(readdirSync(dir).sort()).toEqual(['backups', DB_FILE_NAME]);
    const library = Library.open(dir);
    try {
      expect(titles(library)).toEqual(['Alpha']);
      add(library, 'Gamma');
      expect(titles(library)).toEqual(['Alpha', 'Gamma']);
    } finally {
      library.close();
    }
    // The backup itself is still there to restore again.
    expect(existsSync(backup.file)).toBe(true);
  });

  it('refuses a damaged backup after its integrity check, changing nothing', async () => {
    const { dir, backup } = await libraryWithBackup();
    const bad = join(tempDir(), 'bad.sqlite');
    copyFileSync(backup.file, bad);
    damageData(bad);
    expect(integrityOf(bad)).not.toBe('ok');
    const before = listBackups(dir).map((b) => b.name);

    const err = errorOf(() => restoreLibraryFile(dir, bad));
    expect(err.code).toBe('library_corrupt');
    expect(err.message).toMatch(/bad\.sqlite is damaged.*Nothing was restored/);
    expect(listBackups(dir).map((b) => b.name)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['backups', DB_FILE_NAME]);
    expect(titlesIn(join(dir, DB_FILE_NAME))).toEqual(['Alpha', 'Beta']);
  });

  it('refuses a file that is not a Gloss library, and one from a newer Gloss', async () => {
    const { dir } = await libraryWithBackup();
    const work = tempDir();
    const random = join(work, 'random.sqlite');
    writeFileSync(random, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
    expect(errorOf(() => restoreLibraryFile(dir, random)).code).toBe('not_a_library');

    const other = join(work, 'other-app.sqlite');
    const db = new BetterSqlite3(other);
    db.exec('CREATE TABLE recipes (name TEXT)');
    db.pragma('user_version = 2');
    db.close();
    expect(errorOf(() => restoreLibraryFile(dir, other)).message).toMatch(/not a Gloss library/);

    const newer = join(work, 'newer.sqlite');
    copyFileSync(listBackups(dir)[0]!.file, newer);
    const n = new BetterSqlite3(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 1}`);
    n.close();
    expect(errorOf(() => restoreLibraryFile(dir, newer)).code).toBe('library_too_new');
    expect(titlesIn(join(dir, DB_FILE_NAME))).toEqual(['Alpha', 'Beta']);
  });

  it('refuses while another connection has the library open, and works once it is closed', async () => {
    const { dir, backup } = await libraryWithBackup();
    const other = Library.open(dir); // as the app or `gloss serve` would hold it
    try {
      const err = errorOf(() => restoreLibraryFile(dir, backup.file));
      expect(err.code).toBe('conflict');
      expect(err.message).toMatch(/open in another Gloss process/);
      expect(titles(other)).toEqual(['Alpha', 'Beta']);
      expect(listBackups(dir).some((b) => b.reason === 'before-restore')).toBe(false);
    } finally {
      other.close();
    }
    restoreLibraryFile(dir, backup.file);
    expect(titlesIn(join(dir, DB_FILE_NAME))).toEqual(['Alpha']);
  });

  it('folds a leftover WAL into the file it sets aside (nothing written last is lost)', async () => {
    const { dir: source, backup } = await libraryWithBackup();
    // A library whose last writes are still only in its -wal, as a crash leaves it.
    const dir = tempDir();
    const live = Library.open(source);
    live.db.pragma('wal_autocheckpoint = 0');
    add(live, 'Delta');
    mkdirSync(join(dir, 'backups'));
    copyFileSync(join(source, DB_FILE_NAME), join(dir, DB_FILE_NAME));
    copyFileSync(join(source, `${DB_FILE_NAME}-wal`), join(dir, `${DB_FILE_NAME}-wal`));
    live.close();
    expect(titlesIn(join(dir, DB_FILE_NAME))).toEqual(['Alpha', 'Beta', 'Delta']);

    const result = restoreLibraryFile(dir, backup.file);
    expect(existsSync(`${result.setAside!.file}-wal`)).toBe(false);
    expect(titlesIn(result.setAside!.file)).toEqual(['Alpha', 'Beta', 'Delta']);
    expect(integrityOf(result.setAside!.file)).toBe('ok');
    expect(existsSync(join(dir, `${DB_FILE_NAME}-wal`))).toBe(false);
    expect(titlesIn(join(dir, DB_FILE_NAME))).toEqual(['Alpha']);
  });

  it('sets a damaged library aside as it is, and the newest good backup is found past a damaged one', async () => {
    const { dir, backup } = await libraryWithBackup();
    const library = Library.open(dir, { now: () => new Date('2099-01-01T00:00:00.000Z') });
    const later = await library.backupNow(); // newer than `backup`, then damaged
    library.close();
    damageData(later.file);
    damageData(join(dir, DB_FILE_NAME));
    expect(newestGoodBackup(dir)?.name).toBe(backup.name);

    const result = restoreLibraryFile(dir, backup.file);
    expect(integrityOf(result.setAside!.file)).not.toBe('ok'); // kept, damaged as it was
    expect(titlesIn(join(dir, DB_FILE_NAME))).toEqual(['Alpha']);
  });
});

describe('restoring from the running app (Library.restoreBackup and the API)', () => {
  it('closes its own connection, restores, and goes on with the restored data', async () => {
    const { dir, backup } = await libraryWithBackup();
    const library = Library.open(dir);
    try {
      const result = await library.restoreBackup(backup.name);
      expect(result.setAside?.reason).toBe('before-restore');
      expect(titles(library)).toEqual(['Alpha']);
      add(library, 'Epsilon');
      expect(library.search('Epsilon').results.length).toBeGreaterThan(0);
    } finally {
      library.close();
    }
    expect(titlesIn(join(dir, DB_FILE_NAME))).toEqual(['Alpha', 'Epsilon']);
  });

  it('lists, backs up now and restores through the dispatcher; only names from the list', async () => {
    const dir = tempDir();
    const library = Library.open(dir);
    const dispatch = createDispatcher(createHandlers(library, 'browser'));
    const call = async <T>(method: string, args: unknown): Promise<T> => {
      const envelope = await dispatch(method, args);
      if (!envelope.ok) throw new GlossError(envelope.error.code, envelope.error.message);
      return envelope.value as T;
    };
    try {
      add(library, 'Alpha');
      expect(await call<BackupInfo[]>('listBackups', {})).toEqual([]);
      const made = await call<BackupInfo>('backupNow', {});
      expect(made.reason).toBe('manual');
      add(library, 'Beta');
      expect((await call<BackupInfo[]>('listBackups', {})).map((b) => b.name)).toEqual([made.name]);

      for (const name of ['../gloss.sqlite', '/etc/passwd', 'x.txt', join(dir, 'gloss.sqlite')]) {
        expect(await dispatch('restoreBackup', { name })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      }
      expect(await dispatch('restoreBackup', { name: 'gloss.sqlite' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });

      const result = await call<RestoreResult>('restoreBackup', { name: made.name });
      expect(result.restored.name).toBe(made.name);
      expect((await call<{ title: string }[]>('listArticles', {})).map((a) => a.title)).toEqual(['Alpha']);
      const reasons = (await call<BackupInfo[]>('listBackups', {})).map((b) => b.reason).sort();
      expect(reasons).toEqual(['before-restore', 'manual']);
    } finally {
      library.close();
    }
  });
});
