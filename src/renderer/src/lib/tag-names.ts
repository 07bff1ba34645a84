/**
 * Tag names in the renderer's Tags box. What a tag name is (and when two
 * names are one tag) is src/shared/tags.ts, the rule main applies too.
 */
import { checkTagName, tagKey } from '../../../shared/tags';

export { MAX_TAG_CHARS } from '../../../shared/tags';

/** The cleaned name, or an error message saying what is wrong with it. */
export const cleanTagName = checkTagName;

/** Whether `tags` already holds `name`, ignoring case. */
export function hasTag(tags: readonly string[], name: string): boolean {
  const key = tagKey(name);
  return tags.some((t) => tagKey(t) === key);
}

/**
 * `tags` with `name` added, spelled as the existing tag with that name
 * (from `known`, case-insensitively) when there is one. Unchanged when the
 * article already has it.
 */
export function addTag(tags: readonly string[], name: string, known: readonly string[] = []): string[] {
  if (hasTag(tags, name)) return [...tags];
  const key = tagKey(name);
  const spelled = known.find((k) => tagKey(k) === key) ?? name;
  return [...tags, spelled];
}

export function removeTag(tags: readonly string[], name: string): string[] {
  const key = tagKey(name);
  return tags.filter((t) => tagKey(t) !== key);
}

/**
 * Completions for what is typed: known tags starting with it (ignoring case
 * and surrounding spaces), those already chosen left out, in the order
 * given; every known tag when nothing is typed.
 */
export function tagSuggestions(known: readonly string[], typed: string, chosen: readonly string[], limit = 50): string[] {
  const prefix = tagKey(typed.replace(/\s+/g, ' ').trimStart());
  const out: string[] = [];
  for (const name of known) {
    if (!tagKey(name).startsWith(prefix) || hasTag(chosen, name)) continue;
    out.push(name);
    if (out.length >= limit) break;
  }
  return out;
}
