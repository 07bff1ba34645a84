/**
 * The placement rule of the reader's floating surfaces (highlight popover,
 * selection toolbar): below the anchor when it fits, else above, always
 * inside the window; e2e/reader-layout.spec.ts checks it in Chromium.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { EDGE_MARGIN, placePopover, type WindowBox } from '../../src/renderer/src/lib/popover-placement';

// A 420×800 window scrolled to y 5000.
const view: WindowBox = { scrollX: 0, scrollY: 5000, width: 420, height: 800 };
const size = { width: 320, height: 300 };

describe('placePopover', () => {
  it('goes below the anchor when it fits', () => {
    expect(placePopover({ top: 5100, above: 5070, left: 40 }, size, view)).toEqual({ top: 5100, left: 40, side: 'below' });
  });

  it('flips above the anchor when there is no room below (the popover near the window bottom)', () => {
    // Below would end at 5700 + 300 > 5800 - 8.
    expect(placePopover({ top: 5700, above: 5660, left: 40 }, size, view)).toEqual({ top: 5360, left: 40, side: 'above' });
  });

  it('clamps horizontally into the window', () => {
    expect(placePopover({ top: 5100, left: 380 }, size, view).left).toBe(420 - EDGE_MARGIN - 320);
    expect(placePopover({ top: 5100, left: -30 }, size, view).left).toBe(EDGE_MARGIN);
  });

  it('keeps the side chosen before and shifts instead of flipping (a note growing as it is typed)', () => {
    const grown = { width: 320, height: 500 };
    const placed = placePopover({ top: 5250, above: 5220, left: 40 }, grown, view, 'below');
    expect(placed.side).toBe('below');
    expect(placed.top + grown.height).toBeLessThanOrEqual(5800 - EDGE_MARGIN);
  });

  it('with room on neither side, takes the roomier one and stays inside', () => {
    const tall = { width: 320, height: 700 };
    const placed = placePopover({ top: 5300, above: 5270, left: 40 }, tall, view);
    expect(placed.top).toBeGreaterThanOrEqual(5000 + EDGE_MARGIN);
    expect(placed.top + tall.height).toBeLessThanOrEqual(5800 - EDGE_MARGIN);
  });

  it('is always inside the window when it fits in it, wherever the anchor and whatever was kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 2000 }), // window width
        fc.integer({ min: 200, max: 1200 }), // window height
        fc.integer({ min: 0, max: 50_000 }), // scrollY
        fc.integer({ min: -100, max: 2100 }), // anchor left (viewport)
        fc.integer({ min: -100, max: 1300 }), // anchor top (viewport)
        fc.integer({ min: 0, max: 60 }), // anchor height
        fc.integer({ min: 20, max: 600 }),
        fc.integer({ min: 20, max: 900 }),
        fc.constantFrom(undefined, 'below' as const, 'above' as const),
        (width, height, scrollY, left, top, gap, w, h, keep) => {
          fc.pre(w <= width - 2 * EDGE_MARGIN && h <= height - 2 * EDGE_MARGIN);
          const box = { scrollX: 0, scrollY, width, height };
          const anchor = { top: scrollY + top + gap, above: scrollY + top, left };
          const placed = placePopover(anchor, { width: w, height: h }, box, keep);
          expect(placed.left).toBeGreaterThanOrEqual(EDGE_MARGIN);
          expect(placed.left + w).toBeLessThanOrEqual(width - EDGE_MARGIN);
          expect(placed.top).toBeGreaterThanOrEqual(scrollY + EDGE_MARGIN);
          expect(placed.top + h).toBeLessThanOrEqual(scrollY + height - EDGE_MARGIN);
        },
      ),
    );
  });
});
