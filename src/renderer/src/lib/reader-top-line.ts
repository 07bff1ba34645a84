/**
 * The reader's reading line: the top of the reading area, below the app's
 * header and the reader's sticky toolbar. Their heights reach the CSS as
 * variables (global.css turns them into the page's scroll padding), so
 * anchors, the side panel and the reading position stay clear of them.
 */
import type { Attachment } from 'svelte/attachments';
import { readingTopLine } from './reading-position';

/** Keeps the CSS variable `name` (on the root) at the element's height; removed with the element. */
export function heightVariable(name: string): Attachment<HTMLElement> {
  return (el) => {
    const root = document.documentElement.style;
    const sync = (): void => root.setProperty(name, `${el.offsetHeight}px`);
    sync();
    const observer = new ResizeObserver(sync);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.removeProperty(name);
    };
  };
}

/**
 * The reading line as laid out now. The observers above report a frame late
 * (the toolbar grows when the article's buttons appear): measure here so a
 * position is saved and restored against the same line.
 */
export function currentTopLine(toolbar: HTMLElement | null | undefined): number {
  const root = document.documentElement.style;
  // Only on a change: a scroll handler calls this, and a style write costs a recalc.
  const sync = (name: string, el: HTMLElement | null | undefined): void => {
    const value = el ? `${el.offsetHeight}px` : null;
    if (value && root.getPropertyValue(name) !== value) root.setProperty(name, value);
  };
  sync('--header-height', document.querySelector<HTMLElement>('header.app-header'));
  sync('--reader-bar-height', toolbar);
  return readingTopLine();
}
