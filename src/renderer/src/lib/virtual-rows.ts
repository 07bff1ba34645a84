/** Which rows of a fixed-height virtualized list are on screen. */

/**
 * The library's row slot, in rem (the row and the gap below it): every row has
 * this height, so row i sits at i × height. Small enough for 8 rows below the
 * toolbar in a 900 px window; the view measures the real slot (font size) too.
 */
export const LIBRARY_ROW_REM = 5;

/** Rows rendered beyond each edge of the viewport, so scrolling and Tab find them ready. */
export const OVERSCAN_ROWS = 6;

/**
 * The rows (first..last, inclusive) a list whose top edge is at `listTop`
 * (viewport coordinates, negative once scrolled past) shows in a viewport
 * `viewportHeight` tall, widened by `overscan` rows each way. An empty list
 * answers first 0, last -1.
 */
export function visibleRows(
  listTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan: number,
): { first: number; last: number } {
  if (total <= 0 || !(rowHeight > 0)) return { first: 0, last: -1 };
  const firstOnScreen = Math.floor(Math.max(0, -listTop) / rowHeight);
  const lastOnScreen = Math.floor(Math.max(0, viewportHeight - listTop - 1) / rowHeight);
  const first = Math.min(total - 1, Math.max(0, firstOnScreen - overscan));
  const last = Math.min(total - 1, Math.max(first, lastOnScreen + overscan));
  return { first, last };
}
