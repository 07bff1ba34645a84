/**
 * The reader's position controller, on a stand-in view: a text of 1,000
 * characters laid out 5 px per character, scrolled by a plain number. It
 * checks what the tracker decides (save, ignore, restore, settle), not the
 * DOM measuring (reading-position.test.ts and e2e/reading.spec.ts do that).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ReadingChange } from '../../src/shared/types';
import {
  hasSavedPlace,
  ReadingPositionTracker,
  trackPageLifecycle,
  type PositionSurface,
  type Scroller,
} from '../../src/renderer/src/lib/reader-position';
import { decodePosition, encodePosition, type PositionUpdate } from '../../src/renderer/src/lib/reading-position';

const PX_PER_CHAR = 5;
const LENGTH = 1000;

function view() {
  const scroller: Scroller & { current: number; moves: number[] } = {
    current: 0,
    moves: [],
    y() {
      return this.current;
    },
    to(y) {
      this.current = y;
      this.moves.push(y);
    },
  };
  const surface: PositionSurface = {
    capture: () => ({ o: Math.floor(scroller.current / PX_PER_CHAR), f: 0 }),
    progress: () => Math.min(1, scroller.current / (LENGTH * PX_PER_CHAR)),
    scrollYOf: (p) => (p.o < LENGTH ? p.o * PX_PER_CHAR : null),
    scrollYOfProgress: (progress) => Math.round(progress * LENGTH * PX_PER_CHAR),
  };
  const sent: PositionUpdate[] = [];
  const changes: ReadingChange[] = [];
  const change = (update: PositionUpdate): ReadingChange => ({
    id: 'a1',
    readProgress: update.progress,
    readPosition: update.position,
    readState: 'reading',
    archived: false,
    favorite: false,
    updatedAt: new Date(0).toISOString(),
  });
  const tracker = new ReadingPositionTracker(
    async (update) => {
      sent.push(update);
      return change(update);
    },
    (c) => changes.push(c),
    { delay: 500, scroller },
  );
  tracker.setSurface(surface);
  /** The reader scrolls to y (the browser then fires a scroll event). */
  const readTo = (y: number): void => {
    scroller.current = y;
    tracker.onScroll();
  };
  return { scroller, surface, tracker, sent, changes, readTo };
}

