import { describe, expect, it } from 'vitest';
import {
  chapterAtOffset,
  chapterName,
  chapterOfTarget,
  contentsFromHeadings,
  contentsFromToc,
  currentEntry,
  flattenContents,
  groupByChapter,
  lastAtOrAbove,
} from '../../src/renderer/src/lib/book-contents';
import { chapterKeyAction, readerKeyAction, type KeyPress } from '../../src/renderer/src/lib/reader-keys';
import { estimatedHeight } from '../../src/renderer/src/lib/book-layout';

const chapters = [
  { id: 'c1', title: 'Arrival', start: 0, writingMode: null },
  { id: 'c2', title: null, start: 100, writingMode: null },
  // An empty chapter starts where the next one does.
  { id: 'c3', title: 'Empty', start: 250, writingMode: null },
  { id: 'c4', title: 'Letters', start: 250, writingMode: null },
] as const;

describe('book contents', () => {
  const toc = contentsFromToc([
    { title: 'Arrival', target: '#c1', items: [] },
    { title: ' ', target: '#c2', items: [{ title: 'Nowhere', target: null, items: [] }] },
    { title: 'Letters', target: '#c4', items: [{ title: 'The reply', target: '#c4-reply', items: [] }] },
  ]);

  it('turns a TOC into items: fragments become ids, blank titles a placeholder, dead entries no target', () => {
    expect(toc.map((i) => [i.title, i.target])).toEqual([
      ['Arrival', 'c1'],
      ['Untitled', 'c2'],
      ['Letters', 'c4'],
    ]);
    expect(toc[1]!.children[0]).toEqual({ title: 'Nowhere', target: null, children: [] });
  });

  it('flattens in document order with depth, ancestors and the chapter of each target', () => {
    const flat = flattenContents(toc, chapters);
    expect(flat.map((f) => [f.item.title, f.depth, f.ancestors, f.chapter])).toEqual([
      ['Arrival', 0, [], 0],
      ['Untitled', 0, [], 1],
      ['Nowhere', 1, [1], -1],
      ['Letters', 0, [], 3],
      ['The reply', 1, [3], 3],
    ]);
    expect(chapterOfTarget('c12-x', chapters)).toBe(-1);
    expect(chapterOfTarget('c1x', chapters)).toBe(-1);
  });

  it('marks the last entry reached; other chapters count by their order without being measured', () => {
    const flat = flattenContents(toc, chapters);
    const measured: number[] = [];
    const reached = (set: number[]) => (i: number) => {
      measured.push(i);
      return set.includes(i);
    };
    // Reading chapter 4 (index 3), above its second part.
    expect(currentEntry(flat, reached([3]), 3)).toBe(3);
    expect(measured).toEqual([3, 4]);
    expect(currentEntry(flat, reached([3, 4]), 3)).toBe(4);
    // Reading chapter 2: chapter 4's entries are after it whatever they measure.
    expect(currentEntry(flat, reached([0, 1, 3, 4]), 1)).toBe(1);
    // An article (no chapters): measured only.
    expect(currentEntry(flat, reached([]))).toBe(-1);
  });

  it('nests headings under the nearest higher heading', () => {
    const tree = contentsFromHeadings([
      { level: 2, title: 'A', target: 'a' },
      { level: 3, title: 'A.1', target: 'a1' },
      { level: 4, title: 'A.1.i', target: 'a1i' },
      { level: 3, title: 'A.2', target: 'a2' },
      { level: 2, title: 'B', target: 'b' },
      { level: 4, title: 'B.deep', target: 'bd' },
    ]);
    const shape = (items: typeof tree): unknown => items.map((i) => (i.children.length ? [i.title, shape(i.children)] : i.title));
    expect(shape(tree)).toEqual([['A', [['A.1', ['A.1.i']], 'A.2']], ['B', ['B.deep']]]);
  });

  it('finds the last box at or above a line by binary search', () => {
    const tops = [-500, -20, 0, 300, 900];
    expect(lastAtOrAbove(tops.length, (i) => tops[i]!, 10)).toBe(2);
    expect(lastAtOrAbove(tops.length, (i) => tops[i]!, -600)).toBe(-1);
    expect(lastAtOrAbove(tops.length, (i) => tops[i]!, 5000)).toBe(4);
    expect(lastAtOrAbove(0, () => 0, 0)).toBe(-1);
  });

  it('names chapters and places offsets in them (an empty chapter never holds one)', () => {
    expect(chapterName(chapters, 0)).toBe('Arrival');
    expect(chapterName(chapters, 1)).toBe('Chapter 2');
    expect(chapterAtOffset(chapters, 0)).toBe(0);
    expect(chapterAtOffset(chapters, 99)).toBe(0);
    expect(chapterAtOffset(chapters, 100)).toBe(1);
    expect(chapterAtOffset(chapters, 250)).toBe(3);
  });

  it('groups highlights by chapter in document order, one group per run (a crossing highlight under its first chapter)', () => {
    const items = [{ start: 5 }, { start: 95 }, { start: 120 }, { start: 260 }];
    expect(groupByChapter(items, chapters).map((g) => [g.title, g.items.map((i) => i.start)])).toEqual([
      ['Arrival', [5, 95]],
      ['Chapter 2', [120]],
      ['Letters', [260]],
    ]);
    expect(groupByChapter(items, [])).toEqual([{ chapter: -1, title: null, items }]);
    expect(groupByChapter([], chapters)).toEqual([]);
  });

  it('estimates a chapter height that grows with its length', () => {
    const short = estimatedHeight(500, 600, 18, 30);
    const long = estimatedHeight(50_000, 600, 18, 30);
    expect(short).toBeGreaterThan(0);
    expect(long / short).toBeGreaterThan(50);
  });
});

describe('chapter keys', () => {
  const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    defaultPrevented: false,
    ...mods,
  });

  it('Alt+← and Alt+→ go to the previous and next chapter, not while typing or with other modifiers', () => {
    expect(chapterKeyAction(press('ArrowLeft', { altKey: true }), false)).toBe('previous-chapter');
    expect(chapterKeyAction(press('ArrowRight', { altKey: true }), false)).toBe('next-chapter');
    expect(chapterKeyAction(press('ArrowRight', { altKey: true }), true)).toBeNull();
    expect(chapterKeyAction(press('ArrowRight'), false)).toBeNull();
    expect(chapterKeyAction(press('ArrowRight', { altKey: true, shiftKey: true }), false)).toBeNull();
    expect(chapterKeyAction(press('ArrowRight', { altKey: true, ctrlKey: true }), false)).toBeNull();
    expect(chapterKeyAction(press('ArrowRight', { altKey: true, defaultPrevented: true }), false)).toBeNull();
  });

  it('leaves the reader keys as they were (no reader action for Alt+arrows)', () => {
    const state = { inTextField: false, hasArticle: true, popoverOpen: false, selectionShown: false };
    expect(readerKeyAction(press('ArrowRight', { altKey: true }), state)).toBeNull();
    expect(readerKeyAction(press('ArrowLeft', { altKey: true, shiftKey: true }), state)).toBeNull();
  });
});
