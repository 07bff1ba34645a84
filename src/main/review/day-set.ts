/**
 * Choosing a day's review set, and what a "day" is. Pure: the same
 * candidates, day and seed always give the same set.
 *
 * Due cards and never-reviewed highlights are two pools; each is ranked by
 * weighted sampling without replacement (Efraimidis–Spirakis: key =
 * ln(u) / weight, highest first), u drawn from a hash of seed, day and
 * highlight id, so a colour weighted 3 comes up about three times as
 * often as one weighted 1, and weight 0 never. About a third of the set is
 * new highlights when both pools have enough; either pool fills what the
 * other cannot.
 */
import type { HighlightColor } from '../../shared/types';

export interface Candidate {
  highlightId: string;
  color: HighlightColor;
  /** false: never reviewed (no card yet, or a card never answered). */
  reviewed: boolean;
}

/** The share of a full set kept for new highlights. */
export const NEW_SHARE = 0.3;

/** The local calendar day of `date` as YYYY-MM-DD (the user's day, not UTC's). */
export function dayKey(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

/** Local midnight starting the day after `date`'s: a card due before it is due today. */
export function startOfNextDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
}

/** The day before a YYYY-MM-DD day. */
export function previousDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayKey(new Date(y, m - 1, d - 1, 12));
}

/** A uniform number in (0, 1) from a string (FNV-1a, then a murmur3 finalizer). */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

interface Ranked {
  candidate: Candidate;
  key: number;
}

/** The `limit` candidates of highest key, highest first (a bounded insertion: limit is small, pools may be large). */
function topRanked(pool: readonly Candidate[], weights: Record<HighlightColor, number>, salt: string, limit: number): Ranked[] {
  const top: Ranked[] = [];
  if (limit <= 0) return top;
  // Ties (practically never) fall back to the id, so the order is total.
  const before = (a: Ranked, b: Ranked): boolean => a.key > b.key || (a.key === b.key && a.candidate.highlightId < b.candidate.highlightId);
  for (const candidate of pool) {
    const weight = weights[candidate.color] ?? 0;
    if (!(weight > 0)) continue;
    const item = { candidate, key: Math.log(unitHash(`${salt}:${candidate.highlightId}`)) / weight };
    if (top.length === limit && !before(item, top[limit - 1]!)) continue;
    let at = top.length;
    while (at > 0 && before(item, top[at - 1]!)) at--;
    top.splice(at, 0, item);
    if (top.length > limit) top.pop();
  }
  return top;
}

/**
 * Up to `count` highlight ids for `day`, most important first. `seed`
 * makes the draw reproducible (tests) and differs per library if wanted.
 */
export function chooseDaySet(
  candidates: readonly Candidate[],
  count: number,
  weights: Record<HighlightColor, number>,
  day: string,
  seed: string,
): string[] {
  if (count <= 0) return [];
  const salt = `${seed}:${day}`;
  // Each pool may fill the whole set when the other runs short.
  const due = topRanked(candidates.filter((c) => c.reviewed), weights, salt, count);
  const fresh = topRanked(candidates.filter((c) => !c.reviewed), weights, salt, count);
  let newSlots = Math.min(fresh.length, Math.max(count - due.length, Math.ceil(count * NEW_SHARE)));
  const dueSlots = Math.min(due.length, count - newSlots);
  newSlots = Math.min(fresh.length, count - dueSlots);
  return [...due.slice(0, dueSlots), ...fresh.slice(0, newSlots)]
    .sort((a, b) => b.key - a.key)
    .map((r) => r.candidate.highlightId);
}
