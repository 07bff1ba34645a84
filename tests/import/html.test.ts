import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../src/main/import/sanitize';
import { bodyOf, expectedText, importString, texts } from './helpers';

const PARAGRAPH =
  'This is a long paragraph of article text, written so that the extractor has enough prose to ' +
  'recognise the main content of the page, with commas, clauses, and a few more words for good measure.';

const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function page(body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="pt-br"><head><meta charset="utf-8"><title>The Article Title | Example Site</title>${head}</head><body>${body}</body></html>`;
}

const ARTICLE = page(
  `<header><nav><a href="/">Home</a></nav></header>
  <article>
    <h1>The Article Title</h1>
    <p class="byline">By Jane Q. Doe</p>
    <p>${PARAGRAPH}</p>
    <p onclick="steal()">${PARAGRAPH} <a href="/next" onmouseover="x()">Next</a> <a href="javascript:alert(1)">js</a></p>
    <script>document.write('evil')</script>
    <style>p { color: red }</style>
    <iframe src="https://tracker.example/frame"></iframe>
    <form action="/post"><input name="q"><button>Send it</button></form>
    <figure><img src="${PIXEL}" alt="pixel" onerror="alert(2)" style="width:100px"><figcaption>A pixel</figcaption></figure>
    <p style="background-image:url(https://t.example/p.gif)">${PARAGRAPH}</p>
    <p><img src="/img/photo.jpg" srcset="https://cdn.example/big.jpg 2x" alt="photo"></p>
    <object data="x.swf"></object><embed src="y.swf">
    <table><tr><th>Col</th></tr><tr><td>Cell</td></tr></table>
  </article>`,
  `<meta property="og:site_name" content="Example Site"><meta property="article:published_time" content="2023-03-03T10:00:00+02:00">
   <meta name="description" content="A short description.">`,
);

describe('html', () => {
  const article = importString('saved.html', ARTICLE, 'https://example.com/news/story.html');
  const body = bodyOf(article);

  it('removes scripts, handlers, javascript: URLs, frames, forms, styles', () => {
    expect(article.html).not.toMatch(/<script|document\.write|<style|color: red|<iframe|<form|<input|<button|Send it/i);
    expect(article.html).not.toMatch(/\son\w+=|javascript:|style=|srcset|<object|<embed/i);
  });

  it('keeps data: images, tables and makes links absolute and safe', () => {
    const img = body.querySelector('img');
    expect(img?.getAttribute('src')).toBe(PIXEL);
    expect(img?.getAttribute('alt')).toBe('pixel');
    expect(texts(body, 'td')).toEqual(['Cell']);
    const photo = body.querySelector('img[alt="photo"]');
    expect(photo?.getAttribute('src')).toBe('https://example.com/img/photo.jpg');
    expect(photo?.hasAttribute('srcset')).toBe(false);
    const next = Array.from(body.querySelectorAll('a')).find((a) => a.textContent === 'Next');
    expect(next?.getAttribute('href')).toBe('https://example.com/next');
    expect(next?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('reads title, byline and metadata', () => {
    expect(article.format).toBe('html');
    expect(article.meta.title).toBe('The Article Title');
    expect(article.meta.author).toBe('Jane Q. Doe');
    expect(article.meta.siteName).toBe('Example Site');
    expect(article.meta.publishedAt).toBe('2023-03-03T10:00:00+02:00');
    expect(article.meta.language).toBe('pt-BR');
    expect(article.meta.sourceUrl).toBe('https://example.com/news/story.html');
    expect(article.meta.excerpt).toBe('A short description.');
  });

  it('does not repeat the title heading in the body', () => {
    expect(texts(body, 'h1, h2')).not.toContain('The Article Title');
    expect(article.text).toBe(expectedText(article));
  });

  it('reads JSON-LD authors and dates when the page has no visible byline', () => {
    const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'LD', author: [{ '@type': 'Person', name: 'Zoë Núñez' }], datePublished: '2022-12-01' });
    const a = importString('ld.htm', page(`<article><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article>`, `<script type="application/ld+json">${ld}</script>`));
    expect(a.meta.author).toBe('Zoë Núñez');
    expect(a.meta.publishedAt).toBe('2022-12-01');
  });

  it('cleans bylines: "By", trailing dates and roles', () => {
    const a = importString('b.html', page(`<article><div class="byline">By Sam Lee | Staff Writer</div><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article>`));
    expect(a.meta.author).toBe('Sam Lee');
    const b = importString('b.html', page(`<article><p class="author">Par Sébastien Farcis, le 3 mars 2023</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article>`));
    expect(b.meta.author).toBe('Sébastien Farcis');
  });

  it('drops relative URLs it cannot resolve but keeps in-page anchors', () => {
    const a = importString('r.html', page(`<article><p>${PARAGRAPH} <a href="other.html">rel</a> <a href="#note">note</a></p><p>${PARAGRAPH}<img src="pic.png"></p></article>`));
    const links = bodyOf(a).querySelectorAll('a');
    expect(links[0]?.hasAttribute('href')).toBe(false);
    expect(links[1]?.getAttribute('href')).toBe('#note');
    expect(bodyOf(a).querySelector('img')).toBeNull();
  });

  it('rejects a page with no readable content', () => {
    expect(() => importString('empty.html', '<html><head><title>Nothing</title></head><body><script>x()</script></body></html>')).toThrow(
      expect.objectContaining({ code: 'no_content' }),
    );
  });
});

describe('a page set vertically or right to left', () => {
  const JA = '吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。'.repeat(4);

  it('keeps a vertical writing mode its style sheet sets on the root (the rest of its CSS is dropped)', () => {
    const source = `<!DOCTYPE html><html lang="ja"><head><title>縦書き</title><style>/* a note */ p { color: red } html, body { -webkit-writing-mode: vertical-rl; writing-mode: vertical-rl }</style></head><body><article><p>${JA}</p><p>${JA}</p></article></body></html>`;
    const article = importString('tategaki.html', source);
    const body = bodyOf(article);
    expect(body.querySelector(':scope > section')?.className).toBe('writing-vertical-rl');
    expect(body.querySelectorAll('section p')).toHaveLength(2);
    expect(article.html).not.toMatch(/color|style/);
    expect(article.text).toBe(expectedText(article));
  });

  it('reads the mode from a style attribute on body, and only from the root (a vertical box inside is not the page)', () => {
    const attr = importString('lr.html', `<!DOCTYPE html><html lang="mn"><body style="writing-mode: vertical-lr"><article><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article></body></html>`);
    expect(bodyOf(attr).querySelector(':scope > section')?.className).toBe('writing-vertical-lr');
    const inner = importString('box.html', page(`<article><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article>`, '<style>.aside { writing-mode: vertical-rl }</style>'));
    expect(bodyOf(inner).querySelector('section')).toBeNull();
  });

  it('keeps dir="rtl" from html or body, even without a language', () => {
    const source = `<!DOCTYPE html><html dir="rtl"><head><title>مقالة</title></head><body><article><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article></body></html>`;
    const body = bodyOf(importString('rtl.html', source));
    expect(body.querySelector(':scope > div')?.getAttribute('dir')).toBe('rtl');
    expect(bodyOf(importString('ltr.html', page(`<article><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p></article>`))).querySelector('[dir]')).toBeNull();
  });
});

describe('sanitizeHtml', () => {
  it('is usable on its own', () => {
    const out = sanitizeHtml('<p onclick="x()">Hi <a href="/a" target="_blank">a</a><svg onload="x()"><circle/></svg><link rel="stylesheet" href="x.css"><meta http-equiv="refresh" content="0"></p>', 'https://example.org/base/');
    expect(out).toBe('<p>Hi <a href="https://example.org/a" rel="noopener noreferrer">a</a></p>');
  });

  it('blocks vbscript: and data: links but keeps mailto:', () => {
    const out = sanitizeHtml('<a href="vbscript:msgbox(1)">v</a><a href="data:text/html,<script>x</script>">d</a><a href="mailto:a@b.c">m</a>');
    expect(out).not.toMatch(/vbscript|data:/);
    expect(out).toContain('href="mailto:a@b.c"');
  });
});
