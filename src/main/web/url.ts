/**
 * Web addresses as Gloss stores and compares them: only http(s), and the
 * same page saved twice under two spellings (tracking parameters, a
 * fragment, an explicit default port, an upper-case host) gets one key.
 */
import { GlossError } from '../../shared/errors';
import { readWebAddress } from '../../shared/web-address';

/** Query parameters that only say where a click came from. Compared case-insensitively. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'ref_src',
  '_hsenc',
  '_hsmkt',
  'yclid',
  'msclkid',
]);

/** True when the query parameter `name` (as written, maybe percent-encoded) is a tracking parameter. */
export function isTrackingParam(name: string): boolean {
  let key = name;
  try {
    key = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // keep it as written
  }
  key = key.toLowerCase();
  return key.startsWith('utm_') || TRACKING_PARAMS.has(key);
}

function shorten(input: string): string {
  return input.length > 200 ? `${input.slice(0, 200)}…` : input;
}

/**
 * The normalized form of a web address, or a GlossError:
 * - `invalid_argument` when `input` is not an absolute URL, or carries a user name/password;
 * - `unsupported_format` when its scheme is not http: or https:.
 *
 * Normalizing trims white space, lower-cases the scheme and host (the URL
 * parser also punycodes it), drops a default port, the fragment, tracking
 * parameters (`utm_*`, `fbclid`, `gclid`, …) and an empty query (`?`). The
 * remaining parameters keep their order and their exact spelling.
 */
export function normalizeUrl(input: string): string {
  const raw = input.trim();
  if (!raw) throw new GlossError('invalid_argument', 'The URL is empty.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GlossError('invalid_argument', `Not a valid web address: ${shorten(raw)} (it should start with https://).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GlossError(
      'unsupported_format',
      `Gloss saves only http and https pages, not ${url.protocol.replace(/:$/, '')}: addresses (${shorten(raw)}).`,
    );
  }
  if (!url.hostname) throw new GlossError('invalid_argument', `Not a valid web address: ${shorten(raw)} (no host).`);
  if (url.username || url.password) {
    throw new GlossError('invalid_argument', `Web addresses with a user name or password are not supported: ${url.host}.`);
  }
  url.hash = '';
  if (url.search) {
    const kept = url.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && !isTrackingParam(pair.split('=')[0]!));
    url.search = kept.length ? `?${kept.join('&')}` : '';
  }
  // The URL parser already lower-cases scheme and host and drops default ports.
  let href = url.href;
  if (href.endsWith('?')) href = href.slice(0, -1);
  return href;
}

/** The normalized URL, or null when `input` is not an http(s) URL. */
export function tryNormalizeUrl(input: string): string | null {
  try {
    return normalizeUrl(input);
  } catch {
    return null;
  }
}

/**
 * True when pasted `text` is one http(s) address (and nothing else), for
 * deciding whether a paste means "save this page". Surrounding white space
 * and angle brackets (`<https://…>`, as mail clients quote links) are allowed.
 */
export function looksLikeUrl(text: string): boolean {
  const t = text.trim().replace(/^<(.*)>$/s, '$1');
  if (!/^https?:\/\/\S+$/i.test(t) || t.length > 8192) return false;
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return false;
  }
  const host = url.hostname;
  // A real host: a dotted name, an IP address, or localhost.
  return host === 'localhost' || host.includes('.') || host.startsWith('[');
}

/** `text` as pasted, unwrapped from `<…>` and trimmed: what looksLikeUrl checked. */
export function pastedUrl(text: string): string {
  return text.trim().replace(/^<(.*)>$/s, '$1');
}

export { isWebAddress, readWebAddress } from '../../shared/web-address';

/**
 * The addresses to try for what the user typed, normalized, best first:
 * `[https://…]` as typed for a full URL; for an address typed without a
 * scheme (`example.com/page`), its https form and then its http form.
 * Anything else gets normalizeUrl's error.
 */
export function addressCandidates(input: string): string[] {
  const reading = readWebAddress(input);
  if (!reading?.fallbackUrl) return [normalizeUrl(input)];
  return [normalizeUrl(reading.url), normalizeUrl(reading.fallbackUrl)];
}

/**
 * A URL list's key for an address: normalizeUrl's form, except that an
 * address typed without a scheme keeps having none (`example.com/page`),
 * so saving it still tries https and then http.
 */
export function normalizeTypedAddress(input: string): string {
  const [first, fallback] = addressCandidates(input);
  return fallback ? first!.replace(/^https:\/\//, '') : first!;
}

/** Every form of these addresses the library may have stored (as written, and normalized). */
export function addressKeys(urls: readonly (string | null | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const url of urls) {
    if (!url) continue;
    keys.add(url);
    const normalized = tryNormalizeUrl(url);
    if (normalized) keys.add(normalized);
  }
  return [...keys];
}
