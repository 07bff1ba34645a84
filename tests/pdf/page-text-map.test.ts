/**
 * pageTextMap: the page's canonical text (the same as main's) and where each
 * text item's characters land in it, the map the PDF view ties its
 * text-layer spans to canonical offsets with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PDF_TEXT_CONTENT_OPTIONS, pageParagraphs, pageText, pageTextMap, type PdfTextItem } from '../../src/shared/pdf/page-text';
import { textOffsetsToNodeRanges } from '../../src/shared/anchoring/dom-range';
import { readPdf } from '../../src/main/pdf/read-pdf';
import { documentParameters, loadPdfJs } from '../../src/main/pdf/pdfjs';
import { PdfTextMap } from '../../src/renderer/src/lib/pdf-text-map';
import { makeCjkPdf, makePdf, makeTwoColumnPdf } from './make-pdf';

function item(str: string, x: number, y: number, size = 10, hasEOL = false): PdfTextItem {
  return { str, transform: [size, 0, 0, size, x, y], width: str.length * size * 0.5, height: size, hasEOL };
}

/** The characters each item keeps, as [item, char index, canonical offset]. */
function keptChars(items: readonly PdfTextItem[], offsets: readonly Int32Array[]): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  offsets.forEach((o, k) => {
    for (let i = 0; i < items[k]!.str.length; i++) if (o[i]! < o[i + 1]!) out.push([k, i, o[i]!]);
  });
  return out;
}

/** The canonical text a selection of item k's characters [from, to) gives, as the view reads it. */
function textOf(map: ReturnType<typeof pageTextMap>, k: number, from: number, to: number): string {
  return map.text.slice(map.items[k]![from], map.items[k]![to]);
}

describe('pageTextMap', () => {
  it('maps a joined hyphen, collapsed spaces and line joins to the text', () => {
    const items = [item('a  hyph-', 50, 700), item('enated', 50, 688), item(' word', 80, 688)];
    const map = pageTextMap(items);
    expect(map.text).toBe('a hyphenated word');
    expect(Array.from(map.items[0]!)).toEqual([0, 1, 2, 2, 3, 4, 5, 6, 6]); // the second space and the hyphen are dropped
    expect(Array.from(map.items[1]!)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(textOf(map, 0, 3, 8)).toBe('hyph');
    expect(textOf(map, 0, 3, 8) + textOf(map, 1, 0, 6)).toBe('hyphenated');
    expect(textOf(map, 2, 1, 5)).toBe('word');
  });

  it('joins CJK lines without a space, a soft hyphen away, and drops controls', () => {
    const cjk = pageTextMap([item('日本語の', 50, 700), item('文章です', 50, 688)]);
    expect(cjk.text).toBe('日本語の文章です');
    expect(Array.from(cjk.items[1]!)).toEqual([4, 5, 6, 7, 8]);
    const soft = pageTextMap([item('soft\u00ad', 50, 700), item('ware \u0001!', 50, 688)]);
    expect(soft.text).toBe('software !');
    expect(Array.from(soft.items[0]!)).toEqual([0, 1, 2, 3, 4, 4]);
    expect(Array.from(soft.items[1]!)).toEqual([4, 5, 6, 7, 8, 9, 9, 10]);
  });

  it('puts paragraphs and pages of items in order, an item with nothing kept just past the text before it', () => {
    const items = [item('Title', 50, 800, 20, true), item(' ', 50, 780, 10, true), item('Body text', 50, 760)];
    const map = pageTextMap(items);
    expect(map.text).toBe('Title\n\nBody text');
    expect(Array.from(map.items[1]!)).toEqual([5, 5]);
    expect(map.items[2]![0]).toBe(7);
  });

  const CHARS = ['a', 'b', 'Z', 'é', '-', ' ', ' ', '\t', '\u00a0', '\u00ad', '\u0001', '日', '本', '\u3000'];
  const arbItems = fc.array(
    fc.record({
      str: fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join('')),
      dx: fc.integer({ min: 0, max: 30 }),
      newLine: fc.constantFrom(0, 0, 0, 12, 30, -200),
      size: fc.constantFrom(10, 10, 10, 20),
      hasEOL: fc.boolean(),
    }),
    { maxLength: 30 },
  ).map((specs) => {
    let x = 50;
    let y = 700;
    return specs.map((s) => {
      if (s.newLine !== 0) {
        x = 50;
        y -= s.newLine;
      } else x += s.dx;
      const it = item(s.str, x, y, s.size, s.hasEOL);
      x += it.width;
      return it;
    });
  });

  it('gives main’s text, and every kept character where it stands in that text (property)', () => {
    fc.assert(
      fc.property(arbItems, (items) => {
        const map = pageTextMap(items);
        expect(map.text).toBe(pageText(pageParagraphs(items)));
        expect(map.items.length).toBe(items.length);
        let previous = 0;
        const owned = new Set<number>();
        for (const [k, i, at] of keptChars(items, map.items)) {
          const ch = items[k]!.str[i]!;
          // A kept white-space character stands for the one space its run became.
          expect(map.text[at]).toBe(/[ \t\n\r\f]/.test(ch) ? ' ' : ch);
          expect(owned.has(at)).toBe(false);
          owned.add(at);
        }
        for (const [k, offsets] of map.items.entries()) {
          expect(offsets.length).toBe(items[k]!.str.length + 1);
          for (const o of offsets) {
            expect(o).toBeGreaterThanOrEqual(previous); // never back: spans in order give offsets in order
            expect(o).toBeLessThanOrEqual(map.text.length);
            previous = o;
          }
        }
        // What no item owns was written here: spaces between words or lines, paragraph breaks.
        for (let at = 0; at < map.text.length; at++) if (!owned.has(at)) expect([' ', '\n']).toContain(map.text[at]);
      }),
      { numRuns: 400 },
    );
  });
});

