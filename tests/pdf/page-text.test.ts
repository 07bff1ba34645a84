/** The page text rules (lines, paragraphs, hyphens), the page map, the title rule and PDF metadata values. */
import { describe, expect, it } from 'vitest';
import { pageAtOffset, pageParagraphs, type PdfTextItem } from '../../src/shared/pdf/page-text';
import { isJunkTitle, pdfTitle } from '../../src/main/pdf/title';
import { pdfDate, pdfKeywords } from '../../src/main/pdf/pdf-metadata';
import { pageStartsOf } from '../../src/main/pdf/read-pdf';
import { documentParameters, LocalDataFactory } from '../../src/main/pdf/pdfjs';

/** An item as pdf.js gives it: font size `size` at (x, y), about half an em per character. */
function item(str: string, x: number, y: number, size = 10, hasEOL = false): PdfTextItem {
  return { str, transform: [size, 0, 0, size, x, y], width: str.length * size * 0.5, height: size, hasEOL };
}

describe('pageParagraphs', () => {
  it('joins the lines of a paragraph with spaces and splits paragraphs at blank space and size changes', () => {
    const paragraphs = pageParagraphs([
      item('A Title', 50, 800, 20),
      item('first line of', 50, 760),
      item('the paragraph.', 50, 748),
      item('Second paragraph', 50, 720), // a gap of 28 at size 10: a blank line
    ]);
    expect(paragraphs.map((p) => p.text)).toEqual(['A Title', 'first line of the paragraph.', 'Second paragraph']);
    expect(paragraphs[0]!.size).toBe(20);
  });

  it('joins a hyphenated line end only before a lower-case continuation', () => {
    const text = (a: string, b: string): string => pageParagraphs([item(a, 50, 700), item(b, 50, 688)])[0]!.text;
    expect(text('a hyph-', 'enated word')).toBe('a hyphenated word');
    expect(text('Jean-', 'Paul Sartre')).toBe('Jean- Paul Sartre');
    expect(text('years 2019-', '2020')).toBe('years 2019- 2020');
    expect(text('soft\u00ad', 'ware')).toBe('software');
  });

  it('writes a space for a gap pdf.js left without one, none inside a word, and drops control characters', () => {
    const words = pageParagraphs([item('Hello', 50, 700), item('world', 90, 700), item('s', 115, 700), item('\u0000!', 120, 700)]);
    expect(words[0]!.text).toBe('Hello worlds!');
  });

  it('starts a new paragraph when the text moves up (the next column)', () => {
    const paragraphs = pageParagraphs([item('left one', 40, 700), item('left two', 40, 688), item('right one', 310, 700), item('right two', 310, 688)]);
    expect(paragraphs.map((p) => p.text)).toEqual(['left one left two', 'right one right two']);
  });

  it('joins CJK lines without a space', () => {
    expect(pageParagraphs([item('日本語の', 50, 700), item('文章です', 50, 688)])[0]!.text).toBe('日本語の文章です');
  });

  it('gives nothing for a page without text', () => {
    expect(pageParagraphs([])).toEqual([]);
    expect(pageParagraphs([item(' ', 50, 700, 10, true)])).toEqual([]);
  });
});

describe('the page map', () => {
  const p = (...texts: string[]): { text: string; size: number }[] => texts.map((text) => ({ text, size: 10 }));
  it('starts each page where its text starts, an empty page where the next text does', () => {
    // "ab\n\ncd" + "\n\n" + (empty) + "ef" -> starts 0, 8, 8; an empty last page at the end
    const { starts, length } = pageStartsOf([p('ab', 'cd'), [], p('ef'), []]);
    expect(starts).toEqual([0, 8, 8, 10]);
    expect(length).toBe(10);
    expect(pageAtOffset(starts, 0)).toBe(1);
    expect(pageAtOffset(starts, 5)).toBe(1);
    expect(pageAtOffset(starts, 8)).toBe(3);
    expect(pageAtOffset(starts, 9)).toBe(3);
  });
});

describe('the title rule', () => {
  const firstPage = [
    { text: 'Rivers of the North', size: 24 },
    { text: 'A long body paragraph about rivers.', size: 10 },
  ];
  it('keeps a real metadata title', () => {
    expect(pdfTitle('Annual Report 2024', firstPage, 'report.pdf')).toBe('Annual Report 2024');
  });
  it.each([
    'Microsoft Word - draft3.doc',
    'untitled',
    'Untitled document',
    'draft3.docx',
    'C:\\Users\\me\\paper.tex',
    '12345',
    '',
    'report',
  ])('takes the first page\'s largest text over the junk title %j', (junk) => {
    expect(isJunkTitle(junk, 'report.pdf')).toBe(true);
    expect(pdfTitle(junk, firstPage, 'report.pdf')).toBe('Rivers of the North');
  });
  it('falls back to the file name when the first page has no standing-out text', () => {
    expect(pdfTitle(null, [], 'field_notes.pdf')).toBe('field notes');
    expect(pdfTitle(null, [{ text: 'a', size: 10 }, { text: 'b', size: 10 }], 'x.pdf')).toBe('x');
  });
});

describe('PDF metadata values', () => {
  it('reads PDF dates with and without zone, and refuses nonsense', () => {
    expect(pdfDate("D:20240213093000+01'00'")).toBe('2024-02-13T09:30:00+01:00');
    expect(pdfDate('D:20240213093000Z')).toBe('2024-02-13T09:30:00Z');
    expect(pdfDate('D:20240213')).toBe('2024-02-13');
    expect(pdfDate('D:20241399')).toBeNull();
    expect(pdfDate('yesterday')).toBeNull();
  });
  it('makes keywords tags: split on commas and semicolons, at most ten', () => {
    expect(pdfKeywords('rivers, water; Hydrology')).toEqual(['rivers', 'water', 'Hydrology']);
    expect(pdfKeywords(Array.from({ length: 15 }, (_, i) => `k${i}`).join(','))).toHaveLength(10);
  });
});

describe('the CMap and font files pdf.js reads', () => {
  it('come from pdfjs-dist\'s own folders, by plain file name only', async () => {
    const params = documentParameters(new Uint8Array(), undefined);
    expect([params.isEvalSupported, params.enableXfa, params.useSystemFonts]).toEqual([false, false, false]);
    const factory = new LocalDataFactory({ cMapUrl: params.cMapUrl as string, standardFontDataUrl: params.standardFontDataUrl as string });
    expect((await factory.fetch({ kind: 'cMapUrl', filename: 'UniJIS-UCS2-H.bcmap' })).length).toBeGreaterThan(100);
    expect((await factory.fetch({ kind: 'standardFontDataUrl', filename: 'FoxitFixed.pfb' })).length).toBeGreaterThan(100);
    for (const filename of ['../package.json', '..', '/etc/passwd', 'a/b.bcmap', '..\\x.bcmap']) {
      await expect(factory.fetch({ kind: 'cMapUrl', filename }), filename).rejects.toThrow(/No cMapUrl data/);
    }
    await expect(factory.fetch({ kind: 'wasmUrl', filename: 'openjpeg.wasm' })).rejects.toThrow();
  });
});
