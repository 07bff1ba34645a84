/**
 * The migration that syncs articles' files and earlier versions, on a
 * library that already synced without them: its triggers start watching the
 * file and version tables, and its next round publishes the image, the PDF
 * and EPUB files and the kept version of the articles it had published, so
 * a library that has those articles already gets them too.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { Library } from '../../src/main/library';
import { MIGRATIONS, migrate } from '../../src/main/db/migrations';
import { emitSources } from '../../src/main/sync/capture';
import { ARTICLE_BLOB_FIELDS, SOURCES } from '../../src/main/sync/entities';
import { syncNow } from '../../src/main/sync/engine';
import { tempDir } from '../helpers/tmp';
import { BOOK, GARDENS, libraryAt, ORCHARD, PDF_FILE, PDF_FILE_HASH, PNG, PNG_HASH } from '../db/old-libraries';

const MIGRATION = MIGRATIONS.find((m) => m.name === "sync: articles' files and earlier versions")!.version;
const isBlobSource = (s: (typeof SOURCES)[number]): boolean => Object.keys(s.fields).some((f) => (ARTICLE_BLOB_FIELDS as readonly string[]).includes(f));

const open: { close(): void }[] = [];
afterEach(() => {
  for (const x of open.splice(0)) x.close();
});

/** A library at the version before, that synced as that version did: no triggers on the file tables, its first publish without them. */
function syncedBefore(folder: string): Database {
  const db = libraryAt(join(tempDir(), 'gloss.sqlite'), MIGRATION - 1);
  open.push(db);
  for (const s of SOURCES.filter(isBlobSource)) {
    for (const name of db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE ?`).pluck().all(`sync\\_${s.name}\\_%`) as string[]) {
      db.exec(`DROP TRIGGER ${name}`);
    }
  }
  db.transaction(() => {
    db.prepare(`UPDATE sync_state SET capture = 1`).run();
    emitSources(db, SOURCES.filter((s) => !isBlobSource(s)));
  })();
  syncNow(db, { folder, deviceName: 'old' });
  return db;
}

describe(`migration ${MIGRATION} (articles' files and versions sync)`, () => {
  it('publishes the files and versions of articles a syncing library published before, and watches the file tables after', () => {
    const folder = tempDir();
    const old = syncedBefore(folder);
    const other = Library.open(tempDir());
    open.push(other);
    syncNow(other.db, { folder, deviceName: 'other' });
    // The articles came without their files.
    expect(other.getArticle(GARDENS.id).title).toBeTruthy();
    expect(other.assets.get(PNG_HASH)).toBeUndefined();
    expect(other.getArticle(ORCHARD.id).pdf).toBeUndefined();

    migrate(old);
    const queued = old.prepare(`SELECT key, data FROM sync_outbox`).all() as { key: string; data: string }[];
    const fieldsOf = (key: string): string[] => queued.filter((r) => r.key === key).flatMap((r) => Object.keys(JSON.parse(r.data) as object));
    expect(new Set(fieldsOf(GARDENS.id))).toEqual(new Set(['files', 'versions']));
    expect(fieldsOf(ORCHARD.id)).toContain('files');
    expect(fieldsOf(BOOK.id)).toContain('files');

    syncNow(old);
    expect(syncNow(other.db).applied).toMatchObject({ pending: 0, failed: 0 });
    expect(Buffer.from(other.assets.get(PNG_HASH)!.bytes)).toEqual(PNG);
    expect(other.getArticle(ORCHARD.id).pdf?.fileHash).toBe(PDF_FILE_HASH);
    expect(Buffer.from(other.getPdfFile(ORCHARD.id).bytes)).toEqual(PDF_FILE);
    expect(other.getArticle(BOOK.id).book?.chapters).toHaveLength(60);
    expect(other.db.prepare(`SELECT version, content_hash FROM article_versions`).raw().all()).toEqual([[1, 'hash-gardens-v1']]);

    // From now on a new link is a change like any other.
    old.prepare(`DELETE FROM article_assets WHERE asset_hash = ?`).run(PNG_HASH);
    expect(old.prepare(`SELECT count(*) FROM sync_outbox WHERE data LIKE '%"files"%'`).pluck().get()).toBe(1);
    syncNow(old);
    syncNow(other.db);
    expect(other.db.prepare(`SELECT count(*) FROM article_assets`).pluck().get()).toBe(0);
  });
});
