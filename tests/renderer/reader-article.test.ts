// @vitest-environment jsdom
/**
 * Loading the reader's article (runes, compiled by the Svelte plugin):
 * first load, a reload after a re-import, errors in one line, and answers
 * that arrive after the view moved on.
 */
import { describe, expect, it } from 'vitest';

import type { Article } from '../../src/shared/types';
import { ApiError } from '../../src/renderer/src/lib/api';
import { ArticleLoader } from '../../src/renderer/src/lib/reader-article.svelte';

function article(id: string, title: string): Article {
  return { id, title, html: '<p>x</p>', text: 'x' } as Article;
}

/** A get() whose answers the test hands out, in any order. */
function answers() {
  const pending: { id: string; resolve: (a: Article) => void; reject: (e: unknown) => void }[] = [];
  const get = (id: string): Promise<Article> =>
    new Promise<Article>((resolve, reject) => pending.push({ id, resolve, reject }));
  return { pending, get };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const { pending, get } = answers();
  const events: string[] = [];
  const titles: string[] = [];
  const loader = new ArticleLoader({
    get,
    beforeReload: async () => {
      events.push('flush');
    },
    onloaded: (a) => {
      events.push(`loaded ${a.title}`);
    },
    setTitle: (t) => titles.push(t),
  });
  return { loader, pending, events, titles };
}

describe('ArticleLoader', () => {
  it('shows the article once it arrives and names the window after it', async () => {
    const { loader, pending, events, titles } = setup();
    loader.load('a1');
    expect(loader.article).toBeNull();
    expect(pending.map((p) => p.id)).toEqual(['a1']);
    pending[0]!.resolve(article('a1', 'On gardens'));
    await settle();
    expect(loader.article?.title).toBe('On gardens');
    expect(loader.error).toBeNull();
    expect(titles).toEqual(['On gardens — Gloss']);
    expect(events).toEqual(['loaded On gardens']);
  });

  it('on a reload keeps the old text on screen, saves pending edits, then shows the new one', async () => {
    const { loader, pending, events } = setup();
    loader.load('a1');
    pending[0]!.resolve(article('a1', 'Version 1'));
    await settle();
    loader.load('a1');
    expect(loader.article?.title).toBe('Version 1');
    pending[1]!.resolve(article('a1', 'Version 2'));
    await settle();
    expect(loader.article?.title).toBe('Version 2');
    expect(events).toEqual(['loaded Version 1', 'flush', 'loaded Version 2']);
  });

  it('drops an answer that arrives after it was cancelled', async () => {
    const { loader, pending, events } = setup();
    const cancel = loader.load('a1');
    cancel();
    pending[0]!.resolve(article('a1', 'Late'));
    await settle();
    expect(loader.article).toBeNull();
    expect(events).toEqual([]);

    const cancelFailing = loader.load('a1');
    cancelFailing();
    pending[1]!.reject(new ApiError('internal', 'boom'));
    await settle();
    expect(loader.error).toBeNull();
  });

  it('explains a missing article, and any other failure in its own words', async () => {
    const a = setup();
    a.loader.load('gone');
    a.pending[0]!.reject(new ApiError('not_found', 'No article gone'));
    await settle();
    expect(a.loader.error).toEqual({ title: 'Article not found', message: 'It may have been deleted.' });
    expect(a.titles).toEqual(['Gloss']);

    const b = setup();
    b.loader.load('a1');
    b.pending[0]!.reject(new ApiError('internal', 'The library is busy.'));
    await settle();
    expect(b.loader.error).toEqual({ title: 'Could not open this article', message: 'The library is busy.' });
    expect(b.loader.article).toBeNull();
  });

  it('takes a reading change from main unless a newer one was applied, and only for its article', async () => {
    const { loader, pending } = setup();
    loader.load('a1');
    pending[0]!.resolve({ ...article('a1', 'T'), readState: 'unread', updatedAt: '2026-01-02T00:00:00.000Z' } as Article);
    await settle();
    const change = (updatedAt: string, id = 'a1') => ({
      id,
      updatedAt,
      readProgress: 0.5,
      readPosition: null,
      readState: 'finished' as const,
      archived: true,
      favorite: true,
    });
    loader.applyReading(change('2026-01-01T00:00:00.000Z')); // older: dropped
    loader.applyReading(change('2026-01-03T00:00:00.000Z', 'other')); // another article
    expect(loader.article?.readState).toBe('unread');
    loader.applyReading(change('2026-01-03T00:00:00.000Z'));
    expect(loader.article).toMatchObject({ readState: 'finished', archived: true, favorite: true, readProgress: 0.5 });
  });

  it('saves tags and shows them as main stored them, then refreshes the tag list', async () => {
    const saved: [string, string[]][] = [];
    let refreshed = 0;
    const { pending, get } = answers();
    const loader = new ArticleLoader({
      get,
      beforeReload: async () => {},
      onloaded: () => {},
      setTitle: () => {},
      setTags: async (id, tags) => {
        saved.push([id, tags]);
        return { id, tags: tags.map((t) => t.trim().toLowerCase()) };
      },
      ontagssaved: () => refreshed++,
    });
    loader.load('a1');
    pending[0]!.resolve(article('a1', 'T'));
    await settle();
    await loader.saveTags([' Garden ']);
    expect(saved).toEqual([['a1', [' Garden ']]]);
    expect(loader.article?.tags).toEqual(['garden']);
    expect(refreshed).toBe(1);
  });
});
