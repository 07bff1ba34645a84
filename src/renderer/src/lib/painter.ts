/**
 * Paints highlights with the CSS Custom Highlight API: one registry entry
 * per colour (`gloss-yellow`, ...), one for overlapping parts, one for the
 * selected highlight and one for the flash. The article DOM is never
 * touched, so copy, find-in-page and screen readers see the text as is.
 *
 * The TextMap of the article body is built once per render and reused for
 * every paint; repaints are incremental (only changed highlights get new
 * ranges). A PDF view hands it a map of the pages rendered now and a new
 * one whenever a page renders or goes (setMap): everything is painted
 * again over the text nodes that exist.
 *
 * Find in the document paints its matches here too (`gloss-find`, and
 * `gloss-find-current` for the one it is on), only where text is drawn and
 * at most FIND_PAINT_CAP of them, so thousands of matches never freeze it.
 */
import { buildTextMap, type TextMap, type TextNodeSpan } from '../../../shared/text/canonical';
import { textOffsetsToNodeRanges, textOffsetsToRange } from '../../../shared/anchoring/dom-range';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../shared/types';
import { coveredIntervals, matchesToPaint, NO_MATCHES, type FindMatches } from './find-matches';

export interface PaintItem {
  id: string;
  color: HighlightColor;
  start: number;
  end: number;
}

interface Entry extends PaintItem {
  ranges: Range[];
}

export const LAYER_PREFIX = 'gloss-';
const OVERLAP = 'gloss-overlap';
const SELECTED = 'gloss-selected';
const FLASH = 'gloss-flash';
export const FIND = 'gloss-find';
export const FIND_CURRENT = 'gloss-find-current';
/** The sentence being read aloud (lib/read-aloud.ts). */
export const SPEECH = 'gloss-speech';
/** Find matches painted at most at once (the count still covers them all). */
export const FIND_PAINT_CAP = 2000;
const PRIORITY: Readonly<Record<string, number>> = { [OVERLAP]: 1, [SELECTED]: 2, [FLASH]: 3, [SPEECH]: 3, [FIND]: 4, [FIND_CURRENT]: 5 };

export function highlightApiSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

export class HighlightPainter {
  map: TextMap;
  #entries = new Map<string, Entry>();
  #layers = new Map<string, Highlight>();
  #spanOf = new Map<Node, TextNodeSpan>();
  #selected: string | null = null;
  #flashTimer: ReturnType<typeof setTimeout> | undefined;
  #flashing: string | null = null;
  #supported = highlightApiSupported();
  #find: { matches: FindMatches; current: number } = { matches: NO_MATCHES, current: -1 };
  #drawn: { map: TextMap; intervals: Array<[number, number]> } | null = null;

