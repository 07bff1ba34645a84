/**
 * EPUB CFIs for ranges of a book's canonical text, and back: the spec's
 * own example rebuilt (itemref and element id assertions), text after
 * inline elements, nested elements, a chapter with an image (kept, and
 * one replaced by its alt text, where the stored text differs from the
 * file), ranges across chapters, a book made by pandoc, and a round-trip
 * property over random ranges of a generated book.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BookCfi, parseCfi } from '../../src/main/epub/cfi';
import { readEpub } from '../../src/main/epub/read-epub';
import { pngFor } from '../web/helpers';
import { makeEpub, type EpubOptions } from './make-epub';

/** Gives the spine's itemrefs ids (`chap00ref`, `chap01ref` …), as the spec's example package has. */
function withItemrefIds(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  let n = 0;
  const opf = strFromU8(files['OEBPS/content.opf']!).replace(/<itemref /g, () => `<itemref id="chap${String(n++).padStart(2, '0')}ref" `);
  return zipSync({ ...files, 'OEBPS/content.opf': strToU8(opf), mimetype: [files.mimetype!, { level: 0 }] });
}

function open(bytes: Uint8Array): { text: string; book: BookCfi } {
  const { article, facts } = readEpub({ fileName: 'book.epub', bytes });
  const book = BookCfi.open(bytes, article.text, facts.chapters);
  if (!book) throw new Error('no CFI map');
  return { text: article.text, book };
}

/** The range of `quote` in `text` (its first occurrence after `from`). */
function rangeOf(text: string, quote: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(quote, from);
  if (start < 0) throw new Error(`"${quote}" not in the text`);
  return { start, end: start + quote.length };
}

