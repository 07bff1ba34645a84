import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import { tempDir } from '../helpers/tmp';

function setup() {
  const library = Library.open(tempDir());
  const dispatch = createDispatcher(createHandlers(library, 'browser'), (err) => {
    throw err;
  });
  const id = library.importFile({ fileName: 'a.txt', bytes: new TextEncoder().encode('Quiet\n\nThe café kettle sang.\n') }, 'new').article.id;
  return { library, dispatch, id };
}

function value(envelope: Envelope<unknown>): unknown {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

describe('search, library page, tags and reading state through the contract', () => {
  it('answers valid calls', async () => {
    const { library, dispatch, id } = setup();
    expect(value(await dispatch('search', { query: 'cafe' }))).toMatchObject({ results: [{ articleId: id, matches: [{ kind: 'text' }] }] });
    expect(value(await dispatch('search', { query: '' }))).toMatchObject({ results: [], total: 0 });
    expect(value(await dispatch('setArticleTags', { id, tags: ['News'] }))).toEqual({ id, tags: ['News'] });
    expect(value(await dispatch('tagArticles', { ids: [id], tags: ['later'] }))).toEqual({ ids: [id] });
    expect(value(await dispatch('listTags', {}))).toEqual([{ name: 'later', count: 1 }, { name: 'News', count: 1 }]);
    expect(value(await dispatch('renameTag', { from: 'later', to: 'news' }))).toEqual({ name: 'News', merged: true });
    expect(value(await dispatch('untagArticles', { ids: [id], tags: ['news'] }))).toEqual({ ids: [id] });
    expect(value(await dispatch('setReadingPosition', { id, progress: 0.3, position: '42' }))).toMatchObject({ readState: 'reading' });
    expect(value(await dispatch('setReadState', { id, state: 'finished' }))).toMatchObject({ readState: 'finished' });
    expect(value(await dispatch('setFavorite', { id, favorite: true }))).toMatchObject({ favorite: true });
    expect(value(await dispatch('setArchived', { ids: [id], archived: true }))).toMatchObject([{ archived: true }]);
    const page = value(await dispatch('listArticlesPage', { sort: 'title', order: 'asc', filter: { archived: true, favorite: true, state: 'finished' } }));
    expect(page).toMatchObject({ total: 1, items: [{ id, readProgress: 0.3, readPosition: '42', tags: [] }] });
    expect(value(await dispatch('deleteTag', { name: 'News' }))).toEqual({ name: 'News', articles: 0 });
    const del = value(await dispatch('deleteArticles', { ids: [id] })) as { undoToken: string };
    expect(library.articles.count()).toBe(0);
    expect(value(await dispatch('undoDeleteArticles', { undoToken: del.undoToken }))).toEqual({ restored: [id] });
    expect(library.articles.count()).toBe(1);
    library.close();
  });

  it('refuses bad arguments before any handler runs', async () => {
    const { library, dispatch, id } = setup();
    const cases: [string, unknown, RegExp][] = [
      ['search', {}, /query/],
      ['search', { query: 3 }, /query must be a string/],
      ['search', { query: 'x'.repeat(1001) }, /too long/],
      ['search', { query: 'x', limit: 0 }, /limit/],
      ['search', { query: 'x', limit: 1.5 }, /limit/],
      ['search', { query: 'x', extra: 1 }, /extra|Unrecognized/i],
      ['listArticlesPage', { sort: 'random' }, /sort must be one of/],
      ['listArticlesPage', { order: 'up' }, /order/],
      ['listArticlesPage', { limit: 501 }, /limit/],
      ['listArticlesPage', { offset: -1 }, /offset/],
      ['listArticlesPage', { filter: { state: 'done' } }, /state must be one of/],
      ['listArticlesPage', { filter: { tags: ['a,b'] } }, /commas/],
      ['listArticlesPage', { filter: { archived: 'yes' } }, /archived/],
      ['listArticlesPage', { filter: { color: 'red' } }, /color|Unrecognized/i],
      ['setArticleTags', { id, tags: [''] }, /empty/],
      ['setArticleTags', { id, tags: ['x'.repeat(65)] }, /64/],
      ['setArticleTags', { id, tags: ['a\nb'] }, /line breaks/],
      ['setArticleTags', { id: 'BAD ID', tags: [] }, /id must be/],
      ['tagArticles', { ids: [], tags: ['x'] }, /at least one article/],
      ['tagArticles', { ids: [id], tags: [] }, /at least one tag/],
      ['renameTag', { from: 'a', to: '' }, /empty/],
      ['setReadingPosition', { id, progress: 1.5, position: '' }, /progress/],
      ['setReadingPosition', { id, progress: -0.1, position: '' }, /progress/],
      ['setReadingPosition', { id, progress: 0.5 }, /position/],
      ['setReadState', { id, state: 'skimmed' }, /state must be one of/],
      ['setArchived', { ids: [id], archived: 1 }, /archived must be true or false/],
      ['setFavorite', { id }, /favorite/],
      ['deleteArticles', { ids: ['x'] }, /id must be/],
      ['undoDeleteArticles', { undoToken: 'nope' }, /undoToken/],
    ];
    for (const [method, args, message] of cases) {
      const envelope = await dispatch(method, args);
      expect(envelope.ok, `${method} ${JSON.stringify(args)}`).toBe(false);
      if (!envelope.ok) {
        expect(envelope.error.code, method).toBe('invalid_argument');
        expect(envelope.error.message, `${method} ${JSON.stringify(args)}`).toMatch(message);
      }
    }
    const missing = await dispatch('setReadState', { id: 'abcd1234', state: 'finished' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    const token = await dispatch('undoDeleteArticles', { undoToken: '00000000-0000-4000-8000-000000000000' });
    expect(token.ok ? null : token.error.code).toBe('not_found');
    expect(library.tags.ofArticle(id)).toEqual([]);
    library.close();
  });
});
