/**
 * EPUB CFI (Canonical Fragment Identifiers 1.1) for ranges of a book's
 * canonical text, and back.
 *
 * A book article's text is its chapters' sanitized sections in spine order
 * (read-epub.ts); a CFI points into the *original* files of the kept EPUB:
 * `/6/4[ref]` steps to the spine's itemref in the package document, `!`
 * enters the chapter, then element steps (even), character-data steps (odd)
 * and a character offset, with id assertions wherever an element has an id:
 * `epubcfi(/6/4[chap01ref]!/4/2/1,:10,:25)`.
 *
 * Offsets are mapped through the canonical text (shared/text/canonical.ts,
 * the one definition): the original chapter body is walked the same way,
 * which gives the same text as the stored section wherever the sanitizer
 * kept it; where the two differ, a range is found by its quote and context
 * (the anchoring code). Only characters that come from the book's text can
 * be pointed at, so a range is first trimmed of the spaces and line breaks
 * the canonical text adds; a range across chapters has the spine as its
 * parent (`epubcfi(/6,/4[c1]!/4/2/1:5,/6[c2]!/4/2/1:3)`).
 *
 * Nothing here is stored: a CFI is derived from the file and the text
 * whenever a highlight leaves for another tool (see highlights/book-cfi.ts).
 */
import { anchorSelectors } from '../../shared/anchoring';
import { buildTextMap, type TextNodeSpan } from '../../shared/text/canonical';
import type { BookChapter } from '../../shared/types';
import { parseChapter } from './chapters';
import { packagePath, parsePackage } from './package';
import { isChapterType } from './read-epub';
import { byName, childrenNamed, parseXml } from './xml';
import { EpubZip } from './zip';

const MAX_XML_BYTES = 32 * 1024 * 1024;
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;
/** Characters of context either side when a range is found by its quote. */
const CONTEXT = 32;

export interface TextRange {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------
// Syntax

interface Step {
  index: number;
  id?: string;
}
/** A path as written: steps and indirections (`!`), in order. */
type PathItem = Step | '!';

interface Point {
  items: PathItem[];
  offset: number | undefined;
}

const SPECIAL = /[\^[\](),;=]/g;
const escapeCfi = (s: string): string => s.replace(SPECIAL, '^$&');

function itemText(item: PathItem): string {
  return item === '!' ? '!' : `/${item.index}${item.id ? `[${escapeCfi(item.id)}]` : ''}`;
}

const pathText = (items: readonly PathItem[]): string => items.map(itemText).join('');
const offsetText = (offset: number | undefined): string => (offset === undefined ? '' : `:${offset}`);
const sameItem = (a: PathItem | undefined, b: PathItem | undefined): boolean =>
  a !== undefined && b !== undefined && (a === '!' || b === '!' ? a === b : a.index === b.index && a.id === b.id);

/** A range CFI: the longest common parent path, then each end's own path and offset. */
export function formatRange(start: Point, end: Point): string {
  const n = Math.min(start.items.length, end.items.length);
  let common = 0;
  while (common < n && sameItem(start.items[common], end.items[common])) common++;
  if (common === start.items.length && common === end.items.length) {
    if (start.offset === end.offset) return `epubcfi(${pathText(start.items)}${offsetText(start.offset)})`;
  } else {
    // A parent never ends on a character-data step (it holds the offset) nor on an indirection.
    if (common > 0 && common === Math.min(start.items.length, end.items.length)) common--;
    while (common > 0 && start.items[common - 1] === '!') common -= 2;
  }
  common = Math.max(common, 0);
  const parent = start.items.slice(0, common);
  if (parent.length === 0) return `epubcfi(${pathText(start.items)}${offsetText(start.offset)})`;
  const local = (p: Point): string => `${pathText(p.items.slice(common))}${offsetText(p.offset)}`;
  return `epubcfi(${pathText(parent)},${local(start)},${local(end)})`;
}

/** Splits at unescaped commas outside assertions. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '^') i++;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(s.slice(from));
  return parts;
}

/** Steps, indirections and a final character offset; assertions other than ids, and temporal/spatial offsets, are skipped. */
function parsePath(s: string): Point | null {
  const items: PathItem[] = [];
  let offset: number | undefined;
  let i = 0;
  const number = (): number | null => {
    const m = /^\d+/.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    return Number(m[0]);
  };
  const bracket = (): string | null => {
    if (s[i] !== '[') return null;
    let out = '';
    for (i++; i < s.length && s[i] !== ']'; i++) out += s[i] === '^' ? (s[++i] ?? '') : s[i];
    if (s[i] !== ']') return null;
    i++;
    return out;
  };
  while (i < s.length) {
    const c = s[i++];
    if (c === '/') {
      if (offset !== undefined) return null;
      const index = number();
      if (index === null) return null;
      const step: Step = { index };
      const assertion = bracket();
      // `[id;s=b]`: the id is what comes before any parameter.
      const id = assertion?.split(';')[0];
      if (id) step.id = id;
      items.push(step);
    } else if (c === '!') {
      if (offset !== undefined) return null;
      items.push('!');
    } else if (c === ':') {
      const n = number();
      if (n === null) return null;
      offset = n;
      bracket(); // a text location assertion
    } else if (c === '~' || c === '@') {
      if (!/^[\d.:]+/.test(s.slice(i))) return null;
      i += /^[\d.:]+/.exec(s.slice(i))![0].length;
      bracket();
    } else return null;
  }
  return { items, offset };
}

/** The start and end of a CFI (a point CFI: both the same); null when it is not one. */
export function parseCfi(cfi: string): { start: Point; end: Point } | null {
  const m = /^epubcfi\(([\s\S]*)\)$/.exec(cfi.trim());
  if (!m) return null;
  const parts = splitTopLevel(m[1]!);
  if (parts.length === 1) {
    const point = parsePath(parts[0]!);
    return point && point.items.length ? { start: point, end: point } : null;
  }
  if (parts.length !== 3) return null;
  const [parent, start, end] = parts.map(parsePath);
  if (!parent || !start || !end || parent.offset !== undefined || parent.items.length === 0) return null;
  return {
    start: { items: [...parent.items, ...start.items], offset: start.offset },
    end: { items: [...parent.items, ...end.items], offset: end.offset },
  };
}

// ---------------------------------------------------------------------------
// DOM steps

const isCharacterData = (n: Node): boolean => n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE;

/** The step to `node` from its parent, and for character data the chunk offset of its character `at`. */
function stepTo(node: Node, at = 0): { step: Step; offset?: number } {
  let elements = 0;
  let before = 0;
  for (let n = node.parentNode!.firstChild; n && n !== node; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE) {
      elements++;
      before = 0;
    } else if (isCharacterData(n)) before += (n as CharacterData).data.length;
  }
  if (node.nodeType === ELEMENT_NODE) {
    const id = (node as Element).getAttribute('id');
    return { step: { index: 2 * (elements + 1), ...(id ? { id } : {}) } };
  }
  return { step: { index: 2 * elements + 1 }, offset: before + at };
}

