import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/shared/text/canonical';
import { importDocument } from '../../src/main/import';
import { bodyOf, expectedText, importString, texts } from './helpers';
import { SEED_FILE } from '../helpers/corpus';

const SEED = SEED_FILE;

describe('plain text: the seed article', () => {
  const article = importDocument({ fileName: '000_f7a549f89111a0be.txt', bytes: readFileSync(SEED) });
  const body = bodyOf(article);

  it('reads title, author and date', () => {
    expect(article.format).toBe('text');
    expect(article.meta.title).toBe('The Gut-Skin Connection: Glowing From The Inside Out');
    expect(article.meta.author).toBe('Shin Min-Hae');
    expect(article.meta.publishedAt).toBe('2024-02-13');
  });

  it('turns the short lines into exactly the four headings', () => {
    expect(texts(body, 'h2')).toEqual([
      'The Gut Microbiome: A Trillion-Strong Ally',
      'The Gut-Skin Axis: A Two-Way Street',
      'Nourishing Your Gut for Glowing Skin',
      'The Takeaway',
    ]);
    expect(body.querySelectorAll('h1, h3').length).toBe(0);
  });

  it('keeps neither title, byline nor the trailing "Comments" in the body', () => {
    expect(article.text).not.toContain('Glowing From The Inside Out');
    expect(article.text).not.toContain('Published on');
    expect(article.text).not.toMatch(/Comments\s*$/);
    expect(article.text.startsWith('For years, skincare routines')).toBe(true);
    expect(article.text.trimEnd().endsWith('beautiful skin starts from the inside out.')).toBe(true);
  });

  it('makes one paragraph per line and stores canonical text', () => {
    expect(body.querySelectorAll('p').length).toBe(11);
    expect(article.text).toBe(expectedText(article));
    expect(article.meta.wordCount).toBe(countWords(article.text));
    expect(article.meta.excerpt).toMatch(/^For years, skincare routines/);
  });
});

describe('plain text: bylines', () => {
  const cases: Array<[string, string | null, string | null]> = [
    ['By Jane Doe', 'Jane Doe', null],
    ['by Jane Doe and John Smith', 'Jane Doe and John Smith', null],
    ['By José Núñez, Ana López and Zoë Kravitz', 'José Núñez, Ana López and Zoë Kravitz', null],
    ['Jane Doe — March 3, 2023', 'Jane Doe', '2023-03-03'],
    ['Posted on 2023-03-03 by Jane Doe', 'Jane Doe', '2023-03-03'],
    ['Written by Jane Doe on 3/3/2023', 'Jane Doe', '2023-03-03'],
    ['March 3, 2023 by Jane Doe', 'Jane Doe', '2023-03-03'],
    ['Author: Jane Doe', 'Jane Doe', null],
    ['Date: 2023-03-03', null, '2023-03-03'],
    ['Updated 3 March 2023', null, '2023-03-03'],
    ['By Jane Doe | Staff Writer', 'Jane Doe', null],
    ['By Jane Doe · 13.02.2024', 'Jane Doe', '2024-02-13'],
    ['Feb. 13th, 2024 • Zoë', 'Zoë', '2024-02-13'],
    ['Opinion | By Jane Doe | March 3, 2023', 'Jane Doe', '2023-03-03'],
    ['Posted by John Smith at 10:30 am, 3 March 2023', 'John Smith', '2023-03-03'],
    ['By 신민해 | 2024/02/13', '신민해', '2024-02-13'],
    ['2024년 2월 13일 · 신민해 기자', '신민해', '2024-02-13'],
    ['Words by Jean-Luc Picard, Seoul, South Korea', 'Jean-Luc Picard', null],
  ];
  for (const [line, author, date] of cases) {
    it(`reads "${line}"`, () => {
      const article = importString('a.txt', `My Title\n${line}\n\nFirst paragraph of the article, which is long enough to be prose.\n`);
      expect(article.meta.author).toBe(author);
      expect(article.meta.publishedAt).toBe(date);
      expect(article.text).toBe('First paragraph of the article, which is long enough to be prose.');
    });
  }

  it('reads a byline split over two lines', () => {
    const article = importString('a.txt', 'Title\nBy Jane Doe\n13 February 2024\n\nBody text goes here, and it is a sentence.\n');
    expect(article.meta.author).toBe('Jane Doe');
    expect(article.meta.publishedAt).toBe('2024-02-13');
    expect(article.text).toBe('Body text goes here, and it is a sentence.');
  });

  for (const line of [
    'By the way, this line is an ordinary sentence.',
    'On March 3, 2023 the council met and voted on a very long list of different things.',
    'Jane Doe',
    'by 2024 most of us will have moved on',
  ]) {
    it(`leaves "${line}" in the body`, () => {
      const article = importString('a.txt', `Title\n${line}\n\nSecond paragraph, with enough words to be a paragraph.\n`);
      expect(article.meta.author).toBeNull();
      expect(article.text).toContain(line);
    });
  }

  it('refuses impossible dates', () => {
    const article = importString('a.txt', 'Title\nBy Jane Doe, 31.02.2023\n\nBody text of the article, written as a sentence.\n');
    expect(article.meta.author).toBe('Jane Doe');
    expect(article.meta.publishedAt).toBeNull();
  });
});

