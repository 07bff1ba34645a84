import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsdom } from '../../src/main/import/jsdom';
import {
  collectImageUrls,
  downloadImages,
  isPlaceholderSrc,
  parseSrcset,
  pickSrcsetCandidate,
  promoteLazyImages,
  rewriteImageSources,
  rewriteImageSourcesDetailed,
  sniffImageMime,
} from '../../src/main/web/images';
import { GIF, JPEG, closeServersAfterEach, makePng, serve } from './helpers';

closeServersAfterEach();

const PLACEHOLDER_GIF = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';

function parse(html: string, url = 'https://example.com/articles/post.html'): Document {
  return new (jsdom().JSDOM)(html, { url }).window.document;
}

const srcs = (doc: Document): Array<string | null> => Array.from(doc.querySelectorAll('img')).map((i) => i.getAttribute('src'));

describe('srcset', () => {
  it('parses candidates per the HTML spec, commas inside URLs included', () => {
    expect(
      parseSrcset(
        'https://img.example/c_fill,w_320/a.jpg 320w, https://img.example/c_fill,w_800/a.jpg 800w,https://img.example/b.jpg 1600w',
      ),
    ).toEqual([
      { url: 'https://img.example/c_fill,w_320/a.jpg', width: 320 },
      { url: 'https://img.example/c_fill,w_800/a.jpg', width: 800 },
      { url: 'https://img.example/b.jpg', width: 1600 },
    ]);
    expect(parseSrcset('a.png, b.png 2x, c.png 1.5x')).toEqual([
      { url: 'a.png', density: 1 },
      { url: 'b.png', density: 2 },
      { url: 'c.png', density: 1.5 },
    ]);
    // Invalid descriptors drop their candidate; a trailing comma ends a URL.
    expect(parseSrcset('bad.png 10q, good.png, other.png 0w')).toEqual([{ url: 'good.png', density: 1 }]);
  });

  it('picks the smallest candidate at least as wide as the target, else the widest', () => {
    const set = 'https://i.example/s,w_320.jpg 320w, https://i.example/l,w_1600.jpg 1600w, https://i.example/m,w_1200.jpg 1200w';
    expect(pickSrcsetCandidate(set)).toBe('https://i.example/m,w_1200.jpg');
    expect(pickSrcsetCandidate(set, 1300)).toBe('https://i.example/l,w_1600.jpg');
    expect(pickSrcsetCandidate(set, 5000)).toBe('https://i.example/l,w_1600.jpg');
    expect(pickSrcsetCandidate('a.png 1x, b.png 2x, c.png 3x')).toBe('b.png');
    expect(pickSrcsetCandidate('a.png 1x')).toBe('a.png');
    expect(pickSrcsetCandidate('   ')).toBeNull();
  });
});

describe('malformed srcset', () => {
  it('drops only the bad candidates and never throws, whatever the attribute holds', () => {
    expect(parseSrcset('a.jpg 800w 600h, b.jpg 2X, c.jpg 1e1x, d.jpg -1x, e.jpg (x) 2x, f.jpg 1.5w')).toEqual([
      { url: 'a.jpg', width: 800 },
      { url: 'b.jpg', density: 2 },
      { url: 'c.jpg', density: 10 },
    ]);
    expect(parseSrcset('u.jpg\n 100w,\n\tv.jpg 200w')).toEqual([
      { url: 'u.jpg', width: 100 },
      { url: 'v.jpg', width: 200 },
    ]);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '.', ',', ' ', '\n', '1', 'w', 'x', 'h', '(', ')', '"', '-', 'é') }), (srcset) => {
        const candidates = parseSrcset(srcset);
        for (const c of candidates) expect(c.url).not.toMatch(/\s/);
        const picked = pickSrcsetCandidate(srcset);
        expect(picked === null ? candidates.length === 0 : candidates.some((c) => c.url === picked)).toBe(true);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it('leaves an image with an unusable srcset to its src', () => {
    const doc = parse('<body><img src="keep.jpg" srcset="bad.jpg 0w, worse.jpg 1.5w, , ,"><img data-srcset="x.jpg 1q 2x" src="also.jpg"></body>');
    expect(() => promoteLazyImages(doc)).not.toThrow();
    expect(srcs(doc)).toEqual(['https://example.com/articles/keep.jpg', 'https://example.com/articles/also.jpg']);
    expect(doc.querySelector('[srcset]')).toBeNull();
  });
});

