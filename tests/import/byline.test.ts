/**
 * Bylines found in web pages: what is kept as the author's name, what is
 * refused, and how a bare "By" is completed from the markup beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanAuthor, isBylineLabel } from '../../src/main/import/byline';
import { PROJECT_ROOT } from '../helpers/corpus';
import { importString } from './helpers';
import { bylineMatches, expectedName } from './metadata-match';
import type { ExpectedMetadata } from './metadata-match';

describe('cleanAuthor', () => {
  it('keeps the name, without the words that introduce it, in many languages', () => {
    const cases: Array<[string, string]> = [
      ['By Jane Doe', 'Jane Doe'],
      ['by: Jane Doe', 'Jane Doe'],
      ['Written by Jane Doe', 'Jane Doe'],
      ['Par Sébastien Farcis', 'Sébastien Farcis'],
      ['Von Anna Schmidt', 'Anna Schmidt'],
      ['Por Lucía Fernández', 'Lucía Fernández'],
      ['Escrito por Lucía Fernández', 'Lucía Fernández'],
      ['di Luigi Di Maio', 'Luigi Di Maio'],
      ['Scritto da Marco Rossi', 'Marco Rossi'],
      ['Door: Pieter de Vries', 'Pieter de Vries'],
      ['Av Erik Johansson', 'Erik Johansson'],
      ['Автор: Иван Петров', 'Иван Петров'],
      ['作者：王小明', '王小明'],
      ['بقلم: سارة محمود', 'سارة محمود'],
      ['Text by \n     NEWS WIRES', 'NEWS WIRES'],
      ['By Brenda  Goodman, MA\n   WebMD Health News', 'Brenda Goodman'],
      ['by Lucas Nolan22 Dec 2016651', 'Lucas Nolan'],
      ['Мария Иванова, 12 апреля 2024', 'Мария Иванова'],
    ];
    for (const [raw, name] of cases) expect(cleanAuthor(raw), raw).toBe(name);
  });

  it('leaves names that only look like a label alone', () => {
    for (const name of ['Di Maio', 'Mark Di Stefano', 'Ursula von der Leyen', 'Jane Doe and John Smith', 'GILLIAN MOHNEY', '山田 太郎']) {
      expect(cleanAuthor(name), name).toBe(name);
    }
  });

  it('refuses a bare label, a date, a URL, an address, a sentence and what is too long', () => {
    const refused = [
      'By', 'By:', 'by:', 'Von', 'Par', 'Por', 'Di', 'Door', 'Av', 'Af', 'Автор:', 'Written by', 'Posted by:', 'بقلم', '作者：',
      'Updated', 'Publié le', 'Last Updated: January 7, 2025', 'April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm',
      '21.dez.2018 às 10h55', '2024年3月28日', 'https://example.com/staff', 'www.example.com', 'jane@example.com',
      'This story was reported with support from a regional journalism fund.',
      `By ${'Averyverylongname '.repeat(8)}`,
    ];
    for (const raw of refused) expect(cleanAuthor(raw), raw).toBeNull();
  });

  it('tells a label-only byline from one with a name', () => {
    expect(isBylineLabel('By')).toBe(true);
    expect(isBylineLabel(' Von ')).toBe(true);
    expect(isBylineLabel('Автор:')).toBe(true);
    expect(isBylineLabel('By Jane')).toBe(false);
    expect(isBylineLabel('Bylines')).toBe(false);
    expect(isBylineLabel('Di Maio')).toBe(false);
  });
});

const PARAGRAPHS = `<p>${'The council voted on Tuesday to turn three downtown garages into housing, a plan supporters say could add a thousand flats. '.repeat(3)}</p>`.repeat(3);
const article = (byline: string, head = ''): string =>
  `<!DOCTYPE html><html lang="en"><head><title>Council votes to turn downtown garages into housing</title>${head}</head>` +
  `<body><article><h1>Council votes to turn downtown garages into housing</h1>${byline}${PARAGRAPHS}</article></body></html>`;
const authorOf = (html: string): string | null => importString('page.html', html).meta.author;

describe('bylines in HTML', () => {
  it('completes a bare "By" with the name in the next element', () => {
    expect(authorOf(article('<p><span class="byline">By</span> <a rel="author" href="/jane">Jane Doe</a></p>'))).toBe('Jane Doe');
    expect(authorOf(article('<p class="author">By <span>Jane Doe</span></p>'))).toBe('Jane Doe');
    expect(authorOf(article('<div class="byline"><span>By:</span></div><div class="name">Jane Doe</div>'))).toBe('Jane Doe');
    expect(authorOf(article('<p><span class="author-label">Von</span> · <span>Anna Schmidt</span></p>'))).toBe('Anna Schmidt');
  });

  it('drops a bare "By" with no name beside it, rather than storing "By"', () => {
    expect(authorOf(article('<p><span class="byline">By</span></p>'))).toBeNull();
    expect(authorOf(article('<p><span class="byline">By</span> <span>March 3, 2023</span></p>'))).toBeNull();
    // …and falls back to a name the page declares.
    expect(authorOf(article('<p><span class="byline">By</span></p>', '<meta name="author" content="Jane Doe">'))).toBe('Jane Doe');
  });

  it('skips a byline that names no one for the next one that does', () => {
    expect(authorOf(article('<div class="byline">Updated March 3, 2023</div><p><a rel="author" href="/t">Tom Baker</a></p>'))).toBe('Tom Baker');
    expect(authorOf(article('<div class="byline">https://example.com/staff</div><span itemprop="author"><meta itemprop="name" content="Priya Natarajan"></span>'))).toBe('Priya Natarajan');
  });

  it('does not take a byline from comments, footers or hidden parts, as Readability does not', () => {
    const comments = '<section class="comments"><p class="comment-author">Anonymous Coward</p><p>First!</p></section>';
    expect(authorOf(article(`<div class="byline">Updated March 3, 2023</div>`).replace('</article>', `</article>${comments}`))).toBeNull();
    expect(authorOf(article('<div class="byline">By</div><div hidden><a rel="author">Hidden Name</a></div>'))).toBeNull();
    expect(authorOf(article('<footer class="site-footer"><a rel="author">Footer Name</a></footer>'))).toBeNull();
  });
});

describe('the corpus measure', () => {
  it('reads the name out of what Readability prints', () => {
    expect(expectedName('By Jane Doe')).toBe('Jane Doe');
    expect(expectedName('Text by \n  NEWS WIRES')).toBe('NEWS WIRES');
    expect(expectedName('Автор: Иван Петров')).toBe('Иван Петров');
    expect(expectedName('Di Maio')).toBe('Di Maio');
    expect(expectedName('April Smith')).toBe('April Smith');
    for (const none of ['By', 'April 28, 2019 at 6:01 am', 'Last Updated: January 7, 2025', '21.dez.2018 às 10h55', 'https://x.example/a']) {
      expect(expectedName(none), none).toBeNull();
    }
  });

  it('matches the whole name, or its start up to a date, role or credential', () => {
    expect(bylineMatches('Jane Doe', 'By Jane Doe')).toBe(true);
    expect(bylineMatches('Brenda Goodman', 'By Brenda  Goodman, MA\n WebMD Health News')).toBe(true);
    expect(bylineMatches('Lucas Nolan', 'by Lucas Nolan22 Dec 2016651')).toBe(true);
    expect(bylineMatches('Jane', 'By Jane Doe')).toBe(false);
    expect(bylineMatches('By', 'By Jane Doe')).toBe(false);
    expect(bylineMatches(null, 'By Jane Doe')).toBe(false);
    expect(bylineMatches('Jane Doe', 'By John Smith')).toBe(false);
  });
});

describe('hand-made pages in several languages', () => {
  const dir = join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'pages');
  const pages = readdirSync(dir).sort();
  it('are there', () => expect(pages.length).toBeGreaterThanOrEqual(10));
  for (const page of pages) {
    it(page, () => {
      const expected = JSON.parse(readFileSync(join(dir, page, 'expected-metadata.json'), 'utf8')) as ExpectedMetadata;
      const a = importString('source.html', readFileSync(join(dir, page, 'source.html'), 'utf8'));
      expect(a.meta.title).toBe(expected.title);
      expect(a.meta.author).toBe(expected.byline);
    });
  }
});
