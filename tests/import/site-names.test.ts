/**
 * What imported articles look like: titles without the site's name (only
 * when a part is the site), excerpts that are prose, not navigation, and
 * an author that is the site shown once (shared/site-name.ts, used by the
 * importer and the renderer alike).
 */
import { describe, expect, it } from 'vitest';
import { withoutSiteName } from '../../src/main/import/title';
import { chooseExcerpt, excerptOf, isNavigationJunk, isProse } from '../../src/main/import/excerpt';
import { authorAndSite, hostNames, namesSite } from '../../src/shared/site-name';
import { rowAuthor } from '../../src/renderer/src/lib/library-row';
import { importString } from './helpers';

const PROSE =
  'The council met on Tuesday evening and voted, after a long debate about costs, to turn three of the ' +
  'downtown parking garages into housing for about four hundred families over the next five years.';

function page(title: string, head = '', body = `<p>${PROSE}</p><p>${PROSE}</p><p>${PROSE}</p>`): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><article>${body}</article></body></html>`;
}

describe('titles lose the site name, and only the site name', () => {
  it.each([
    ['Headline of the day | Example Site', ['Example Site'], 'Headline of the day'],
    ['Mozilla - Wikipedia', hostNames('en.wikipedia.org'), 'Mozilla'],
    ['standalone WebAssembly binaries using Emscripten · V8', hostNames('v8.dev'), 'standalone WebAssembly binaries using Emscripten'],
    ['Apple’s new phone — The Verge', hostNames('www.theverge.com'), 'Apple’s new phone'],
    ['Apple’s new phone — The Verge', ['TheVerge'], 'Apple’s new phone'],
    ['Daring Fireball: Colophon', hostNames('daringfireball.net'), 'Colophon'],
    ['Samantha and The Great Big Lie - John C. Welch - Medium', ['Medium', 'John C. Welch'], 'Samantha and The Great Big Lie'],
    ['1Password für Mac generiert Einmal-Passwörter | heise online', ['heise online'], '1Password für Mac generiert Einmal-Passwörter'],
    ['東京の桜、例年より早く満開に｜日本経済新聞', ['日本経済新聞'], '東京の桜、例年より早く満開に'],
    ['Новая линия трамвая — Городские вести', ['Городские вести'], 'Новая линия трамвая'],
    ['The news of the day | BBC', hostNames('www.bbc.co.uk'), 'The news of the day'],
  ])('%s', (title, known, expected) => {
    expect(withoutSiteName(title, known)).toBe(expected);
  });

  it.each([
    ['Foo - Bar', ['Baz']],
    ['Foo - Bar', hostNames('baz.com')],
    ['Wi-Fi 7 explained', ['Fi 7 explained']],
    ['Spider-Man: No Way Home', ['Man']],
    ['Example Site', ['Example Site']],
    ['Headline | Example Site', []],
    ['Headline | Example Sites', ['Example Site']],
    ['Headline | Example', ['Example Site']],
  ])('keeps %s when no part is the site (%j)', (title, known) => {
    expect(withoutSiteName(title, known)).toBe(title);
  });

  it('in a whole import: og:site_name, the domain, a feed title and the byline name the site', () => {
    expect(importString('a.html', page('Council votes on housing | City Gazette', '<meta property="og:site_name" content="City Gazette">')).meta.title)
      .toBe('Council votes on housing');
    expect(importString('a.html', page('Council votes on housing - Gazette'), 'https://www.gazette.example/news/1').meta.title)
      .toBe('Council votes on housing');
    expect(importString('a.html', page('Council votes on housing · CG', '<link rel="alternate" type="application/rss+xml" title="CG RSS Feed" href="/feed">')).meta.title)
      .toBe('Council votes on housing');
    expect(importString('a.html', page('Council votes on housing', '<meta property="og:title" content="Council votes on housing | City Gazette"><meta property="og:site_name" content="City Gazette">')).meta.title)
      .toBe('Council votes on housing');
    // "Foo - Bar" on a site called Baz keeps its whole title.
    expect(importString('a.html', page('Council votes - Housing', '<meta property="og:site_name" content="City Gazette">'), 'https://gazette.example/a').meta.title)
      .toBe('Council votes - Housing');
  });
});

describe('excerpts are prose, not navigation', () => {
  it.each([
    '[Docs] [txt|pdf] [Tracker] [Email] [Diff1] [Diff2] [Nits]',
    'Coordinates: 42°S 174°E / 42°S 174°E',
    'Home > News > Technology > Phones',
    'Start » Nachrichten » Politik',
    '福娘童話集 > きょうのイソップ童話 > １月のイソップ童話 > 欲張りなイヌ',
    '12:30 | 4.5 | 17/3 | 2024',
  ])('%s is navigation', (line) => {
    expect(isNavigationJunk(line)).toBe(true);
    expect(isProse(line)).toBe(false);
  });

  it.each(['By Jane Doe', 'Jane Doe', 'Intended Status: Proposed Standard (independent)', '作者：王小明', 'From Wikipedia, the free encyclopedia'])(
    '%s is not prose',
    (line) => expect(isProse(line)).toBe(false),
  );

  it.each([PROSE, 'Lorem ipsum dolor sit amet.', '東京都内の桜は、今年も例年より早く満開を迎え、週末には多くの人が公園で花見を楽しんだ。', 'Городские власти объявили о запуске новой линии трамвая, которая соединит районы.'])(
    '%s is prose',
    (line) => expect(isProse(line)).toBe(true),
  );

  it('plain text: the first prose paragraph', () => {
    expect(excerptOf(`[Docs] [txt|pdf] [Tracker]\nCoordinates: 42°S 174°E\n${PROSE}`)).toBe(PROSE);
  });

  it('HTML: skips a first paragraph that is a byline, a breadcrumb or a row of links', () => {
    const html = `<p>By Jane Doe</p><p>Home &gt; News &gt; City</p><p><a href="/a">Politics and the city council</a> · <a href="/b">Housing and the garages downtown</a></p><p>${PROSE}</p>`;
    expect(chooseExcerpt('By Jane Doe', null, html, '')).toMatch(/^The council met on Tuesday/);
    // A declared description is kept even when short.
    expect(chooseExcerpt('A short description.', 'A short description.', html, '')).toBe('A short description.');
    const article = importString('a.html', page('Council', '', `<p class="crumbs">[Docs] [txt|pdf] [Tracker]</p><p>${PROSE}</p><p>${PROSE}</p>`));
    expect(article.meta.excerpt).toMatch(/^The council met on Tuesday/);
  });
});

describe('author and site shown once', () => {
  it('an author that is the site shows once; different names both show', () => {
    expect(authorAndSite('Mac & i', 'Mac & i')).toEqual({ author: null, site: 'Mac & i' });
    expect(authorAndSite('mac & I', 'Mac & i')).toEqual({ author: null, site: 'Mac & i' });
    expect(authorAndSite('Jane Doe, Mac & i', 'Mac & i')).toEqual({ author: 'Jane Doe, Mac & i', site: null });
    expect(authorAndSite('Jane Doe', 'Mac & i')).toEqual({ author: 'Jane Doe', site: 'Mac & i' });
    expect(authorAndSite('Macintosh', 'Mac')).toEqual({ author: 'Macintosh', site: 'Mac' });
    expect(authorAndSite('The Verge', 'theverge.com')).toEqual({ author: null, site: 'theverge.com' });
    expect(authorAndSite(null, 'Mac & i')).toEqual({ author: null, site: 'Mac & i' });
  });

  it('library rows: no author that is the site under its domain or its name', () => {
    expect(rowAuthor({ author: 'Mac & i', siteName: 'Mac & i' }, 'heise.de')).toBeNull();
    expect(rowAuthor({ author: 'The Verge', siteName: null }, 'theverge.com')).toBeNull();
    expect(rowAuthor({ author: 'Jane Doe', siteName: 'Mac & i' }, 'heise.de')).toBe('Jane Doe');
  });

  it('names compare without case, punctuation and spacing, never by part of a word', () => {
    expect(namesSite('the verge', ['The Verge'])).toBe(true);
    expect(namesSite('Verge', ['The Verge'])).toBe(false);
    expect(hostNames('en.wikipedia.org')).toContain('wikipedia');
    expect(hostNames('ft.com')).toContain('ft');
    expect(hostNames('127.0.0.1')).toEqual([]);
  });
});
