/**
 * Where the reader is in an article, in a form that survives another window
 * width or font size: the canonical-text offset of the first block visible
 * at the top of the reading area, and the fraction of that block already
 * scrolled past. Stored (opaque to main) as JSON `{"v":1,"o":<offset>,"f":<fraction>}`
 * next to progress (how much of the body has been on screen, bodyProgress).
 *
 * Offsets are mapped to and from the DOM with the article's TextMap (the
 * one the highlight painter builds), through shared/anchoring/dom-range.
 */
import type { TextMap, TextNodeSpan } from '../../../shared/text/canonical';
import { rangeToTextOffsets, textOffsetsToRange } from '../../../shared/anchoring/dom-range';

export const POSITION_VERSION = 1;

export interface ReadingPosition {
  /** Canonical-text offset where the block at the top starts. */
  o: number;
  /** 0..1: how much of that block is above the top of the reading area. */
  f: number;
}

/** The JSON stored as the article's readPosition. */
export function encodePosition(position: ReadingPosition): string {
  const o = Math.max(0, Math.trunc(position.o));
  const f = Math.round(clamp01(position.f) * 10_000) / 10_000;
  return JSON.stringify({ v: POSITION_VERSION, o, f });
}

/** A stored position, or null for anything else (never stored, another format, damaged). */
export function decodePosition(raw: string | null | undefined): ReadingPosition | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 1000) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { v, o, f } = value as Record<string, unknown>;
  if (v !== POSITION_VERSION) return null;
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) return null;
  if (typeof f !== 'number' || !Number.isFinite(f)) return null;
  return { o, f: clamp01(f) };
}

/**
 * 0..1: how much of the article body has come into view, i.e. the part
 * above the bottom of the window. Measured on the body, not the page, so
 * what follows the article (the Highlights panel in narrow windows) does not
 * count: the end of the text on screen is 1.
 */
export function bodyProgress(bodyTop: number, bodyHeight: number, viewportHeight: number): number {
  if (!(bodyHeight > 0) || !Number.isFinite(bodyTop) || !Number.isFinite(viewportHeight)) return 0;
  return Math.round(clamp01((viewportHeight - bodyTop) / bodyHeight) * 10_000) / 10_000;
}

/** A stored progress as a number 0..1 (0 for anything else). */
export function validProgress(progress: unknown): number {
  return typeof progress === 'number' && Number.isFinite(progress) ? clamp01(progress) : 0;
}

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n));
}

// --- The DOM side (the live article body). ---

/**
 * The top of the reading area in viewport pixels: global.css's `--reading-line`
 * (below the sticky header and the reader's toolbar; also the page's scroll
 * padding). Not the scroll padding itself: that drops to 0 while the header
 * has the focus, and a position saved then would drift.
 */
export function readingTopLine(): number {
  const line = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--reading-line'));
  return Number.isFinite(line) ? line : 0;
}

/** The nearest ancestor of `node` inside `root` laid out as a block (not inline), or root. */
function blockOf(node: Node, root: HTMLElement): HTMLElement {
  for (let el = node.parentElement; el && el !== root && root.contains(el); el = el.parentElement) {
    const display = getComputedStyle(el).display;
    if (display !== 'inline' && display !== 'contents') return el;
  }
  return root;
}

/** Spans that own at least one canonical character, per map. */
const contentSpans = new WeakMap<TextMap, TextNodeSpan[]>();

function spansWithText(map: TextMap): TextNodeSpan[] {
  let spans = contentSpans.get(map);
  if (!spans) {
    spans = map.spans.filter((s) => s.offsets.length > 1 && s.offsets[0]! < s.offsets[s.offsets.length - 1]!);
    contentSpans.set(map, spans);
  }
  return spans;
}

function nodeRect(node: Node): DOMRect {
  const range = document.createRange();
  range.selectNodeContents(node);
  return range.getBoundingClientRect();
}

/** The text spans (indices [from, to) into spansWithText) under one child of the body. */
interface TopBlock {
  node: Node;
  from: number;
  to: number;
}

const topBlocks = new WeakMap<TextMap, { root: HTMLElement; blocks: TopBlock[] }>();

/**
 * The body's children that hold text, with their spans, once per map. The
 * search for the reading line goes through these boxes first: a book's
 * chapters off screen skip layout, and measuring text inside one would lay
 * it out (a search straight over the spans laid out a dozen chapters).
 */
function blocksWithText(map: TextMap, root: HTMLElement): TopBlock[] {
  const cached = topBlocks.get(map);
  if (cached?.root === root) return cached.blocks;
  const spans = spansWithText(map);
  const blocks: TopBlock[] = [];
  for (let i = 0; i < spans.length; i++) {
    let node: Node | null = spans[i]!.node;
    while (node && node.parentNode !== root) node = node.parentNode;
    const last = blocks[blocks.length - 1];
    if (node && last?.node === node) last.to = i + 1;
    else blocks.push({ node: node ?? spans[i]!.node, from: i, to: i + 1 });
  }
  topBlocks.set(map, { root, blocks });
  return blocks;
}