/** The steps from the document element to a text node, and the offset of its character `at`. */
function pathToText(node: Text, at: number): { items: Step[]; offset: number } {
  const items: Step[] = [];
  const own = stepTo(node, at);
  items.push(own.step);
  const root = node.ownerDocument.documentElement;
  for (let el = node.parentNode; el && el !== root; el = el.parentNode) items.unshift(stepTo(el).step);
  return { items, offset: own.offset! };
}

/** Which end of a range a point is (it moves onto the text on that side), or a point on its own (it stays). */
type Side = 'start' | 'end' | 'point';

/** The child a step names: an element (even), or the character data of a chunk (odd) with where it is. */
type Target = { element: Element } | { parent: Node; chunk: Node[]; after: Element | null };

function childAt(parent: Node, step: Step): Target | null {
  let elements = 0;
  const chunk: Node[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE) {
      elements++;
      if (step.index === 2 * elements) return { element: n as Element };
      if (step.index === 2 * elements - 1) return { parent, chunk, after: n as Element };
    } else if (isCharacterData(n) && step.index === 2 * elements + 1) chunk.push(n);
  }
  return step.index === 2 * elements + 1 ? { parent, chunk, after: null } : null;
}

function byId(doc: Document, id: string): Element | null {
  return doc.getElementById(id) ?? byName(doc, '*').find((e) => e.getAttribute('id') === id) ?? null;
}

/** Follows steps from `root`; an id assertion that disagrees with the index wins (the spec's correction). */
function follow(root: Element, steps: readonly Step[]): Target | null {
  let target: Target = { element: root };
  for (const step of steps) {
    if (!('element' in target)) return null;
    let next = childAt(target.element, step);
    if (step.id && (!next || !('element' in next) || next.element.getAttribute('id') !== step.id)) {
      const found = byId(target.element.ownerDocument, step.id);
      if (found) next = { element: found };
    }
    if (!next) return null;
    target = next;
  }
  return target;
}

// ---------------------------------------------------------------------------
// Chapters

