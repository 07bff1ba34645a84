import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, type BackupProgress } from '../../src/main/backup/snapshot';
import { ArticleStore } from '../../src/main/db/articles';
import { DB_FILE_NAME, openDatabase } from '../../src/main/db/open';
import { GlossError } from '../../src/shared/errors';
import { sampleArticle } from '../helpers/articles';
import { tempDir } from '../helpers/tmp';
import { buildLibrary, closeAll, exportText, ftsInSync, openLibrary, search } from './fixtures';

afterEach(closeAll);

async function codeOfAsync(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GlossError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a GlossError');
}

function ids(db: BetterSqlite3.Database): string[] {
  return (db.prepare(`SELECT id FROM articles ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
}

describe('backupDatabase', () => {
  it('writes a verified copy that opens as a library with everything in it', async () => {
    const { lib, mdId } = buildLibrary();
    const outDir = tempDir('gloss-out-');
    const progress: BackupProgress[] = [];
    const result = await backupDatabase(lib.db, join(outDir, DB_FILE_NAME), (p) => progress.push(p));
    expect(result.file).toBe(join(outDir, DB_FILE_NAME));
    expect(result.bytes).toBeGreaterThan(4096);
    expect(progress.at(-1)).toMatchObject({ remainingPages: 0 });
    // A single self-contained file: no temp, journal or WAL left beside it.
    expect(readdirSync(outDir)).toEqual([DB_FILE_NAME]);

    const copy = openLibrary(outDir);
    expect(exportText(copy.db)).toBe(exportText(lib.db));
    expect(search(copy.db, 'quetzalcoatlus')).toEqual([mdId]);
    expect(ftsInSync(copy.db)).toBe(true);
  });

  it('is a consistent snapshot while another connection writes in a loop', async () => {
    const { lib } = buildLibrary();
    const committedBefore = ids(lib.db);
    const writer = openDatabase(lib.dbPath);
    const store = new ArticleStore(writer);
    let writes = 0;
    let running = true;
    const loop = (): void => {
      if (!running) return;
      store.insert(sampleArticle({ title: `Written during the backup ${writes}` }));
      writes++;
      setImmediate(loop);
    };
    setImmediate(loop);
    // Also writes through the backup's own connection (folded in by SQLite).
    const ownWriter = setInterval(() => lib.setArticleNote(committedBefore[0]!, `note ${Date.now()}`), 1);

    const out = join(tempDir('gloss-out-'), 'snapshot.sqlite');
    const progress: BackupProgress[] = [];
    try {
      await backupDatabase(lib.db, out, (p) => progress.push(p), { pagesPerStep: 1 });
    } finally {
      running = false;
      clearInterval(ownWriter);
    }
    writer.close();
    expect(writes).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(2);
    // The other connection's writes made SQLite restart the copy; it still finished.
    const restarted = progress.some((p, i) => i > 0 && p.remainingPages > progress[i - 1]!.remainingPages);
    expect(restarted).toBe(true);

    const copy = new BetterSqlite3(out);
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const copied = ids(copy);
      for (const id of committedBefore) expect(copied).toContain(id);
      // Consistent: every article has its body and its search row.
      const counts = copy
        .prepare(
          `SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM article_bodies) AS b,
             (SELECT count(*) FROM articles_fts) AS f`,
        )
        .get() as { a: number; b: number; f: number };
      expect(counts.b).toBe(counts.a);
      expect(counts.f).toBe(counts.a);
      expect(ftsInSync(copy)).toBe(true);
    } finally {
      copy.close();
    }
  });

  it('replaces an existing backup file', async () => {
    const { lib } = buildLibrary();
    const outDir = tempDir('gloss-out-');
    const out = join(outDir, 'backup.sqlite');
    writeFileSync(out, 'an older backup');
    const result = await backupDatabase(lib.db, out);
    expect(result.bytes).toBeGreaterThan(100);
    const copy = new BetterSqlite3(out, { readonly: true });
    expect(ids(copy)).toEqual(ids(lib.db));
    copy.close();
    expect(readdirSync(outDir)).toEqual(['backup.sqlite']);
  });

  it('refuses to overwrite the live library file or its companions', async () => {
    const lib = openLibrary();
    lib.importFile({ fileName: 'a.txt', bytes: new TextEncoder().encode('A\n\nBody.\n') }, 'new');
    const before = exportText(lib.db);
    for (const target of [lib.dbPath, `${lib.dbPath}-wal`, `${lib.dbPath}-shm`, join(lib.dir, '.', DB_FILE_NAME)]) {
      const err = await codeOfAsync(backupDatabase(lib.db, target));
      expect(err.code).toBe('invalid_argument');
      expect(err.message).toMatch(/that is the library itself/);
    }
    // Through a symlinked folder, too.
    const link = join(tempDir('gloss-link-'), 'lib');
    symlinkSync(lib.dir, link);
    expect((await codeOfAsync(backupDatabase(lib.db, join(link, DB_FILE_NAME)))).message).toMatch(/library itself/);
    expect(exportText(lib.db)).toBe(before);
    expect(readdirSync(lib.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a missing folder or a folder as target', async () => {
    const lib = openLibrary();
    const missing = await codeOfAsync(backupDatabase(lib.db, join(tempDir(), 'no', 'such', 'b.sqlite')));
    expect(missing).toMatchObject({ code: 'invalid_argument' });
    expect(missing.message).toMatch(/does not exist/);
    const dir = join(tempDir(), 'folder');
    mkdirSync(dir);
    expect((await codeOfAsync(backupDatabase(lib.db, dir))).message).toMatch(/it is a folder/);
  });
});
