/**
 * Is this the site's name? One rule for the importer (a title's "| Site"
 * suffix goes only when it is the site) and for the renderer (an author
 * that is the site is not shown twice: "Mac & i · Mac & i").
 *
 * Names compare without case, accents' width forms, punctuation and
 * spacing ("The Verge" = "the verge" = "TheVerge"), and a domain compares by
 * its name ("theverge.com", "en.wikipedia.org" → "theverge", "wikipedia").
 */

/** Case, width, punctuation and spacing aside; words kept apart by one space. */
export function comparableName(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase('und').replace(/[\p{P}\p{S}\s]+/gu, ' ').trim();
}

const squash = (s: string): string => comparableName(s).replace(/ /g, '');

// Labels that say nothing about the site: a leading "www"/"m"/language code, the public suffix.
const GENERIC_LABEL = /^(?:www\d*|m|mobile|amp|blog|news|[a-z]{2}(?:-[a-z]{2})?)$/;

/**
 * The names a host goes by: the host itself ("theverge.com") and its
 * distinctive labels ("theverge"; "wikipedia" for en.wikipedia.org).
 */
export function hostNames(host: string | null | undefined): string[] {
  const h = (host ?? '').toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  if (!h || /^[\d.:[\]]+$/.test(h)) return [];
  const labels = h.split('.');
  // Drop the top-level domain and a second-level one like "co" in "bbc.co.uk".
  const body = labels.slice(0, -1);
  if (body.length > 1 && /^(?:co|com|org|net|ac|gov|edu|ne|or)$/.test(body[body.length - 1]!)) body.pop();
  // The registrable name ("ft" in ft.com) always counts; subdomains unless generic ("en", "www").
  const name = body.pop();
  return [h, ...body.filter((l) => l.length >= 2 && !GENERIC_LABEL.test(l)), ...(name ? [name] : [])];
}

/**
 * Does `part` name the site, given the names known for it (site names,
 * host names, a byline)? Equal when compared as names, or when spacing is
 * all that differs ("TheVerge" and "The Verge", "V8" and host v8.dev).
 */
export function namesSite(part: string | null | undefined, known: readonly (string | null | undefined)[]): boolean {
  const p = comparableName(part ?? '');
  if (!p) return false;
  const ps = p.replace(/ /g, '');
  return known.some((k) => {
    if (!k) return false;
    const c = comparableName(k);
    return c !== '' && (c === p || squash(k) === ps);
  });
}

/** Does `text` contain `name` as whole words (compared as names)? */
function containsName(text: string, name: string): boolean {
  const t = ` ${comparableName(text)} `;
  const n = comparableName(name);
  return n !== '' && t.includes(` ${n} `);
}

/**
 * The author and site a meta line shows, each once: an author that is the
 * site's name, or contains it ("Mac & i" / "Mac & i"; "Jane Doe, Mac & i" /
 * "Mac & i"), shows alone; a site that is only the author's name goes.
 * `site` may be a domain ("heise.de"): it then compares by its name.
 */
export function authorAndSite(
  author: string | null | undefined,
  site: string | null | undefined,
): { author: string | null; site: string | null } {
  const a = author?.trim() || null;
  const s = site?.trim() || null;
  if (!a || !s) return { author: a, site: s };
  const siteNames = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(s) ? [s, ...hostNames(s)] : [s];
  if (namesSite(a, siteNames)) return { author: null, site: s };
  if (siteNames.some((n) => containsName(a, n))) return { author: a, site: null };
  return { author: a, site: s };
}
