/**
 * Migration 14 on a library that already synced: the merged state of v13
 * (one sync_fields row per entity field) carries over into one
 * sync_entities row per entity, stamps, values and kept note versions
 * included, and merging goes on from it as it would have.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS, migrate } from '../../src/main/db/migrations';
import { mergerOf, renderNote, stateOfStored, type Dirty, type EntityState } from '../../src/main/sync/merge';
import { tempDir } from '../helpers/tmp';
import { GARDENS, libraryAt } from '../db/old-libraries';

const H = 1_700_000_000_000 * 1024;

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

/** A v13 library holding merged sync state as v13 wrote it. */
function syncedAt13(): Database {
  const db = libraryAt(join(tempDir(), 'gloss.sqlite'), 13);
  open.push(db);
  const put = db.prepare(`INSERT INTO sync_fields (entity, key, field, hlc, device, value) VALUES (?, ?, ?, ?, ?, ?)`);
  put.run('article', GARDENS.id, 'title', H + 5, 'devB', 'Gardens, again');
  put.run('article', GARDENS.id, 'favorite', H + 2, 'devA', 1);
  put.run('article', GARDENS.id, 'read_progress', H + 3, 'devA', 0.25);
  put.run('article', GARDENS.id, 'published_at', H + 1, 'devA', null);
  const note = { heads: [[H + 7, 'devA', 'from A'], [H + 8, 'devB', 'from B']], gone: [`${H + 4}@devA`] };
  put.run('note', GARDENS.id, 'note', H + 8, 'devB', JSON.stringify(note));
  put.run('highlight', 'hl-live', 'article', H + 1, 'devA', GARDENS.id);
  put.run('highlight', 'hl-live', 'color', H + 6, 'devA', 'green');
  put.run('highlight_tag', 'hl-live/later', 'highlight', H + 1, 'devA', 'hl-live');
  put.run('highlight_tag', 'hl-live/later', 'present', H + 1, 'devA', 1);
  put.run('setting', 'colorLabels', 'value', H + 1, 'devA', '{"yellow":"Key"}');
  return db;
}

function stateOf(db: Database, entity: string, key: string): { parent: string | null; fields: EntityState } {
  const row = db.prepare(`SELECT parent, fields FROM sync_entities WHERE entity = ? AND key = ?`).get(entity, key) as { parent: string | null; fields: string };
  // Stored compactly once merged again (migration 19): read as every field with its stamp.
  return { parent: row.parent, fields: stateOfStored(JSON.parse(row.fields)) as EntityState };
}

describe('migration 14 (one merged-state row per entity)', () => {
  it('carries every field of the v13 merged state over, with its stamp, and finds children by their parent', () => {
    const db = syncedAt13();
    migrate(db, MIGRATIONS.slice(0, 14));
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'sync_fields'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM sync_entities`).pluck().get()).toBe(5);
    expect(stateOf(db, 'article', GARDENS.id)).toEqual({
      parent: null,
      fields: {
        title: [H + 5, 'devB', 'Gardens, again'],
        favorite: [H + 2, 'devA', 1],
        read_progress: [H + 3, 'devA', 0.25],
        published_at: [H + 1, 'devA', null],
      },
    });
    const note = stateOf(db, 'note', GARDENS.id).fields.note!;
    expect(JSON.parse(note[2] as string)).toEqual({ heads: [[H + 7, 'devA', 'from A'], [H + 8, 'devB', 'from B']], gone: [`${H + 4}@devA`] });
    expect(renderNote(note[2])).toContain('<<<<<<< Conflict');
    expect(stateOf(db, 'highlight', 'hl-live')).toEqual({ parent: GARDENS.id, fields: { article: [H + 1, 'devA', GARDENS.id], color: [H + 6, 'devA', 'green'] } });
    expect(stateOf(db, 'highlight_tag', 'hl-live/later').parent).toBe('hl-live');
    const children = db.prepare(`SELECT entity, key FROM sync_entities INDEXED BY sync_entities_by_parent WHERE parent = ?`).all(GARDENS.id);
    expect(children).toEqual([{ entity: 'highlight', key: 'hl-live' }]);
    // The capture triggers are there again (made from the entity list), still quiet until the first sync.
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'`).pluck().get()).toBeGreaterThan(10);
  });

  it('merging goes on from the carried state: an older write loses, a newer one wins, an edit of one kept note version keeps the other', () => {
    const db = syncedAt13();
    migrate(db);
    const merger = mergerOf(db);
    const dirty: Dirty = new Map();
    try {
      merger.merge({ h: H + 4, d: 'devC', e: 'article', k: GARDENS.id, f: { title: 'Older', favorite: 0 } }, dirty);
      merger.merge({ h: H + 9, d: 'devC', e: 'highlight', k: 'hl-live', f: { color: 'blue' } }, dirty);
      // devC saw only A's version of the note: B's stays beside the edit.
      merger.merge({ h: H + 10, d: 'devC', e: 'note', k: GARDENS.id, f: { note: 'from C' }, b: { note: [`${H + 7}@devA`] } }, dirty);
      merger.flush();
    } finally {
      merger.end();
    }
    // H+4 is after the favourite's stamp (H+2) and before the title's (H+5).
    expect([...dirty.get('article')!.get(GARDENS.id)!]).toEqual(['favorite']);
    expect(stateOf(db, 'article', GARDENS.id).fields.title).toEqual([H + 5, 'devB', 'Gardens, again']);
    expect(stateOf(db, 'article', GARDENS.id).fields.favorite).toEqual([H + 4, 'devC', 0]);
    expect(stateOf(db, 'highlight', 'hl-live')).toEqual({ parent: GARDENS.id, fields: { article: [H + 1, 'devA', GARDENS.id], color: [H + 9, 'devC', 'blue'] } });
    const note = JSON.parse(stateOf(db, 'note', GARDENS.id).fields.note![2] as string) as { heads: unknown[] };
    expect(note.heads).toEqual([[H + 8, 'devB', 'from B'], [H + 10, 'devC', 'from C']]);
  });
});