const chapter = (body: string, attrs = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>t</title></head>
<body${attrs}>
${body}
</body>
</html>`;

const SPEC_BOOK: EpubOptions = {
  chapters: [
    { title: 'Opening', body: '<p>Before the example.</p>' },
    {
      title: 'The example',
      raw: chapter(
        `<p>one</p>
<p>two</p>
<p>three</p>
<p>four</p>
<p id="para05">xxx<em>yyy</em>0123456789</p>
<p>six</p>`,
        ' id="body01"',
      ),
    },
  ],
};

describe('EPUB CFI', () => {
  const spec = open(withItemrefIds(makeEpub(SPEC_BOOK)));

  it('writes the spec example: spine step with the itemref id, element ids, character data after an inline element', () => {
    const { text, book } = spec;
    const at = text.indexOf('xxxyyy0123456789');
    // From the second "y" inside <em> to the fourth digit of the text after it.
    expect(book.cfiOf({ start: at + 4, end: at + 10 })).toBe('epubcfi(/6/4[chap01ref]!/4[body01]/10[para05],/2/1:1,/3:4)');
    // Within one text node, the parent path runs down to it and the ends are offsets.
    expect(book.cfiOf(rangeOf(text, '0123456789'))).toBe('epubcfi(/6/4[chap01ref]!/4[body01]/10[para05]/3,:0,:10)');
    expect(book.cfiOf(rangeOf(text, 'xxx'))).toBe('epubcfi(/6/4[chap01ref]!/4[body01]/10[para05]/1,:0,:3)');
    expect(book.cfiOf(rangeOf(text, 'Before'))).toBe('epubcfi(/6/2[chap00ref]!/4/2/1,:0,:6)');
  });

  it("resolves the spec's example CFIs to the canonical text", () => {
    const { text, book } = spec;
    const at = text.indexOf('xxxyyy0123456789');
    expect(book.resolve('epubcfi(/6/4[chap01ref]!/4[body01]/10[para05],/2/1:1,/3:4)')).toEqual({ start: at + 4, end: at + 10 });
    // A point: an empty range.
    expect(book.resolve('epubcfi(/6/4[chap01ref]!/4[body01]/10[para05]/3:10)')).toEqual({ start: at + 16, end: at + 16 });
    // The id assertion wins over a wrong index (the spec's correction), in the package document and in the chapter.
    expect(book.resolve('epubcfi(/6/2[chap01ref]!/4[body01]/4[para05]/3,:0,:4)')).toEqual({ start: at + 6, end: at + 10 });
    // Nowhere in this book: no such chapter, step or syntax.
    expect(book.resolve('epubcfi(/6/40!/4/2/1:0)')).toBeNull();
    expect(book.resolve('epubcfi(/6/4!/4/40/1:0)')).toBeNull();
    expect(book.resolve('not a cfi')).toBeNull();
  });

  it('reads escapes, assertions and offsets it does not use', () => {
    expect(parseCfi('epubcfi(/6/4[chap^,01^]ref]!/4/2/1:3[yy^[,x;s=b])')).toEqual({
      start: { items: [{ index: 6 }, { index: 4, id: 'chap,01]ref' }, '!', { index: 4 }, { index: 2 }, { index: 1 }], offset: 3 },
      end: { items: [{ index: 6 }, { index: 4, id: 'chap,01]ref' }, '!', { index: 4 }, { index: 2 }, { index: 1 }], offset: 3 },
    });
    expect(parseCfi('epubcfi(/6/4!/4/2,/1:1,/3:4')).toBeNull();
    expect(parseCfi('epubcfi(/6/4!/4/2:1,/1:1,/3:4)')).toBeNull();
  });

  it('steps through nested elements and the text between inline elements', () => {
    const { text, book } = open(
      makeEpub({
        chapters: [
          {
            title: 'Nested',
            body: `<div id="outer"><blockquote><p>Alpha <b>beta <i>gamma</i> delta</b> epsilon<!-- a comment --> zeta</p></blockquote></div>`,
          },
        ],
      }),
    );
    // From inside <i> (in <b>) to the text after </b>.
    const range = rangeOf(text, 'gamma delta eps');
    const cfi = book.cfiOf(range);
    expect(cfi).toBe('epubcfi(/6/2!/4/2[outer]/2/2,/2/2/1:0,/3:4)');
    expect(book.resolve(cfi!)).toEqual(range);
    // A comment splits the text node but not the character data: offsets count on across it.
    const zeta = rangeOf(text, 'zeta');
    expect(book.cfiOf(zeta)).toBe('epubcfi(/6/2!/4/2[outer]/2/2/3,:9,:13)');
    expect(book.resolve(book.cfiOf(zeta)!)).toEqual(zeta);
  });

  it('counts an image as an element step, and finds text where the stored chapter differs from the file', () => {
    const { text, book } = open(
      makeEpub({
        chapters: [
          {
            title: 'Pictures',
            body: `<p>Look: <img src="../images/pic.png" alt="a lighthouse"/> the tower at dusk.</p>
<p>Gone: <img src="../images/missing.png" alt="ALT WORDS"/> then the sea.</p>`,
          },
        ],
        resources: { 'images/pic.png': pngFor('pic') },
      }),
    );
    // A kept image adds nothing to the text; it is the element step /2 between two character-data steps.
    const tower = rangeOf(text, 'the tower at dusk');
    expect(book.cfiOf(tower)).toBe('epubcfi(/6/2!/4/2/3,:1,:18)');
    expect(book.resolve('epubcfi(/6/2!/4/2/3,:1,:18)')).toEqual(tower);
    // A missing image became its alt text in the stored chapter, not in the file: found by its quote.
    expect(text).toContain('Gone: ALT WORDS then the sea.');
    const sea = rangeOf(text, 'then the sea');
    expect(book.cfiOf(sea)).toBe('epubcfi(/6/2!/4/4/3,:1,:13)');
    expect(book.resolve('epubcfi(/6/2!/4/4/3,:1,:13)')).toEqual(sea);
    // The alt text itself is nowhere in the file.
    expect(book.cfiOf(rangeOf(text, 'ALT WORDS'))).toBeNull();
  });

  it('spans chapters with the spine as the parent, trimming the breaks the text adds', () => {
    const { text, book } = open(
      makeEpub({
        chapters: [
          { title: 'One', body: '<p>End of the first.</p>' },
          { title: 'Two', body: '<h1 id="two">Two</h1><p>Start of the second.</p>' },
        ],
      }),
    );
    const range = { start: text.indexOf('the first'), end: text.indexOf('Start') + 5 };
    const cfi = book.cfiOf(range);
    expect(cfi).toBe('epubcfi(/6,/2!/4/2/1:7,/4!/4/4/1:5)');
    expect(book.resolve(cfi!)).toEqual(range);
    // A range starting on the break between chapters starts at the next chapter's text.
    const gap = { start: text.indexOf('first.') + 6, end: text.indexOf('Two') + 3 };
    expect(book.resolve(book.cfiOf(gap)!)).toEqual({ start: text.indexOf('Two'), end: gap.end });
  });

  it('points into a book made by pandoc', () => {
    const bytes = readFileSync(new URL('../fixtures/epub/lighthouse-epub3.epub', import.meta.url));
    const { text, book } = open(bytes);
    // pandoc: <body><section id="the-storm"><h1/><p>See <a>the tower</a>. The storm came …</p>
    const storm = rangeOf(text, 'The storm came in');
    expect(book.cfiOf(storm)).toBe('epubcfi(/6/8!/4/2[the-storm]/4/3,:2,:19)');
    // A table cell and a list item (thead > tr > th, ol > li).
    const cells = rangeOf(text, 'Waves\n9\n7 m\n\nFirst\nSecond');
    expect(book.cfiOf(cells)).toBe('epubcfi(/6/8!/4/2[the-storm],/6/2/2/4/1:0,/8/4/1:6)');
    for (const quote of ['The Lighthouse Keeper', 'keeper climbed the spiral', 'Emphasis and strong', 'second line.\n\nTwo hundred', 'the west.\n\nWind']) {
      const range = rangeOf(text, quote);
      expect(book.resolve(book.cfiOf(range)!), quote).toEqual(range);
    }
  });

  it('points into an EPUB 2 book by pandoc, and into a chapter that is not well-formed XML (read as HTML)', () => {
    const epub2 = open(readFileSync(new URL('../fixtures/epub/lighthouse-epub2.epub', import.meta.url)));
    for (const quote of ['keeper climbed the spiral', 'The storm came in']) {
      const range = rangeOf(epub2.text, quote);
      expect(epub2.book.resolve(epub2.book.cfiOf(range)!), quote).toEqual(range);
    }
    const { text, book } = open(
      makeEpub({
        chapters: [{ title: 'Loose', raw: '<html><head><title>x</title></head><body><p>Loose <b>markup<p>with&nbsp;an unclosed tag</body></html>' }],
      }),
    );
    const range = rangeOf(text, 'markup\n\nwith\u00a0an');
    const cfi = book.cfiOf(range);
    // The HTML parser closes the first <p> and reopens <b> in the second (as browsers read it).
    expect(cfi).toBe('epubcfi(/6/2!/4,/2/2/1:0,/4/2/1:7)');
    expect(book.resolve(cfi!)).toEqual(range);
  });

  it('round-trips random ranges of a generated book (ranges trimmed to the text the book holds)', () => {
    const words = ['lamp', 'stair', 'tide', 'gull', 'rope', 'salt', 'fog', 'keel'];
    const para = (i: number): string => {
      const w = (k: number): string => words[(i * 7 + k) % words.length]!;
      switch (i % 5) {
        case 0:
          return `<p id="p${i}">${w(0)} ${w(1)} <em>${w(2)}</em> ${w(3)}.</p>`;
        case 1:
          return `<p>${w(0)}<b>${w(1)} <i>${w(2)}</i></b>${w(3)} &amp; ${w(4)}</p>`;
        case 2:
          return `<ul><li>${w(0)}</li><li>${w(1)} <a href="#p0">${w(2)}</a></li></ul>`;
        case 3:
          return `<blockquote><p>${w(0)}<br/>${w(1)}</p></blockquote><!-- note --><p>${w(2)}  ${w(3)}</p>`;
        default:
          return `<div><span>${w(0)}</span> <span>${w(1)}</span></div>`;
      }
    };
    const { text, book } = open(
      makeEpub({
        chapters: [0, 1, 2].map((c) => ({
          title: `Chapter ${c + 1}`,
          body: `<h2>Chapter ${c + 1}</h2>${Array.from({ length: 8 }, (_, i) => para(c * 8 + i)).join('\n')}`,
        })),
      }),
    );
    const isAdded = (ch: string): boolean => ch === ' ' || ch === '\n';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.integer({ min: 1, max: 200 }), (start, length) => {
        const end = Math.min(text.length, start + length);
        let s = start;
        let e = end;
        while (s < e && isAdded(text[s]!)) s++;
        while (e > s && isAdded(text[e - 1]!)) e--;
        const cfi = book.cfiOf({ start, end });
        if (s === e) return cfi === null;
        return cfi !== null && JSON.stringify(book.resolve(cfi)) === JSON.stringify({ start: s, end: e });
      }),
      { numRuns: 300 },
    );
  });
});
