import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleStore } from '../../src/main/db/articles';
import { HighlightStore, QUOTE_NOT_FOUND } from '../../src/main/db/highlights';
import { openDatabase } from '../../src/main/db/open';
import { GlossError } from '../../src/shared/errors';
import { sampleArticle } from '../helpers/articles';
import { tempDir } from '../helpers/tmp';

// 'Tending a garden\n\nSoil first, then seeds.'
const TEXT = sampleArticle().text;

function setup() {
  const db = openDatabase(join(tempDir(), 'g.sqlite'));
  const articles = new ArticleStore(db);
  const highlights = new HighlightStore(db);
  const article = articles.insert(sampleArticle());
  return { db, articles, highlights, article };
}

/** The selectors a renderer would send for text[start, end). */
function at(text: string, start: number, end: number) {
  return {
    quote: { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
    position: { start, end },
  };
}

function span(phrase: string, text = TEXT) {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`not in text: ${phrase}`);
  return at(text, start, start + phrase.length);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GlossError) return err.code;
    throw err;
  }
  throw new Error('expected a GlossError');
}

const T0 = new Date('2024-05-01T10:00:00.000Z');
const T1 = new Date('2024-05-01T11:00:00.000Z');
const T2 = new Date('2024-05-01T12:00:00.000Z');

