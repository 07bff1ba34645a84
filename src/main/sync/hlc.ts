/**
 * Hybrid logical clocks: one integer, milliseconds · 2^10 + a counter.
 * 2^10 (not the usual 2^16) keeps every stamp below 2^53 until the year
 * 2255, so it is exact as a JS number, in JSON and in SQLite; a counter
 * that overflows within one millisecond only runs the clock a little ahead,
 * which a hybrid clock allows.
 */
export const HLC_SHIFT = 1024;

/** The SQL that advances the one-row clock (sync_clock) for a local change. */
export const TICK_CLOCK_SQL = `UPDATE sync_clock SET hlc = max(hlc + 1, CAST(unixepoch('subsec') * 1000 AS INTEGER) * ${HLC_SHIFT})`;

/** A field's version: its clock and the device that wrote it (the tie-break). */
export interface Stamp {
  hlc: number;
  device: string;
}

/** Total order on stamps: clock first, then device id; equal stamps are the same write. */
export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.device < b.device ? -1 : a.device > b.device ? 1 : 0;
}

/** The wall-clock time a stamp was made at (for showing a conflict's date). */
export function stampTime(hlc: number): Date {
  return new Date(Math.floor(hlc / HLC_SHIFT));
}

/** The stamp as one string, for sets of versions. */
export function stampId(s: Stamp): string {
  return `${s.hlc}@${s.device}`;
}