describe('promoteLazyImages', () => {
  it('turns data-src, data-lazy-src and data-original into src, made absolute', () => {
    const doc = parse(`<body>
      <img src="${PLACEHOLDER_GIF}" data-src="/img/one.jpg" alt="one">
      <img data-lazy-src="two.png" alt="two">
      <img class="lazy" src="/spacer.gif" data-original="https://cdn.example/three.webp">
      <img src="plain.gif">
    </body>`);
    promoteLazyImages(doc);
    expect(srcs(doc)).toEqual([
      'https://example.com/img/one.jpg',
      'https://example.com/articles/two.png',
      'https://cdn.example/three.webp',
      'https://example.com/articles/plain.gif',
    ]);
    expect(doc.querySelector('[data-src]')).toBeNull();
  });

  it('picks a srcset / data-srcset candidate and removes srcset', () => {
    const doc = parse(`<body>
      <img src="${PLACEHOLDER_GIF}" data-srcset="https://i.example/c_fill,w_320/x.jpg 320w, https://i.example/c_fill,w_1400/x.jpg 1400w">
      <img src="small.jpg" srcset="small.jpg 400w, big.jpg 2000w" sizes="100vw">
      <picture><source type="image/svg+xml" srcset="v.svg"><source srcset="p-800.webp 800w, p-1600.webp 1600w"><img src="fallback.jpg"></picture>
    </body>`);
    promoteLazyImages(doc);
    expect(srcs(doc)).toEqual([
      'https://i.example/c_fill,w_1400/x.jpg',
      'https://example.com/articles/big.jpg',
      'https://example.com/articles/p-1600.webp',
    ]);
    expect(doc.querySelector('[srcset]:not(source)')).toBeNull();
    expect(doc.querySelector('img[sizes]')).toBeNull();
  });

  it('uses the <noscript> image in place of the placeholder before it', () => {
    const doc = parse(`<body><figure>
      <img src="${PLACEHOLDER_GIF}" alt="A chart" class="js-lazy">
      <noscript><img src="/real/chart.png"></noscript>
      <figcaption>Caption</figcaption></figure>
      <p>Text <noscript><img src="alone.png" alt="alone"></noscript></p>
    </body>`);
    promoteLazyImages(doc);
    const imgs = Array.from(doc.querySelectorAll('img'));
    expect(imgs.map((i) => [i.getAttribute('src'), i.getAttribute('alt')])).toEqual([
      ['https://example.com/real/chart.png', 'A chart'],
      ['https://example.com/articles/alone.png', 'alone'],
    ]);
    expect(doc.querySelectorAll('noscript')).toHaveLength(0);
  });

  it('removes tiny data: placeholders with no real source behind them', () => {
    const doc = parse(`<body><img src="${PLACEHOLDER_GIF}"><img src="data:image/png;base64,${Buffer.from(makePng(40, 40)).toString('base64')}${'A'.repeat(1200)}"></body>`);
    promoteLazyImages(doc);
    expect(srcs(doc)).toHaveLength(1);
    expect(srcs(doc)[0]).toMatch(/^data:image\/png/);
    expect(isPlaceholderSrc(PLACEHOLDER_GIF)).toBe(true);
    expect(isPlaceholderSrc('https://example.com/photo.jpg')).toBe(false);
  });

  it('resolves against <base href>', () => {
    const doc = parse('<head><base href="https://static.example/assets/"></head><body><img src="pic.jpg"><img data-src="../up.png"></body>');
    promoteLazyImages(doc);
    expect(srcs(doc)).toEqual(['https://static.example/assets/pic.jpg', 'https://static.example/up.png']);
  });
});

describe('collectImageUrls', () => {
  it('lists http(s) sources in order, deduplicated, capped', () => {
    const html =
      '<p><img src="https://a.example/1.png"><img src="data:image/png;base64,AAAA"><img src="https://a.example/2.png"></p>' +
      '<img src="https://a.example/1.png"><img src="http://b.example/3.jpg">';
    expect(collectImageUrls(html)).toEqual(['https://a.example/1.png', 'https://a.example/2.png', 'http://b.example/3.jpg']);
    const many = Array.from({ length: 150 }, (_, i) => `<img src="https://a.example/${i}.png">`).join('');
    const urls = collectImageUrls(many);
    expect(urls).toHaveLength(100);
    expect(urls[99]).toBe('https://a.example/99.png');
  });
});

