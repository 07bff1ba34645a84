/**
 * The review history syncs (#19): a card's FSRS state and every answer
 * travel to the other devices; an undone answer is undone there too, and
 * the answer's undo state (the card before it) stays on the device that
 * answered.
 */
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { Review } from '../../src/main/review/review';
import { syncNow } from '../../src/main/sync/engine';
import { tempDir } from '../helpers/tmp';
import { canonicalDump } from './helpers';

const TEXT = 'Gardens\n\nGardens grow slowly. Patience is the first tool, and the second is a spade.';

describe('review history sync', () => {
  it('answers and cards reach the other device, and an undone answer is undone there', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    try {
      const r = a.importFile({ fileName: 'gardens.txt', bytes: new TextEncoder().encode(TEXT) }, 'new');
      if (r.status !== 'imported') throw new Error(r.status);
      const text = a.getArticle(r.article.id).text;
      const start = text.indexOf('Patience');
      const h = a.createHighlight({ articleId: r.article.id, quote: { exact: 'Patience', prefix: '', suffix: '' }, position: { start, end: start + 8 }, color: 'yellow' });
      syncNow(a.db, { folder, deviceName: 'a' });
      syncNow(b.db, { folder, deviceName: 'b' });
      let minute = 0;
      const now = (): Date => new Date(Date.UTC(2026, 10, 27, 9, minute++));
      new Review(a.db, { now }).answer(h.id, 'soon');
      new Review(a.db, { now }).answer(h.id, 'keep');
      syncNow(a.db);
      syncNow(b.db);
      const cards = (lib: Library): unknown => lib.db.prepare(`SELECT highlight_id, state, due, reps, last_review FROM review_cards`).all();
      const log = (lib: Library): unknown => lib.db.prepare(`SELECT highlight_id, answer, reviewed_at, day FROM review_log ORDER BY reviewed_at`).all();
      expect(log(b)).toEqual(log(a));
      expect((log(b) as unknown[]).length).toBe(2);
      expect(cards(b)).toEqual(cards(a));
      expect(b.db.prepare(`SELECT previous FROM review_log`).pluck().all()).toEqual([null, null]);

      new Review(a.db, { now }).undo(h.id);
      syncNow(a.db);
      syncNow(b.db);
      expect((log(b) as { answer: string }[]).map((l) => l.answer)).toEqual(['soon']);
      expect(cards(b)).toEqual(cards(a));
      expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
    } finally {
      a.close();
      b.close();
    }
  });
});
