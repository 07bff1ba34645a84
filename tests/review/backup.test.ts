/**
 * The review in JSON backups: cards and answers go out and come back
 * (the schedule and the streak are the same after a restore), a file
 * without them (older, or a library that never reviewed) still restores,
 * and a merge keeps the newer card.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { Review } from '../../src/main/review/review';
import { tempDir } from '../helpers/tmp';
import { TestClock, libraryWithHighlights } from './helpers';

const opened: Library[] = [];
afterEach(() => {
  for (const library of opened.splice(0)) library.close();
});

function open(): Library {
  const library = Library.open(tempDir());
  opened.push(library);
  return library;
}

const cards = (library: Library): unknown[] => library.db.prepare('SELECT * FROM review_cards ORDER BY highlight_id').all();
const answers = (library: Library): unknown[] =>
  library.db.prepare('SELECT highlight_id, answer, reviewed_at, day FROM review_log ORDER BY highlight_id, reviewed_at').all();

describe('the review in JSON backups', () => {
  it('restores cards and answers: the same schedule, streak and retired cards', () => {
    const { library, highlights } = libraryWithHighlights(6);
    opened.push(library);
    const clock = new TestClock();
    const review = new Review(library.db, { now: clock.now, seed: 't' });
    review.answer(highlights[0]!.id, 'keep');
    review.answer(highlights[1]!.id, 'retire');
    clock.days(1);
    review.answer(highlights[2]!.id, 'later');
    const json = library.exportJson();
    expect(JSON.parse(json)).toHaveProperty('review.cards.length', 3);

    const restored = open();
    restored.importJson(json);
    expect(cards(restored)).toEqual(cards(library));
    expect(answers(restored)).toEqual(answers(library));
    const again = new Review(restored.db, { now: clock.now, seed: 't' }).session();
    expect(again.streak).toBe(2);
    expect(again.cards.map((c) => c.highlight.id)).not.toContain(highlights[1]!.id);
    // The same file again adds nothing.
    restored.importJson(json);
    expect(answers(restored)).toHaveLength(3);
    // Export → import → export gives the same review.
    expect(JSON.parse(restored.exportJson()).review).toEqual(JSON.parse(json).review);
  });

  it('restores a file without a review (older backups), and a library that never reviewed writes none', () => {
    const { library, highlights } = libraryWithHighlights(2);
    opened.push(library);
    const plain = JSON.parse(library.exportJson()) as Record<string, unknown>;
    expect(plain).not.toHaveProperty('review');
    new Review(library.db).answer(highlights[0]!.id, 'soon');
    const withReview = JSON.parse(library.exportJson()) as Record<string, unknown>;
    delete withReview.review;
    const restored = open();
    const report = restored.importJson(JSON.stringify(withReview));
    expect(report.highlights.added).toBe(2);
    expect(cards(restored)).toEqual([]);
    expect(new Review(restored.db).session().cards).toHaveLength(2);
  });

  it('merges by card: the newer one wins, answers are a union, cards of unknown highlights are skipped', () => {
    const { library, highlights } = libraryWithHighlights(2);
    opened.push(library);
    const clock = new TestClock();
    const review = new Review(library.db, { now: clock.now, seed: 't' });
    review.answer(highlights[0]!.id, 'soon');
    const older = library.exportJson();
    clock.days(3);
    review.answer(highlights[0]!.id, 'later');
    const newer = cards(library);
    library.importJson(older); // the file's card is older: kept as is, its one answer already here
    expect(cards(library)).toEqual(newer);
    expect(answers(library)).toHaveLength(2);

    const file = JSON.parse(older) as { review: { cards: { highlightId: string }[] } };
    file.review.cards[0]!.highlightId = 'zzzzzzzzzzzzzzzz';
    const other = open();
    other.importJson(JSON.stringify(file));
    expect(cards(other)).toEqual([]);
  });
});
