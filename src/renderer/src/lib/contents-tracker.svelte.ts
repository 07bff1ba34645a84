/**
 * The Contents of the article or book being read: its entries, the entry
 * (and, for a book, the chapter) at the reading line as the reader scrolls,
 * and jumps to an entry or a chapter. Measures only chapters' boxes and the
 * entries of the chapter being read, so off-screen chapters stay unlaid-out.
 */
import type { BookChapter } from '../../../shared/types';
import { currentEntry, flattenContents, lastAtOrAbove, type ContentsItem, type FlatItem } from './book-contents';
import { bookSections } from './book-layout';

/** An entry counts as reached a little before its top touches the line (headings sit below their margin). */
const SLACK_PX = 8;

export interface ContentsSource {
  items: ContentsItem[];
  /** A book's chapters (their sections are the body's children); empty for an article. */
  chapters: readonly BookChapter[];
  /** The reading line, viewport px. */
  topLine: () => number;
}

export class ContentsTracker {
  items: ContentsItem[] = $state.raw([]);
  flat: FlatItem[] = $state.raw([]);
  chapters: readonly BookChapter[] = $state.raw([]);
  /** The current entry (index in `flat`), -1 before the first. */
  current = $state(-1);
  /** The chapter being read (index in `chapters`), -1 for an article or before the first. */
  chapter = $state(-1);

  #body: HTMLElement | null = null;
  #sections: HTMLElement[] = [];
  #topLine: () => number = () => 0;
  #frame = 0;
  /**
   * After a jump: the entry chosen stays current, and its target at the
   * reading line, until the reader scrolls, presses a key or the pointer
   * (chapters laid out as they come into view change height and move it).
   */
  #jump: { entry: number; chapter: number; el: HTMLElement } | null = null;

  /** Whether there is anything to show (a book's TOC, an article's two headings). */
  get shown(): boolean {
    return this.flat.some((entry) => entry.item.target);
  }

