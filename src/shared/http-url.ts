/**
 * The one test for "a web address": `raw` parsed (against `base` when
 * given) as an http(s) URL, else null. Every link Gloss stores, shows or
 * hands to the system browser passes through it, so no `javascript:`,
 * `file:` or custom scheme gets through any of them.
 */
export function parseHttpUrl(raw: string, base?: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}