describe('ReadingPositionTracker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves where the reader scrolled to, at most once per delay, the newest value last', async () => {
    const { tracker, sent, changes, readTo } = view();
    readTo(500);
    readTo(1000);
    readTo(1500);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toHaveLength(1);
    expect(decodePosition(sent[0]!.position)).toEqual({ o: 300, f: 0 });
    expect(sent[0]!.progress).toBeCloseTo(0.3);
    expect(changes.map((c) => c.readPosition)).toEqual([sent[0]!.position]);
    expect(tracker.userScrolled).toBe(true);
  });

  it('does not take its own scrolling for reading', async () => {
    const { tracker, scroller, sent, readTo } = view();
    tracker.scrollOwn(2000);
    expect(scroller.current).toBe(2000);
    tracker.onScroll(); // the scroll event our own scrollTo fires
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([]);
    expect(tracker.userScrolled).toBe(false);
    readTo(2500);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent.map((u) => decodePosition(u.position))).toEqual([{ o: 500, f: 0 }]);
  });

  it('takes a scroll the view made itself (a link to a highlight) as not reading', async () => {
    const { tracker, scroller, sent } = view();
    scroller.current = 3000;
    tracker.markOwnScroll();
    tracker.onScroll();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([]);
  });

  it('takes a scroll caused by a focus move (Tab to a link below) as not reading, before or after the move', async () => {
    const { tracker, scroller, sent, readTo } = view();
    // Chromium scrolls before focusin…
    scroller.current = 4000;
    tracker.focusMoved();
    tracker.onScroll();
    // …the HTML spec after it: both are the focus's until the next frame.
    scroller.current = 4900;
    tracker.onScroll();
    tracker.focusSettled();
    tracker.onScroll(); // a late scroll event at the same place
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([]);
    expect(tracker.userScrolled).toBe(false);
    // The reader's own scrolling afterwards counts again.
    readTo(1000);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent.map((u) => decodePosition(u.position))).toEqual([{ o: 200, f: 0 }]);
  });

  it('saves a deliberate jump (a page number, Contents) even when a click moved focus in that frame', async () => {
    const { tracker, scroller, sent } = view();
    // Clicking a Contents entry focuses it (focusin), then the view scrolls to the page.
    tracker.focusMoved();
    scroller.current = 2500;
    tracker.onScroll();
    tracker.navigated();
    tracker.onScroll(); // the jump's own scroll event, after
    tracker.focusSettled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((u) => decodePosition(u.position))).toEqual([{ o: 500, f: 0 }]);
    expect(tracker.userScrolled).toBe(true);
  });

  it('restores a saved position, else the saved progress, else stays at the top', () => {
    const a = view();
    a.tracker.restore({ readPosition: encodePosition({ o: 400, f: 0 }), readProgress: 0.9 });
    expect(a.scroller.moves).toEqual([2000]);

    const b = view();
    // An offset beyond this text (an older, longer version): progress decides.
    b.tracker.restore({ readPosition: encodePosition({ o: 5000, f: 0 }), readProgress: 0.5 });
    expect(b.scroller.moves).toEqual([2500]);

    const c = view();
    c.tracker.restore({ readPosition: 'not a position', readProgress: 0.25 });
    expect(c.scroller.moves).toEqual([1250]);

    const d = view();
    d.tracker.restore({ readPosition: null, readProgress: 0 });
    expect(d.scroller.moves).toEqual([]);
  });

  it('restores once per view, and again when the images are in unless the reader scrolled', async () => {
    const saved = { readPosition: encodePosition({ o: 100, f: 0 }), readProgress: 0.1 };
    const a = view();
    let imagesIn!: () => void;
    a.tracker.restoreOnce(saved, () => new Promise<void>((resolve) => (imagesIn = resolve)));
    a.tracker.restoreOnce(saved);
    expect(a.scroller.moves).toEqual([500]);
    a.scroller.current = 0; // the layout moved under the reader while images loaded
    imagesIn();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.scroller.moves).toEqual([500, 500]);

    const b = view();
    let imagesInB!: () => void;
    b.tracker.restoreOnce(saved, () => new Promise<void>((resolve) => (imagesInB = resolve)));
    b.readTo(4000);
    imagesInB();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.scroller.moves).toEqual([500]);
  });

  it('waits for the web fonts before restoring: the shift they cause is not taken for reading', async () => {
    const saved = { readPosition: encodePosition({ o: 100, f: 0 }) };
    const a = view();
    let fontsIn!: () => void;
    a.tracker.restoreOnce(saved, () => null, () => new Promise<void>((resolve) => (fontsIn = resolve)));
    expect(a.scroller.moves).toEqual([]);
    fontsIn();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.scroller.moves).toEqual([500]);
    // Nothing saved: restoring is not reading.
    a.tracker.onScroll();
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.sent).toEqual([]);

    // The reader scrolled while the fonts loaded: their place wins.
    const b = view();
    let fontsInB!: () => void;
    b.tracker.restoreOnce(saved, () => null, () => new Promise<void>((resolve) => (fontsInB = resolve)));
    b.readTo(4000);
    fontsInB();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.scroller.moves).toEqual([]);
    expect(b.scroller.current).toBe(4000);
  });

  it('opening at the top and restoring the saved place end on the saved place in either order', () => {
    const saved = { readPosition: encodePosition({ o: 100, f: 0 }) };
    // The title's focus first (the view's restore follows in a later effect).
    const a = view();
    a.scroller.current = 3000; // where the library was scrolled
    a.tracker.startAtTop();
    a.tracker.restoreOnce(saved);
    expect(a.scroller.current).toBe(500);
    // The restore first (a child component's effect ran before the title's).
    const b = view();
    b.scroller.current = 3000;
    b.tracker.restoreOnce(saved);
    b.tracker.startAtTop();
    expect(b.scroller.moves).toEqual([500]);
    // Nothing restored (a highlight link, or no saved place): the view still opens at the top.
    const c = view();
    c.scroller.current = 3000;
    c.tracker.restoreOnce(null);
    c.tracker.startAtTop();
    expect(c.scroller.current).toBe(0);
  });

  it('does not restore when told there is nothing to restore (a highlight link wins), nor later', () => {
    const { tracker, scroller } = view();
    tracker.restoreOnce(null);
    tracker.restoreOnce({ readPosition: encodePosition({ o: 100, f: 0 }) });
    expect(scroller.moves).toEqual([]);
  });

  it('waits for a surface before restoring, and does nothing on scroll without one', async () => {
    const { tracker, scroller, surface, sent } = view();
    tracker.setSurface(null);
    tracker.restoreOnce({ readPosition: encodePosition({ o: 100, f: 0 }) });
    scroller.current = 900;
    tracker.onScroll();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([]);
    tracker.setSurface(surface);
    tracker.restoreOnce({ readPosition: encodePosition({ o: 100, f: 0 }) });
    expect(scroller.moves).toEqual([500]);
  });

  it('settle drops a pending save (Mark as finished must not be undone by it)', async () => {
    const { tracker, sent, readTo } = view();
    readTo(1000);
    await tracker.settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([]);
  });

  it('destroy sends what is pending at once', async () => {
    const { tracker, sent, readTo } = view();
    readTo(1000);
    await tracker.destroy();
    expect(sent.map((u) => decodePosition(u.position))).toEqual([{ o: 200, f: 0 }]);
  });
});

describe('hasSavedPlace', () => {
  it('is true for a place past the start (or a progress), false for nothing or the very top', () => {
    expect(hasSavedPlace({ readPosition: encodePosition({ o: 120, f: 0 }), readProgress: 0 })).toBe(true);
    expect(hasSavedPlace({ readPosition: null, readProgress: 0.4 })).toBe(true);
    expect(hasSavedPlace({ readPosition: encodePosition({ o: 0, f: 0 }), readProgress: 0 })).toBe(false);
    expect(hasSavedPlace({ readPosition: 'damaged', readProgress: null })).toBe(false);
    expect(hasSavedPlace(null)).toBe(false);
  });
});

describe('trackPageLifecycle', () => {
  it('sends the position when the page is hidden or left, and owns scroll restoration while attached', async () => {
    const { tracker, sent, readTo } = view();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const win = Object.assign(new EventTarget(), { document: doc, history: { scrollRestoration: 'auto' } });
    const stop = trackPageLifecycle(tracker, win as unknown as Window);
    expect(win.history.scrollRestoration).toBe('manual');

    readTo(1000);
    doc.dispatchEvent(new Event('visibilitychange')); // still visible: nothing
    expect(sent).toEqual([]);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(sent).toHaveLength(1);

    readTo(2000);
    win.dispatchEvent(new Event('pagehide'));
    expect(sent).toHaveLength(2);

    stop();
    expect(win.history.scrollRestoration).toBe('auto');
    readTo(3000);
    win.dispatchEvent(new Event('pagehide'));
    expect(sent).toHaveLength(2);
  });
});
