/**
 * gloss:// links, as written into exported Markdown:
 *   gloss://article/<id>                      the article
 *   gloss://article/<id>#highlight-<hid>      the article, at that highlight
 * turned into the renderer's hash routes. Anything else is ignored.
 */
export const DEEP_LINK_SCHEME = 'gloss';

const ID = /^[a-z0-9]{4,40}$/;

export function routeForDeepLink(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // gloss://article/<id>: "article" parses as the host, the id as the path.
  const parts = [url.host, ...url.pathname.split('/')].filter(Boolean);
  if (parts.length !== 2 || parts[0] !== 'article' || !ID.test(parts[1] ?? '')) return null;
  const id = parts[1] as string;
  const highlight = /^#highlight-([a-z0-9]{4,40})$/.exec(url.hash)?.[1];
  return highlight ? `#/article/${id}/highlight/${highlight}` : `#/article/${id}`;
}

/** The first gloss:// link among command-line arguments (Windows and Linux pass links this way). */
export function deepLinkInArgs(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.startsWith(`${DEEP_LINK_SCHEME}://`));
}
