import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { finalizeBody } from '../../src/main/import/finalize';
import { importHtml } from '../../src/main/import/html';
import { jsdom } from '../../src/main/import/jsdom';
import { promoteLazyImages } from '../../src/main/web/images';
import { decodePage, importFileName, savePage } from '../../src/main/web/save-page';
import { WEB_CORPUS_DIR } from '../helpers/corpus';
import { GIF, JPEG, closeServersAfterEach, failure, makePng, pngFor, serve } from './helpers';

closeServersAfterEach();

/** No test reaches the internet: names other than IP literals do not resolve. */
const offline: LookupFunction = (hostname, _options, callback) =>
  process.nextTick(() =>
    (callback as (e: NodeJS.ErrnoException) => void)(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })),
  );

const corpusPage = (name: string): string => readFileSync(join(WEB_CORPUS_DIR, name, 'source.html'), 'utf8');
const expectedMeta = (name: string): { title: string; byline: string | null; lang?: string; siteName?: string } =>
  JSON.parse(readFileSync(join(WEB_CORPUS_DIR, name, 'expected-metadata.json'), 'utf8'));

/**
 * Serves a corpus page at /NAME/ with its absolute image hosts moved under
 * this server's /ext/ (each image a distinct generated PNG), and logs requests.
 */
async function serveCorpus(name: string): Promise<{ origin: string; requests: string[]; page: () => string }> {
  const requests: string[] = [];
  let origin = '';
  const page = (): string =>
    corpusPage(name).replace(/https?:\/\/(?=[a-z0-9.-]+\.[a-z]{2,}\/)/gi, `${origin}/ext/`);
  origin = await serve((req, res) => {
    requests.push(req.url!);
    if (req.url!.startsWith('/ext/')) return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(pngFor(req.url!));
    if (req.url === `/${name}/`) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
    res.writeHead(404).end();
  });
  return { origin, requests, page };
}