function boxOf(node: Node): DOMRect {
  return node instanceof Element ? node.getBoundingClientRect() : nodeRect(node);
}

/** The first index in [lo, hi) whose box's bottom is below `line` (boxes run down the page in order); hi when none is. */
function firstBelow(lo: number, hi: number, bottomOf: (i: number) => number, line: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bottomOf(mid) <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The position at the top of the reading area (`topLine`, viewport px):
 * the first text (in document order) whose box reaches below the line,
 * its block, and how far into the block the line is. While the line is
 * still above the body (the article's header), the start: {o: 0, f: 0}.
 */
export function capturePosition(map: TextMap, root: HTMLElement, topLine: number): ReadingPosition | null {
  const spans = spansWithText(map);
  if (spans.length === 0) return null;
  if (root.getBoundingClientRect().top >= topLine) return { o: 0, f: 0 };
  // Text boxes run down the page in document order: binary search for the
  // first below the line, among the body's children, then inside that one.
  const blocks = blocksWithText(map, root);
  const b = firstBelow(0, blocks.length, (i) => boxOf(blocks[i]!.node).bottom, topLine);
  const within = blocks[Math.min(b, blocks.length - 1)]!;
  const lo = b < blocks.length ? firstBelow(within.from, within.to, (i) => nodeRect(spans[i]!.node).bottom, topLine) : spans.length;
  const span = spans[Math.min(lo, spans.length - 1)]!;
  const block = blockOf(span.node, root);
  const range = document.createRange();
  range.selectNodeContents(block);
  const offsets = rangeToTextOffsets(map, range);
  if (!offsets) return null;
  const rect = block.getBoundingClientRect();
  const f = rect.height > 0 ? (topLine - rect.top) / rect.height : 0;
  return { o: offsets.start, f: clamp01(f) };
}

/**
 * The scrollY that brings `position` back to the top of the reading area,
 * or null when the offset is not in this text (then fall back to progress).
 * {o: 0, f: 0} is the very top of the page.
 */
export function positionScrollY(map: TextMap, root: HTMLElement, position: ReadingPosition, topLine: number): number | null {
  if (position.o === 0 && position.f === 0) return 0;
  if (position.o >= map.text.length) return null;
  const range = textOffsetsToRange(map, position.o, map.text.length, document);
  if (!range) return null;
  const block = blockOf(range.startContainer, root);
  const rect = block.getBoundingClientRect();
  return Math.max(0, Math.round(window.scrollY + rect.top + position.f * rect.height - topLine));
}

/** The scrollY for a progress 0..1. */
export function progressScrollY(progress: number): number {
  const range = document.documentElement.scrollHeight - window.innerHeight;
  return range > 0 ? Math.round(validProgress(progress) * range) : 0;
}

// --- Saving: throttled, serialized, flushable. ---

export interface PositionUpdate {
  progress: number;
  position: string;
}

/**
 * Sends the newest value at most once per `delay` ms while values keep
 * coming (trailing: the last one is always sent), one request at a time,
 * never the same value twice in a row. flush() sends what is pending now.
 */
export class ThrottledSaver<T> {
  #send: (value: T) => Promise<void>;
  #key: (value: T) => string;
  #delay: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: T | null = null;
  #lastKey: string | null = null;
  #chain: Promise<void> = Promise.resolve();

  constructor(send: (value: T) => Promise<void>, { delay = 500, key = (v: T) => JSON.stringify(v) } = {}) {
    this.#send = send;
    this.#delay = delay;
    this.#key = key;
  }

  /** True while a value waits for its turn. */
  get pending(): boolean {
    return this.#pending !== null;
  }

  update(value: T): void {
    this.#pending = value;
    if (this.#timer === undefined) this.#timer = setTimeout(() => void this.flush(), this.#delay);
  }

  /** Sends the pending value (if any) now; resolves once it was sent or failed. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#chain = this.#chain.then(() => this.#drain());
    return this.#chain;
  }

  /**
   * Sends the pending value at once, not queued behind a request in flight
   * (for pagehide: the page may be gone before the queue gets to it).
   */
  sendNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const value = this.#pending;
    this.#pending = null;
    if (value === null) return;
    const key = this.#key(value);
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    this.#send(value).catch(() => {
      // Nothing to keep: the next scroll saves again.
    });
  }

  /** Drops the pending value (nothing more is sent for it). */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = null;
  }

  async #drain(): Promise<void> {
    const value = this.#pending;
    this.#pending = null;
    if (value === null) return;
    const key = this.#key(value);
    if (key === this.#lastKey) return;
    try {
      await this.#send(value);
      this.#lastKey = key;
    } catch {
      // A position is saved again with the next scroll; nothing to keep.
    }
  }
}
