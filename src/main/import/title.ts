/**
 * A title without the site's name: "Headline | Site", "Headline - Wikipedia",
 * "Headline · V8", "Headline — The Verge", "Site: Headline". A part goes
 * only when it names the site (src/shared/site-name.ts: a declared site
 * name, the domain's name, the byline); "Foo - Bar" on a site called Baz
 * keeps its whole title.
 */
import { namesSite } from '../../shared/site-name';

// A separator with space around it (so "Wi-Fi" and "3/4" are words), or "::".
const SEPARATOR = /\s+(?:[|\-–—·•»/\\:~]|::)\s+|\s*(?:[|｜]|::|：)\s*(?=\S)|:\s+/gu;

/** `title` without a leading or trailing part that names the site; unchanged when no part does. */
export function withoutSiteName(title: string, siteNames: readonly (string | null | undefined)[]): string {
  const known = siteNames.filter((n): n is string => !!n && n.trim().length > 0);
  if (known.length === 0) return title;
  const separators = Array.from(title.matchAll(SEPARATOR)).filter((m) => m.index > 0);
  if (separators.length === 0) return title;
  // Trailing first ("Headline | Site" is the common form), then leading ("Site: Headline").
  const last = separators[separators.length - 1]!;
  const head = title.slice(0, last.index).trim();
  if (head && namesSite(title.slice(last.index + last[0].length), known)) return withoutSiteName(head, known);
  const first = separators[0]!;
  const tail = title.slice(first.index + first[0].length).trim();
  if (tail && namesSite(title.slice(0, first.index), known)) return tail;
  return title;
}
