// @vitest-environment jsdom
/**
 * A PDF's text, loaded after its first page (Article.textLater): filled into
 * the shown article once, dropped when a reload replaced it meanwhile, and
 * never asked for an article that came with its text; meanwhile its
 * highlights are neither placed nor called unplaced.
 */
import { describe, expect, it } from 'vitest';

import type { Article, Highlight } from '../../src/shared/types';
import { ArticleLoader } from '../../src/renderer/src/lib/reader-article.svelte';
import { ReaderHighlights } from '../../src/renderer/src/lib/highlights.svelte';

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function pdfArticle(id: string, title: string): Article {
  return { id, title, format: 'pdf', html: '', text: '', textLater: true } as Article;
}

function setup(first: Article) {
  const gets: Array<(a: Article) => void> = [];
  let loads = 0;
  const texts: Array<{ id: string; resolve: (text: string) => void; reject: (e: unknown) => void }> = [];
  const loader = new ArticleLoader({
    // The first load answers at once; a reload waits for the test to answer it.
    get: () => (loads++ === 0 ? Promise.resolve(first) : new Promise<Article>((resolve) => gets.push(resolve))),
    beforeReload: async () => {},
    onloaded: () => {},
    setTitle: () => {},
    getText: (id) => new Promise((resolve, reject) => texts.push({ id, resolve, reject })),
  });
  return { loader, gets, texts };
}

describe('a PDF whose text comes later', () => {
  it('gets its text once, asked once however often the view says it is drawn', async () => {
    const { loader, texts } = setup(pdfArticle('p1', 'Paper'));
    loader.load('p1');
    await settle();
    expect(loader.article?.textLater).toBe(true);
    const done = loader.loadLaterText();
    void loader.loadLaterText();
    expect(texts.map((t) => t.id)).toEqual(['p1']);
    texts[0]!.resolve('The whole text of the paper.');
    await done;
    expect(loader.article?.text).toBe('The whole text of the paper.');
    expect(loader.article?.textLater).toBeUndefined();
    await loader.loadLaterText();
    expect(texts).toHaveLength(1);
  });

  it('drops a text that arrives after a reload replaced the article, and asks again for the new one', async () => {
    const { loader, gets, texts } = setup(pdfArticle('p1', 'Paper'));
    loader.load('p1');
    await settle();
    const old = loader.loadLaterText();
    loader.load('p1'); // a re-import: the article is loaded again
    gets[0]!(pdfArticle('p1', 'Paper, second version'));
    await settle();
    texts[0]!.resolve('The old text.');
    await old;
    expect(loader.article?.title).toBe('Paper, second version');
    expect(loader.article?.text).toBe('');
    const next = loader.loadLaterText();
    expect(texts.map((t) => t.id)).toEqual(['p1', 'p1']);
    texts[1]!.resolve('The new text.');
    await next;
    expect(loader.article?.text).toBe('The new text.');
  });

  it('asks nothing for an article that came with its text, and passes a failure on', async () => {
    const withText = setup({ id: 'a1', title: 'Article', html: '<p>x</p>', text: 'x' } as Article);
    withText.loader.load('a1');
    await settle();
    await withText.loader.loadLaterText();
    expect(withText.texts).toHaveLength(0);

    const failing = setup(pdfArticle('p2', 'Paper'));
    failing.loader.load('p2');
    await settle();
    const loading = failing.loader.loadLaterText();
    failing.texts[0]!.reject(new Error('The library is busy.'));
    await expect(loading).rejects.toThrow('The library is busy.');
    expect(failing.loader.article?.textLater).toBe(true);
  });
});

describe('highlights before the text is in', () => {
  it('are not called unplaced until there is a text to look for them in', () => {
    const store = new ReaderHighlights('p1');
    const h = {
      id: 'h1',
      articleId: 'p1',
      color: 'yellow',
      note: '',
      anchor: 'exact',
      quote: { exact: 'cover crops', prefix: '', suffix: '' },
      position: { start: 0, end: 11 },
    } as unknown as Highlight;
    store.items = [h];
    expect(store.placed).toEqual([]);
    expect(store.orphaned).toEqual([]);
    store.text = 'cover crops hold the soil';
    expect(store.placed.map((p) => p.highlight.id)).toEqual(['h1']);
    store.text = 'a text without it';
    expect(store.orphaned.map((o) => o.id)).toEqual(['h1']);
  });
});
