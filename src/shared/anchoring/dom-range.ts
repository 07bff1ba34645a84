/**
 * Mapping between DOM positions and canonical-text offsets, using the node
 * map from `buildTextMap` (src/shared/text/canonical.ts).
 *
 * A canonical character is "owned" by the DOM character it came from. The
 * spaces that stand for collapsed white space and the "\n"/"\n\n" block
 * separators are owned by no text node: they exist only between owned
 * characters. Ranges built here start at the first owned character and end
 * just after the last one; ranges read from a selection are trimmed the same
 * way. Only DOM Level 1 tree navigation is used, plus Document.createRange.
 */
import type { TextMap, TextNodeSpan } from '../text/canonical';

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** One text node's part of a canonical range: data[startOffset, endOffset). */
export interface NodeRange {
  node: Text;
  startOffset: number;
  endOffset: number;
}

export interface TextOffsets {
  start: number;
  end: number;
}

/**
 * Search index over a map's spans. Only spans with at least one owned
 * character ("content spans") are indexed; a content span's owned characters
 * lie in [first, end), with `first` and `end - 1` both owned.
 */
interface SpanIndex {
  /** Index into map.spans of each content span, in document order. */
  spanOf: Int32Array;
  first: Int32Array;
  end: Int32Array;
  /** Text node -> index into map.spans. */
  nodeIndex: Map<Node, number>;
}

const indexCache = new WeakMap<TextMap, SpanIndex>();

function getIndex(map: TextMap): SpanIndex {
  let index = indexCache.get(map);
  if (index) return index;
  const spanOf: number[] = [];
  const first: number[] = [];
  const end: number[] = [];
  const nodeIndex = new Map<Node, number>();
  map.spans.forEach((span, k) => {
    nodeIndex.set(span.node, k);
    const o = span.offsets;
    const a = o[0]!;
    const b = o[o.length - 1]!;
    if (a < b) {
      spanOf.push(k);
      first.push(a);
      end.push(b);
    }
  });
  index = { spanOf: Int32Array.from(spanOf), first: Int32Array.from(first), end: Int32Array.from(end), nodeIndex };
  indexCache.set(map, index);
  return index;
}

/** Whether the span's character i was kept (owns a canonical character). */
function isKept(offsets: Int32Array, i: number): boolean {
  return offsets[i]! < offsets[i + 1]!;
}