describe('sniffImageMime', () => {
  it('recognises formats by their bytes only', () => {
    expect(sniffImageMime(makePng())).toBe('image/png');
    expect(sniffImageMime(JPEG)).toBe('image/jpeg');
    expect(sniffImageMime(GIF)).toBe('image/gif');
    const webp = new Uint8Array([...Buffer.from('RIFF'), 0x1a, 0, 0, 0, ...Buffer.from('WEBPVP8 '), 0, 0, 0, 0]);
    expect(sniffImageMime(webp)).toBe('image/webp');
    const avif = new Uint8Array([0, 0, 0, 0x1c, ...Buffer.from('ftypavif'), 0, 0, 0, 0, ...Buffer.from('avifmif1miaf')]);
    expect(sniffImageMime(avif)).toBe('image/avif');
    const heic = new Uint8Array([0, 0, 0, 0x18, ...Buffer.from('ftypheic'), 0, 0, 0, 0, ...Buffer.from('mif1heic')]);
    expect(sniffImageMime(heic)).toBeNull();
    const bmp = new Uint8Array(30);
    bmp.set([0x42, 0x4d]);
    bmp[14] = 40;
    expect(sniffImageMime(bmp)).toBe('image/bmp');
    expect(sniffImageMime(new Uint8Array([0, 0, 1, 0, 1, 0, 16, 16]))).toBe('image/x-icon');
    expect(sniffImageMime(new TextEncoder().encode('<!doctype html><p>hi'))).toBeNull();
    expect(sniffImageMime(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
  });
});

describe('downloadImages', () => {
  it('keeps real images, refuses fakes, SVG, oversize and missing ones, without throwing', async () => {
    const png = makePng(4, 4);
    const big = new Uint8Array([...makePng(), ...randomBytes(5000)]); // over the small cap below
    const base = await serve((req, res) => {
      switch (req.url) {
        case '/a.png':
          return res.writeHead(200, { 'content-type': 'image/png' }).end(png);
        case '/b.jpg': // the header lies; the bytes are a JPEG
          return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(JPEG);
        case '/c.gif':
          return res.writeHead(301, { location: '/real.gif' }).end();
        case '/real.gif':
          return res.writeHead(200, { 'content-type': 'image/gif' }).end(GIF);
        case '/fake.png': // says PNG, is HTML
          return res.writeHead(200, { 'content-type': 'image/png' }).end('<!doctype html><title>Login</title>');
        case '/logo.svg':
          return res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
        case '/sneaky.png': // SVG bytes behind an image/png header
          return res.writeHead(200, { 'content-type': 'image/png' }).end('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>');
        case '/big.png':
          return res.writeHead(200, { 'content-type': 'image/png' }).end(big);
        case '/page.png':
          return res.writeHead(200, { 'content-type': 'text/html' }).end(png);
        default:
          return res.writeHead(404).end();
      }
    });
    const urls = ['a.png', 'b.jpg', 'c.gif', 'fake.png', 'logo.svg', 'sneaky.png', 'big.png', 'page.png', 'missing.png'].map((p) => `${base}/${p}`);
    expect(big.length).toBeGreaterThan(1000);
    const { images, failed } = await downloadImages([...urls, 'ftp://x.example/y.png'], { maxBytes: 1000, concurrency: 3 });
    expect([...images.keys()].sort()).toEqual([`${base}/a.png`, `${base}/b.jpg`, `${base}/c.gif`]);
    expect(images.get(`${base}/a.png`)).toMatchObject({ mime: 'image/png', bytes: png });
    expect(images.get(`${base}/a.png`)!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(images.get(`${base}/b.jpg`)!.mime).toBe('image/jpeg');
    expect(images.get(`${base}/c.gif`)).toMatchObject({ mime: 'image/gif', finalUrl: `${base}/real.gif` });
    const reasons = Object.fromEntries(failed.map((f) => [f.url.replace(`${base}/`, ''), f.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['big.png', 'fake.png', 'ftp://x.example/y.png', 'logo.svg', 'missing.png', 'page.png', 'sneaky.png']);
    expect(reasons['fake.png']).toMatch(/not an image Gloss can keep/);
    expect(reasons['logo.svg']).toMatch(/SVG/);
    expect(reasons['sneaky.png']).toMatch(/SVG/);
    expect(reasons['big.png']).toMatch(/limit/);
    expect(reasons['page.png']).toMatch(/content type text\/html/);
    expect(reasons['missing.png']).toMatch(/404 Not Found/);
  });

  it('stops once cancelled, reporting the rest as cancelled', async () => {
    const base = await serve(() => {}); // never answers
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { images, failed } = await downloadImages([`${base}/1.png`, `${base}/2.png`], { signal: controller.signal, concurrency: 1 });
    expect(images.size).toBe(0);
    expect(failed).toEqual([
      { url: `${base}/1.png`, reason: 'cancelled' },
      { url: `${base}/2.png`, reason: 'cancelled' },
    ]);
  });
});

describe('rewriteImageSources', () => {
  it('points kept images at assets; a failed image keeps its alt text; one without alt goes', () => {
    const html =
      '<figure><img src="https://a.example/ok.png" alt="Kept"><figcaption>Cap</figcaption></figure>' +
      '<p>Before <img src="https://a.example/broken.png" alt="A <b>bold</b> diagram"> after</p>' +
      '<p><img src="https://a.example/noalt.png"></p><p><img src="data:image/png;base64,AAAA" alt="inline"></p>';
    const map = new Map([['https://a.example/ok.png', { hash: 'ab'.repeat(32) }]]);
    const result = rewriteImageSourcesDetailed(html, map, (h) => `gloss-asset:${h}`);
    expect(result).toEqual({
      html:
        `<figure><img src="gloss-asset:${'ab'.repeat(32)}" alt="Kept"><figcaption>Cap</figcaption></figure>` +
        '<p>Before <span class="image-missing">A &lt;b&gt;bold&lt;/b&gt; diagram</span> after</p>' +
        '<p></p><p><img src="data:image/png;base64,AAAA" alt="inline"></p>',
      rewritten: 1,
      missing: 2,
    });
    expect(rewriteImageSources('<img src="https://a.example/ok.png">', map)).toBe(`<img src="gloss-asset:${'ab'.repeat(32)}">`);
  });
});