  /** An article body (its text map is built here) or a text map a view keeps itself. */
  constructor(source: HTMLElement | TextMap) {
    this.map = source instanceof HTMLElement ? buildTextMap(source) : source;
    for (const span of this.map.spans) this.#spanOf.set(span.node, span);
    if (!this.#supported) return;
    const names = [...HIGHLIGHT_COLORS.map((c) => LAYER_PREFIX + c), OVERLAP, SELECTED, FLASH, SPEECH, FIND, FIND_CURRENT];
    names.forEach((name) => {
      const layer = new Highlight();
      layer.priority = PRIORITY[name] ?? 0;
      this.#layers.set(name, layer);
      CSS.highlights.set(name, layer);
    });
  }

  get text(): string {
    return this.map.text;
  }

  /**
   * Another map of the same text (other text nodes: a PDF page rendered or
   * released): every highlight gets its ranges over the new nodes.
   */
  setMap(map: TextMap): void {
    this.map = map;
    this.#spanOf = new Map(map.spans.map((span) => [span.node, span]));
    for (const layer of this.#layers.values()) layer.clear();
    for (const entry of this.#entries.values()) {
      entry.ranges = this.#ranges(entry.start, entry.end);
      const layer = this.#layers.get(LAYER_PREFIX + entry.color);
      if (layer) for (const range of entry.ranges) layer.add(range);
    }
    this.#paintOverlaps();
    this.#paintSelected();
    // A flash still running goes on over the new nodes.
    if (this.#flashing) this.#paintFlash(this.#flashing);
    this.#paintFind();
  }

  /** Find's matches (NO_MATCHES: none) and the index of the current one (-1: none). */
  setFind(matches: FindMatches, current: number): void {
    this.#find = { matches, current };
    this.#paintFind();
  }

  #paintFind(): void {
    const all = this.#layers.get(FIND);
    const current = this.#layers.get(FIND_CURRENT);
    if (!all || !current) return;
    all.clear();
    current.clear();
    const { matches, current: at } = this.#find;
    if (matches.count === 0) return;
    if (this.#drawn?.map !== this.map) this.#drawn = { map: this.map, intervals: coveredIntervals(this.map.spans) };
    for (const k of matchesToPaint(matches, this.#drawn.intervals, FIND_PAINT_CAP)) {
      if (k === at) continue;
      for (const range of this.#ranges(matches.starts[k]!, matches.ends[k]!)) all.add(range);
    }
    if (at >= 0 && at < matches.count) {
      for (const range of this.#ranges(matches.starts[at]!, matches.ends[at]!)) current.add(range);
    }
  }

  /** Paints the sentence being read aloud (null: none). */
  setSpoken(span: { start: number; end: number } | null): void {
    const layer = this.#layers.get(SPEECH);
    if (!layer) return;
    layer.clear();
    if (span) for (const range of this.#ranges(span.start, span.end)) layer.add(range);
  }

  /** Brings the painted highlights in line with `items` (only the changed ones are repainted). */
  sync(items: readonly PaintItem[]): void {
    const seen = new Set<string>();
    let changed = false;
    for (const item of items) {
      seen.add(item.id);
      const old = this.#entries.get(item.id);
      if (old && old.color === item.color && old.start === item.start && old.end === item.end) continue;
      if (old) this.#remove(old);
      this.#add({ id: item.id, color: item.color, start: item.start, end: item.end, ranges: [] });
      changed = true;
    }
    for (const entry of [...this.#entries.values()]) {
      if (!seen.has(entry.id)) {
        this.#remove(entry);
        changed = true;
      }
    }
    if (changed) {
      this.#paintOverlaps();
      this.#paintSelected();
    }
  }

  #ranges(start: number, end: number): Range[] {
    if (start < 0 || end > this.map.text.length || start >= end) return [];
    return textOffsetsToNodeRanges(this.map, start, end).map((piece) => {
      const range = document.createRange();
      range.setStart(piece.node, piece.startOffset);
      range.setEnd(piece.node, piece.endOffset);
      return range;
    });
  }

  #add(entry: Entry): void {
    entry.ranges = this.#ranges(entry.start, entry.end);
    this.#entries.set(entry.id, entry);
    const layer = this.#layers.get(LAYER_PREFIX + entry.color);
    if (layer) for (const range of entry.ranges) layer.add(range);
  }

  #remove(entry: Entry): void {
    this.#entries.delete(entry.id);
    const layer = this.#layers.get(LAYER_PREFIX + entry.color);
    if (layer) for (const range of entry.ranges) layer.delete(range);
  }

  /** Parts covered by two or more highlights get a darker layer, so nesting stays visible. */
  #paintOverlaps(): void {
    const layer = this.#layers.get(OVERLAP);
    if (!layer) return;
    layer.clear();
    const events: [number, number][] = [];
    for (const e of this.#entries.values()) {
      events.push([e.start, 1], [e.end, -1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let depth = 0;
    let from = -1;
    for (const [at, delta] of events) {
      const before = depth;
      depth += delta;
      if (before < 2 && depth >= 2) from = at;
      else if (before >= 2 && depth < 2 && from >= 0 && at > from) {
        for (const range of this.#ranges(from, at)) layer.add(range);
      }
    }
  }

  select(id: string | null): void {
    this.#selected = id;
    this.#paintSelected();
  }

  #paintSelected(): void {
    const layer = this.#layers.get(SELECTED);
    if (!layer) return;
    layer.clear();
    const entry = this.#selected ? this.#entries.get(this.#selected) : undefined;
    if (entry) for (const range of entry.ranges) layer.add(range);
  }

  /** Briefly flashes a highlight (after scrolling to it). */
  flash(id: string): void {
    if (!this.#paintFlash(id)) return;
    this.#flashing = id;
    clearTimeout(this.#flashTimer);
    this.#flashTimer = setTimeout(() => {
      this.#flashing = null;
      this.#layers.get(FLASH)?.clear();
    }, 900);
  }

  #paintFlash(id: string): boolean {
    const layer = this.#layers.get(FLASH);
    const entry = this.#entries.get(id);
    if (!layer || !entry) return false;
    layer.clear();
    for (const range of entry.ranges) layer.add(range);
    return true;
  }

  /** One Range over a painted highlight, for scrolling and positioning. */
  rangeOf(id: string): Range | null {
    const entry = this.#entries.get(id);
    if (!entry) return null;
    return textOffsetsToRange(this.map, entry.start, entry.end, document);
  }

  /** The canonical offset of the character drawn at a viewport point, if any. */
  offsetAt(x: number, y: number): number | null {
    let node: Node | null = null;
    let offset = 0;
    const doc = document as Document & {
      caretPositionFromPoint?: (x: number, y: number) => CaretPosition | null;
    };
    if (typeof doc.caretPositionFromPoint === 'function') {
      const pos = doc.caretPositionFromPoint(x, y);
      if (pos) {
        node = pos.offsetNode;
        offset = pos.offset;
      }
    } else if (typeof document.caretRangeFromPoint === 'function') {
      const range = document.caretRangeFromPoint(x, y);
      if (range) {
        node = range.startContainer;
        offset = range.startOffset;
      }
    }
    if (!node) return null;
    const span = this.#spanOf.get(node);
    if (!span) return null;
    const text = node as Text;
    const probe = document.createRange();
    for (const i of [offset, offset - 1]) {
      if (i < 0 || i >= text.length) continue;
      probe.setStart(text, i);
      probe.setEnd(text, i + 1);
      for (const rect of probe.getClientRects()) {
        if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) {
          return span.offsets[i]!;
        }
      }
    }
    return null;
  }

  /**
   * The highlight drawn at a viewport point: of those covering it, the
   * shortest (the innermost of nested ones).
   */
  hitTest(x: number, y: number): string | null {
    const at = this.offsetAt(x, y);
    if (at === null) return null;
    let best: Entry | null = null;
    for (const entry of this.#entries.values()) {
      if (entry.start <= at && at < entry.end) {
        if (!best || entry.end - entry.start < best.end - best.start) best = entry;
      }
    }
    return best ? best.id : null;
  }

  destroy(): void {
    clearTimeout(this.#flashTimer);
    for (const [name, layer] of this.#layers) {
      layer.clear();
      if (CSS.highlights.get(name) === layer) CSS.highlights.delete(name);
    }
    this.#layers.clear();
    this.#entries.clear();
    this.#find = { matches: NO_MATCHES, current: -1 };
  }
}
