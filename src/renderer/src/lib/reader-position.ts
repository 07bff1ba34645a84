/**
 * Reading-position tracking for a reader view: saves where the reader is as
 * they scroll (throttled), sends it at once when the page goes away, and
 * goes back to the saved place when the article opens.
 *
 * It knows no HTML: a view hands it a PositionSurface that maps its text
 * offsets to scroll offsets and back (the article view measures its body
 * with the TextMap, reader-article-surface.ts; a paged view would use its
 * own geometry).
 */
import type { ReadingChange } from '../../../shared/types';
import {
  decodePosition,
  encodePosition,
  ThrottledSaver,
  validProgress,
  type PositionUpdate,
  type ReadingPosition,
} from './reading-position';

/** What a view can measure about where the reader is. */
export interface PositionSurface {
  /** The position at the top of the reading area now (null: nothing to tell). */
  capture(): ReadingPosition | null;
  /** 0..1: how much of the text has been on screen. */
  progress(): number;
  /** The scroll offset that brings a position back to the top, or null when it is not in this text. */
  scrollYOf(position: ReadingPosition): number | null;
  /** The scroll offset for a progress 0..1. */
  scrollYOfProgress(progress: number): number;
}

/** What scrolls the view (the window for the article view). */
export interface Scroller {
  y(): number;
  to(y: number): void;
}

export const windowScroller: Scroller = {
  y: () => window.scrollY,
  to: (y) => window.scrollTo(0, y),
};

/** An article's saved reading state, as main keeps it. */
export interface SavedReading {
  readPosition?: string | null | undefined;
  readProgress?: number | null | undefined;
}

export class ReadingPositionTracker {
  readonly #saver: ThrottledSaver<PositionUpdate>;
  readonly #scroller: Scroller;
  #surface: PositionSurface | null = null;
  /** The scroll offset our own scrolling (opening, restoring, a link) left; scroll events there are not the reader's. */
  #ownScrollY: number | null = null;
  #userScrolled = false;
  /** Focus moved this frame: the scroll that brings it into view is not reading. */
  #focusMoving = false;
  #restoreStarted = false;
  /** The restore moved the view (to a saved place): opening must not undo that. */
  #restored = false;
  #destroyed = false;

