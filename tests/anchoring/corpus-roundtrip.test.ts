import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildTextMap } from '../../src/shared/text/canonical';
import type { TextMap } from '../../src/shared/text/canonical';
import { WEB_CORPUS_DIR } from '../helpers/corpus';
import {
  anchorSelectors,
  describeTextRange,
  rangeToTextOffsets,
  textOffsetsToNodeRanges,
  textOffsetsToRange,
} from '../../src/shared/anchoring';

const CORPUS = WEB_CORPUS_DIR;
// wikipedia: tables, lists, references, a few Arabic/Hebrew/CJK language
// links; keep-tabular-data: tables; nytimes-1: inline-heavy news with menus;
// rtl-1: a dir="rtl" page. (wikipedia-2 is left out: jsdom Ranges are too
// slow on a document that size.)
const PAGES = ['wikipedia', 'keep-tabular-data', 'nytimes-1', 'rtl-1'];

/** Elements whose text the canonical text skips, and Range.toString() does not. */
const SKIPPED = 'script, style, template, noscript, iframe, object, svg, math, [hidden]';

function loadPage(name: string): { doc: Document; map: TextMap } {
  const html = readFileSync(`${CORPUS}/${name}/source.html`, 'utf8');
  const doc = new JSDOM(html).window.document;
  for (const el of Array.from(doc.body.querySelectorAll(SKIPPED))) el.remove();
  return { doc, map: buildTextMap(doc.body) };
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Independent oracle: which canonical offsets some DOM character produced. */
function ownedOffsets(map: TextMap): Uint8Array {
  const owned = new Uint8Array(map.text.length);
  for (const { offsets } of map.spans) {
    for (let i = 0; i + 1 < offsets.length; i++) if (offsets[i]! < offsets[i + 1]!) owned[offsets[i]!] = 1;
  }
  return owned;
}

const squash = (s: string): string => s.replace(/[ \t\n\r\f]+/g, '');

describe.each(PAGES)('round trips over corpus page %s', (page) => {
  const { doc, map } = loadPage(page);
  const text = map.text;
  const owned = ownedOffsets(map);
  const random = rng(page.length * 7919);
  // jsdom's Range is slow on big documents (tens of ms per setStart or
  // toString), so big pages get fewer samples.
  const samples = text.length > 60_000 ? 40 : 120;
  const pick = (maxLength: number): [number, number] => {
    const start = Math.floor(random() * (text.length - 1));
    const end = Math.min(text.length, start + 1 + Math.floor(random() * maxLength));
    return [start, end];
  };

  it('is a page with enough text', () => {
    expect(text.length).toBeGreaterThan(500);
    // Separators and collapsed spaces are not owned; everything else is.
    for (let i = 0; i < text.length; i++) {
      if (!/[ \n]/.test(text[i]!)) expect(owned[i], `offset ${i}`).toBe(1);
    }
  });

  it('maps ranges that start and end on visible characters back to the same offsets and text', () => {
    let checked = 0;
    while (checked < samples) {
      let [start, end] = pick(checked % 3 === 0 ? 1500 : 120);
      while (start < end && /\s/.test(text[start]!)) start++;
      while (end > start && /\s/.test(text[end - 1]!)) end--;
      if (start >= end) continue;
      checked++;
      const range = textOffsetsToRange(map, start, end, doc);
      expect(range, `[${start}, ${end})`).not.toBeNull();
      expect(range!.startContainer.nodeType).toBe(3);
      expect(range!.endContainer.nodeType).toBe(3);
      expect(rangeToTextOffsets(map, range!), `[${start}, ${end})`).toEqual({ start, end });
      const quote = describeTextRange(text, start, end).quote.exact;
      expect(squash(range!.toString())).toBe(squash(quote));
      const pieces = textOffsetsToNodeRanges(map, start, end);
      expect(squash(pieces.map((p) => p.node.data.slice(p.startOffset, p.endOffset)).join(''))).toBe(squash(quote));
      expect(pieces[0]!.node).toBe(range!.startContainer);
      expect(pieces[0]!.startOffset).toBe(range!.startOffset);
      expect(pieces.at(-1)!.node).toBe(range!.endContainer);
      expect(pieces.at(-1)!.endOffset).toBe(range!.endOffset);
    }
  });

  it('trims arbitrary ranges to their owned characters', () => {
    for (let n = 0; n < samples * 2; n++) {
      const [start, end] = pick(n % 2 ? 6 : 300);
      let a = start;
      while (a < end && !owned[a]) a++;
      let b = end;
      while (b > a && !owned[b - 1]) b--;
      const range = textOffsetsToRange(map, start, end, doc);
      if (a >= b) {
        expect(range, `[${start}, ${end})`).toBeNull();
        continue;
      }
      expect(rangeToTextOffsets(map, range!), `[${start}, ${end})`).toEqual({ start: a, end: b });
    }
  });

  it('re-anchors highlights after a paragraph is inserted at the top, to the same DOM positions', () => {
    const before: { sel: ReturnType<typeof describeTextRange>; range: Range }[] = [];
    while (before.length < samples / 2) {
      let [start, end] = pick(200);
      while (start < end && !owned[start]) start++;
      while (end > start && !owned[end - 1]) end--;
      if (end - start < 3) continue;
      const sel = describeTextRange(text, start, end);
      // Skip quotes that are ambiguous already (menus repeated verbatim with
      // the same context): only the old position could tell them apart, and
      // it is off by the inserted paragraph. See the anchor tests for that.
      const whole = sel.quote.prefix + sel.quote.exact + sel.quote.suffix;
      if (text.indexOf(whole) !== text.lastIndexOf(whole)) continue;
      before.push({ sel, range: textOffsetsToRange(map, start, end, doc)! });
    }
    const copy = new JSDOM(doc.documentElement.outerHTML).window.document;
    const p = copy.createElement('p');
    p.textContent = 'An editor’s note added to the top of the article.';
    copy.body.insertBefore(p, copy.body.firstChild);
    const edited = buildTextMap(copy.body);
    const shift = edited.text.length - text.length;
    for (const { sel, range } of before) {
      const result = anchorSelectors(edited.text, sel);
      expect(result, JSON.stringify(sel.quote.exact)).toMatchObject({
        status: 'moved',
        start: sel.position.start + shift,
        end: sel.position.end + shift,
      });
      if (result.status === 'orphaned') continue;
      const moved = textOffsetsToRange(edited, result.start, result.end, copy)!;
      expect(moved.startOffset).toBe(range.startOffset);
      expect(moved.endOffset).toBe(range.endOffset);
      expect((moved.startContainer as Text).data).toBe((range.startContainer as Text).data);
      expect(squash(moved.toString())).toBe(squash(sel.quote.exact));
    }
  });
});