  /** Starts following `body`; returns the cleanup. */
  attach(body: HTMLElement, source: ContentsSource): () => void {
    this.#body = body;
    this.#topLine = source.topLine;
    this.chapters = source.chapters;
    this.#sections = source.chapters.length > 0 ? bookSections(body, source.chapters) : [];
    this.items = source.items;
    this.flat = flattenContents(source.items, source.chapters);
    this.#jump = null;
    this.update();
    const onScroll = (): void => {
      if (this.#frame) return;
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.update();
      });
    };
    // Layout settling below the line (chapters laid out late) moves entries without a scroll.
    const resized = new ResizeObserver(onScroll);
    resized.observe(body);
    // What the reader does to the page ends a jump; capture: before the handler of a key or click that
    // jumps again. Pressing a control (the Contents button, a link) or moving focus moves nothing: the
    // entry jumped to stays current (a release there marked the chapter above a late-laid-out one).
    const release = (event: Event): void => {
      if (!movesThePage(event)) return;
      this.#release();
    };
    const intents = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
    for (const type of intents) window.addEventListener(type, release, { capture: true, passive: true });
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll, { passive: true });
    return () => {
      resized.disconnect();
      for (const type of intents) window.removeEventListener(type, release, { capture: true });
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
      cancelAnimationFrame(this.#frame);
      cancelAnimationFrame(this.#align);
      this.#frame = 0;
      this.#body = null;
      this.#sections = [];
      this.items = [];
      this.flat = [];
      this.chapters = [];
      this.current = -1;
      this.chapter = -1;
    };
  }

  /** Measures where the reading line is. */
  update(): void {
    const body = this.#body;
    if (!body) return;
    if (this.#jump) {
      this.current = this.#jump.entry;
      this.chapter = this.#jump.chapter;
      return;
    }
    // At the end of the page the last parts can never reach the line: what is on screen is being read.
    const root = document.documentElement;
    const atEnd = window.scrollY > 0 && window.scrollY + window.innerHeight >= root.scrollHeight - 2;
    const line = atEnd ? window.innerHeight - 2 * SLACK_PX : this.#topLine() + SLACK_PX;
    const sections = this.#sections;
    const chapterIndex =
      sections.length > 0 ? lastAtOrAbove(sections.length, (i) => sections[i]!.getBoundingClientRect().top, line) : -1;
    // Above the first chapter (the book's title) the first one is what is being read.
    const section = sections[Math.max(0, chapterIndex)];
    const chapter = section ? this.chapters.findIndex((c) => c.id === section.id) : -1;
    this.chapter = chapter;
    const current = currentEntry(
      this.flat,
      (i) => {
        const target = this.#element(this.flat[i]!.item.target);
        return !!target && target.getBoundingClientRect().top <= line;
      },
      sections.length > 0 ? chapter : undefined,
    );
    this.current = current >= 0 ? current : this.flat.findIndex((entry) => entry.item.target);
  }

  #element(id: string | null): HTMLElement | null {
    if (!id || !this.#body) return null;
    return this.#body.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"]`);
  }

  /** Scrolls an entry's target to the reading line and marks it current. */
  goToEntry(index: number): HTMLElement | null {
    const entry = this.flat[index];
    const el = this.#element(entry?.item.target ?? null);
    if (!entry || !el) return null;
    this.#jump = { entry: index, chapter: entry.chapter, el };
    this.#scrollTo(el);
    this.current = index;
    if (entry.chapter >= 0) this.chapter = entry.chapter;
    return el;
  }

  /** Scrolls to the start of chapter `index` (a book); returns its section. */
  goToChapter(index: number): HTMLElement | null {
    const chapter = this.chapters[index];
    const el = this.#element(chapter?.id ?? null);
    if (!chapter || !el) return null;
    // The chapter's own entry (its first in the TOC) when it has one.
    const entry = this.flat.findIndex((f) => f.chapter === index && f.item.target === chapter.id);
    const before = currentEntry(this.flat, () => false, index);
    this.#jump = { entry: entry >= 0 ? entry : before, chapter: index, el };
    this.#scrollTo(el);
    this.current = this.#jump.entry;
    this.chapter = index;
    return el;
  }

  #align = 0;

  /** The reader took over: the view is theirs again, measured as they scroll. */
  #release(): void {
    if (!this.#jump) return;
    this.#jump = null;
    cancelAnimationFrame(this.#align);
  }

  /**
   * Scrolls `el` to the reading line, and keeps it there while the jump
   * lasts (at most about two seconds): chapters coming into view are laid
   * out then and may be taller or shorter than their estimate.
   */
  #scrollTo(el: HTMLElement): void {
    cancelAnimationFrame(this.#align);
    el.scrollIntoView({ block: 'start' });
    let frames = 120;
    let top = el.getBoundingClientRect().top;
    const check = (): void => {
      if (this.#jump?.el !== el || !el.isConnected) return;
      const now = el.getBoundingClientRect().top;
      if (Math.abs(now - top) > 1) {
        el.scrollIntoView({ block: 'start' });
        top = el.getBoundingClientRect().top;
      }
      if (--frames > 0) this.#align = requestAnimationFrame(check);
    };
    this.#align = requestAnimationFrame(check);
  }

  /** The next (+1) or previous (−1) chapter from the one being read; null at either end. */
  neighbour(step: 1 | -1): number | null {
    if (this.chapters.length === 0) return null;
    const next = this.chapter < 0 ? (step > 0 ? 0 : -1) : this.chapter + step;
    return next >= 0 && next < this.chapters.length ? next : null;
  }
}

const CONTROLS = 'a[href], button, input, select, textarea, summary, [contenteditable], [role="dialog"], dialog';
const FIELDS = 'input, select, textarea, [contenteditable]';
const KEYS_THAT_DO_NOT_SCROLL = new Set(['Tab', 'Escape', 'Enter', 'Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);

/** Whether a reader's event may scroll the page (a wheel, a drag on the page or its scrollbar, a scrolling key). */
export function movesThePage(event: Event): boolean {
  const target = event.target instanceof Element ? event.target : null;
  if (event.type === 'keydown') {
    return !KEYS_THAT_DO_NOT_SCROLL.has((event as KeyboardEvent).key) && !target?.closest(FIELDS);
  }
  if (event.type === 'pointerdown') return !target?.closest(CONTROLS);
  return true;
}
