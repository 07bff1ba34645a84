/**
 * The daily review's core over a real library file, with the clock
 * injected: today's set (stable, topped up, weighted, new ones mixed in),
 * answers scheduled by FSRS (Keep after Soon, Later after Keep), Retire,
 * undo, the streak, deletions and the settings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Review } from '../../src/main/review/review';
import { chooseDaySet, type Candidate } from '../../src/main/review/day-set';
import { Library } from '../../src/main/library';
import { makeEpub } from '../epub/make-epub';
import { tempDir } from '../helpers/tmp';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { TestClock, libraryWithHighlights } from './helpers';

const opened: Library[] = [];
afterEach(() => {
  for (const library of opened.splice(0)) library.close();
});

function setup(count: number, colorOf?: Parameters<typeof libraryWithHighlights>[1]) {
  const made = libraryWithHighlights(count, colorOf);
  opened.push(made.library);
  const clock = new TestClock();
  const review = new Review(made.library.db, { now: clock.now, seed: 'test' });
  return { ...made, clock, review };
}

const ids = (session: { cards: { highlight: { id: string } }[] }): string[] => session.cards.map((c) => c.highlight.id);

function dueOf(library: Library, id: string): string {
  return library.db.prepare('SELECT due FROM review_cards WHERE highlight_id = ?').pluck().get(id) as string;
}

describe('the day’s set', () => {
  it('holds the daily count of new highlights, the same on every call that day and in another connection', () => {
    const { library, review, clock } = setup(25);
    const first = review.session();
    expect(first).toMatchObject({ total: 10, done: 0, streak: 0, highlightCount: 25 });
    expect(first.cards.every((c) => c.status === 'new')).toBe(true);
    expect(new Set(ids(first)).size).toBe(10);
    expect(review.session()).toEqual(first);
    // Reopened (a new Review, as after a restart): the same cards in the same order.
    expect(new Review(library.db, { now: clock.now, seed: 'test' }).session()).toEqual(first);
    // The card shows its quote, note, source and the article it opens.
    const card = first.cards.find((c) => c.highlight.note !== '') ?? first.cards[0]!;
    expect(card.article).toMatchObject({ title: 'Sentences', format: 'text' });
    expect(card.highlight.quote.exact).toMatch(/^Sentence number \d+/);
    // Another day draws another set.
    clock.days(1);
    expect(ids(review.session())).not.toEqual(ids(first));
  });

  it('loses a card once answered, counts it done, and keeps the rest in order', () => {
    const { review } = setup(12);
    const start = review.session();
    const [a, b, ...rest] = ids(start);
    let session = review.answer(a!, 'keep');
    expect(session).toMatchObject({ total: 10, done: 1, streak: 1 });
    expect(ids(session)).toEqual([b, ...rest]);
    session = review.answer(b!, 'retire');
    expect(ids(session)).toEqual(rest);
    // Answered cards are not drawn again to fill the set the same day.
    expect(review.session()).toMatchObject({ total: 10, done: 2 });
  });

  it('is topped up when highlights arrive the same day, never beyond the daily count', () => {
    const { library, review, articleId } = setup(3);
    expect(review.session()).toMatchObject({ total: 3 });
    libraryWithHighlights(4, () => 'green', library, 'More');
    const session = review.session();
    expect(session.total).toBe(7);
    expect(ids(session).length).toBe(7);
    review.setSettings({ dailyCount: 5 });
    expect(review.session().total).toBe(7); // already chosen: a smaller count applies from tomorrow
    void articleId;
  });

  it('says "all done" when every card is answered, and nothing is due again the same day', () => {
    const { review } = setup(3);
    for (const id of ids(review.session())) review.answer(id, 'soon');
    const done = review.session();
    expect(done).toMatchObject({ cards: [], total: 3, done: 3, streak: 1 });
    expect(new Review((review as unknown as { db: Library['db'] }).db, { seed: 'test', now: () => new Date(2026, 0, 5, 23, 59) }).session().cards).toEqual([]);
  });

  it('mixes new highlights into due ones (about a third) and fills from either pool', () => {
    const { review, clock, highlights } = setup(40);
    // Twenty reviewed today, due in two days (Soon).
    for (const h of highlights.slice(0, 20)) review.answer(h.id, 'soon');
    clock.days(3);
    const session = review.session();
    expect(session.total).toBe(10);
    expect(session.cards.filter((c) => c.status === 'new').length).toBe(3);
    expect(session.cards.filter((c) => c.status === 'due').length).toBe(7);
    const reviewed = new Set(highlights.slice(0, 20).map((h) => h.id));
    for (const card of session.cards) expect(reviewed.has(card.highlight.id)).toBe(card.status === 'due');
  });

  it('draws important colours more often, and a colour weighted 0 never', () => {
    const { review, clock } = setup(60, (i) => (i % 2 === 0 ? 'pink' : 'yellow'));
    review.setSettings({ colorWeights: { pink: 5, yellow: 1 } });
    // Twenty days' sets of 10 from 30 pink and 30 yellow: an unweighted draw gives about 100 pink.
    let pinks = 0;
    for (let day = 0; day < 20; day++) {
      pinks += review.session().cards.filter((c) => c.highlight.color === 'pink').length;
      clock.days(1);
    }
    expect(pinks).toBeGreaterThan(140);

    const other = setup(6, (i) => (i < 2 ? 'blue' : 'green'));
    other.review.setSettings({ colorWeights: { green: 0 } });
    expect(other.review.session().cards.map((c) => c.highlight.color)).toEqual(['blue', 'blue']);
  });
});

describe('chooseDaySet', () => {
  const candidates: Candidate[] = Array.from({ length: 40 }, (_, i) => ({
    highlightId: `h${String(i).padStart(3, '0')}`,
    color: i % 4 === 0 ? 'pink' : 'yellow',
    reviewed: i >= 20,
  }));
  const weights = { yellow: 1, green: 1, blue: 1, pink: 1, purple: 1 };

  it('is a function of its inputs: the same day and seed give the same set; another day or seed another', () => {
    const set = chooseDaySet(candidates, 10, weights, '2026-01-05', 'seed');
    expect(chooseDaySet([...candidates].reverse(), 10, weights, '2026-01-05', 'seed')).toEqual(set);
    expect(chooseDaySet(candidates, 10, weights, '2026-01-06', 'seed')).not.toEqual(set);
    expect(chooseDaySet(candidates, 10, weights, '2026-01-05', 'other')).not.toEqual(set);
    // A third new, the rest due.
    expect(set.filter((id) => Number(id.slice(1)) < 20)).toHaveLength(3);
  });

  it('takes more of a heavier colour', () => {
    const heavy = chooseDaySet(candidates, 10, { ...weights, pink: 5 }, '2026-01-05', 'seed');
    const isPink = (id: string): boolean => Number(id.slice(1)) % 4 === 0;
    expect(heavy.filter(isPink).length).toBeGreaterThan(chooseDaySet(candidates, 10, weights, '2026-01-05', 'seed').filter(isPink).length);
  });
});

describe('answers', () => {
  it('schedule Soon before Keep before Later, and a Kept card comes back later each time', () => {
    const { library, review, clock, highlights } = setup(3);
    const [soon, keep, later] = highlights.map((h) => h.id) as [string, string, string];
    review.answer(soon, 'soon');
    review.answer(keep, 'keep');
    review.answer(later, 'later');
    const days = (id: string): number => (Date.parse(dueOf(library, id)) - clock.now().getTime()) / 86_400_000;
    // A new card, in whole days (no fuzz, no same-day steps): Soon 2, Keep 3, Later 8 (as README says).
    expect([days(soon), days(keep), days(later)]).toEqual([2, 3, 8]);
    // Not due tomorrow; due again on the day it is scheduled, as a "due" card.
    clock.days(1);
    expect(ids(review.session())).not.toContain(keep);
    const firstGap = Math.ceil(days(keep));
    clock.days(firstGap);
    const again = review.session();
    expect(again.cards.find((c) => c.highlight.id === keep)?.status).toBe('due');
    const before = clock.now().getTime();
    review.answer(keep, 'keep');
    expect((Date.parse(dueOf(library, keep)) - before) / 86_400_000).toBeGreaterThan(firstGap);
  });

  it('Retire: never in the review again', () => {
    const { review, clock, highlights } = setup(3);
    const retired = highlights[1]!.id;
    review.answer(retired, 'retire');
    for (let day = 0; day < 400; day += 37) {
      clock.days(37);
      const session = review.session();
      expect(ids(session)).not.toContain(retired);
      for (const id of ids(session)) review.answer(id, 'soon');
    }
  });

  it('Undo puts the card back as it was, and refuses when there is nothing to undo', () => {
    const { library, review, highlights } = setup(3);
    const id = ids(review.session())[0]!;
    review.answer(id, 'keep');
    expect(review.undo(id)).toMatchObject({ done: 0, total: 3 });
    expect(ids(review.session())).toContain(id);
    expect(library.db.prepare('SELECT count(*) FROM review_cards').pluck().get()).toBe(0);
    expect(library.db.prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(0);
    // A second answer's undo restores the first answer's card.
    review.answer(id, 'keep');
    const afterFirst = dueOf(library, id);
    review.answer(id, 'later');
    review.undo(id);
    expect(dueOf(library, id)).toBe(afterFirst);
    expect(() => review.undo(highlights.find((h) => h.id !== id)!.id)).toThrow(/no answer to undo/);
  });

  it('refuses an unknown or deleted highlight, and the dispatcher refuses an unknown answer', async () => {
    const { library, review, highlights } = setup(2);
    library.deleteHighlight(highlights[0]!.id);
    expect(() => review.answer(highlights[0]!.id, 'keep')).toThrow(/No highlight/);
    const dispatch = createDispatcher(createHandlers(library, 'browser'), (err) => {
      throw err;
    });
    const bad = await dispatch('answerReview', { highlightId: highlights[1]!.id, answer: 'again' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const good = await dispatch('answerReview', { highlightId: highlights[1]!.id, answer: 'later' });
    expect(good).toMatchObject({ ok: true, value: { highlightCount: 1 } });
  });
});

describe('the streak', () => {
  it('counts consecutive days with answers, alive until a day is missed', () => {
    const { review, clock, highlights } = setup(12);
    for (let d = 0; d < 3; d++) {
      review.answer(highlights[d]!.id, 'soon');
      if (d < 2) clock.days(1);
    }
    expect(review.session().streak).toBe(3);
    clock.days(1); // nothing answered yet today: yesterday still counts
    expect(review.session().streak).toBe(3);
    review.answer(highlights[5]!.id, 'keep');
    expect(review.session().streak).toBe(4);
    clock.days(2); // a day missed
    expect(review.session().streak).toBe(0);
  });
});

describe('deletions', () => {
  it('a deleted highlight leaves the set (undo brings it back); deleting its article removes its card and log', () => {
    const { library, review, articleId } = setup(4);
    const [first, second] = ids(review.session()) as [string, string];
    review.answer(second, 'keep');
    library.deleteHighlight(first);
    expect(review.session()).toMatchObject({ total: 3, done: 1, highlightCount: 3 });
    expect(ids(review.session())).not.toContain(first);
    library.restoreHighlight(first);
    expect(ids(review.session())).toContain(first);

    library.deleteArticle(articleId);
    const count = (table: string): unknown => library.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect([count('review_cards'), count('review_log'), count('review_day_cards')]).toEqual([0, 0, 0]);
    expect(review.session()).toMatchObject({ cards: [], total: 0, highlightCount: 0 });
  });
});

describe('a card’s location', () => {
  it('names a book highlight’s chapter', () => {
    const library = Library.open(tempDir());
    opened.push(library);
    const epub = makeEpub({
      title: 'Seasons',
      chapters: [
        { title: 'Spring', body: '<p>Buds open in the warm rain.</p>' },
        { title: 'Winter', body: '<p>The hive keeps its own warmth.</p>' },
      ],
    });
    const result = library.importFile({ fileName: 'seasons.epub', bytes: epub });
    if (result.status !== 'imported') throw new Error(result.status);
    const text = library.getArticle(result.article.id).text;
    const quote = 'The hive keeps its own warmth.';
    const start = text.indexOf(quote);
    library.createHighlight({
      articleId: result.article.id,
      quote: { exact: quote, prefix: text.slice(Math.max(0, start - 32), start), suffix: '' },
      position: { start, end: start + quote.length },
      color: 'blue',
    });
    const [card] = new Review(library.db, { now: new TestClock().now }).session().cards;
    expect(card).toMatchObject({ article: { title: 'Seasons', format: 'epub' }, location: { chapter: 'Winter' } });
  });
});

describe('undoing an article deletion', () => {
  it('brings its highlights back with their cards and answers', () => {
    const { library, review, articleId, highlights } = setup(3);
    review.answer(highlights[0]!.id, 'keep');
    review.answer(highlights[1]!.id, 'retire');
    const rows = (): unknown[] => [
      library.db.prepare('SELECT * FROM review_cards ORDER BY highlight_id').all(),
      library.db.prepare('SELECT highlight_id, answer, reviewed_at, day, previous FROM review_log ORDER BY seq').all(),
    ];
    const before = rows();
    const { undoToken } = library.deleteArticles([articleId]);
    expect(rows()).toEqual([[], []]);
    library.undoDeleteArticles(undoToken);
    expect(rows()).toEqual(before);
    expect(review.session().streak).toBe(1);
  });
});

describe('settings', () => {
  it('default to 10 a day, weight 1 each; keep what is valid', () => {
    const { review } = setup(1);
    expect(review.getSettings()).toEqual({ dailyCount: 10, colorWeights: { yellow: 1, green: 1, blue: 1, pink: 1, purple: 1 } });
    expect(review.setSettings({ dailyCount: 3, colorWeights: { purple: 4 } })).toEqual({
      dailyCount: 3,
      colorWeights: { yellow: 1, green: 1, blue: 1, pink: 1, purple: 4 },
    });
    expect(review.getSettings().dailyCount).toBe(3);
  });
});
