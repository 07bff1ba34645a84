// @vitest-environment jsdom
/**
 * Finding the reading line in a long book measures the body's children
 * first (a chapter off screen skips layout, and measuring text inside it
 * would lay it out), then only the text of the child at the line. On jsdom
 * with a stand-in layout: every paragraph 100 px tall, one under another.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildTextMap } from '../../src/shared/text/canonical';
import { capturePosition } from '../../src/renderer/src/lib/reading-position';

const CHAPTERS = 40;
const PARAGRAPHS = 25;
const LINE = 100;

const originalElementRect = Element.prototype.getBoundingClientRect;
const originalRangeRect = Range.prototype.getBoundingClientRect;
afterEach(() => {
  Element.prototype.getBoundingClientRect = originalElementRect;
  Range.prototype.getBoundingClientRect = originalRangeRect;
});

function book(): HTMLElement {
  const body = document.createElement('div');
  for (let c = 1; c <= CHAPTERS; c++) {
    const section = document.createElement('section');
    section.id = `c${c}`;
    for (let p = 1; p <= PARAGRAPHS; p++) {
      const para = document.createElement('p');
      para.textContent = `Chapter ${c} paragraph ${p} says something.`;
      section.append(para);
    }
    body.append(section);
  }
  document.body.replaceChildren(body);
  return body;
}

/** The reader's controls after each chapter, added after the text map (book-layout.ts): not the book's text. */
function addChapterEnds(body: HTMLElement): void {
  for (const section of Array.from(body.querySelectorAll('section'))) {
    const bar = document.createElement('div');
    bar.textContent = 'Next chapter';
    section.after(bar);
  }
}

/** A layout scrolled by `scrollY`; answers which chapters had text measured inside them. */
function layOut(body: HTMLElement, scrollY: number): Set<string> {
  const paragraphs = Array.from(body.querySelectorAll('p'));
  const top = new Map(paragraphs.map((p, i) => [p as Node, i * LINE - scrollY]));
  const measuredIn = new Set<string>();
  const rectOf = (node: Node): DOMRect => {
    const el = node instanceof Element ? node : node.parentElement!;
    const inside = el.localName === 'p' ? [el] : Array.from(el.querySelectorAll('p'));
    if (el === body) return new DOMRect(0, -scrollY, 600, paragraphs.length * LINE);
    if (inside.length === 0) return new DOMRect(0, 0, 0, 0);
    const y = top.get(inside[0]!)!;
    return new DOMRect(0, y, 600, inside.length * LINE);
  };
  Element.prototype.getBoundingClientRect = function (this: Element) {
    return rectOf(this);
  };
  Range.prototype.getBoundingClientRect = function (this: Range) {
    const node = this.startContainer;
    const section = (node instanceof Element ? node : node.parentElement)?.closest('section');
    if (section && node !== section) measuredIn.add(section.id);
    return rectOf(node);
  };
  return measuredIn;
}

describe('capturePosition in a book', () => {
  it('finds the paragraph at the reading line, measuring text only in the chapter there', () => {
    const body = book();
    const map = buildTextMap(body);
    addChapterEnds(body);
    // The line 50 px into paragraph 8 of chapter 33.
    const target = (32 * PARAGRAPHS + 7) * LINE;
    const measured = layOut(body, target + 50);
    const position = capturePosition(map, body, 0);
    const para = Array.from(body.querySelectorAll('p'))[32 * PARAGRAPHS + 7]!;
    expect(map.text.slice(position!.o).startsWith(para.textContent!)).toBe(true);
    expect(position!.f).toBeCloseTo(0.5);
    expect([...measured]).toEqual(['c33']);

    // The line at the very last paragraph and past the end.
    layOut(body, (CHAPTERS * PARAGRAPHS - 1) * LINE);
    expect(map.text.slice(capturePosition(map, body, 0)!.o)).toBe(`Chapter ${CHAPTERS} paragraph ${PARAGRAPHS} says something.`);
    layOut(body, CHAPTERS * PARAGRAPHS * LINE + 500);
    expect(map.text.slice(capturePosition(map, body, 0)!.o)).toBe(`Chapter ${CHAPTERS} paragraph ${PARAGRAPHS} says something.`);
  });
});
