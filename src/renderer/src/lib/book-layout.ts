/**
 * A book's body once rendered: its chapters are `<section id="cN">` in
 * spine order. Off-screen chapters skip layout (content-visibility: auto in
 * article.css) with a size estimated from their text until the browser
 * remembers the real one, so a long book opens at its last chapter without
 * laying out the chapters before it. Each chapter ends with buttons to the
 * previous and next chapter, added after the text map is built: they are
 * the reader's controls, not the book's text.
 */
import type { BookChapter } from '../../../shared/types';
import { chapterName } from './book-contents';

/** The chapters' sections, in order (the body's direct children). */
export function bookSections(body: HTMLElement, chapters: readonly Pick<BookChapter, 'id'>[]): HTMLElement[] {
  const byId = new Map<string, HTMLElement>();
  for (const child of Array.from(body.children)) {
    if (child instanceof HTMLElement && child.localName === 'section' && child.id) byId.set(child.id, child);
  }
  return chapters.map((chapter) => byId.get(chapter.id)).filter((el): el is HTMLElement => !!el);
}

/**
 * An estimate of a chapter's height from its length in characters (lines of
 * the body's width and font, plus paragraph gaps), px. Only a placeholder:
 * `contain-intrinsic-size: auto` replaces it with the real size once the
 * chapter has been laid out.
 */
export function estimatedHeight(chars: number, width: number, fontPx: number, linePx: number): number {
  const perLine = Math.max(20, width / (fontPx * 0.5));
  // Paragraph gaps and short last lines: about half as many lines again (measured on generated books).
  return Math.round(Math.ceil(chars / perLine) * linePx * 1.5 + 2 * linePx);
}

/** Gives each section a placeholder height from its chapter's length in the canonical text. */
export function setEstimatedSizes(body: HTMLElement, sections: readonly HTMLElement[], chapters: readonly BookChapter[], textLength: number): void {
  const style = getComputedStyle(body);
  const fontPx = parseFloat(style.fontSize) || 18;
  const linePx = parseFloat(style.lineHeight) || fontPx * 1.7;
  const width = body.clientWidth || 600;
  const startOf = new Map(chapters.map((chapter, i) => [chapter.id, { start: chapter.start, end: chapters[i + 1]?.start ?? textLength }]));
  for (const section of sections) {
    const span = startOf.get(section.id);
    if (!span) continue;
    const height = estimatedHeight(Math.max(0, span.end - span.start), width, fontPx, linePx);
    section.style.setProperty('contain-intrinsic-height', `auto ${height}px`);
  }
}

/**
 * Adds "Previous chapter: …" and "Next chapter: …" buttons at the end of
 * each section (right after it); `go` receives the chapter index. Returns the cleanup.
 */
export function addChapterEnds(sections: readonly HTMLElement[], chapters: readonly Pick<BookChapter, 'id' | 'title'>[], go: (index: number) => void): () => void {
  const added: HTMLElement[] = [];
  const indexOf = new Map(chapters.map((chapter, i) => [chapter.id, i]));
  for (const section of sections) {
    const index = indexOf.get(section.id);
    if (index === undefined) continue;
    const bar = document.createElement('div');
    bar.className = 'chapter-end';
    bar.dataset.readerChrome = '';
    // The book's direction and writing mode are not the controls'.
    bar.dir = 'ltr';
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', `End of ${chapterName(chapters, index)}`);
    const button = (target: number, label: string, className: string): void => {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = `btn ${className}`;
      el.textContent = `${label}: ${chapterName(chapters, target)}`;
      el.addEventListener('click', () => go(target));
      bar.append(el);
    };
    if (index > 0) button(index - 1, 'Previous chapter', 'previous');
    if (index < chapters.length - 1) button(index + 1, 'Next chapter', 'next');
    if (bar.childElementCount === 0) continue;
    // After the section, not in it: outside the chapter's writing mode and skipped layout.
    section.after(bar);
    added.push(bar);
  }
  return () => {
    for (const bar of added) bar.remove();
  };
}
