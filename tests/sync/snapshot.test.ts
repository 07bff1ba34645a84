/**
 * Snapshots: a new device starts from the newest snapshot in the folder
 * (the merged state and how far it covers each log) and then reads only the
 * log lines written after it; it ends with the same content and the same
 * merged state as the devices that replayed every line, note conflicts
 * included. A damaged snapshot is not used: the device reads the logs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { syncNow } from '../../src/main/sync/engine';
import { SyncFolder } from '../../src/main/sync/folder';
import { snapshotPath, writeSnapshot } from '../../src/main/sync/snapshot';
import { stateOfStored } from '../../src/main/sync/merge';
import { tempDir } from '../helpers/tmp';
import { canonicalDump, importText } from './helpers';

/** A highlight's selectors over the article's canonical text. */
function selectorsOf(lib: Library, articleId: string, exact: string): { articleId: string; quote: { exact: string; prefix: string; suffix: string }; position: { start: number; end: number } } {
  const text = lib.getArticle(articleId).text;
  const start = text.indexOf(exact);
  const end = start + exact.length;
  return { articleId, quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) }, position: { start, end } };
}

/** How many gzip members a file written by SyncFolder.writeFile (plain: a checksum frame around the bytes) holds. */
function gzipMembers(file: Buffer): number {
  let n = 0;
  for (let i = file.indexOf(GZIP_MEMBER); i >= 0; i = file.indexOf(GZIP_MEMBER, i + 1)) n++;
  return n;
}
const GZIP_MEMBER = Buffer.from([0x1f, 0x8b, 0x08]);

/** The merged state, entity by entity (JSON parsed, so key order does not matter). */
function mergedState(lib: Library): unknown[] {
  return (lib.db.prepare(`SELECT entity, key, parent, fields FROM sync_entities ORDER BY entity, key`).all() as { fields: string }[]).map((r) => ({ ...r, fields: JSON.parse(r.fields) as unknown }));
}

describe('sync snapshots', () => {
  it('a new device starts from the snapshot, reads only the later lines, and ends like the others (a note conflict kept)', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    const libs = [a, b];
    try {
      const gardens = importText(a, 'gardens.txt', 'Gardens\n\nGardens grow slowly. Patience is the first tool, and the second is a spade.');
      const rivers = importText(a, 'rivers.txt', 'Rivers\n\nRivers carry silt to the sea, slowly, year after year.');
      const h = a.createHighlight({ ...selectorsOf(a, gardens, 'Patience'), color: 'green', note: 'first' });
      a.tagArticles([gardens], ['Garden']);
      a.setHighlightTags(h.id, ['later']);
      syncNow(a.db, { folder, deviceName: 'a' });
      syncNow(b.db, { folder, deviceName: 'b' });
      // Both edit the article note while apart: both texts are kept.
      a.setArticleNote(gardens, 'from a');
      b.setArticleNote(gardens, 'from b');
      b.deleteArticle(rivers);
      syncNow(a.db);
      syncNow(b.db);
      // a takes in b's edits and writes its snapshot (here at once; by default after SNAPSHOT_EVERY_OPS).
      syncNow(a.db, { snapshotEvery: 1 });
      const snapshot = join(folder, 'Gloss', ...snapshotPath(a.db.prepare(`SELECT device FROM sync_state`).pluck().get() as string).split('/'));
      expect(readFileSync(snapshot).length).toBeGreaterThan(0);
      // Written again in many small gzip members (a large library's snapshot is gzipped piece by piece): c reads it as one.
      const f = new SyncFolder(folder);
      f.unlock(folder, undefined);
      const entities = writeSnapshot(a.db, f, 64);
      const members = gzipMembers(readFileSync(snapshot));
      expect(members).toBeGreaterThan(entities / 2);
      // After the snapshot: one more change, in the log only.
      a.setFavorite(gardens, true);
      expect(syncNow(a.db).published.ops).toBe(1);

      const c = Library.open(tempDir());
      libs.push(c);
      const joined = syncNow(c.db, { folder, deviceName: 'c' });
      // Only the line after the snapshot was read (the logs hold many more).
      expect(joined.applied.ops).toBe(1);
      expect(joined.applied.pending).toBe(0);
      expect(joined.applied.failed).toBe(0);
      expect(c.getArticle(gardens).favorite).toBe(true);
      expect(c.getArticleNote(gardens).note).toContain('<<<<<<< Conflict');
      expect(() => c.getArticle(rivers)).toThrow();

      // A device whose copy of the snapshot is damaged reads every log instead, and ends the same.
      const bytes = readFileSync(snapshot);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0xff, bytes.length - 3);
      writeFileSync(snapshot, bytes);
      const d = Library.open(tempDir());
      libs.push(d);
      expect(syncNow(d.db, { folder, deviceName: 'd' }).applied.ops).toBeGreaterThan(10);

      for (const lib of libs) syncNow(lib.db);
      for (const lib of libs) syncNow(lib.db);
      for (const lib of [b, c, d]) {
        expect(canonicalDump(lib.db)).toEqual(canonicalDump(a.db));
        expect(mergedState(lib)).toEqual(mergedState(a));
      }
      // c's own edits after joining travel like anyone's.
      c.setArticleNote(gardens, 'settled on c');
      syncNow(c.db);
      syncNow(a.db);
      expect(a.getArticleNote(gardens).note).toBe('settled on c');
    } finally {
      for (const lib of libs) lib.close();
    }
  });

  it('is written in the compact stored form (version 2); a version-1 snapshot (every field with its stamp) is still read', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const libs = [a];
    try {
      const gardens = importText(a, 'gardens.txt', 'Gardens\n\nGardens grow slowly. Patience is the first tool, and the second is a spade.');
      a.createHighlight({ ...selectorsOf(a, gardens, 'Patience'), color: 'green', note: 'first' });
      syncNow(a.db, { folder, deviceName: 'a', snapshotEvery: 1 });
      const f = new SyncFolder(folder);
      f.unlock(folder, undefined);
      const path = snapshotPath(a.db.prepare(`SELECT device FROM sync_state`).pluck().get() as string);
      const [header = '', ...lines] = gunzipSync(f.readFile(path)!).toString('utf8').split('\n').filter(Boolean);
      expect(JSON.parse(header)).toMatchObject({ format: 'gloss-snapshot', version: 2 });
      expect(lines.some((l) => l.includes('"":['))).toBe(true);
      // The same snapshot as version 1 wrote it.
      const v1 = [JSON.stringify({ ...(JSON.parse(header) as object), version: 1 }), ...lines.map((l) => {
        const [entity, key, fields] = JSON.parse(l) as [string, string, unknown];
        return JSON.stringify([entity, key, stateOfStored(fields)]);
      })];
      expect(v1.slice(1).some((l) => l.includes('"":['))).toBe(false);
      f.writeFile(path, gzipSync(`${v1.join('\n')}\n`));
      a.setFavorite(gardens, true);
      expect(syncNow(a.db).published.ops).toBe(1);

      const c = Library.open(tempDir());
      libs.push(c);
      // Only the line after the snapshot was read: the snapshot was.
      expect(syncNow(c.db, { folder, deviceName: 'c' }).applied.ops).toBe(1);
      expect(canonicalDump(c.db)).toEqual(canonicalDump(a.db));
      expect(mergedState(c)).toEqual(mergedState(a));
    } finally {
      for (const lib of libs) lib.close();
    }
  });
});
