/**
 * The text of one PDF page, rebuilt from pdf.js text items: lines from
 * hasEOL and baseline changes, paragraphs from vertical gaps and font-size
 * changes, in pdf.js's content-stream order (a two-column paper comes out
 * column by column when, as usual, its content stream is written that way;
 * no geometric column detection).
 *
 * Pure and DOM-free so that main (import) and the renderer (the text
 * layer, through pageTextMap) build the same text from the same items. Every paragraph is
 * already canonical (see text/canonical.ts): one space between words, no
 * leading or trailing white space, no line breaks; a page's text is its
 * paragraphs joined with "\n\n", exactly what canonicalText gives for one
 * <p> per paragraph.
 */

/**
 * What main (import) and the renderer (text layer) ask pdf.js's
 * getTextContent for: the same options give the same items, so both build
 * the same text and the renderer's text-layer spans map onto main's offsets.
 */
export const PDF_TEXT_CONTENT_OPTIONS = { includeMarkedContent: false, disableNormalization: false } as const;

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

/**
 * A string with, when traced, the source of each of its characters: an
 * index into the page's item characters (item k's character i is
 * base[k] + i), or -1 for a character written here (a space between words
 * or lines). Untraced (`o` null), the text goes through the same string
 * rules as always: main's import pays nothing for the tracing.
 */
interface Traced {
  s: string;
  o: number[] | null;
}