  /** `save` sends one position to main; the answer (a ReadingChange) goes to `onsaved`. */
  constructor(
    save: (update: PositionUpdate) => Promise<ReadingChange>,
    onsaved: (change: ReadingChange) => void,
    { delay = 500, scroller = windowScroller }: { delay?: number; scroller?: Scroller } = {},
  ) {
    this.#scroller = scroller;
    this.#saver = new ThrottledSaver<PositionUpdate>(async (value) => onsaved(await save(value)), {
      delay,
      key: (v) => `${v.progress} ${v.position}`,
    });
  }

  /** The surface positions are measured on (null while the view has none). */
  setSurface(surface: PositionSurface | null): void {
    this.#surface = surface;
  }

  /** The position at the reading line now, measured on the view's surface (null: no surface or no text). */
  where(): ReadingPosition | null {
    return this.#surface?.capture() ?? null;
  }

  get userScrolled(): boolean {
    return this.#userScrolled;
  }

  /** Scrolls without that counting as reading. */
  scrollOwn(y: number): void {
    this.#scroller.to(y);
    this.#ownScrollY = this.#scroller.y();
  }

  /**
   * Opening a view starts at the top (not where the library was scrolled),
   * unless the saved place was restored already: the title's focus and the
   * view's restore run in effects whose order depends on the component tree.
   */
  startAtTop(): void {
    if (!this.#restored) this.scrollOwn(0);
  }

  /** The view scrolled on its own (a link to a highlight): not reading. */
  markOwnScroll(): void {
    this.#ownScrollY = this.#scroller.y();
  }

  /**
   * Focus moved (Tab, Shift+Tab, a script): the browser may scroll to show it,
   * before or right after this call; until focusSettled() (the next frame)
   * that scroll is not reading. A Tab walk through the article's links must
   * not save a position or finish the article.
   */
  focusMoved(): void {
    this.#focusMoving = true;
    this.#ownScrollY = this.#scroller.y();
  }

  /** The frame after a focus move: scrolls are the reader's again. */
  focusSettled(): void {
    this.#focusMoving = false;
  }

  /** A scroll event: queue the position it left, unless it was our own scrolling or a focus move's. */
  onScroll(): void {
    const surface = this.#surface;
    if (!surface) return;
    if (this.#focusMoving) {
      this.#ownScrollY = this.#scroller.y();
      return;
    }
    if (this.#ownScrollY !== null && Math.abs(this.#scroller.y() - this.#ownScrollY) < 1) return;
    this.#ownScrollY = null;
    this.#userScrolled = true;
    // Measured now: when the view goes away its DOM is gone before the flush.
    const position = surface.capture();
    if (!position) return;
    this.#saver.update({ progress: surface.progress(), position: encodePosition(position) });
  }

  /**
   * The reader moved the view on purpose (a page number, Contents): save
   * the place it shows. A click that moved focus in the same frame would
   * otherwise make that scroll look like the focus move's, not reading.
   */
  navigated(): void {
    const surface = this.#surface;
    if (!surface) return;
    this.#userScrolled = true;
    // Scroll events that still arrive for this move are this place, saved here.
    this.#ownScrollY = this.#scroller.y();
    const position = surface.capture();
    if (position) this.#saver.update({ progress: surface.progress(), position: encodePosition(position) });
  }

  /** Scrolls to a saved position (or, failing that, the saved progress). */
  restore(saved: SavedReading): void {
    const surface = this.#surface;
    if (!surface) return;
    const position = decodePosition(saved.readPosition);
    let y = position ? surface.scrollYOf(position) : null;
    if (y === null) {
      const progress = validProgress(saved.readProgress);
      if (progress <= 0) return;
      y = surface.scrollYOfProgress(progress);
    }
    this.#restored = true;
    this.scrollOwn(y);
  }

  /**
   * Once per view: restore `saved` (null: nothing to restore, e.g. a link
   * to a highlight wins), and again when `settled()` resolves (the images
   * are in) unless the reader scrolled since or the surface changed.
   * When `ready()` answers a promise (web fonts still loading), the
   * restore waits for it: text laid out in a fallback font moves when the
   * font arrives, and the browser's scroll anchoring then moves the view by
   * a scroll that looks like the reader's (a long book landed a chapter
   * away and saved that place).
   */
  restoreOnce(
    saved: SavedReading | null,
    settled: () => Promise<void> | null = () => null,
    ready: () => Promise<void> | null = () => null,
  ): void {
    if (this.#restoreStarted || !this.#surface) return;
    this.#restoreStarted = true;
    if (!saved) return;
    const surface = this.#surface;
    const stillOurs = (): boolean => !this.#userScrolled && !this.#destroyed && this.#surface === surface;
    const go = (): void => {
      this.restore(saved);
      void settled()?.then(() => {
        if (stillOurs()) this.restore(saved);
      });
    };
    const waiting = ready();
    if (!waiting) go();
    else void waiting.then(() => stillOurs() && go());
  }

  /** Before Mark as finished/unread: a position save still on its way must not land after it and undo it. */
  settle(): Promise<void> {
    this.#saver.cancel();
    return this.#saver.flush();
  }

  /** The page may not live to see a queued request start: send now, not behind one in flight. */
  sendNow(): void {
    this.#saver.sendNow();
  }

  /** The view is going away: send what is pending. */
  destroy(): Promise<void> {
    this.#destroyed = true;
    return this.#saver.flush();
  }
}

/** Whether opening with `saved` goes back to a place in the text (not the top). */
export function hasSavedPlace(saved: SavedReading | null): boolean {
  if (!saved) return false;
  const position = decodePosition(saved.readPosition);
  return (position !== null && (position.o > 0 || position.f > 0)) || validProgress(saved.readProgress) > 0;
}

/**
 * Tells `tracker` when the focus moves, and when the frame after it has come
 * (scroll events of the move fire before frame callbacks). Returns the cleanup.
 */
export function trackFocusMoves(tracker: ReadingPositionTracker, win: Window = window): () => void {
  let frame = 0;
  const onFocusIn = (): void => {
    tracker.focusMoved();
    win.cancelAnimationFrame(frame);
    frame = win.requestAnimationFrame(() => tracker.focusSettled());
  };
  win.document.addEventListener('focusin', onFocusIn);
  return () => {
    win.document.removeEventListener('focusin', onFocusIn);
    win.cancelAnimationFrame(frame);
  };
}

/**
 * Sends the position when the page is hidden or left, and keeps the browser
 * from putting back a pixel offset on reload (the tracker restores its own).
 * Returns the cleanup.
 */
export function trackPageLifecycle(tracker: ReadingPositionTracker, win: Window = window): () => void {
  const doc = win.document;
  const history = win.history;
  const before = history.scrollRestoration;
  history.scrollRestoration = 'manual';
  const flush = (): void => tracker.sendNow();
  const onVisibility = (): void => {
    if (doc.visibilityState === 'hidden') flush();
  };
  win.addEventListener('pagehide', flush);
  doc.addEventListener('visibilitychange', onVisibility);
  return () => {
    win.removeEventListener('pagehide', flush);
    doc.removeEventListener('visibilitychange', onVisibility);
    history.scrollRestoration = before;
  };
}