describe('plain text: structure', () => {
  it('joins hard-wrapped paragraphs and keeps blank-line paragraphs apart', () => {
    const source = [
      'A Wrapped Document',
      '',
      'This first paragraph was wrapped at a fixed width by an editor, so its',
      'lines break in the middle of a sentence and should be joined back again.',
      '',
      'A second paragraph follows after a blank line, also wrapped at the same',
      'width, and it also ends with a period.',
    ].join('\n');
    const body = bodyOf(importString('w.txt', source));
    const paragraphs = texts(body, 'p');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).toBe(
      'This first paragraph was wrapped at a fixed width by an editor, so its lines break in the middle of a sentence and should be joined back again.',
    );
  });

  it('makes lists from list lines', () => {
    const source = 'Shopping\n\nWe need a few things today:\n- apples\n- pears & plums\n* bread\n\nThen the steps:\n1. wash\n2. cut\n3. eat\n\nThat is all there is to it.\n';
    const body = bodyOf(importString('l.txt', source));
    expect(texts(body, 'ul > li')).toEqual(['apples', 'pears & plums', 'bread']);
    expect(texts(body, 'ol > li')).toEqual(['wash', 'cut', 'eat']);
    expect(body.querySelectorAll('ul').length).toBe(1);
  });

  it('makes headings only of short, unpunctuated lines that introduce text', () => {
    const source = [
      'Title Line',
      '',
      'Intro paragraph that is long enough to be read as a paragraph of prose.',
      'A Heading Here',
      'Text under the heading, which is again a full sentence of prose.',
      'Not a heading because it ends with a period.',
      'Also prose after it, so the previous line had something following.',
      'this starts in lower case',
      'And a final sentence closes the document properly.',
      'Share this',
      'Related posts',
    ].join('\n');
    const article = importString('h.txt', source);
    const body = bodyOf(article);
    expect(texts(body, 'h2')).toEqual(['A Heading Here']);
    expect(article.text).toContain('this starts in lower case');
    expect(article.text).not.toContain('Share this');
    expect(article.text).not.toContain('Related posts');
  });

  it('escapes everything: plain text is not HTML', () => {
    const source = 'Title <b>bold</b> & more\n\n<script>alert("x")</script> 5 < 6 && "quotes" \'too\'.\n<img src=x onerror=alert(1)> is text.\n';
    const article = importString('e.txt', source);
    expect(article.meta.title).toBe('Title <b>bold</b> & more');
    const body = bodyOf(article);
    expect(body.querySelector('script, img, b')).toBeNull();
    expect(article.text).toContain('<script>alert("x")</script> 5 < 6 && "quotes" \'too\'.');
    expect(article.html).toContain('&lt;script&gt;');
  });

  it('drops a single closing period from the title but keeps other punctuation', () => {
    expect(importString('t.txt', 'Is This A Question?\n\nBody sentence here.').meta.title).toBe('Is This A Question?');
    expect(importString('t.txt', 'And Then…\n\nBody sentence here.').meta.title).toBe('And Then…');
    expect(importString('t.txt', 'A Plain Title.\n\nBody sentence here.').meta.title).toBe('A Plain Title');
  });

  it('handles CRLF line endings', () => {
    const article = importString('c.txt', 'Title\r\nBy Jane Doe\r\n\r\nOne line of text.\r\nAnother line of text.\r\n');
    expect(article.meta.author).toBe('Jane Doe');
    expect(texts(bodyOf(article), 'p')).toEqual(['One line of text.', 'Another line of text.']);
  });
});
