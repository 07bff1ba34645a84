/**
 * gloss:// links, as written into exported Markdown:
 *   gloss://article/<id>                      the article
 *   gloss://article/<id>#highlight-<hid>      the article, at that highlight
 * turned into the renderer's hash routes. Anything else is ignored.
 *
 * Any web page or program can open a gloss:// link, so it is matched against
 * that one exact shape rather than parsed as a URL (a URL parser accepts
 * credentials, ports, queries, extra slashes and escapes, none of which an
 * exported link has).
 */
export const DEEP_LINK_SCHEME = 'gloss';

/** Far longer than any link Gloss writes; longer input is not even looked at. */
const MAX_LINK_LENGTH = 200;

const ARTICLE_LINK = /^article\/([a-z0-9]{4,40})(?:#(.*))?$/;
const HIGHLIGHT_FRAGMENT = /^highlight-([a-z0-9]{4,40})$/;

export function routeForDeepLink(link: string): string | null {
  if (typeof link !== 'string' || link.length > MAX_LINK_LENGTH) return null;
  const prefix = `${DEEP_LINK_SCHEME}://`;
  // Schemes are case-insensitive; the rest is matched exactly.
  if (link.slice(0, prefix.length).toLowerCase() !== prefix) return null;
  const match = ARTICLE_LINK.exec(link.slice(prefix.length));
  if (!match) return null;
  const id = match[1] as string;
  // A fragment that names no highlight still opens the article.
  const highlight = HIGHLIGHT_FRAGMENT.exec(match[2] ?? '')?.[1];
  return highlight ? `#/article/${id}/highlight/${highlight}` : `#/article/${id}`;
}

/** The first gloss:// link among command-line arguments (Windows and Linux pass links this way). */
export function deepLinkInArgs(argv: readonly string[]): string | undefined {
  const prefix = `${DEEP_LINK_SCHEME}://`;
  return argv.find((arg) => arg.slice(0, prefix.length).toLowerCase() === prefix);
}
