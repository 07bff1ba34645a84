/**
 * Applying writes a whole batch in one pass, without a savepoint per
 * entity: a bad operation (values the library's columns refuse) must still
 * not take the rest of the batch with it, whether the check before writing
 * catches it or the library itself refuses it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { syncNow } from '../../src/main/sync/engine';
import { SyncFolder } from '../../src/main/sync/folder';
import { encodeLine, type Operation } from '../../src/main/sync/line-format';
import { blobOf } from '../../src/main/sync/materialize';
import { tempDir } from '../helpers/tmp';

const H = 1_700_000_000_000 * 1024;
const AT = '2026-01-01T00:00:00.000Z';
const TEXT = 'Stones in the river wear smooth over many years of water.';

/** A log of another device, written into the folder as its engine would bring it. */
function writeLog(folder: string, device: string, ops: Omit<Operation, 'd'>[], segment = '00000001'): void {
  const dir = join(folder, 'Gloss', 'devices', device);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${segment}.jsonl`), ops.map((op) => encodeLine({ ...op, d: device })).join(''));
}

describe('applying a batch', () => {
  it('skips an entity the library would refuse (checked before writing, or refused while writing) and writes every other one', () => {
    const folder = tempDir();
    const lib = Library.open(tempDir());
    try {
      syncNow(lib.db, { folder, deviceName: 'here' });
      const body = new SyncFolder(folder).writeBlob(blobOf({ html: `<p>${TEXT}</p>`, text: TEXT, content_hash: null }).bytes).hash;
      const article = (k: string, extra: Operation['f'] = {}): Omit<Operation, 'd'> => ({
        h: H,
        e: 'article',
        k,
        f: { format: 'text', title: k, added_at: AT, updated_at: AT, body, deleted: 0, ...extra },
      });
      const highlight = (k: string, start: number, end: number): Omit<Operation, 'd'> => ({
        h: H + 1,
        e: 'highlight',
        k,
        f: { article: 'good', color: 'yellow', quote: TEXT.slice(start, Math.max(start, end)), start_offset: start, end_offset: end, created_at: AT, updated_at: AT, deleted: 0 },
      });
      writeLog(folder, 'elsewhere', [
        article('good'),
        // A read state no library takes (its CHECK): caught before writing.
        article('sideways', { read_state: 'sideways' }),
        highlight('h1', 0, 6),
        // Ends before it starts: caught before writing.
        highlight('backwards', 10, 4),
        highlight('h2', 10, 15),
        { h: H + 2, e: 'tag', k: 'garden', f: { name: 'Garden', created_at: AT, deleted: 0 } },
        // A tag whose name is not its key's: not checked before, refused by tags' UNIQUE name while writing.
        { h: H + 2, e: 'tag', k: 'history', f: { name: 'GARDEN', created_at: AT, deleted: 0 } },
        { h: H + 2, e: 'note', k: 'good', f: { note: 'kept', updated_at: AT } },
        highlight('h3', 20, 25),
        { h: H + 3, e: 'setting', k: 'colorLabels', f: { value: '{"yellow":"Key"}', updated_at: AT, deleted: 0 } },
      ]);
      const round = syncNow(lib.db);
      expect(round.applied.failed).toBe(3);
      expect(lib.listArticles().map((a) => a.id)).toEqual(['good']);
      expect(lib.listHighlights('good').map((h) => h.id).sort()).toEqual(['h1', 'h2', 'h3']);
      expect(lib.getArticleNote('good').note).toBe('kept');
      expect(lib.db.prepare(`SELECT name FROM tags`).pluck().all()).toEqual(['Garden']);
      expect(lib.getSettings().colorLabels).toMatchObject({ yellow: 'Key' });
      expect(lib.db.pragma('foreign_key_check')).toEqual([]);
      // Nothing waits: what was refused is refused, not pending.
      expect(round.applied.pending).toBe(0);
    } finally {
      lib.close();
    }
  });

  it("writes a highlight's tag link and review card that arrived rounds before the highlight itself", () => {
    const folder = tempDir();
    const lib = Library.open(tempDir());
    try {
      syncNow(lib.db, { folder, deviceName: 'here' });
      const body = new SyncFolder(folder).writeBlob(blobOf({ html: `<p>${TEXT}</p>`, text: TEXT, content_hash: null }).bytes).hash;
      writeLog(folder, 'elsewhere', [
        { h: H, e: 'article', k: 'a', f: { format: 'text', title: 'a', added_at: AT, updated_at: AT, body, deleted: 0 } },
        { h: H + 1, e: 'tag', k: 'garden', f: { name: 'Garden', created_at: AT, deleted: 0 } },
        { h: H + 2, e: 'highlight_tag', k: 'h1/garden', f: { highlight: 'h1', tag: 'garden', present: 1 } },
        { h: H + 2, e: 'review_card', k: 'h1', f: { highlight: 'h1', state: 2, due: AT, stability: 3, difficulty: 5, scheduled_days: 3, updated_at: AT } },
      ]);
      syncNow(lib.db);
      expect(lib.db.prepare(`SELECT count(*) FROM highlight_tags`).pluck().get()).toBe(0);
      // The highlight comes in a later segment (the sync app brought it late): what waited for it is written with it.
      writeLog(
        folder,
        'elsewhere',
        [{ h: H + 3, e: 'highlight', k: 'h1', f: { article: 'a', color: 'yellow', quote: TEXT.slice(0, 6), start_offset: 0, end_offset: 6, created_at: AT, updated_at: AT, deleted: 0 } }],
        '00000002',
      );
      syncNow(lib.db);
      expect(lib.listHighlights('a').map((h) => h.id)).toEqual(['h1']);
      expect(lib.db.prepare(`SELECT t.name FROM highlight_tags l JOIN tags t ON t.seq = l.tag_seq`).pluck().all()).toEqual(['Garden']);
      expect(lib.db.prepare(`SELECT state FROM review_cards WHERE highlight_id = 'h1'`).pluck().get()).toBe(2);
    } finally {
      lib.close();
    }
  });
});
