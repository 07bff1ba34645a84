import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleStore } from '../../src/main/db/articles';
import { openDatabase } from '../../src/main/db/open';
import { sampleArticle } from '../helpers/articles';
import { tempDir } from '../helpers/tmp';

function store() {
  const db = openDatabase(join(tempDir(), 'g.sqlite'));
  return { db, articles: new ArticleStore(db) };
}

describe('ArticleStore', () => {
  it('stores an article with its body, tags and search row, and reads it back', () => {
    const { db, articles } = store();
    const summary = articles.insert(sampleArticle({}, ['Garden', 'soil', 'garden']), { sourceName: 'g.html' });
    expect(summary.id).toMatch(/^[a-z0-9]{16}$/);
    expect(summary).toMatchObject({ title: 'On Gardens', author: 'Ada Lovelace', sourceName: 'g.html', highlightCount: 0 });
    expect(summary.readingMinutes).toBe(1);

    const article = articles.get(summary.id);
    expect(article?.html).toBe('<h2>Tending a garden</h2><p>Soil first, then seeds.</p>');
    expect(article?.text).toBe('Tending a garden\n\nSoil first, then seeds.');
    expect(article?.tags.map((t) => t.toLowerCase()).sort()).toEqual(['garden', 'soil']);

    const hits = db.prepare(`SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'seeds'`).all();
    expect(hits).toHaveLength(1);
    db.close();
  });

  it('lists newest first', () => {
    const { db, articles } = store();
    const a = articles.insert(sampleArticle({ title: 'First' }), { now: new Date('2024-01-01T00:00:00Z') });
    const b = articles.insert(sampleArticle({ title: 'Second' }), { now: new Date('2024-01-02T00:00:00Z') });
    const c = articles.insert(sampleArticle({ title: 'Same time' }), { now: new Date('2024-01-02T00:00:00Z') });
    expect(articles.list().map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    expect(articles.count()).toBe(3);
    db.close();
  });

  it('deletes an article with its body and search row, leaving a tombstone', () => {
    const { db, articles } = store();
    const kept = articles.insert(sampleArticle({ title: 'Kept' }));
    const gone = articles.insert(sampleArticle({ title: 'Gone' }));
    expect(articles.delete(gone.id)).toBe(true);
    expect(articles.get(gone.id)).toBeUndefined();
    expect(articles.delete(gone.id)).toBe(false);
    expect(articles.list().map((s) => s.id)).toEqual([kept.id]);
    expect(db.prepare('SELECT count(*) FROM article_bodies').pluck().get()).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'seeds'`).pluck().get()).toBe(1);
    expect(db.prepare(`SELECT id FROM tombstones WHERE entity = 'article'`).pluck().all()).toEqual([gone.id]);
    db.close();
  });

  it('stores nothing when any part of an import fails', () => {
    const { db, articles } = store();
    const bad = sampleArticle();
    // The schema refuses an unknown format: the whole insert must roll back.
    (bad as { format: string }).format = 'pdf';
    expect(() => articles.insert(bad)).toThrow();
    expect(articles.count()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM article_bodies').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM articles_fts').pluck().get()).toBe(0);
    db.close();
  });
});
