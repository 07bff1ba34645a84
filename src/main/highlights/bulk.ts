/**
 * Changes to many highlights at once (the Highlights view's selection):
 * recolour, delete and restore (Undo). Each goes through HighlightStore's
 * own rule for one highlight (tombstones, updated_at) inside one
 * transaction: an unknown or deleted id changes nothing at all.
 */
import type { Database } from 'better-sqlite3';
import type { RecolorResult } from '../../shared/highlights-view';
import type { HighlightColor } from '../../shared/types';
import type { HighlightStore } from '../db/highlights';

export function recolorHighlights(db: Database, store: HighlightStore, ids: readonly string[], color: HighlightColor, now = new Date()): RecolorResult {
  return db.transaction((): RecolorResult => {
    const previous: RecolorResult['previous'] = [];
    for (const id of new Set(ids)) {
      const before = store.get(id);
      // update() refuses an unknown or deleted highlight (not_found), rolling back the whole set.
      store.update(id, { color }, now);
      if (before && before.color !== color) previous.push({ id, color: before.color });
    }
    return { previous };
  })();
}

/** Soft-deletes every highlight (tombstones written); restoreHighlights undoes it. */
export function deleteHighlights(db: Database, store: HighlightStore, ids: readonly string[], now = new Date()): { ids: string[] } {
  const unique = [...new Set(ids)];
  db.transaction(() => {
    for (const id of unique) store.delete(id, now);
  })();
  return { ids: unique };
}

/** Undoes deleteHighlights: every highlight back, or none (an id never known is not_found). */
export function restoreHighlights(db: Database, store: HighlightStore, ids: readonly string[], now = new Date()): { ids: string[] } {
  const unique = [...new Set(ids)];
  db.transaction(() => {
    for (const id of unique) store.restore(id, now);
  })();
  return { ids: unique };
}
