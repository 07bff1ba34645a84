/**
 * What the reader adds to a rendered body beyond the article's text: for a
 * book, chapter sizes for skipped layout, chapter-end buttons and its
 * table of contents; for an article with two headings or more, Contents
 * from its headings; for both, footnote popovers. One entry point, called
 * once the body's text map is built (ArticleBody's `ondisplay`).
 */
import type { BookInfo } from '../../../shared/types';
import { contentsFromHeadings, contentsFromToc, type ContentsItem } from './book-contents';
import { listenNoteRefs, type FootnoteContent } from './book-footnotes';
import { addChapterEnds, bookSections, setEstimatedSizes } from './book-layout';
import type { ContentsTracker } from './contents-tracker.svelte';
import type { PopoverAnchor } from './popover-placement';

export interface OpenFootnote extends FootnoteContent {
  /** The reference: the keyboard goes back there when the note closes. */
  ref: HTMLAnchorElement;
  anchor: PopoverAnchor;
}

export interface BodyView {
  book: BookInfo | undefined;
  /** Length of the canonical text (the last chapter ends there). */
  textLength: number;
  tracker: ContentsTracker;
  topLine: () => number;
  onfootnote: (note: OpenFootnote) => void;
  /** A chapter-end button was pressed (chapter index). */
  goChapter: (index: number) => void;
}

/** Ids given to headings that have none, so Contents can point at them. */
const HEADING_ID_PREFIX = 'gloss-heading-';

/** An article's headings as contents (ids added where missing); empty when it has fewer than two. */
function headingContents(body: HTMLElement, added: HTMLElement[]): ContentsItem[] {
  const headings = Array.from(body.querySelectorAll<HTMLElement>('h2, h3, h4')).filter((h) => h.textContent?.trim());
  if (headings.length < 2) return [];
  return contentsFromHeadings(
    headings.map((h, i) => {
      if (!h.id) {
        h.id = `${HEADING_ID_PREFIX}${i + 1}`;
        added.push(h);
      }
      return { level: Number(h.localName.slice(1)), title: h.textContent!.replace(/\s+/g, ' ').trim(), target: h.id };
    }),
  );
}

/** Below (or above) a footnote reference, page px. */
function anchorAt(ref: HTMLElement): PopoverAnchor {
  const rect = ref.getBoundingClientRect();
  return { top: rect.bottom + window.scrollY + 6, above: rect.top + window.scrollY - 6, left: rect.left + window.scrollX - 16 };
}

/** Sets the body up for reading; returns the cleanup. */
export function displayBody(body: HTMLElement, view: BodyView): () => void {
  const cleanups: (() => void)[] = [];
  const chapters = view.book?.chapters ?? [];
  let items: ContentsItem[];
  if (view.book && chapters.length > 0) {
    // Chapters off screen skip layout (article.css keys on this).
    body.dataset.book = '';
    cleanups.push(() => delete body.dataset.book);
    const sections = bookSections(body, chapters);
    setEstimatedSizes(body, sections, chapters, view.textLength);
    // A vertical chapter scrolls sideways in its own box: the keyboard must reach it.
    for (const section of sections) if (/\bwriting-vertical-/.test(section.className)) section.tabIndex = 0;
    cleanups.push(addChapterEnds(sections, chapters, view.goChapter));
    items = contentsFromToc(view.book.toc);
    // A book without a usable table of contents: its chapters.
    if (!items.some((item) => item.target)) items = chapters.map((c, i) => ({ title: c.title ?? `Chapter ${i + 1}`, target: c.id, children: [] }));
  } else {
    const added: HTMLElement[] = [];
    items = headingContents(body, added);
    cleanups.push(() => added.forEach((h) => h.removeAttribute('id')));
  }
  cleanups.push(view.tracker.attach(body, { items, chapters: view.book ? chapters : [], topLine: view.topLine }));
  cleanups.push(listenNoteRefs(body, (ref, note) => view.onfootnote({ ...note, ref, anchor: anchorAt(ref) })));
  return () => {
    for (const cleanup of cleanups.reverse()) cleanup();
  };
}

/** Scrolls the body's element with this id to the reading line (a link inside a footnote); false when there is none. */
export function scrollToId(body: HTMLElement | null, id: string): boolean {
  const target = body?.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"], [name="${CSS.escape(id)}"]`);
  target?.scrollIntoView();
  return !!target;
}