interface Line {
  text: Traced;
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
/** What String.prototype.trim removes (WhiteSpace and LineTerminator). */
const TRIMMED = /\s/;

function fontSize(item: PdfTextItem): number {
  const [, , c = 0, d = 0] = item.transform;
  return Math.hypot(c, d) || item.height || 1;
}

function isControl(c: number): boolean {
  return c <= 0x08 || c === 0x0b || (c >= 0x0e && c <= 0x1f) || (c >= 0x7f && c <= 0x9f);
}

function isCollapsible(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}

/** Controls dropped, white-space runs to one space, trimmed; traced, the same rules character by character. */
function canonical(t: Traced): Traced {
  if (!t.o) return { s: t.s.replace(CONTROLS, '').replace(COLLAPSIBLE, ' ').trim(), o: null };
  const chars: string[] = [];
  const o: number[] = [];
  let inRun = false;
  for (let i = 0; i < t.s.length; i++) {
    const c = t.s.charCodeAt(i);
    if (isControl(c)) continue; // removed before collapsing: never splits a run
    if (isCollapsible(c)) {
      if (inRun) continue;
      inRun = true;
      chars.push(' ');
      o.push(t.o[i]!); // the run's space stands for its first character
      continue;
    }
    inRun = false;
    chars.push(t.s[i]!);
    o.push(t.o[i]!);
  }
  let from = 0;
  let to = chars.length;
  while (from < to && TRIMMED.test(chars[from]!)) from++;
  while (to > from && TRIMMED.test(chars[to - 1]!)) to--;
  return { s: chars.slice(from, to).join(''), o: o.slice(from, to) };
}

function concat(a: Traced, b: Traced, between = ''): Traced {
  if (!a.o || !b.o) return { s: a.s + between + b.s, o: null };
  return { s: a.s + between + b.s, o: [...a.o, ...Array<number>(between.length).fill(-1), ...b.o] };
}

function dropLast(t: Traced): Traced {
  return { s: t.s.slice(0, -1), o: t.o ? t.o.slice(0, -1) : null };
}

/** Items to lines: a new line after hasEOL, or when the baseline moves by half a line or more. */
function linesOf(items: readonly PdfTextItem[], trace: boolean): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  let lastEnd = 0; // x where the previous item ended
  let lastY = 0;
  let breakNext = false;
  let base = 0; // the index of this item's first character among the page's item characters
  for (const item of items) {
    const size = fontSize(item);
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    if (current && !breakNext && Math.abs(y - lastY) > 0.5 * Math.max(size, current.size)) breakNext = true;
    if (item.str !== '') {
      if (!current || breakNext) {
        current = { text: { s: '', o: trace ? [] : null }, y, size };
        lines.push(current);
      } else if (x - lastEnd > 0.15 * size && !/\s$/.test(current.text.s) && !/^\s/.test(item.str)) {
        // A gap wider than a thin space between items is a word break pdf.js did not write.
        current.text.s += ' ';
        current.text.o?.push(-1);
      }
      current.text.s += item.str;
      if (current.text.o) for (let i = 0; i < item.str.length; i++) current.text.o.push(base + i);
      current.size = Math.max(current.size, size);
      lastEnd = x + item.width;
      lastY = y;
      breakNext = false;
    }
    base += item.str.length;
    if (item.hasEOL) breakNext = true;
  }
  for (const line of lines) line.text = canonical(line.text);
  return lines.filter((l) => l.text.s !== '');
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

function joinLines(a: Traced, b: Traced): Traced {
  if (a.s.endsWith('\u00ad')) return concat(dropLast(a), b);
  // Only a lower-case continuation: "hyph-" + "enated", never "Jean-" + "Paul" or "2019-" + "2020".
  if (HYPHEN_END.test(a.s) && LOWER_START.test(b.s)) return concat(dropLast(a), b);
  if (CJK.test(a.s.slice(-1)) && CJK.test(b.s.charAt(0))) return concat(a, b);
  return concat(a, b, ' ');
}

interface TracedParagraph {
  text: Traced;
  size: number;
}

function layoutPage(items: readonly PdfTextItem[], trace: boolean): TracedParagraph[] {
  const paragraphs: TracedParagraph[] = [];
  let text: Traced = { s: '', o: trace ? [] : null };
  let size = 0;
  let gap: number | null = null;
  let prev: Line | null = null;
  for (const line of linesOf(items, trace)) {
    if (prev && !startsParagraph(prev, line, gap)) {
      gap = prev.y - line.y;
      text = joinLines(text, line.text);
      size = Math.max(size, line.size);
    } else {
      if (text.s) paragraphs.push({ text: canonical(text), size });
      text = line.text;
      size = line.size;
      gap = null;
    }
    prev = line;
  }
  if (text.s) paragraphs.push({ text: canonical(text), size });
  return paragraphs;
}

/** The paragraphs of one page, in pdf.js order. */
export function pageParagraphs(items: readonly PdfTextItem[]): PdfParagraph[] {
  return layoutPage(items, false).map((p) => ({ text: p.text.s, size: p.size }));
}

/**
 * A page's canonical text (as pageText(pageParagraphs(items)) gives it)
 * with, for each item, where its characters landed in that text: the
 * renderer ties each text-layer span (one per item) to canonical offsets
 * through it. items[k] has one entry per character of item k's str and one
 * past its end, with the meaning of a TextNodeSpan's offsets
 * (shared/text/canonical.ts): a kept character's offset; a dropped one
 * (collapsed white space, a joined hyphen, a control) takes the offset of
 * the next character kept in its item, or just past the item's last kept
 * one; an item with nothing kept sits just past the last character kept
 * before it. The offsets never decrease from item to item.
 */
export interface PdfPageTextMap {
  text: string;
  items: Int32Array[];
}

export function pageTextMap(items: readonly PdfTextItem[]): PdfPageTextMap {
  const paragraphs = layoutPage(items, true);
  const text = paragraphs.map((p) => p.text.s).join('\n\n');
  let total = 0;
  for (const item of items) total += item.str.length;
  // The canonical offset of each source character (-1: dropped).
  const kept = new Int32Array(total).fill(-1);
  let at = 0;
  paragraphs.forEach((p, n) => {
    if (n > 0) at += 2;
    p.text.o!.forEach((origin, i) => {
      if (origin >= 0) kept[origin] = at + i;
    });
    at += p.text.s.length;
  });
  const out: Int32Array[] = [];
  let base = 0;
  let end = 0; // just past the last character kept so far
  for (const item of items) {
    const len = item.str.length;
    const offsets = new Int32Array(len + 1);
    let last = -1;
    for (let i = len - 1; i >= 0 && last < 0; i--) if (kept[base + i]! >= 0) last = kept[base + i]!;
    if (last >= 0) end = last + 1;
    offsets[len] = end;
    for (let i = len - 1; i >= 0; i--) offsets[i] = kept[base + i]! >= 0 ? kept[base + i]! : offsets[i + 1]!;
    out.push(offsets);
    base += len;
  }
  return { text, items: out };
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
