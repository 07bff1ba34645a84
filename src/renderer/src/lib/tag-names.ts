/**
 * Tag names as the renderer checks them before asking main (which applies
 * the same rules, see src/main/db/tags.ts): inner runs of spaces become one,
 * trimmed, at most 64 characters, no commas or line breaks, unique
 * case-insensitively.
 */
export const MAX_TAG_CHARS = 64;

/** The cleaned name, or an error message saying what is wrong with it. */
export function cleanTagName(raw: string): { name: string } | { error: string } {
  const name = raw.replace(/[ \t\u00a0]+/g, ' ').trim();
  if (!name) return { error: 'A tag name must not be empty.' };
  if (/[,\r\n]/.test(name)) return { error: 'A tag name must not contain commas or line breaks.' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { error: 'A tag name must not contain control characters.' };
  if ([...name].length > MAX_TAG_CHARS) return { error: `A tag name must be at most ${MAX_TAG_CHARS} characters.` };
  return { name };
}

/** Whether `tags` already holds `name`, ignoring case. */
export function hasTag(tags: readonly string[], name: string): boolean {
  const key = name.toLowerCase();
  return tags.some((t) => t.toLowerCase() === key);
}

/**
 * `tags` with `name` added, spelled as the existing tag with that name
 * (from `known`, case-insensitively) when there is one. Unchanged when the
 * article already has it.
 */
export function addTag(tags: readonly string[], name: string, known: readonly string[] = []): string[] {
  if (hasTag(tags, name)) return [...tags];
  const key = name.toLowerCase();
  const spelled = known.find((k) => k.toLowerCase() === key) ?? name;
  return [...tags, spelled];
}

export function removeTag(tags: readonly string[], name: string): string[] {
  const key = name.toLowerCase();
  return tags.filter((t) => t.toLowerCase() !== key);
}

/**
 * Completions for what is typed: known tags starting with it (ignoring case
 * and surrounding spaces), those already chosen left out, in the order
 * given; every known tag when nothing is typed.
 */
export function tagSuggestions(known: readonly string[], typed: string, chosen: readonly string[], limit = 50): string[] {
  const prefix = typed.replace(/\s+/g, ' ').trimStart().toLowerCase();
  const out: string[] = [];
  for (const name of known) {
    if (!name.toLowerCase().startsWith(prefix) || hasTag(chosen, name)) continue;
    out.push(name);
    if (out.length >= limit) break;
  }
  return out;
}
