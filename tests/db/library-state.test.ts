import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { LIBRARY_SORTS } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function library(n = 0): { lib: Library; ids: string[] } {
  const lib = Library.open(tempDir());
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(lib.importFile({ fileName: `a${i}.txt`, bytes: bytes(`Title ${String.fromCharCode(90 - i)}\n\nBody ${i}.\n`) }, 'new').article.id);
  }
  return { lib, ids };
}

function plan(lib: Library, sql: string, params: unknown[]): string {
  return (lib.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 10, 0) as { detail: string }[])
    .map((r) => r.detail)
    .join('\n');
}

describe('tags', () => {
  it('sets, adds, removes and lists tags with counts; names trimmed and case-insensitively unique', () => {
    const { lib, ids } = library(3);
    const [a, b, c] = ids as [string, string, string];
    expect(lib.setArticleTags(a, ['  Read   later ', 'news', 'NEWS'])).toEqual(['news', 'Read later']);
    lib.tagArticles([b, c], ['News', 'science']);
    expect(lib.listTags()).toEqual([
      { name: 'news', count: 3 },
      { name: 'Read later', count: 1 },
      { name: 'science', count: 2 },
    ]);
    lib.untagArticles([c], ['SCIENCE']);
    expect(lib.tags.ofArticle(c)).toEqual(['news']);
    for (const bad of ['', '   ', 'a,b', 'line\nbreak', 'x'.repeat(65)]) {
      expect(() => lib.tagArticles([a], [bad]), JSON.stringify(bad)).toThrow(/tag name/);
    }
    expect(() => lib.tagArticles([a, 'nosuchid1'], ['x'])).toThrow(/No article/);
    expect(lib.tags.ofArticle(a)).toEqual(['news', 'Read later']); // all or nothing
    lib.close();
  });

  it('renames, merges into an existing tag, and deletes', () => {
    const { lib, ids } = library(3);
    const [a, b, c] = ids as [string, string, string];
    lib.setArticleTags(a, ['js']);
    lib.setArticleTags(b, ['javascript', 'js']);
    lib.setArticleTags(c, ['javascript']);
    expect(lib.renameTag('js', 'JS')).toEqual({ name: 'JS', merged: false });
    expect(lib.renameTag('js', 'JavaScript')).toEqual({ name: 'javascript', merged: true });
    expect(lib.listTags()).toEqual([{ name: 'javascript', count: 3 }]);
    expect(() => lib.renameTag('nope', 'x')).toThrow(/No tag/);
    expect(lib.deleteTag('JAVASCRIPT')).toBe(3);
    expect(lib.listTags()).toEqual([]);
    expect(lib.tags.ofArticle(b)).toEqual([]);
    lib.close();
  });
});

describe('reading state', () => {
  it('moves unread -> reading -> finished with the position, and bumps updated_at', () => {
    const { lib, ids } = library(1);
    const id = ids[0]!;
    const t0 = lib.articles.summary(id)!.updatedAt;
    const t1 = new Date(Date.parse(t0) + 1000);
    const r1 = lib.reading.setPosition(id, 0.4, 'o:120', t1);
    expect(r1).toMatchObject({ readState: 'reading', readProgress: 0.4, readPosition: 'o:120', updatedAt: t1.toISOString() });
    const r2 = lib.reading.setPosition(id, 0.99, 'o:900', new Date(t1.getTime() + 1000));
    expect(r2.readState).toBe('finished');
    // The user marks it in progress at the end: scrolling there again does not finish it.
    lib.reading.setState(id, 'reading', new Date(t1.getTime() + 2000));
    expect(lib.reading.setPosition(id, 1, 'o:950', new Date(t1.getTime() + 3000)).readState).toBe('reading');
    // Unchanged values do not move updated_at.
    const same = lib.reading.setPosition(id, 1, 'o:950', new Date(t1.getTime() + 9000));
    expect(same.updatedAt).toBe(new Date(t1.getTime() + 3000).toISOString());
    expect(lib.getArticle(id)).toMatchObject({ readProgress: 1, readPosition: 'o:950', readState: 'reading' });
    const fav = lib.reading.setFavorite(id, true, new Date(t1.getTime() + 10_000));
    expect(fav).toMatchObject({ favorite: true, updatedAt: new Date(t1.getTime() + 10_000).toISOString() });
    expect(lib.setArchived([id], true)[0]!.archived).toBe(true);
    expect(lib.articles.summary(id)).toMatchObject({ archived: true, favorite: true });
    expect(() => lib.setReadState('nosuchid1', 'finished')).toThrow(/No article/);
    lib.close();
  });
});

