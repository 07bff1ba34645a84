/**
 * Contents as the reader shows them: one tree of {title, target, children}
 * whatever it came from (a book's table of contents, an article's headings,
 * later a PDF's outline), and the rules on it that need no layout: which
 * entry is current once the reading line's place is known, which entries
 * hold it, and which chapters come before and after. Pure, unit-tested.
 */
import type { BookChapter, BookTocItem } from '../../../shared/types';

export interface ContentsItem {
  title: string;
  /** An element id in the article body (no `#`); null when the entry points nowhere in it. */
  target: string | null;
  children: ContentsItem[];
}

/** One entry in document order, with its place in the tree. */
export interface FlatItem {
  item: ContentsItem;
  depth: number;
  /** Index in the flat list of each ancestor, outermost first. */
  ancestors: number[];
  /** The chapter (0-based index in `BookInfo.chapters`) its target is in; -1 when unknown. */
  chapter: number;
}

/** A book's table of contents as contents items (`#c3-x` → `c3-x`). */
export function contentsFromToc(toc: readonly BookTocItem[]): ContentsItem[] {
  return toc.map((entry) => ({
    title: entry.title.trim() || 'Untitled',
    target: entry.target?.startsWith('#') ? entry.target.slice(1) || null : null,
    children: contentsFromToc(entry.items),
  }));
}

/**
 * Headings as a tree: each heading holds the deeper ones after it, up to
 * the next heading of its level or higher (h2 > h3 > h4 …).
 */
export function contentsFromHeadings(headings: readonly { level: number; title: string; target: string }[]): ContentsItem[] {
  const root: ContentsItem[] = [];
  const stack: { level: number; item: ContentsItem }[] = [];
  for (const heading of headings) {
    const item: ContentsItem = { title: heading.title, target: heading.target, children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.level >= heading.level) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1]!.item.children : root).push(item);
    stack.push({ level: heading.level, item });
  }
  return root;
}

/** The chapter a target sits in: `c3`, `c3-note` → index 2 when `c3` is the third chapter. */
export function chapterOfTarget(target: string | null, chapters: readonly Pick<BookChapter, 'id'>[]): number {
  const id = /^(c\d+)(?:-|$)/.exec(target ?? '')?.[1];
  return id ? chapters.findIndex((chapter) => chapter.id === id) : -1;
}

/** The tree in document order (a book's TOC is in reading order). */
export function flattenContents(items: readonly ContentsItem[], chapters: readonly Pick<BookChapter, 'id'>[] = []): FlatItem[] {
  const out: FlatItem[] = [];
  const walk = (list: readonly ContentsItem[], depth: number, ancestors: number[]): void => {
    for (const item of list) {
      const index = out.length;
      out.push({ item, depth, ancestors, chapter: chapterOfTarget(item.target, chapters) });
      walk(item.children, depth + 1, [...ancestors, index]);
    }
  };
  walk(items, 0, []);
  return out;
}

/**
 * The entry being read: the last (in document order) that starts at or
 * above the reading line. `reached(i)` says whether entry i's target is at
 * or above the line; with `chapter` (the chapter being read, for a book)
 * entries of earlier chapters count as reached and of later ones as not,
 * without measuring them (their chapters may not be laid out). -1: none yet.
 */
export function currentEntry(flat: readonly FlatItem[], reached: (index: number) => boolean, chapter?: number): number {
  let current = -1;
  for (let i = 0; i < flat.length; i++) {
    const entry = flat[i]!;
    if (!entry.item.target) continue;
    let at: boolean;
    if (chapter !== undefined && entry.chapter >= 0 && entry.chapter !== chapter) at = entry.chapter < chapter;
    else at = reached(i);
    if (at) current = i;
  }
  return current;
}

/**
 * The index of the last of `tops` (ascending, viewport px) at or above
 * `line`; -1 when all are below it. Binary search: a book has hundreds.
 */
export function lastAtOrAbove(count: number, top: (index: number) => number, line: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (top(mid) <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** A chapter's name for buttons and headings: its title, else "Chapter N". */
export function chapterName(chapters: readonly Pick<BookChapter, 'title'>[], index: number): string {
  const title = chapters[index]?.title?.trim();
  return title || `Chapter ${index + 1}`;
}

/** The chapter (index) a canonical-text offset is in, from the chapters' starts; -1 before the first. */
export function chapterAtOffset(chapters: readonly Pick<BookChapter, 'start'>[], offset: number): number {
  return lastAtOrAbove(chapters.length, (i) => chapters[i]!.start, offset);
}

/**
 * Items in document order, in runs by chapter (a book's Highlights panel):
 * each run with its chapter's name. Without chapters, one run and no title.
 */
export function groupByChapter<T extends { start: number }>(
  items: readonly T[],
  chapters: readonly Pick<BookChapter, 'start' | 'title'>[],
): { chapter: number; title: string | null; items: T[] }[] {
  if (chapters.length === 0) return items.length > 0 ? [{ chapter: -1, title: null, items: [...items] }] : [];
  const groups: { chapter: number; title: string | null; items: T[] }[] = [];
  for (const item of items) {
    const chapter = Math.max(0, chapterAtOffset(chapters, item.start));
    const last = groups[groups.length - 1];
    if (last && last.chapter === chapter) last.items.push(item);
    else groups.push({ chapter, title: chapterName(chapters, chapter), items: [item] });
  }
  return groups;
}