describe('savePage with corpus pages', () => {
  it('saves lazy-image-1 with every article image as an asset; only src attributes change', async () => {
    const name = 'lazy-image-1';
    const { origin, page } = await serveCorpus(name);
    const url = `${origin}/${name}/`;
    const saved = await savePage(`${url}?utm_source=twitter#intro`, { lookup: offline });

    const expected = expectedMeta(name);
    expect(saved.article.meta.title).toBe(expected.title);
    expect(saved.article.meta.author).toBe(expected.byline);
    expect(saved.article.meta.language).toBe('en');
    expect(saved.requestedUrl).toBe(url);
    expect(saved.finalUrl).toBe(url);
    expect(saved.article.meta.sourceUrl).toBe(url);
    expect(saved.canonicalUrl).toMatch(new RegExp(`^${origin}/ext/medium\\.com/voodoo-engineering/`));
    expect(saved.leadImageUrl).toMatch(/\/ext\/miro\.medium\.com\/max\/1200\//);
    expect(saved.leadImageHash).toMatch(/^[0-9a-f]{64}$/);

    // No image left pointing at the network; each one a stored asset.
    const srcs = Array.from(saved.article.html.matchAll(/<img[^>]*\ssrc="([^"]*)"/g), (m) => m[1]!);
    expect(srcs.length).toBeGreaterThan(5);
    const hashes = new Set(saved.assets.map((a) => a.hash));
    for (const src of srcs) {
      expect(src).toMatch(/^gloss-asset:[0-9a-f]{64}$/);
      expect(hashes.has(src.slice('gloss-asset:'.length))).toBe(true);
    }
    expect(saved.failedImages).toEqual([]);
    expect(saved.article.html).not.toContain('image-missing');
    expect(saved.assets.every((a) => a.mime === 'image/png' && a.sourceUrl.startsWith(`${origin}/ext/`))).toBe(true);
    expect(saved.assets.length).toBe(hashes.size);

    // The same pipeline without the image step: identical text, and identical
    // HTML once the asset URLs are turned back into the image URLs.
    const dom = new (jsdom().JSDOM)(page(), { url });
    promoteLazyImages(dom.window.document);
    const reference = importHtml(dom.serialize(), 'x.html', url);
    expect(saved.article.text).toBe(reference.text);
    expect(saved.article.meta.wordCount).toBe(reference.meta.wordCount);
    expect(saved.article.html).not.toBe(reference.html);
    const byHash = new Map(saved.assets.map((a) => [a.hash, a.sourceUrl]));
    const restored = saved.article.html.replace(/gloss-asset:([0-9a-f]{64})/g, (_m, h: string) => byHash.get(h)!.replace(/&/g, '&amp;'));
    expect(restored).toBe(reference.html);
  });

  it('saves lazy-image-2 (data-srcset behind data: placeholders), fetching the chosen candidate', async () => {
    const { origin, requests } = await serveCorpus('lazy-image-2');
    const saved = await savePage(`${origin}/lazy-image-2/`, { lookup: offline });
    expect(saved.article.meta.title).toBe(expectedMeta('lazy-image-2').title);
    expect(saved.article.html).not.toContain('data:image/gif');
    expect(saved.assets.length).toBeGreaterThan(3);
    const imageRequests = requests.filter((r) => r.startsWith('/ext/i.kinja-img.com/'));
    // The 470w candidate of "320w, 470w, 80w" sets (none reaches 1200 px: the widest wins).
    expect(imageRequests.some((r) => r.includes('w_470'))).toBe(true);
    expect(imageRequests.some((r) => /,w_(80|320)\//.test(r))).toBe(false);
  });

  it('saves keep-images with its metadata', async () => {
    const { origin } = await serveCorpus('keep-images');
    const saved = await savePage(`${origin}/keep-images/`, { lookup: offline });
    const expected = expectedMeta('keep-images');
    expect(saved.article.meta.title).toBe(expected.title);
    expect(saved.article.meta.author).toBe(expected.byline);
    expect(saved.article.meta.siteName).toBe(expected.siteName);
    expect(saved.article.meta.publishedAt).toBe('2015-03-27T13:07:55Z');
    expect(saved.article.meta.excerpt).toMatch(/^Welcome to DoctorX’s Barcelona lab/);
    expect(saved.assets.length).toBeGreaterThan(5);
  });
});

const ARTICLE = (body: string, head = ''): string =>
  `<!doctype html><html lang="en"><head><title>A test article</title>${head}</head><body><article><h1>A test article</h1>${body}` +
  `<p>${'This paragraph holds enough words for Readability to take it as the article body, with commas, and more. '.repeat(6)}</p>` +
  `<p>${'A second paragraph, just as long, so that the content scores well above the threshold we need here. '.repeat(6)}</p>` +
  '</article></body></html>';

describe('savePage: images', () => {
  it('a failed image keeps its alt text; the text then matches the stored HTML', async () => {
    const origin = await serve((req, res) => {
      if (req.url === '/ok.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(makePng());
      if (req.url === '/fake.png') return res.writeHead(200, { 'content-type': 'image/png' }).end('<html>not an image</html>');
      if (req.url === '/post') {
        return res.writeHead(200, { 'content-type': 'text/html' }).end(
          ARTICLE(
            '<figure><img src="/ok.png" alt="Working image"></figure>' +
              '<figure><img src="/gone.png" alt="Chart of rainfall"></figure>' +
              '<figure><img src="/fake.png" alt="Fake picture"></figure>',
          ),
        );
      }
      res.writeHead(404).end();
    });
    const saved = await savePage(`${origin}/post`, { lookup: offline });
    expect(saved.assets).toHaveLength(1);
    expect(saved.article.html).toMatch(/<img src="gloss-asset:[0-9a-f]{64}" alt="Working image">/);
    expect(saved.article.html).toContain('<span class="image-missing">Chart of rainfall</span>');
    expect(saved.article.html).toContain('<span class="image-missing">Fake picture</span>');
    expect(saved.article.html).not.toContain(`${origin}/gone.png`);
    expect(saved.article.text).toContain('Chart of rainfall');
    const body = finalizeBody(saved.article.html);
    expect(saved.article.text).toBe(body.text);
    expect(saved.article.meta.wordCount).toBe(body.wordCount);
    expect(saved.failedImages.map((f) => f.url).sort()).toEqual([`${origin}/fake.png`, `${origin}/gone.png`]);
  });

  it('promotes lazy images, srcset and noscript fallbacks before extraction', async () => {
    const requests: string[] = [];
    const origin = await serve((req, res) => {
      requests.push(req.url!);
      if (req.url === '/blog/post') {
        return res.writeHead(200, { 'content-type': 'text/html' }).end(
          ARTICLE(
            '<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==" data-src="img/lazy.gif" alt="Lazy"></p>' +
              '<p><img src="img/small.jpg" srcset="img/small.jpg 400w, img/c_fill,w_1200.jpg 1200w, img/huge.jpg 3000w" alt="Responsive"></p>' +
              '<p><img class="placeholder" alt="Fallback"><noscript><img src="/static/real.png"></noscript></p>',
          ),
        );
      }
      if (req.url === '/blog/img/lazy.gif') return res.writeHead(200, { 'content-type': 'image/gif' }).end(GIF);
      if (req.url === '/blog/img/c_fill,w_1200.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG);
      if (req.url === '/static/real.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(makePng());
      res.writeHead(404).end();
    });
    const saved = await savePage(`${origin}/blog/post`, { lookup: offline });
    expect(saved.failedImages).toEqual([]);
    expect(saved.assets.map((a) => [a.sourceUrl.replace(origin, ''), a.mime])).toEqual([
      ['/blog/img/lazy.gif', 'image/gif'],
      ['/blog/img/c_fill,w_1200.jpg', 'image/jpeg'],
      ['/static/real.png', 'image/png'],
    ]);
    expect(saved.article.html.match(/<img /g)).toHaveLength(3);
    expect(requests).not.toContain('/blog/img/small.jpg');
    expect(requests).not.toContain('/blog/img/huge.jpg');
  });

  it('records the lead image and canonical URL (normalized)', async () => {
    const origin = await serve((req, res) => {
      if (req.url === '/p') {
        return res.writeHead(200, { 'content-type': 'text/html' }).end(
          ARTICLE(
            '',
            '<meta property="og:image" content="/cover.jpg"><link rel="canonical" href="https://Example.com/p?utm_source=x&id=3#top">',
          ),
        );
      }
      if (req.url === '/cover.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG);
      res.writeHead(404).end();
    });
    const saved = await savePage(`${origin}/p`, { lookup: offline });
    expect(saved.canonicalUrl).toBe('https://example.com/p?id=3');
    expect(saved.leadImageUrl).toBe(`${origin}/cover.jpg`);
    expect(saved.leadImageHash).toBe(saved.assets[0]!.hash);
    expect(saved.assets).toEqual([expect.objectContaining({ mime: 'image/jpeg', sourceUrl: `${origin}/cover.jpg` })]);
    // images: false keeps nothing.
    const bare = await savePage(`${origin}/p`, { lookup: offline, images: false });
    expect([bare.assets, bare.leadImageHash]).toEqual([[], null]);
  });
});

/** windows-1252 bytes for `s` (the characters used here only). */
function cp1252(s: string): Uint8Array {
  const high: Record<string, number> = { '“': 0x93, '”': 0x94, '—': 0x97, '€': 0x80, '’': 0x92 };
  return Uint8Array.from(Array.from(s), (ch) => high[ch] ?? ch.charCodeAt(0));
}

describe('savePage: encodings, kinds and failures', () => {
  const LEGACY = ARTICLE('<p>“Café” — 5 €, l’été.</p>');

  it('decodes a windows-1252 page declared in the Content-Type header', async () => {
    const origin = await serve((_req, res) =>
      // The header wins over a (wrong) meta declaration.
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' }).end(cp1252(LEGACY.replace('<head>', '<head><meta charset="utf-8">'))),
    );
    const saved = await savePage(`${origin}/`, { lookup: offline });
    expect(saved.article.text).toContain('“Café” — 5 €, l’été.');
  });

  it('decodes a windows-1252 page declared in <meta>', async () => {
    const origin = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(cp1252(LEGACY.replace('<head>', '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'))),
    );
    const saved = await savePage(`${origin}/`, { lookup: offline });
    expect(saved.article.text).toContain('“Café” — 5 €, l’été.');
  });

  it('reads an undeclared non-UTF-8 page as windows-1252, and a declared UTF-8 page leniently', () => {
    expect(decodePage(cp1252('<p>“Café”</p>'), 'html', null, 'http://x/')).toBe('<p>“Café”</p>');
    const bad = new Uint8Array([...new TextEncoder().encode('<p>ok '), 0xff, ...new TextEncoder().encode('</p>')]);
    expect(decodePage(bad, 'html', 'utf-8', 'http://x/')).toBe('<p>ok \ufffd</p>');
  });

  it('follows redirects and stores the normalized final URL', async () => {
    const origin = await serve((req, res) => {
      if (req.url === '/short') return res.writeHead(301, { location: '/articles/full?utm_campaign=rss&id=1' }).end();
      res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE(''));
    });
    const saved = await savePage(`${origin}/short`, { lookup: offline });
    expect(saved.requestedUrl).toBe(`${origin}/short`);
    expect(saved.finalUrl).toBe(`${origin}/articles/full?id=1`);
    expect(saved.article.meta.sourceUrl).toBe(`${origin}/articles/full?id=1`);
  });

  it('saves text/plain and Markdown pages through their importers', async () => {
    const origin = await serve((req, res) => {
      if (req.url === '/notes.txt') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Plain title\n\nSome plain text here.\n');
      res.writeHead(200, { 'content-type': 'text/markdown' }).end('# Markdown title\n\nText with ![a picture](/pic.png).\n');
    });
    const txt = await savePage(`${origin}/notes.txt`, { lookup: offline });
    expect([txt.article.format, txt.article.meta.title]).toEqual(['text', 'Plain title']);
    const md = await savePage(`${origin}/readme`, { lookup: offline });
    expect([md.article.format, md.article.meta.title]).toEqual(['markdown', 'Markdown title']);
    // Its image failed (404): the alt text stays.
    expect(md.article.html).toContain('<span class="image-missing">a picture</span>');
  });

  it('fails clearly, storing nothing, for 404, PDF (even mislabeled), empty and oversize pages', async () => {
    const origin = await serve((req, res) => {
      if (req.url === '/pdf') return res.writeHead(200, { 'content-type': 'text/html' }).end('%PDF-1.7\n%âãÏÓ\n1 0 obj');
      if (req.url === '/empty') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>Nothing</title></head><body> </body></html>');
      if (req.url === '/huge') return res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE('x'.repeat(50_000)));
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    });
    const missing = await failure(savePage(`${origin}/missing`, { lookup: offline }));
    expect(missing.message).toBe(`Could not download ${origin}/missing: the server answered 404 Not Found.`);
    const pdf = await failure(savePage(`${origin}/pdf`, { lookup: offline }));
    // Read as a PDF whatever its type says: this one is cut short, so it is refused as damaged.
    expect(pdf.code).toBe('damaged_file');
    expect(pdf.message).toMatch(/cannot be read as a PDF/);
    const empty = await failure(savePage(`${origin}/empty`, { lookup: offline }));
    expect(empty.code).toBe('no_content');
    expect(empty.message).toContain(`${origin}/empty`);
    expect((await failure(savePage(`${origin}/huge`, { lookup: offline, maxBytes: 10_000 }))).code).toBe('too_large');
    expect((await failure(savePage('ftp://example.com/x'))).code).toBe('unsupported_format');
  });

  it('passes a cancel through', async () => {
    const origin = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(savePage(`${origin}/`, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('names the importer’s file after the URL', () => {
    expect(importFileName('https://example.com/2024/my-post.html', 'html')).toBe('my-post.html');
    expect(importFileName('https://example.com/', 'markdown')).toBe('example.com.md');
    expect(importFileName('https://example.com/caf%C3%A9', 'text')).toBe('café.txt');
  });
});