interface ChapterText {
  doc: Document;
  text: string;
  spans: TextNodeSpan[];
  spanOf: Map<Node, number>;
  /** For each offset of `text`: the span holding that character, or -1 (a space or break the canonical text added). */
  spanAt: Int32Array;
  /** For each offset of `text` that is content: the index of the character in its node. */
  charAt: Int32Array;
}

function chapterText(source: string, path: string): ChapterText {
  const doc = parseChapter(path, source).doc;
  const body = byName(doc, 'body')[0] ?? doc.documentElement;
  const map = buildTextMap(body);
  const spanAt = new Int32Array(map.text.length).fill(-1);
  const charAt = new Int32Array(map.text.length);
  map.spans.forEach((span, s) => {
    const o = span.offsets;
    for (let i = 0; i + 1 < o.length; i++) {
      if (o[i]! < o[i + 1]!) {
        spanAt[o[i]!] = s;
        charAt[o[i]!] = i;
      }
    }
  });
  return { doc, text: map.text, spans: map.spans, spanOf: new Map(map.spans.map((s, i) => [s.node as Node, i])), spanAt, charAt };
}

/** Maps a range of one text onto another that is mostly the same (the stored section and the original chapter). */
function mapRange(from: string, to: string, range: TextRange): TextRange | null {
  if (from === to) return range;
  let prefix = 0;
  const max = Math.min(from.length, to.length);
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)) suffix++;
  if (range.end <= prefix) return range;
  const shift = to.length - from.length;
  if (range.start >= from.length - suffix) return { start: range.start + shift, end: range.end + shift };
  if (range.end <= range.start) {
    const next = mapRange(from, to, { start: range.start, end: Math.min(from.length, range.start + 1) });
    return next && { start: next.start, end: next.start };
  }
  // The texts differ around this range: find it by its quote and context.
  const found = anchorSelectors(to, {
    quote: {
      type: 'TextQuoteSelector',
      exact: from.slice(range.start, range.end),
      prefix: from.slice(Math.max(0, range.start - CONTEXT), range.start),
      suffix: from.slice(range.end, range.end + CONTEXT),
    },
    position: { type: 'TextPositionSelector', start: Math.max(0, range.start + (range.start > prefix ? shift : 0)), end: range.end + shift },
  });
  return found.status === 'orphaned' ? null : { start: found.start, end: found.end };
}

// ---------------------------------------------------------------------------
// A book

interface SpineEntry {
  /** Steps from the package document's root to the itemref. */
  steps: Step[];
  ref: Element;
  path: string;
}

/**
 * One book's CFIs: open it once (the package document is read), chapters
 * are read and walked when a range first needs them.
 */
export class BookCfi {
  private readonly chapters = new Map<number, ChapterText | null>();

  private constructor(
    private readonly zip: EpubZip,
    private readonly opf: Document,
    private readonly spine: SpineEntry[],
    private readonly text: string,
    private readonly starts: readonly number[],
  ) {}

  /**
   * The book behind an article: its EPUB file, canonical text and chapters.
   * Null when the file is not readable as the book was imported (its spine
   * no longer matches the chapters).
   */
  static open(epub: Uint8Array, text: string, chapters: readonly Pick<BookChapter, 'start'>[]): BookCfi | null {
    let zip: EpubZip;
    try {
      zip = EpubZip.open(epub, 'book.epub');
    } catch {
      return null;
    }
    const container = zip.text('META-INF/container.xml', MAX_XML_BYTES);
    const containerDoc = container === null ? null : parseXml(container);
    const opfPath = containerDoc ? packagePath(containerDoc) : null;
    const opfText = opfPath ? zip.text(opfPath, MAX_XML_BYTES) : null;
    const opf = opfText === null ? null : parseXml(opfText);
    if (!opf || !opfPath || opf.documentElement.localName !== 'package') return null;
    const pkg = parsePackage(opf, opfPath);
    // The chapters as read-epub.ts chose them, each with the itemref that first names it.
    const spineEl = byName(opf, 'spine')[0];
    if (!spineEl) return null;
    const spineStep = stepTo(spineEl).step;
    const itemrefs = childrenNamed(spineEl, 'itemref');
    const spine: SpineEntry[] = [];
    for (const item of pkg.spine) {
      if (!isChapterType(item.mediaType) || !zip.has(item.path)) continue;
      const ref = itemrefs.find((r) => pkg.manifest.get(r.getAttribute('idref') ?? '')?.path === item.path);
      if (!ref) return null;
      spine.push({ steps: [spineStep, stepTo(ref).step], ref, path: item.path });
    }
    if (spine.length !== chapters.length || spine.length === 0) return null;
    return new BookCfi(zip, opf, spine, text, chapters.map((c) => c.start));
  }

