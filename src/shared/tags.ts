/**
 * What a tag name is. Every entry point uses this module: the contract's
 * schemas, the stores (TagStore, ArticleStore, the JSON import), the
 * Markdown importer, URL lists and the renderer's Tags box.
 *
 * - Runs of spaces, tabs and no-break spaces become one space; the name is
 *   trimmed and put in Unicode NFC (so a composed and a decomposed "é" are
 *   one tag).
 * - 1 to MAX_TAG_CHARS characters (code points, not UTF-16 units).
 * - No commas (they separate tags wherever tags are typed or listed), no
 *   line breaks or other control characters.
 * - Case does not matter: names with the same tagKey are one tag; the first
 *   spelling stored is kept.
 *
 * Names a user types are checked (checkTagName: refused with a message).
 * Names found in imported data are repaired (tagNamesFromSource), never
 * refused, so no import fails over a tag.
 */

export const MAX_TAG_CHARS = 64;

/** The most tags one call or one imported article may carry. */
export const MAX_TAGS = 100;

export type TagCheck = { name: string } | { error: string };

function collapse(raw: string): string {
  return raw.replace(/[ \t\u00a0]+/g, ' ').trim().normalize('NFC');
}

/** The stored form of a typed name, or a message saying what is wrong with it. */
export function checkTagName(raw: string): TagCheck {
  const name = collapse(raw);
  if (!name) return { error: 'A tag name must not be empty.' };
  if (/[,\r\n]/.test(name)) return { error: 'A tag name must not contain commas or line breaks.' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { error: 'A tag name must not contain control characters.' };
  // Counted in code points; a string over twice as many UTF-16 units cannot fit (and is not split).
  if (name.length > 2 * MAX_TAG_CHARS || [...name].length > MAX_TAG_CHARS) {
    return { error: `A tag name must be at most ${MAX_TAG_CHARS} characters.` };
  }
  return { name };
}

/** What makes two names the same tag: equal keys (case and Unicode composition ignored). */
export function tagKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Names with duplicates (same tagKey) removed, the first spelling kept, in order. */
export function uniqueTagNames(names: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(tagKey(name))) seen.set(tagKey(name), name);
  return [...seen.values()];
}

/**
 * An imported name made valid: commas split it into several tags (they are
 * separators everywhere in Gloss); line breaks, tabs and control characters
 * become spaces; a name longer than MAX_TAG_CHARS is cut and ends in "…"
 * (kept rather than dropped: the user sees it and can rename it, and the
 * ellipsis shows it was cut); empty names are dropped.
 */
export function repairTagName(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(',')) {
    // eslint-disable-next-line no-control-regex
    const name = collapse(part.replace(/[\s\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' '));
    if (!name) continue;
    const chars = [...name];
    out.push(chars.length <= MAX_TAG_CHARS ? name : `${chars.slice(0, MAX_TAG_CHARS - 1).join('').trimEnd()}…`);
  }
  return out;
}

/**
 * Tag names from imported data (front matter, URL lists, backups, saved
 * pages): each repaired, non-strings ignored, duplicates removed (first
 * spelling kept), at most MAX_TAGS.
 */
export function tagNamesFromSource(values: Iterable<unknown>): string[] {
  const names: string[] = [];
  for (const v of values) if (typeof v === 'string') names.push(...repairTagName(v));
  return uniqueTagNames(names).slice(0, MAX_TAGS);
}
