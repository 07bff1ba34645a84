/**
 * The one rule for "is this text a web address?", shared by main (the URL
 * box's save, URL lists, `gloss import`) and the renderer (paste, drop, the
 * URL box): `https://…` and `http://…` as written, or an address typed
 * without its scheme (`example.com/page`, `www.example.com`), which Gloss
 * tries over https first and then over http.
 */

/** File extensions Gloss imports or reads lists from: `notes.md` alone is a file name, not a host. */
const FILE_EXTENSIONS = /\.(?:txt|md|markdown|html?|csv|json|pdf|epub|sqlite)$/i;

/** A host name (dotted, with a letter-only last label of 2+), an IPv4 address, or localhost, with an optional port. */
const HOST = /^(?:localhost|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]|\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?$/i;

export interface WebAddressReading {
  /** The address to try first (https:// added when none was typed). */
  url: string;
  /** For an address typed without a scheme: the http:// form, tried when https cannot connect. */
  fallbackUrl: string | null;
}

/**
 * What `text` (trimmed, one word, maybe in `<…>`) means as a web address,
 * or null: an http(s) URL with a host; or, without a scheme, a host name
 * with a dot (or localhost, or an IPv4 address) followed by an optional
 * path, query or fragment. Text that could be a file path (`./x`, `/x`,
 * `~/x`, `C:\x`, backslashes) or a bare importable file name (`notes.md`)
 * is not an address.
 */
export function readWebAddress(text: string): WebAddressReading | null {
  const value = text.trim().replace(/^<(.*)>$/s, '$1').trim();
  if (!value || /\s/.test(value) || value.length > 8192) return null;
  if (/^https?:\/\//i.test(value)) {
    if (!/^https?:\/\/[^/?#]/i.test(value)) return null;
    try {
      const url = new URL(value);
      return url.hostname ? { url: value, fallbackUrl: null } : null;
    } catch {
      return null;
    }
  }
  // Any other scheme (mailto:, file:, ftp://) is not a web address; host:port is handled below.
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(value) || /\\/.test(value)) return null;
  const end = value.search(/[/?#]/);
  const host = end === -1 ? value : value.slice(0, end);
  if (!HOST.test(host)) return null;
  if (end === -1 && !/^www\./i.test(host) && FILE_EXTENSIONS.test(host)) return null;
  try {
    new URL(`https://${value}`);
  } catch {
    return null;
  }
  return { url: `https://${value}`, fallbackUrl: `http://${value}` };
}

/** True when `text` is a web address by readWebAddress's rule. */
export function isWebAddress(text: string): boolean {
  return readWebAddress(text) !== null;
}