  /** The chapter (0-based) holding offset `at` of the text: the last one starting at or before it. */
  private chapterAt(at: number): number {
    let n = 0;
    for (let i = 0; i < this.starts.length; i++) if (this.starts[i]! <= at) n = i;
    return n;
  }

  /** The stored text of chapter n (without the paragraph break that ends its section). */
  private storedText(n: number): string {
    const end = n + 1 < this.starts.length ? this.starts[n + 1]! : this.text.length;
    const slice = this.text.slice(this.starts[n], Math.max(this.starts[n]!, end));
    return n + 1 < this.starts.length ? slice.replace(/\n\n$/, '') : slice;
  }

  private chapter(n: number): ChapterText | null {
    if (!this.chapters.has(n)) {
      const entry = this.spine[n]!;
      const source = this.zip.text(entry.path, MAX_XML_BYTES);
      this.chapters.set(n, source === null ? null : chapterText(source, entry.path));
    }
    return this.chapters.get(n)!;
  }

  /** The content range (trimmed of added spaces and breaks) of chapter n's original text for a local stored range. */
  private originalRange(n: number, local: TextRange): { chapter: ChapterText; range: TextRange } | null {
    const chapter = this.chapter(n);
    if (!chapter) return null;
    const mapped = mapRange(this.storedText(n), chapter.text, local);
    if (!mapped) return null;
    let { start, end } = mapped;
    while (start < end && chapter.spanAt[start] === -1) start++;
    while (end > start && chapter.spanAt[end - 1] === -1) end--;
    return start < end ? { chapter, range: { start, end } } : null;
  }

  private point(n: number, chapter: ChapterText, at: number, side: 'start' | 'end'): Point {
    const o = side === 'start' ? at : at - 1;
    const span = chapter.spans[chapter.spanAt[o]!]!;
    const inNode = chapter.charAt[o]! + (side === 'start' ? 0 : 1);
    const path = pathToText(span.node, inNode);
    return { items: [...this.spine[n]!.steps, '!', ...path.items], offset: path.offset };
  }

  /** The CFI of text[start, end), or null when no character of it comes from the book's files. */
  cfiOf(range: TextRange): string | null {
    const { start, end } = range;
    if (!(start >= 0 && end > start && end <= this.text.length)) return null;
    const first = this.chapterAt(start);
    const last = this.chapterAt(end - 1);
    const local = (n: number, r: TextRange): TextRange => {
      const len = this.storedText(n).length;
      const s = this.starts[n]!;
      return { start: Math.min(len, Math.max(0, r.start - s)), end: Math.min(len, Math.max(0, r.end - s)) };
    };
    if (first === last) {
      const found = this.originalRange(first, local(first, range));
      if (!found) return null;
      return formatRange(this.point(first, found.chapter, found.range.start, 'start'), this.point(first, found.chapter, found.range.end, 'end'));
    }
    // Across chapters: the first chapter holding content from `start` on, the last holding content up to `end`.
    let from: { n: number; chapter: ChapterText; at: number } | null = null;
    for (let n = first; n <= last && !from; n++) {
      const found = this.originalRange(n, local(n, { start: n === first ? start : this.starts[n]!, end: this.text.length }));
      if (found) from = { n, chapter: found.chapter, at: found.range.start };
    }
    let to: { n: number; chapter: ChapterText; at: number } | null = null;
    for (let n = last; n >= first && !to; n--) {
      const found = this.originalRange(n, local(n, { start: this.starts[n]!, end: n === last ? end : this.text.length }));
      if (found) to = { n, chapter: found.chapter, at: found.range.end };
    }
    if (!from || !to || to.n < from.n) return null;
    return formatRange(this.point(from.n, from.chapter, from.at, 'start'), this.point(to.n, to.chapter, to.at, 'end'));
  }

  /** Offset in a chapter's original text of a point, on the side of a range it starts or ends. */
  private originalOffset(chapter: ChapterText, target: Target, offset: number | undefined, side: Side): number {
    if ('element' in target) {
      const el = target.element;
      const parent = el.parentNode ?? el;
      return this.boundaryOffset(chapter, parent, side === 'end' ? el.nextSibling : el, side === 'end' ? 'end' : 'start');
    }
    // Character data: the node holding the offset (a chunk is all the text between two elements).
    let rest = offset ?? 0;
    let node: Node | null = null;
    for (const n of target.chunk) {
      const len = (n as CharacterData).data.length;
      if (side === 'end' ? rest <= len : rest < len) {
        node = n;
        break;
      }
      rest -= len;
    }
    if (!node && target.chunk.length) {
      node = target.chunk[target.chunk.length - 1]!;
      rest = (node as CharacterData).data.length;
    }
    const own = node ? chapter.spanOf.get(node) : undefined;
    if (!node || own === undefined) {
      // No text there (an empty chunk, or text the canonical text skips): the nearest text on that side.
      const before = node ? (side === 'end' ? node.nextSibling : node) : target.after;
      return this.boundaryOffset(chapter, target.parent, before, side === 'end' ? 'end' : 'start');
    }
    const offsets = chapter.spans[own]!.offsets;
    return this.settle(chapter, offsets[Math.min(rest, offsets.length - 1)]!, side);
  }

