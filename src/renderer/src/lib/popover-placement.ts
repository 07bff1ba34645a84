/**
 * Where a floating surface (the highlight popover, the selection toolbar)
 * goes: below its anchor when it fits in the window, else above it, and
 * always inside the window (clamped on both axes). placePopover is the
 * rule (pure, tested without a browser); floatAt applies it to an element
 * and keeps applying it as the element grows or the window changes.
 */
import type { Attachment } from 'svelte/attachments';

/** What the surface hangs from, in page px (gaps included). */
export interface PopoverAnchor {
  /** Where the surface's top edge goes when it sits below. */
  top: number;
  /** Where its bottom edge goes when it sits above (default: `top`). */
  above?: number;
  left: number;
}

/** The visible window in page px (scroll offsets and the viewport's size). */
export interface WindowBox {
  scrollX: number;
  scrollY: number;
  width: number;
  height: number;
}

export type Side = 'below' | 'above';

export interface Placement {
  top: number;
  left: number;
  side: Side;
}

/** Kept between the surface and the window's edges, px. */
export const EDGE_MARGIN = 8;

/**
 * Places a `width`×`height` surface at `anchor` inside `view`. `keep` holds
 * the side chosen before (a popover growing as its note is typed stays where
 * it is and is shifted, not flipped back and forth).
 */
export function placePopover(
  anchor: PopoverAnchor,
  size: { width: number; height: number },
  view: WindowBox,
  keep?: Side,
): Placement {
  const minTop = view.scrollY + EDGE_MARGIN;
  const maxBottom = view.scrollY + view.height - EDGE_MARGIN;
  const above = anchor.above ?? anchor.top;
  const fitsBelow = anchor.top + size.height <= maxBottom;
  const fitsAbove = above - size.height >= minTop;
  let side: Side;
  if (keep) side = keep;
  else if (fitsBelow) side = 'below';
  else if (fitsAbove) side = 'above';
  // Neither fits: the side with more room, clamped below.
  else side = maxBottom - anchor.top >= above - minTop ? 'below' : 'above';
  const wanted = side === 'below' ? anchor.top : above - size.height;
  // Inside the window; a surface taller than the window keeps its top visible.
  const top = Math.max(minTop, Math.min(wanted, maxBottom - size.height));
  const minLeft = view.scrollX + EDGE_MARGIN;
  const maxLeft = view.scrollX + view.width - EDGE_MARGIN - size.width;
  const left = Math.max(minLeft, Math.min(anchor.left, maxLeft));
  return { top, left, side };
}

/** The window as placePopover wants it (the viewport without scrollbars). */
export function currentWindow(): WindowBox {
  const root = document.documentElement;
  return { scrollX: window.scrollX, scrollY: window.scrollY, width: root.clientWidth, height: root.clientHeight };
}

/**
 * Keeps a floating element (position: absolute, page px) placed at `anchor`:
 * again when it changes size (a note growing as it is typed) and when the
 * window is resized.
 */
export function floatAt(anchor: PopoverAnchor): Attachment<HTMLElement> {
  return (el) => {
    let side: Side | undefined;
    const place = (): void => {
      const placed = placePopover(anchor, { width: el.offsetWidth, height: el.offsetHeight }, currentWindow(), side);
      side = placed.side;
      el.style.top = `${placed.top}px`;
      el.style.left = `${placed.left}px`;
      el.dataset.side = placed.side;
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(el);
    // A new window size may leave no room on the side chosen: choose again.
    const onResize = (): void => {
      side = undefined;
      place();
    };
    window.addEventListener('resize', onResize);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', onResize);
    };
  };
}
