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
    (bad as { format: string }).format = 'mobi';
    expect(() => articles.insert(bad)).toThrow();
    expect(articles.count()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM article_bodies').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM articles_fts').pluck().get()).toBe(0);
    db.close();
  });
});

describe('ArticleStore: replacing a text and finding duplicates', () => {
  it('replaces text and metadata, keeping the old version, id, added date and reading state', () => {
    const { db, articles } = store();
    const original = articles.insert(sampleArticle({}, ['soil']), { sourceName: 'g.html', now: new Date('2024-01-01T00:00:00Z') });
    db.prepare(`UPDATE articles SET read_state = 'reading', read_progress = 0.5 WHERE id = ?`).run(original.id);
    const next = {
      ...sampleArticle({ title: 'On Gardens, revised', sourceUrl: null, wordCount: 9 }, ['compost']),
      html: '<p>Compost first, then seeds.</p>',
      text: 'Compost first, then seeds.',
    };
    expect(articles.replace(original.id, next, { sourceName: 'g2.html', now: new Date('2024-02-01T00:00:00Z') })).toBe(true);

    const after = articles.get(original.id)!;
    expect(after).toMatchObject({
      id: original.id,
      title: 'On Gardens, revised',
      text: 'Compost first, then seeds.',
      addedAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-02-01T00:00:00.000Z',
      sourceUrl: 'https://example.com/gardens', // a version without a URL keeps the known one
      sourceName: 'g2.html',
      wordCount: 9,
    });
    expect(after.tags.map((t) => t.toLowerCase()).sort()).toEqual(['compost', 'soil']);
    expect(articles.version(original.id)).toBe(2);
    expect(db.prepare('SELECT read_state, read_progress FROM articles').get()).toEqual({ read_state: 'reading', read_progress: 0.5 });
    expect(db.prepare('SELECT version, text, replaced_at FROM article_versions').all()).toEqual([
      { version: 1, text: 'Tending a garden\n\nSoil first, then seeds.', replaced_at: '2024-02-01T00:00:00.000Z' },
    ]);
    expect(db.prepare(`SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'compost'`).pluck().get()).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'tending'`).pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM articles_fts').pluck().get()).toBe(1);

    articles.replace(original.id, sampleArticle());
    expect(db.prepare('SELECT version FROM article_versions ORDER BY version').pluck().all()).toEqual([1, 2]);
    expect(articles.replace('nosucharticle', sampleArticle())).toBe(false);
    db.close();
  });

  it('finds an earlier import by URL, or by file name and title', () => {
    const { db, articles } = store();
    const byUrl = articles.insert(sampleArticle({ title: 'A', sourceUrl: 'https://example.com/a' }), { sourceName: 'a.html' });
    const byName = articles.insert(sampleArticle({ title: 'B', sourceUrl: null }), { sourceName: 'b.txt' });

    expect(articles.findSameSource({ sourceUrl: 'https://example.com/a', sourceName: 'other.html', title: 'Changed' })?.id).toBe(byUrl.id);
    expect(articles.findSameSource({ sourceUrl: null, sourceName: 'b.txt', title: 'B' })?.id).toBe(byName.id);
    // Same name but another title, or another name: a different source.
    expect(articles.findSameSource({ sourceUrl: null, sourceName: 'b.txt', title: 'B2' })).toBeUndefined();
    expect(articles.findSameSource({ sourceUrl: null, sourceName: 'c.txt', title: 'B' })).toBeUndefined();
    // Same name and title, but two different URLs: different sources.
    expect(articles.findSameSource({ sourceUrl: 'https://example.com/z', sourceName: 'a.html', title: 'A' })).toBeUndefined();
    // A URL now, none before: name and title decide.
    expect(articles.findSameSource({ sourceUrl: 'https://example.com/b', sourceName: 'b.txt', title: 'B' })?.id).toBe(byName.id);
    db.close();
  });

  it('stores and reads the anchoring report', () => {
    const { db, articles } = store();
    const a = articles.insert(sampleArticle());
    expect(articles.anchorReport(a.id)).toBeNull();
    expect(articles.anchorReport('nosucharticle')).toBeUndefined();
    const report = { exact: 1, moved: 2, orphaned: 0, movedIds: ['x', 'y'], orphanedIds: [], at: '2024-01-01T00:00:00.000Z' };
    articles.setAnchorReport(a.id, report);
    expect(articles.anchorReport(a.id)).toEqual(report);
    db.close();
  });
});
