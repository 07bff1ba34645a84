import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { AssetStore } from '../../src/main/db/assets';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import type { ImportResult, UrlList } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function page(title: string, paragraph: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="canonical" href="https://example.com/gardens/on-gardens"><meta property="og:image" content="/lead.png"></head><body><article>
<h1>${title}</h1><p>${paragraph}</p><p><img src="/pic.png" alt="A picture"></p>
<p>${'More words about the garden and its soil. '.repeat(30)}</p></article></body></html>`;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function serve(routes: Record<string, () => { type: string; body: string | Buffer }>) {
  const hits: string[] = [];
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[(req.url ?? '').split('?')[0] ?? ''];
    if (!route) {
      res.writeHead(404).end('nope');
      return;
    }
    const { type, body } = route();
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

describe('saving a web page', () => {
  it('stores the page with its image, recognises the same URL, and refreshes it on request', async () => {
    let paragraph = 'Soil first, then seeds, then patience.';
    const { base, hits } = await serve({
      '/post': () => ({ type: 'text/html; charset=utf-8', body: page('On Gardens', paragraph) }),
      '/pic.png': () => ({ type: 'image/png', body: PNG }),
      '/lead.png': () => ({ type: 'image/png', body: Buffer.concat([PNG, Buffer.from([0])]) }),
    });
    const library = Library.open(tempDir());
    const dispatch = createDispatcher(createHandlers(library, 'browser'));

    const first = value<ImportResult>(await dispatch('saveUrl', { url: `${base}/post?utm_source=x#top` }));
    expect(first.status).toBe('imported');
    const article = library.getArticle(first.article.id);
    expect(article.title).toBe('On Gardens');
    expect(article.sourceUrl).toBe(`${base}/post`);
    const hash = /gloss-asset:([0-9a-f]{64})/.exec(article.html)?.[1];
    expect(hash).toBeDefined();
    expect(Buffer.from(new AssetStore(library.db).get(hash!)?.bytes ?? [])).toEqual(PNG);
    expect(article.canonicalUrl).toBe('https://example.com/gardens/on-gardens');
    expect(article.leadImage).toMatch(/^[0-9a-f]{64}$/);
    expect(article.leadImage).not.toBe(hash);
    expect(new AssetStore(library.db).get(article.leadImage!)?.mime).toBe('image/png');

    const fetchedBefore = hits.length;
    const again = value<ImportResult>(await dispatch('saveUrl', { url: `${base}/post` }));
    expect(again.status).toBe('duplicate');
    expect(hits.length).toBe(fetchedBefore); // recognised without fetching
    expect(library.listArticles()).toHaveLength(1);

    paragraph = 'Soil first, then seeds, then a great deal of patience.';
    const refreshed = value<ImportResult>(await dispatch('saveUrl', { url: `${base}/post`, mode: 'update' }));
    expect(refreshed.status).toBe('updated');
    expect(library.getArticle(first.article.id).text).toContain('a great deal of patience');
    expect(library.listArticles()).toHaveLength(1);
    library.close();
  });

  it('stores nothing when the page cannot be saved, and says why', async () => {
    const { base } = await serve({ '/paper.pdf': () => ({ type: 'application/pdf', body: '%PDF-1.7' }) });
    const library = Library.open(tempDir());
    const dispatch = createDispatcher(createHandlers(library, 'browser'));
    for (const url of [`${base}/paper.pdf`, `${base}/missing`, 'ftp://example.com/x', 'not a url']) {
      const envelope = await dispatch('saveUrl', { url });
      expect(envelope.ok, url).toBe(false);
    }
    const pdf = await dispatch('saveUrl', { url: `${base}/paper.pdf` });
    expect(!pdf.ok && pdf.error.message).toMatch(/PDF/);
    expect(library.listArticles()).toHaveLength(0);
    library.close();
  });

  it('reads lists of URLs', async () => {
    const library = Library.open(tempDir());
    const dispatch = createDispatcher(createHandlers(library, 'browser'));
    const csv = 'title,url,time_added,tags,status\nA,https://example.com/a?utm_medium=x,1700000000,garden|soil,unread\n';
    const list = value<UrlList>(await dispatch('parseUrlList', { name: 'pocket.csv', data: new TextEncoder().encode(csv) }));
    expect(list.format).toBe('pocket-csv');
    expect(list.entries).toEqual([
      { url: 'https://example.com/a', title: 'A', tags: ['garden', 'soil'], addedAt: '2023-11-14T22:13:20.000Z' },
    ]);
    const empty = await dispatch('parseUrlList', { name: 'x.txt', data: new TextEncoder().encode('nothing here') });
    expect(!empty.ok && empty.error.code).toBe('no_content');
    library.close();
  });
});
