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
 * given, except that the tag typed in full (any case) comes first: the
 * field chooses the first suggestion, so "science" + Enter is "Science",
 * never "Science fiction". Every known tag when nothing is typed.
 */
export function tagSuggestions(known: readonly string[], typed: string, chosen: readonly string[], limit = 50): string[] {
  const prefix = tagKey(typed.replace(/\s+/g, ' ').trimStart());
  const whole = prefix.trimEnd();
  const out: string[] = [];
  let exact: string | undefined;
  for (const name of known) {
    const key = tagKey(name);
    if (!key.startsWith(prefix) || hasTag(chosen, name)) continue;
    if (whole && key === whole) exact ??= name;
    else if (out.length < limit) out.push(name);
    if (exact !== undefined && out.length >= limit) break;
  }
  return exact === undefined ? out : [exact, ...out].slice(0, limit);
}
