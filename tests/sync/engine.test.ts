import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { syncNow, syncStatus } from '../../src/main/sync/engine';
import { tempDir } from '../helpers/tmp';
import { canonicalDump, checksum } from './helpers';

const TEXT = 'Gardens\n\nGardens grow slowly. Patience is the gardener\u2019s first tool, and the second is a spade.';

function importText(lib: Library, name: string, text = TEXT): string {
  const r = lib.importFile({ fileName: name, bytes: new TextEncoder().encode(text) }, 'new');
  if (r.status !== 'imported') throw new Error(`not imported: ${r.status}`);
  return r.article.id;
}

/** A highlight's selectors over the article's canonical text. */
export function selectorsOf(lib: Library, articleId: string, exact: string): { articleId: string; quote: { exact: string; prefix: string; suffix: string }; position: { start: number; end: number } } {
  const text = lib.getArticle(articleId).text;
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`${exact} not in the text`);
  const end = start + exact.length;
  return { articleId, quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) }, position: { start, end } };
}

describe('sync engine', () => {
  it('carries an article, its highlight, note and tags from one library to another through a folder', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    try {
      const id = importText(a, 'gardens.txt');
      const h = a.createHighlight({ ...selectorsOf(a, id, 'Patience'), color: 'green', note: 'first note' });
      a.setArticleNote(id, 'an article note');
      a.tagArticles([id], ['Garden']);
      const first = syncNow(a.db, { folder, deviceName: 'laptop' });
      expect(first.published.ops).toBeGreaterThan(0);
      const second = syncNow(b.db, { folder, deviceName: 'desktop' });
      expect(second.applied.pending).toBe(0);
      expect(b.listHighlights(id).map((x) => [x.id, x.note, x.color])).toEqual([[h.id, 'first note', 'green']]);
      expect(b.getArticleNote(id).note).toBe('an article note');
      expect(b.getArticle(id).tags).toEqual(['Garden']);
      syncNow(a.db);
      expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
      expect(checksum(b.db)).toBe(checksum(a.db));

      // Edits both ways; a delete on one side.
      b.updateHighlight(h.id, { color: 'blue' });
      a.setReadState(id, 'finished');
      const other = importText(b, 'rivers.txt', 'Rivers carry silt to the sea, slowly.');
      syncNow(b.db);
      syncNow(a.db);
      syncNow(b.db);
      expect(a.listHighlights(id)[0]!.color).toBe('blue');
      expect(b.getArticle(id).readState).toBe('finished');
      expect(a.getArticle(other).title).toBeTruthy();
      a.deleteArticle(other);
      syncNow(a.db);
      syncNow(b.db);
      expect(() => b.getArticle(other)).toThrow();
      expect(checksum(b.db)).toBe(checksum(a.db));
      const status = syncStatus(b.db, { devices: true });
      expect(status.deviceName).toBe('desktop');
      expect(status.devices?.map((d) => d.name).sort()).toEqual(['desktop', 'laptop']);
      expect(status.unpublished).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a JSON restore syncs: into a new library it is published whole at its first sync, into a syncing one what it wrote is published', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    const restored = Library.open(tempDir());
    try {
      const id = importText(a, 'gardens.txt');
      const h = a.createHighlight({ ...selectorsOf(a, id, 'Patience'), color: 'green', note: 'kept note' });
      syncNow(a.db, { folder, deviceName: 'laptop' });
      syncNow(b.db, { folder, deviceName: 'desktop' });
      const backup = a.exportJson();

      // A new installation restores the backup, then joins the folder: a new device that publishes the whole library.
      restored.importJson(backup);
      const joined = syncNow(restored.db, { folder, deviceName: 'new laptop' });
      expect(joined.published.ops).toBeGreaterThan(0);
      expect(joined.applied.pending).toBe(0);

      // A syncing library merges a backup holding an article it lacks: its next sync publishes it.
      const other = Library.open(tempDir());
      let otherId = '';
      try {
        otherId = importText(other, 'rivers.txt', 'Rivers\n\nRivers carry silt to the sea, slowly.');
        b.importJson(other.exportJson());
      } finally {
        other.close();
      }
      expect(syncNow(b.db).published.ops).toBeGreaterThan(0);
      for (const lib of [a, restored, b, a, restored]) syncNow(lib.db);
      for (const lib of [a, b, restored]) {
        expect(lib.getArticle(otherId).title).toBe('Rivers');
        expect(lib.listHighlights(id).map((x) => [x.id, x.note])).toEqual([[h.id, 'kept note']]);
        expect(syncStatus(lib.db).waiting).toBe(0);
        expect(syncStatus(lib.db).unpublished).toBe(0);
      }
      expect(checksum(b.db)).toBe(checksum(a.db));
      expect(checksum(restored.db)).toBe(checksum(a.db));
    } finally {
      a.close();
      b.close();
      restored.close();
    }
  });

  it('a body published again as it was (an undone delete) is not waited for when its blob has not arrived: the library holds it', () => {
    const [fa, fb] = [tempDir(), tempDir()];
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    try {
      const id = importText(a, 'gardens.txt');
      syncNow(a.db, { folder: fa, deviceName: 'laptop' });
      cpSync(join(fa, 'Gloss'), join(fb, 'Gloss'), { recursive: true });
      syncNow(b.db, { folder: fb, deviceName: 'desktop' });
      expect(b.getArticle(id).text).toBe(a.getArticle(id).text);
      a.undoDeleteArticles(a.deleteArticles([id]).undoToken);
      syncNow(a.db);
      // The log arrives, the blobs not (yet): b's copy of the folder loses them.
      cpSync(join(fa, 'Gloss', 'devices'), join(fb, 'Gloss', 'devices'), { recursive: true });
      rmSync(join(fb, 'Gloss', 'blobs'), { recursive: true });
      expect(syncNow(b.db).applied.pending).toBe(0);
      expect(syncStatus(b.db).waiting).toBe(0);
      expect(checksum(b.db)).toBe(checksum(a.db));
    } finally {
      a.close();
      b.close();
    }
  });
});