describe('library pages', () => {
  it('sorts, filters and pages, with tags and reading state on every row', () => {
    const { lib, ids } = library(6);
    lib.tagArticles([ids[0]!, ids[2]!, ids[4]!], ['even']);
    lib.tagArticles([ids[0]!, ids[3]!], ['first']);
    lib.setFavorite(ids[1]!, true);
    lib.setArchived([ids[5]!], true);
    lib.setReadingPosition(ids[2]!, 0.5, 'x');
    const all = lib.listArticlesPage({ limit: 4 });
    expect(all.total).toBe(6);
    expect(all.libraryTotal).toBe(6);
    expect(all.items).toHaveLength(4);
    const next = lib.listArticlesPage({ limit: 4, offset: 4 });
    expect([...all.items, ...next.items].map((i) => i.id).sort()).toEqual([...ids].sort());
    const byTitle = lib.listArticlesPage({ sort: 'title', order: 'asc' }).items.map((i) => i.title);
    expect(byTitle).toEqual([...byTitle].sort());
    expect(lib.listArticlesPage({ filter: { tags: ['EVEN', 'first'] } }).items.map((i) => i.id)).toEqual([ids[0]]);
    expect(lib.listArticlesPage({ filter: { tags: ['even'] } }).total).toBe(3);
    expect(lib.listArticlesPage({ filter: { tags: ['unknown'] } })).toEqual({ items: [], total: 0, libraryTotal: 6, offset: 0 });
    expect(lib.listArticlesPage({ filter: { favorite: true } }).items.map((i) => i.id)).toEqual([ids[1]]);
    // A filtered page still counts the whole library (archived articles included): "5 of 6".
    expect(lib.listArticlesPage({ filter: { archived: false } })).toMatchObject({ total: 5, libraryTotal: 6 });
    expect(lib.listArticlesPage({ filter: { tags: ['even'], favorite: true } })).toMatchObject({ total: 0, libraryTotal: 6 });
    expect(lib.listArticlesPage({ filter: { state: 'reading' } }).items[0]).toMatchObject({
      id: ids[2],
      readState: 'reading',
      readProgress: 0.5,
      tags: ['even'],
    });
    expect(lib.listArticlesPage({ sort: 'progress', order: 'desc', limit: 1 }).items[0]!.id).toBe(ids[2]);
    expect(lib.listArticles()).toHaveLength(6); // the old call still works
    lib.close();
  });

  it('reads every sort and the usual filters off an index (EXPLAIN QUERY PLAN)', () => {
    const { lib } = library(2);
    lib.tagArticles([lib.listArticles()[0]!.id], ['t1', 't2']);
    for (const sort of LIBRARY_SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        for (const filter of [{}, { archived: false }, { state: 'unread' as const }, { favorite: true }]) {
          const built = lib.reading.buildPage({ sort, order, filter })!;
          const p = plan(lib, built.select, built.params);
          expect(p, `${sort} ${order} ${JSON.stringify(filter)}`).toMatch(/(SCAN|SEARCH) a USING (COVERING )?INDEX/);
          expect(p).not.toMatch(/SCAN a\s*$/m);
          if (Object.keys(filter).length === 0) expect(p, `${sort} ${order}`).not.toMatch(/TEMP B-TREE/);
        }
      }
      const tagged = lib.reading.buildPage({ sort, filter: { tags: ['t1', 't2'] } })!;
      const p = plan(lib, tagged.select, tagged.params);
      expect(p, `${sort} tags`).not.toMatch(/SCAN a\s*$/m);
      expect(p).toMatch(/article_tags/);
      expect(p).not.toMatch(/SCAN (at|article_tags)\s*$/m);
    }
    // The library's default view (not archived) sorted by author is read off its own index too.
    const byAuthor = lib.reading.buildPage({ sort: 'author', filter: { archived: false } })!;
    expect(plan(lib, byAuthor.select, byAuthor.params)).toMatch(/INDEX articles_by_archived_author/);
    expect(plan(lib, byAuthor.select, byAuthor.params)).not.toMatch(/TEMP B-TREE/);
    lib.close();
  });
});

describe('bulk delete with undo', () => {
  it('deletes articles with their highlights, notes and tags, and puts them all back', () => {
    const { lib, ids } = library(3);
    const [a, b] = ids as [string, string, string];
    lib.setArticleTags(a, ['keep']);
    lib.setArticleNote(a, 'aardvark note');
    const text = lib.getArticle(a).text;
    const start = text.indexOf('Body');
    const h = lib.createHighlight({ articleId: a, quote: { exact: 'Body', prefix: '', suffix: '' }, position: { start, end: start + 4 }, color: 'pink', note: 'wildebeest' });
    lib.setReadingPosition(a, 0.5, 'p');
    const before = lib.getArticle(a);
    const { deleted, undoToken } = lib.deleteArticles([a, b]);
    expect(deleted).toEqual([a, b]);
    expect(lib.articles.count()).toBe(1);
    expect(lib.search('wildebeest').total).toBe(0);
    expect(lib.db.prepare(`SELECT count(*) FROM tombstones WHERE entity = 'article'`).pluck().get()).toBe(2);
    // A new article meanwhile may take a freed row number.
    lib.importFile({ fileName: 'new.txt', bytes: bytes('New\n\nNew body.\n') }, 'new');
    expect(lib.undoDeleteArticles(undoToken)).toEqual({ restored: [a, b] });
    expect(lib.getArticle(a)).toEqual({ ...before });
    expect(lib.listHighlights(a).map((x) => x.id)).toEqual([h.id]);
    expect(lib.getArticleNote(a).note).toBe('aardvark note');
    expect(lib.search('wildebeest').results[0]?.matches[0]).toMatchObject({ highlightId: h.id });
    expect(lib.search('aardvark').total).toBe(1);
    expect(lib.search('body').total).toBeGreaterThanOrEqual(3);
    expect(lib.db.prepare(`SELECT count(*) FROM tombstones WHERE entity = 'article'`).pluck().get()).toBe(0);
    expect(() => lib.undoDeleteArticles(undoToken)).toThrow(/Nothing to undo/);
    expect(() => lib.deleteArticles([a, 'nosuchid1'])).toThrow(/No article/);
    expect(lib.articles.count()).toBe(4);
    lib.close();
  });
});