  /** Moves an offset off the spaces and breaks the canonical text added: forward for a start, back for an end. */
  private settle(chapter: ChapterText, at: number, side: Side): number {
    let o = at;
    if (side === 'point') return o;
    if (side === 'start') while (o < chapter.text.length && chapter.spanAt[o] === -1) o++;
    else while (o > 0 && chapter.spanAt[o - 1] === -1) o--;
    return o;
  }

  /**
   * The offset at a boundary between nodes (in `parent`, before `child`, or
   * at its end when null): for a start, where the first text after it
   * begins; for an end, where the last text before it ends.
   */
  private boundaryOffset(chapter: ChapterText, parent: Node, child: Node | null, side: 'start' | 'end'): number {
    const PRECEDING = 2;
    const FOLLOWING = 4;
    const CONTAINED_BY = 16;
    const spans = chapter.spans;
    if (side === 'start') {
      const after = (n: Node): boolean =>
        child ? n === child || (child.compareDocumentPosition(n) & (FOLLOWING | CONTAINED_BY)) !== 0 : (parent.compareDocumentPosition(n) & (FOLLOWING | CONTAINED_BY)) === FOLLOWING;
      const found = spans.find((s) => after(s.node));
      return found ? this.settle(chapter, found.offsets[0]!, side) : chapter.text.length;
    }
    const before = (n: Node): boolean =>
      child ? n !== child && (child.compareDocumentPosition(n) & (PRECEDING | CONTAINED_BY)) === PRECEDING : (parent.compareDocumentPosition(n) & (PRECEDING | CONTAINED_BY)) !== 0;
    for (let i = spans.length - 1; i >= 0; i--) {
      if (before(spans[i]!.node)) return this.settle(chapter, spans[i]!.offsets[spans[i]!.offsets.length - 1]!, side);
    }
    return 0;
  }

  /** Where a point lands: its chapter (0-based) and the offset in that chapter's original text. */
  private locate(p: Point, side: Side): { n: number; chapter: ChapterText; at: number } | null {
    const bang = p.items.indexOf('!');
    if (bang < 0) return null;
    const docSteps = p.items.slice(bang + 1);
    if (docSteps.includes('!')) return null;
    const ref = follow(this.opf.documentElement, p.items.slice(0, bang) as Step[]);
    const n = ref && 'element' in ref ? this.spine.findIndex((e) => e.ref === ref.element) : -1;
    const chapter = n >= 0 ? this.chapter(n) : null;
    if (!chapter) return null;
    const target = follow(chapter.doc.documentElement, docSteps as Step[]);
    if (!target) return null;
    return { n, chapter, at: this.originalOffset(chapter, target, p.offset, side) };
  }

  /** The text range a CFI of this book points at; null when it points elsewhere or nowhere. */
  resolve(cfi: string): TextRange | null {
    const parsed = parseCfi(cfi);
    if (!parsed) return null;
    // A point is where it says; a range's ends move onto the text they hold.
    const point = parsed.start === parsed.end;
    const from = this.locate(parsed.start, point ? 'point' : 'start');
    const to = point ? from : this.locate(parsed.end, 'end');
    if (!from || !to || to.n < from.n) return null;
    // Back to the stored text, as one range when both ends are in one chapter (its quote finds it best).
    const back = (n: number, chapter: ChapterText, range: TextRange): TextRange | null => {
      const stored = mapRange(chapter.text, this.storedText(n), range);
      return stored && { start: this.starts[n]! + stored.start, end: this.starts[n]! + stored.end };
    };
    if (from.n === to.n) {
      if (to.at <= from.at) {
        const at = back(from.n, from.chapter, { start: from.at, end: from.at });
        return at && { start: at.start, end: at.start };
      }
      return back(from.n, from.chapter, { start: from.at, end: to.at });
    }
    const head = back(from.n, from.chapter, { start: from.at, end: from.chapter.text.length });
    const tail = back(to.n, to.chapter, { start: 0, end: to.at });
    return head && tail ? { start: head.start, end: tail.end } : null;
  }
}