/** Each page's items as pdf.js gives them to the renderer (the same options as main). */
async function itemsOf(bytes: Uint8Array): Promise<PdfTextItem[][]> {
  const pdfjs = await loadPdfJs();
  const doc = await pdfjs.getDocument(documentParameters(new Uint8Array(bytes), undefined)).promise;
  try {
    const pages: PdfTextItem[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent(PDF_TEXT_CONTENT_OPTIONS);
      pages.push(content.items.filter((i): i is PdfTextItem & typeof i => 'str' in i));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Stand-ins for the text layer's spans: item k's span holds one text node with its str (what pdf.js writes). */
function spansFor(items: readonly PdfTextItem[]): HTMLElement[] {
  return items.map((it) => ({ firstChild: it.str ? ({ nodeType: 3, data: it.str } as unknown as Text) : null }) as unknown as HTMLElement);
}

describe('the PDF view’s text map over real pdf.js items', () => {
  it('places every page of generated PDFs (hyphens, two columns, CJK through CMaps) exactly on the text main stored', async () => {
    const files = [
      await makePdf([
        { heading: { text: 'Chapter 1', size: 20 }, lines: ['Cover crops keep the ground cov-', 'ered all winter.', '', 'A new  paragraph here.'] },
        { lines: ['Page two, well-', 'Known names stay.'] },
      ]),
      await makeTwoColumnPdf(['Left column starts', 'and continues here.'], ['Right column starts', 'and ends here.']),
      makeCjkPdf('日本語の文章'),
    ];
    for (const bytes of files) {
      const { article, facts } = await readPdf({ fileName: 'test.pdf', bytes });
      const pages = await itemsOf(bytes);
      expect(article.text).toMatch(/covered all winter|Left column|日本語/);
      const map = new PdfTextMap(article.text, facts.pageStarts);
      pages.forEach((items, i) => {
        expect(map.addPage(i + 1, items, spansFor(items)), `page ${i + 1}`).toBe(true);
      });
      // Every kept character of every span stands where the stored text has it.
      for (const span of map.map.spans) {
        for (let i = 0; i < span.node.data.length; i++) {
          if (span.offsets[i]! < span.offsets[i + 1]!) {
            const ch = span.node.data[i]!;
            expect(article.text[span.offsets[i]!]).toBe(/\s/.test(ch) ? ' ' : ch);
          }
        }
      }
    }
  });

  it('keeps pages in order whatever order they render in, and paints only the pages it has', async () => {
    const bytes = await makePdf([{ lines: ['First page words.'] }, { lines: ['Second page words.'] }, { lines: ['Third page words.'] }]);
    const { article, facts } = await readPdf({ fileName: 'three.pdf', bytes });
    const pages = await itemsOf(bytes);
    const map = new PdfTextMap(article.text, facts.pageStarts);
    const across = { start: article.text.indexOf('page words.'), end: article.text.indexOf('Second page') + 'Second page'.length };
    map.addPage(2, pages[1]!, spansFor(pages[1]!));
    // Page 1 not drawn: only page 2's part of a highlight across the boundary is painted.
    const pieces = (): string[] => textOffsetsToNodeRanges(map.map, across.start, across.end).map((r) => r.node.data.slice(r.startOffset, r.endOffset));
    expect(pieces()).toEqual(['Second page']);
    map.addPage(1, pages[0]!, spansFor(pages[0]!));
    expect(pieces()).toEqual(['page words.', 'Second page']);
    expect(map.map.spans.map((s) => s.node.data)).toEqual(['First page words.', 'Second page words.']);
    map.removePage(1);
    expect(pieces()).toEqual(['Second page']);
    // A page whose text is not the stored text is left unmapped (never painted at wrong offsets).
    const other = pages[2]!.map((it) => ({ ...it, str: it.str.replace('Third', 'Fourth') }));
    expect(map.addPage(3, other, spansFor(other))).toBe(false);
    expect(map.has(3)).toBe(false);
  });
});
