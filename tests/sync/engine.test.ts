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
      const status = syncStatus(b.db);
      expect(status.deviceName).toBe('desktop');
      expect(status.devices.map((d) => d.name).sort()).toEqual(['desktop', 'laptop']);
      expect(status.unpublished).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });
});