describe('HighlightStore', () => {
  it('creates highlights and lists them in document order, counting them on the article', () => {
    const { db, articles, highlights, article } = setup();
    const seeds = highlights.create({ articleId: article.id, ...span('then seeds'), color: 'green' }, T0);
    const soil = highlights.create({ articleId: article.id, ...span('Soil first, then'), color: 'yellow', note: 'why?' }, T0);
    const soilShort = highlights.create({ articleId: article.id, ...span('Soil'), color: 'blue' }, T0);
    const garden = highlights.create({ articleId: article.id, ...span('garden'), color: 'pink' }, T0);

    expect(seeds.id).toMatch(/^[a-z0-9]{16}$/);
    expect(soil).toMatchObject({
      articleId: article.id,
      color: 'yellow',
      note: 'why?',
      anchor: 'exact',
      quote: { exact: 'Soil first, then', prefix: 'Tending a garden\n\n', suffix: ' seeds.' },
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    });
    expect(highlights.list(article.id).map((h) => h.id)).toEqual([garden.id, soilShort.id, soil.id, seeds.id]);
    expect(highlights.get(soil.id)).toEqual(soil);
    expect(articles.summary(article.id)?.highlightCount).toBe(4);
    db.close();
  });

  it('stores prefix and suffix taken from the text, whatever the caller sent', () => {
    const { db, highlights, article } = setup();
    const h = highlights.create(
      { articleId: article.id, quote: { exact: 'first', prefix: 'bogus', suffix: '' }, position: { start: 23, end: 28 }, color: 'yellow' },
      T0,
    );
    expect(TEXT.slice(23, 28)).toBe('first');
    expect(h.quote).toEqual({ exact: 'first', prefix: 'Tending a garden\n\nSoil ', suffix: ', then seeds.' });
    db.close();
  });

  it('places a quote whose position is stale where the quote really is', () => {
    const { db, highlights, article } = setup();
    const { quote } = span('then seeds');
    const h = highlights.create({ articleId: article.id, quote, position: { start: 0, end: 10 }, color: 'purple' }, T0);
    expect(h.position).toEqual({ start: TEXT.indexOf('then seeds'), end: TEXT.indexOf('then seeds') + 10 });
    expect(h.quote.exact).toBe('then seeds');
    db.close();
  });

  it('refuses a quote that is not in the text and stores nothing', () => {
    const { db, highlights, article } = setup();
    const bad = { articleId: article.id, quote: { exact: 'Water daily', prefix: '', suffix: '' }, position: { start: 0, end: 11 }, color: 'yellow' as const };
    let error: unknown;
    try {
      highlights.create(bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GlossError);
    expect((error as GlossError).code).toBe('invalid_argument');
    expect((error as GlossError).message).toBe(QUOTE_NOT_FOUND);
    // A position past the end of the text, with a quote that is not there either.
    expect(codeOf(() => highlights.create({ ...bad, position: { start: 500, end: 511 } }))).toBe('invalid_argument');
    expect(db.prepare('SELECT count(*) FROM highlights').pluck().get()).toBe(0);
    db.close();
  });

  it('answers not_found for unknown articles and highlights', () => {
    const { db, highlights } = setup();
    expect(codeOf(() => highlights.list('nosucharticle'))).toBe('not_found');
    expect(codeOf(() => highlights.create({ articleId: 'nosucharticle', ...span('Soil'), color: 'yellow' }))).toBe('not_found');
    expect(codeOf(() => highlights.update('nosuchhighlight', { color: 'blue' }))).toBe('not_found');
    expect(codeOf(() => highlights.delete('nosuchhighlight'))).toBe('not_found');
    expect(codeOf(() => highlights.restore('nosuchhighlight'))).toBe('not_found');
    expect(codeOf(() => highlights.getNote('nosucharticle'))).toBe('not_found');
    expect(codeOf(() => highlights.setNote('nosucharticle', 'x'))).toBe('not_found');
    expect(highlights.get('nosuchhighlight')).toBeUndefined();
    db.close();
  });

  it('updates colour and note, bumping updatedAt only', () => {
    const { db, highlights, article } = setup();
    const h = highlights.create({ articleId: article.id, ...span('Soil first'), color: 'yellow', note: 'a' }, T0);
    const coloured = highlights.update(h.id, { color: 'pink' }, T1);
    expect(coloured).toMatchObject({ color: 'pink', note: 'a', createdAt: T0.toISOString(), updatedAt: T1.toISOString() });
    const noted = highlights.update(h.id, { note: '' }, T2);
    expect(noted).toMatchObject({ color: 'pink', note: '', updatedAt: T2.toISOString() });
    expect(noted.position).toEqual(h.position);
    db.close();
  });

  it('re-attaches an orphaned highlight with new selectors, validated like a new one', () => {
    const { db, highlights, article } = setup();
    const h = highlights.create({ articleId: article.id, ...span('Soil first'), color: 'yellow' }, T0);
    db.prepare(`UPDATE highlights SET anchor = 'orphaned', orphaned = 1 WHERE id = ?`).run(h.id);
    expect(highlights.list(article.id)[0]?.anchor).toBe('orphaned');

    expect(codeOf(() => highlights.update(h.id, { quote: { exact: 'nowhere', prefix: '', suffix: '' }, position: { start: 0, end: 7 } }))).toBe(
      'invalid_argument',
    );
    expect(highlights.get(h.id)?.anchor).toBe('orphaned');

    const reattached = highlights.update(h.id, span('then seeds'), T1);
    expect(reattached).toMatchObject({ anchor: 'exact', quote: { exact: 'then seeds', suffix: '.' }, updatedAt: T1.toISOString() });
    expect(db.prepare('SELECT orphaned FROM highlights WHERE id = ?').pluck().get(h.id)).toBe(0);
    db.close();
  });

  it('lists orphaned highlights after the placed ones', () => {
    const { db, highlights, article } = setup();
    const first = highlights.create({ articleId: article.id, ...span('Tending'), color: 'yellow' }, T0);
    const last = highlights.create({ articleId: article.id, ...span('seeds'), color: 'yellow' }, T0);
    db.prepare(`UPDATE highlights SET anchor = 'orphaned', orphaned = 1 WHERE id = ?`).run(first.id);
    expect(highlights.list(article.id).map((h) => [h.id, h.anchor])).toEqual([
      [last.id, 'exact'],
      [first.id, 'orphaned'],
    ]);
    db.close();
  });

  it('soft-deletes with a tombstone, and restores, removing the tombstone', () => {
    const { db, articles, highlights, article } = setup();
    const h = highlights.create({ articleId: article.id, ...span('Soil first'), color: 'yellow', note: 'keep me' }, T0);
    highlights.delete(h.id, T1);

    expect(highlights.list(article.id)).toEqual([]);
    expect(highlights.get(h.id)).toBeUndefined();
    expect(articles.summary(article.id)?.highlightCount).toBe(0);
    expect(db.prepare('SELECT deleted_at FROM highlights WHERE id = ?').pluck().get(h.id)).toBe(T1.toISOString());
    expect(db.prepare(`SELECT deleted_at FROM tombstones WHERE entity = 'highlight' AND id = ?`).pluck().get(h.id)).toBe(
      T1.toISOString(),
    );
    // Deleted highlights can be neither edited nor deleted again.
    expect(codeOf(() => highlights.delete(h.id))).toBe('not_found');
    expect(codeOf(() => highlights.update(h.id, { color: 'blue' }))).toBe('not_found');

    const restored = highlights.restore(h.id, T2);
    expect(restored).toMatchObject({ id: h.id, note: 'keep me', updatedAt: T2.toISOString() });
    expect(highlights.list(article.id).map((x) => x.id)).toEqual([h.id]);
    expect(db.prepare(`SELECT count(*) FROM tombstones WHERE entity = 'highlight'`).pluck().get()).toBe(0);
    // Restoring a live highlight changes nothing.
    expect(highlights.restore(h.id)).toEqual(restored);
    db.close();
  });

  it('gets and upserts the article note, allowing an empty one', () => {
    const { db, highlights, article } = setup();
    expect(highlights.getNote(article.id)).toEqual({ articleId: article.id, note: '', updatedAt: null });
    expect(highlights.setNote(article.id, '# Thoughts\n\nGood soil.', T0)).toEqual({
      articleId: article.id,
      note: '# Thoughts\n\nGood soil.',
      updatedAt: T0.toISOString(),
    });
    expect(highlights.setNote(article.id, '', T1)).toEqual({ articleId: article.id, note: '', updatedAt: T1.toISOString() });
    expect(highlights.getNote(article.id)).toEqual({ articleId: article.id, note: '', updatedAt: T1.toISOString() });
    expect(db.prepare('SELECT count(*) FROM article_notes').pluck().get()).toBe(1);
    db.close();
  });

  it('removes highlights and the note with their article', () => {
    const { db, articles, highlights, article } = setup();
    const other = articles.insert(sampleArticle({ title: 'Other' }));
    highlights.create({ articleId: article.id, ...span('Soil'), color: 'yellow' });
    const deleted = highlights.create({ articleId: article.id, ...span('seeds'), color: 'yellow' });
    highlights.delete(deleted.id);
    const kept = highlights.create({ articleId: other.id, ...span('seeds'), color: 'blue' });
    highlights.setNote(article.id, 'gone soon');
    highlights.setNote(other.id, 'stays');

    articles.delete(article.id);
    expect(db.prepare('SELECT id FROM highlights').pluck().all()).toEqual([kept.id]);
    expect(db.prepare('SELECT note FROM article_notes').pluck().all()).toEqual(['stays']);
    expect(codeOf(() => highlights.list(article.id))).toBe('not_found');
    expect(codeOf(() => highlights.restore(deleted.id))).toBe('not_found');
    db.close();
  });

  it('keeps anchor and the v1 orphaned flag in step when re-anchoring', () => {
    const { db, articles, highlights, article } = setup();
    const h = highlights.create({ articleId: article.id, ...span('Soil first'), color: 'yellow' });
    articles.replace(article.id, { ...sampleArticle(), text: 'Something else entirely, about stones.', html: '<p>Something else entirely, about stones.</p>' });
    const report = highlights.reanchorArticle(article.id, T1);
    expect(report).toEqual({ exact: 0, moved: 0, orphaned: 1, movedIds: [], orphanedIds: [h.id], at: T1.toISOString() });
    expect(db.prepare('SELECT anchor, orphaned, quote, start_offset FROM highlights').get()).toEqual({
      anchor: 'orphaned',
      orphaned: 1,
      quote: 'Soil first',
      start_offset: h.position.start,
    });
    db.close();
  });
});
