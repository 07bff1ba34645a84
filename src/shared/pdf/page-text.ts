/**
 * The text of one PDF page, rebuilt from pdf.js text items: lines from
 * hasEOL and baseline changes, paragraphs from vertical gaps and font-size
 * changes, in pdf.js's content-stream order (a two-column paper comes out
 * column by column when, as usual, its content stream is written that way;
 * no geometric column detection).
 *
 * Pure and DOM-free so that main (import) and, later, the renderer (the
 * text layer) build the same text from the same items. Every paragraph is
 * already canonical (see text/canonical.ts): one space between words, no
 * leading or trailing white space, no line breaks; a page's text is its
 * paragraphs joined with "\n\n", exactly what canonicalText gives for one
 * <p> per paragraph.
 */

/** The fields of a pdf.js TextItem this module reads. */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: e, f the baseline origin; |(c, d)| the font size. */
  transform: readonly number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

export interface PdfParagraph {
  text: string;
  /** The largest font size in it (for the title rule). */
  size: number;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

// C0/C1 controls other than white space: fonts without a Unicode map give them.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;
const COLLAPSIBLE = /[ \t\n\r\f]+/g;
const CJK = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;
/** "hyph-" + "enated": a letter, then a hyphen ending the line. */
const HYPHEN_END = /\p{L}-$/u;
const LOWER_START = /^\p{Ll}/u;

function fontSize(item: PdfTextItem): number {
  const [, , c = 0, d = 0] = item.transform;
  return Math.hypot(c, d) || item.height || 1;
}

function canonical(s: string): string {
  return s.replace(CONTROLS, '').replace(COLLAPSIBLE, ' ').trim();
}

/** Items to lines: a new line after hasEOL, or when the baseline moves by half a line or more. */
function linesOf(items: readonly PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  let lastEnd = 0; // x where the previous item ended
  let lastY = 0;
  let breakNext = false;
  for (const item of items) {
    const size = fontSize(item);
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    if (current && !breakNext && Math.abs(y - lastY) > 0.5 * Math.max(size, current.size)) breakNext = true;
    if (item.str !== '') {
      if (!current || breakNext) {
        current = { text: '', y, size };
        lines.push(current);
      } else if (x - lastEnd > 0.15 * size && !/\s$/.test(current.text) && !/^\s/.test(item.str)) {
        // A gap wider than a thin space between items is a word break pdf.js did not write.
        current.text += ' ';
      }
      current.text += item.str;
      current.size = Math.max(current.size, size);
      lastEnd = x + item.width;
      lastY = y;
      breakNext = false;
    }
    if (item.hasEOL) breakNext = true;
  }
  for (const line of lines) line.text = canonical(line.text);
  return lines.filter((l) => l.text !== '');
}

/** Whether line `b` starts a new paragraph after line `a` (`gap`: the paragraph's usual line gap). */
function startsParagraph(a: Line, b: Line, gap: number | null): boolean {
  const size = Math.max(a.size, b.size);
  const drop = a.y - b.y; // PDF y grows upwards
  if (drop < -0.5 * size) return true; // moved up: next column, or a box elsewhere
  if (Math.abs(a.size - b.size) > 0.15 * size) return true; // heading to body, body to footnote
  if (drop > 1.8 * size) return true; // a blank line
  return gap !== null && drop > gap * 1.35 + 0.5;
}

function joinLines(a: string, b: string): string {
  if (a.endsWith('\u00ad')) return a.slice(0, -1) + b;
  // Only a lower-case continuation: "hyph-" + "enated", never "Jean-" + "Paul" or "2019-" + "2020".
  if (HYPHEN_END.test(a) && LOWER_START.test(b)) return a.slice(0, -1) + b;
  if (CJK.test(a.slice(-1)) && CJK.test(b.charAt(0))) return a + b;
  return `${a} ${b}`;
}

/** The paragraphs of one page, in pdf.js order. */
export function pageParagraphs(items: readonly PdfTextItem[]): PdfParagraph[] {
  const paragraphs: PdfParagraph[] = [];
  let text = '';
  let size = 0;
  let gap: number | null = null;
  let prev: Line | null = null;
  for (const line of linesOf(items)) {
    if (prev && !startsParagraph(prev, line, gap)) {
      gap = prev.y - line.y;
      text = joinLines(text, line.text);
      size = Math.max(size, line.size);
    } else {
      if (text) paragraphs.push({ text: canonical(text), size });
      text = line.text;
      size = line.size;
      gap = null;
    }
    prev = line;
  }
  if (text) paragraphs.push({ text: canonical(text), size });
  return paragraphs;
}

/** A page's canonical text: its paragraphs joined by blank lines. */
export function pageText(paragraphs: readonly PdfParagraph[]): string {
  return paragraphs.map((p) => p.text).join('\n\n');
}

/**
 * The page an offset of the document's canonical text falls on (1-based),
 * given each page's start offset (a page without text starts where the
 * next one does).
 */
export function pageAtOffset(pageStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = pageStarts.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pageStarts[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Several pages may start at the same offset (empty pages): the last of them holds the text.
  return found + 1;
}
