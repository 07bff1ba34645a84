/**
 * The HTML article body as the reader's controllers see it: positions and
 * selections as canonical-text offsets through the painter's TextMap, in the
 * window's scroll. A PDF or EPUB view provides its own surfaces.
 */
import type { TextMap } from '../../../shared/text/canonical';
import type { HighlightPainter } from './painter';
import type { PopoverAnchor } from './popover-placement';
import { fragmentId } from './fragment';
import { bodyProgress, capturePosition, positionScrollY, progressScrollY } from './reading-position';
import type { PositionSurface } from './reader-position';
import type { TextSurface } from './reader-selection.svelte';
import { extendSelection } from './reader-keys';
import { bodySelection } from './selection';

/** Reading positions in an article body (`topLine`: the top of the reading area, viewport px). */
export function articleSurface(map: TextMap, body: HTMLElement, topLine: () => number): PositionSurface {
  return {
    capture: () => capturePosition(map, body, topLine()),
    progress: () => {
      const rect = body.getBoundingClientRect();
      return bodyProgress(rect.top, rect.height, window.innerHeight);
    },
    scrollYOf: (position) => positionScrollY(map, body, position, topLine()),
    scrollYOfProgress: (progress) => progressScrollY(progress),
  };
}

/** Selections and highlights in an article body (Shift+arrows start from `heading` too). */
export function articleTextSurface(
  body: HTMLElement,
  painter: HighlightPainter,
  heading: () => HTMLElement | undefined,
): TextSurface {
  return {
    current: () => bodySelection(body, painter.map),
    clear: () => document.getSelection()?.removeAllRanges(),
    focus: () => body.focus({ preventScroll: true }),
    extend: (event) => extendSelection(event, body, heading()),
    reveal: (id) => {
      const range = painter.rangeOf(id);
      if (!range) return null;
      range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      painter.flash(id);
      const rects = range.getClientRects();
      const rect = rects.length > 0 ? rects[rects.length - 1]! : range.getBoundingClientRect();
      return { top: rect.bottom + window.scrollY + 8, above: rect.top + window.scrollY - 8, left: rect.left + window.scrollX };
    },
  };
}

/**
 * Clicks in the body: in-page links (#note-1) scroll within the body instead
 * of changing the route; a click (not a drag) on a highlight calls `onhighlight`
 * with the page point for its popover. Returns the cleanup.
 */
export function listenBodyClicks(
  body: HTMLElement,
  hitTest: (x: number, y: number) => string | null | undefined,
  onhighlight: (id: string, at: PopoverAnchor) => void,
): () => void {
  let down: { x: number; y: number } | null = null;
  const onPointerDown = (event: PointerEvent): void => {
    down = { x: event.clientX, y: event.clientY };
  };
  const onClick = (event: MouseEvent): void => {
    const anchor = (event.target as Element | null)?.closest?.('a[href^="#"]');
    if (anchor && body.contains(anchor)) {
      event.preventDefault();
      const name = fragmentId(anchor.getAttribute('href') ?? '');
      if (!name) return;
      const target = body.querySelector(`[id="${CSS.escape(name)}"], [name="${CSS.escape(name)}"]`);
      target?.scrollIntoView();
      return;
    }
    if ((event.target as Element | null)?.closest?.('a')) return;
    // A drag (selecting text) is not a click on a highlight.
    if (!down || Math.hypot(event.clientX - down.x, event.clientY - down.y) > 4) return;
    const hit = hitTest(event.clientX, event.clientY);
    if (!hit) return;
    const y = event.clientY + window.scrollY;
    onhighlight(hit, { top: y + 14, above: y - 14, left: event.clientX + window.scrollX - 24 });
  };
  body.addEventListener('pointerdown', onPointerDown);
  body.addEventListener('click', onClick);
  return () => {
    body.removeEventListener('pointerdown', onPointerDown);
    body.removeEventListener('click', onClick);
  };
}

/** Resolves when the images of `root` still loading have loaded or failed, or after `capMs`; null when none is loading. */
export function imagesSettled(root: HTMLElement, capMs = 10_000): Promise<void> | null {
  const images = [...root.querySelectorAll('img')].filter((img) => !img.complete);
  if (images.length === 0) return null;
  const loaded = images.map(
    (img) =>
      new Promise<void>((resolve) => {
        img.addEventListener('load', () => resolve(), { once: true });
        img.addEventListener('error', () => resolve(), { once: true });
      }),
  );
  const cap = new Promise<void>((resolve) => setTimeout(resolve, capMs));
  return Promise.race([Promise.all(loaded).then(() => undefined), cap]);
}

/**
 * Resolves when the web fonts still loading have loaded (or failed), or
 * after `capMs`; null when none is loading. The reader's face (Literata…)
 * loads on the first open of a session, after the text was laid out once.
 */
export function fontsSettled(root: HTMLElement, fonts: FontFaceSet = document.fonts, capMs = 3_000): Promise<void> | null {
  // Laid out now, so the faces its text needs have started loading.
  void root.offsetHeight;
  if (fonts.status !== 'loading') return null;
  const cap = new Promise<void>((resolve) => setTimeout(resolve, capMs));
  return Promise.race([fonts.ready.then(() => undefined), cap]);
}