/** First i in [lo, hi) with offsets[i] >= value, or hi. */
function lowerBound(offsets: Int32Array, value: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface CharPosition {
  /** Index into map.spans. */
  span: number;
  /** Index of the character in the span's node data. */
  index: number;
  /** Its canonical offset. */
  offset: number;
}

/** The first owned character with canonical offset >= `offset`, if any. */
function firstOwnedAtOrAfter(map: TextMap, offset: number): CharPosition | null {
  const { spanOf, end } = getIndex(map);
  // First content span that ends after `offset`.
  let lo = 0;
  let hi = spanOf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (end[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo === spanOf.length) return null;
  const k = spanOf[lo]!;
  const offsets = (map.spans[k] as TextNodeSpan).offsets;
  const len = offsets.length - 1;
  let i = lowerBound(offsets, offset, 0, len);
  while (i < len && !isKept(offsets, i)) i++;
  return { span: k, index: i, offset: offsets[i]! };
}

/** The last owned character with canonical offset < `offset`, if any. */
function lastOwnedBefore(map: TextMap, offset: number): CharPosition | null {
  const { spanOf, first } = getIndex(map);
  // Last content span that starts before `offset`.
  let lo = 0;
  let hi = spanOf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (first[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return null;
  const k = spanOf[lo - 1]!;
  const offsets = (map.spans[k] as TextNodeSpan).offsets;
  const len = offsets.length - 1;
  let i = lowerBound(offsets, offset, 0, len) - 1;
  while (i > 0 && !isKept(offsets, i)) i--;
  return { span: k, index: i, offset: offsets[i]! };
}

function assertOffsets(map: TextMap, start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > map.text.length || start > end) {
    throw new RangeError(`invalid text offsets [${start}, ${end}) for a text of length ${map.text.length}`);
  }
}

/** The owned characters at the two ends of [start, end), or null if none. */
function ownedEnds(map: TextMap, start: number, end: number): [CharPosition, CharPosition] | null {
  assertOffsets(map, start, end);
  if (start === end) return null;
  const a = firstOwnedAtOrAfter(map, start);
  if (!a || a.offset >= end) return null;
  const b = lastOwnedBefore(map, end);
  if (!b || b.offset < a.offset) return null;
  return [a, b];
}

/**
 * A DOM Range covering exactly the canonical characters [start, end): it
 * starts before the first owned character in that interval and ends just
 * after the last one, both in text nodes. Null when [start, end) holds no
 * owned character (it is empty or only white space/separators). Throws
 * RangeError for offsets outside the text.
 */
export function textOffsetsToRange(map: TextMap, start: number, end: number, doc: Document): Range | null {
  const ends = ownedEnds(map, start, end);
  if (!ends) return null;
  const [a, b] = ends;
  const range = doc.createRange();
  range.setStart((map.spans[a.span] as TextNodeSpan).node, a.index);
  range.setEnd((map.spans[b.span] as TextNodeSpan).node, b.index + 1);
  return range;
}

/**
 * The pieces of each text node that make up the canonical characters
 * [start, end), in document order, for painting. The first piece starts at
 * the first owned character and the last ends after the last one; between
 * them whole nodes are included (collapsed white space too, so painted
 * highlights have no gaps), as are white-space-only nodes that render the
 * space between two words; white-space-only nodes that stand for a line or
 * paragraph break (e.g. between table cells) are left out.
 */
export function textOffsetsToNodeRanges(map: TextMap, start: number, end: number): NodeRange[] {
  const ends = ownedEnds(map, start, end);
  if (!ends) return [];
  const [a, b] = ends;
  const pieces: NodeRange[] = [];
  for (let k = a.span; k <= b.span; k++) {
    const span = map.spans[k] as TextNodeSpan;
    const offsets = span.offsets;
    const len = offsets.length - 1;
    if (len === 0) continue;
    if (offsets[0] === offsets[len]) {
      // No owned character: keep it only if it renders as a word space.
      if (map.text.charCodeAt(offsets[0]!) !== 0x20) continue;
    }
    const from = k === a.span ? a.index : 0;
    const to = k === b.span ? b.index + 1 : len;
    if (from < to) pieces.push({ node: span.node, startOffset: from, endOffset: to });
  }
  return pieces;
}

// --- From a DOM Range (e.g. a user's selection) to canonical offsets. ---

function deepestLast(node: Node): Node {
  let n = node;
  while (n.lastChild) n = n.lastChild;
  return n;
}

/** First mapped text node at or after `node` (its subtree included), in document order. */
function mappedFrom(node: Node | null, nodeIndex: Map<Node, number>): number | null {
  let n = node;
  while (n) {
    if (n.nodeType === TEXT_NODE) {
      const k = nodeIndex.get(n);
      if (k !== undefined) return k;
    }
    if (n.firstChild) {
      n = n.firstChild;
      continue;
    }
    while (n && !n.nextSibling) n = n.parentNode;
    n = n ? n.nextSibling : null;
  }
  return null;
}

/** First mapped text node after `node`'s subtree. */
function mappedAfter(node: Node, nodeIndex: Map<Node, number>): number | null {
  let n: Node | null = node;
  while (n && !n.nextSibling) n = n.parentNode;
  return n ? mappedFrom(n.nextSibling, nodeIndex) : null;
}

/** Last mapped text node at or before `node` (its subtree included), in document order. */
function mappedUpTo(node: Node | null, nodeIndex: Map<Node, number>): number | null {
  let n = node ? deepestLast(node) : null;
  while (n) {
    if (n.nodeType === TEXT_NODE) {
      const k = nodeIndex.get(n);
      if (k !== undefined) return k;
    }
    n = n.previousSibling ? deepestLast(n.previousSibling) : n.parentNode;
  }
  return null;
}

/** Last mapped text node before `node` (and not inside it). */
function mappedBefore(node: Node, nodeIndex: Map<Node, number>): number | null {
  let n: Node | null = node;
  while (n && !n.previousSibling) n = n.parentNode;
  return n ? mappedUpTo(n.previousSibling, nodeIndex) : null;
}

/**
 * Canonical offset of a range boundary: the offset of the first owned
 * character after the boundary (`asEnd` false) or the offset just past the
 * last owned character before it (`asEnd` true), before trimming.
 */
function boundaryOffset(map: TextMap, container: Node, offset: number, asEnd: boolean): number | null {
  const { nodeIndex } = getIndex(map);
  const spanOffsets = (k: number): Int32Array => (map.spans[k] as TextNodeSpan).offsets;
  if (container.nodeType === TEXT_NODE) {
    const k = nodeIndex.get(container);
    if (k !== undefined) {
      const offsets = spanOffsets(k);
      return offsets[Math.max(0, Math.min(offset, offsets.length - 1))]!;
    }
  }
  let k: number | null;
  if (container.nodeType === ELEMENT_NODE || container.nodeType === 9 || container.nodeType === 11) {
    const children = container.childNodes;
    if (asEnd) k = offset > 0 ? mappedUpTo(children[offset - 1] ?? null, nodeIndex) : mappedBefore(container, nodeIndex);
    else k = offset < children.length ? mappedFrom(children[offset] ?? null, nodeIndex) : mappedAfter(container, nodeIndex);
  } else {
    // Unmapped text (e.g. inside <script>), a comment, ...: skip it whole.
    k = asEnd ? mappedBefore(container, nodeIndex) : mappedAfter(container, nodeIndex);
  }
  if (k === null) return null;
  const offsets = spanOffsets(k);
  return asEnd ? offsets[offsets.length - 1]! : offsets[0]!;
}

/**
 * The canonical offsets covered by a DOM Range (a user's selection: its
 * containers may be elements or text nodes, at any offsets), trimmed to
 * start at the first and end after the last owned character, so collapsed
 * white space and separators at the edges are excluded. Null when the range
 * covers no canonical character.
 */
export function rangeToTextOffsets(map: TextMap, range: Range): TextOffsets | null {
  const rawStart = boundaryOffset(map, range.startContainer, range.startOffset, false);
  const rawEnd = boundaryOffset(map, range.endContainer, range.endOffset, true);
  if (rawStart === null || rawEnd === null || rawStart >= rawEnd) return null;
  const a = firstOwnedAtOrAfter(map, rawStart);
  const b = lastOwnedBefore(map, rawEnd);
  if (!a || !b || a.offset > b.offset) return null;
  return { start: a.offset, end: b.offset + 1 };
}
