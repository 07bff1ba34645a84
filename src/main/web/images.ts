/**
 * Images of a saved web page, in two passes:
 *
 * 1. On the raw page, before Readability (which would drop what it cannot
 *    see): lazy-loading markup is turned into plain `<img src>` —
 *    `data-src` and friends, `data-srcset`/`srcset` (one candidate picked),
 *    `<picture>` sources, `<noscript>` fallbacks — and every source is made
 *    absolute against the page's final URL and `<base href>`.
 * 2. On the sanitized article HTML: the images are listed, downloaded
 *    (checked by their bytes, never by headers alone), and their sources
 *    rewritten to local asset URLs; an image that could not be kept becomes
 *    its alt text.
 */
import { createHash } from 'node:crypto';
import { parseSrcset as readSrcset } from 'srcset';
import { GlossError } from '../../shared/errors';
import { sharedDocument } from '../import/jsdom';
import { fetchResource } from './fetch-page';
import type { FetchOptions } from './fetch-page';
import { MAX_IMAGE_BYTES } from '../../shared/page-folder';

// ---------------------------------------------------------------------------
// srcset

export interface SrcsetCandidate {
  url: string;
  /** Width descriptor (`800w`), when given. */
  width?: number;
  /** Density descriptor (`2x`); 1 when no descriptor is given. */
  density?: number;
}

/** A candidate's descriptors, as the package's strict check accepts them. */
function validCandidate(raw: string): SrcsetCandidate | null {
  const [url, ...descriptors] = raw.split(' ');
  if (!url) return null;
  // An `h` descriptor is allowed beside `w` (the spec keeps it for the future) and ignored.
  const kept = descriptors.some((d) => /w$/i.test(d)) ? descriptors.filter((d) => !/h$/i.test(d)) : descriptors;
  let parsed;
  try {
    parsed = readSrcset([url, ...kept.map((d) => d.toLowerCase())].join(' '), { strict: true });
  } catch {
    return null; // an invalid descriptor drops its candidate, as browsers do
  }
  const first = parsed[0];
  if (parsed.length !== 1 || !first || first.url !== url) return null;
  const candidate: SrcsetCandidate = { url };
  if (first.width !== undefined) candidate.width = first.width;
  else candidate.density = first.density ?? 1;
  return candidate;
}

/**
 * Parses a srcset attribute with the `srcset` package: a URL runs to the
 * next white space (so URLs may contain commas, e.g. Cloudinary's
 * `c_fill,w_320`), and candidates are separated by commas. Each candidate
 * is checked on its own by the package's strict mode, so one invalid
 * descriptor drops that candidate, not the whole set. Never throws.
 */
export function parseSrcset(srcset: string): SrcsetCandidate[] {
  // Single spaces only, so each candidate's text can be found again below
  // (white space in a srcset only ever separates).
  const text = String(srcset).replace(/\s+/g, ' ').trim();
  let loose: ReturnType<typeof readSrcset>;
  try {
    loose = readSrcset(text);
  } catch {
    return [];
  }
  // The loose parse splits the set; its URLs mark where each candidate's text starts.
  const starts: number[] = [];
  let from = 0;
  for (const { url } of loose) {
    const at = text.indexOf(url, from);
    if (at === -1) return [];
    starts.push(at);
    from = at + url.length;
  }
  const out: SrcsetCandidate[] = [];
  starts.forEach((start, i) => {
    const raw = text.slice(start, starts[i + 1] ?? text.length).replace(/[\s,]+$/, '');
    const candidate = validCandidate(raw);
    if (candidate) out.push(candidate);
  });
  return out;
}

/**
 * The URL to keep from a srcset: with width descriptors, the smallest at
 * least `targetWidth` wide, else the widest; with densities, the smallest
 * at least 2x, else the densest. Null when the srcset has no candidate.
 */
export function pickSrcsetCandidate(srcset: string, targetWidth = 1200): string | null {
  const candidates = parseSrcset(srcset);
  if (!candidates.length) return null;
  const widths = candidates.filter((c) => c.width !== undefined);
  const pool = widths.length ? widths : candidates;
  const size = (c: SrcsetCandidate): number => (widths.length ? c.width! : c.density!);
  const target = widths.length ? targetWidth : 2;
  const sorted = [...pool].sort((x, y) => size(x) - size(y));
  return (sorted.find((c) => size(c) >= target) ?? sorted[sorted.length - 1]!).url;
}

// ---------------------------------------------------------------------------
// Pass 1: the raw page

/** Attributes lazy loaders keep the real source in, best first. */
const LAZY_SRC_ATTRS = ['data-src', 'data-lazy-src', 'data-original', 'data-original-src', 'data-lazy', 'data-hi-res-src', 'data-actualsrc', 'data-url'];
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-srcset'];

/** True for a source that only holds a place: empty, a small data: URI, or a known blank. */
export function isPlaceholderSrc(src: string | null): boolean {
  if (src === null) return true;
  const v = src.trim();
  if (!v || v === '#' || v === 'about:blank') return true;
  if (/^data:/i.test(v)) return v.length < 1024 || /^data:image\/svg\+xml/i.test(v);
  return /(?:^|[/_.-])(?:blank|spacer|pixel|placeholder|transparent|lazy[-_]?load(?:er|ing)?|grey|gray)\.(?:gif|png|svg)(?:$|[?#])/i.test(v);
}

function firstAttr(el: Element, names: string[]): string | null {
  for (const name of names) {
    const v = el.getAttribute(name)?.trim();
    if (v) return v;
  }
  return null;
}

/** Does `value` look like an image address (not a JSON blob or a class name)? */
function plausibleUrl(value: string): boolean {
  return !/\s/.test(value.trim()) && !/^[[{]/.test(value) && (/^(https?:)?\/\//i.test(value) || /^[./]/.test(value) || /\.(jpe?g|png|gif|webp|avif|bmp)(?:$|[?#])/i.test(value) || /^[\w-]+\//.test(value));
}

/** The `<img>` a `<noscript>` holds, parsed even when the parser kept it as text. */
function noscriptImage(noscript: Element, doc: Document): HTMLImageElement | null {
  const direct = noscript.querySelector('img');
  if (direct) return direct as HTMLImageElement;
  const text = noscript.textContent ?? '';
  if (!/<img\b/i.test(text)) return null;
  const holder = doc.createElement('div');
  holder.innerHTML = text;
  const imgs = holder.querySelectorAll('img');
  return imgs.length === 1 ? (imgs[0] as HTMLImageElement) : null;
}

/** The placeholder image a `<noscript>` stands in for: its previous sibling (or the only image in it). */
function placeholderBefore(noscript: Element): HTMLImageElement | null {
  const prev = noscript.previousElementSibling;
  if (!prev) return null;
  if (prev.localName === 'img') return prev as HTMLImageElement;
  const imgs = prev.querySelectorAll('img');
  return imgs.length === 1 && (prev.textContent ?? '').trim() === '' ? (imgs[0] as HTMLImageElement) : null;
}

/**
 * Turns lazy-loading markup in a raw page into plain `<img src>`, in place:
 * - `<noscript><img></noscript>` after a placeholder image replaces it
 *   (alone, the noscript image is unwrapped);
 * - `data-src`, `data-lazy-src`, `data-original`… become `src`,
 *   `data-srcset` becomes `srcset`, a `<picture>`'s `<source srcset>` is
 *   used when the image has none;
 * - a srcset's best candidate (pickSrcsetCandidate) becomes `src`, and
 *   srcset/sizes are removed;
 * - tiny data: placeholders left without a real source are removed;
 * - every remaining `src` is absolute, resolved against `doc.baseURI` (the
 *   document URL and `<base href>`).
 * Returns the number of images changed.
 */
export function promoteLazyImages(doc: Document, targetWidth = 1200): number {
  let changed = 0;
  // <noscript> fallbacks first: they carry the real markup.
  for (const noscript of Array.from(doc.querySelectorAll('noscript'))) {
    const img = noscriptImage(noscript, doc);
    if (!img) continue;
    const placeholder = placeholderBefore(noscript);
    const replacement = doc.importNode(img, true) as HTMLImageElement;
    if (placeholder) {
      // Keep what the placeholder knew that the fallback does not (alt, lazy sources).
      for (const attr of Array.from(placeholder.attributes)) {
        if (!replacement.hasAttribute(attr.name) && (attr.name === 'alt' || attr.name === 'title' || attr.name.startsWith('data-'))) {
          replacement.setAttribute(attr.name, attr.value);
        }
      }
      placeholder.replaceWith(replacement);
      noscript.remove();
    } else {
      noscript.replaceWith(replacement);
    }
    changed++;
  }

  const base = doc.baseURI;
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    let touched = false;
    const lazySrc = firstAttr(img, LAZY_SRC_ATTRS);
    if (lazySrc && plausibleUrl(lazySrc) && lazySrc !== img.getAttribute('src')) {
      img.setAttribute('src', lazySrc);
      touched = true;
    }
    let srcset = firstAttr(img, LAZY_SRCSET_ATTRS) ?? img.getAttribute('srcset');
    if (!srcset && img.parentElement?.localName === 'picture') {
      for (const source of Array.from(img.parentElement.querySelectorAll('source'))) {
        const type = source.getAttribute('type');
        if (type && !/^image\/(png|jpe?g|gif|webp|avif|bmp)$/i.test(type.trim())) continue;
        srcset = firstAttr(source, [...LAZY_SRCSET_ATTRS, 'srcset']);
        if (srcset) break;
      }
    }
    if (srcset) {
      const picked = pickSrcsetCandidate(srcset, targetWidth);
      if (picked && picked !== img.getAttribute('src')) {
        img.setAttribute('src', picked);
        touched = true;
      }
    }
    if (img.hasAttribute('srcset') || img.hasAttribute('sizes')) {
      img.removeAttribute('srcset');
      img.removeAttribute('sizes');
      touched = true;
    }
    for (const name of [...LAZY_SRC_ATTRS, ...LAZY_SRCSET_ATTRS]) img.removeAttribute(name);

    const src = img.getAttribute('src');
    if (src !== null && /^data:/i.test(src.trim())) {
      if (isPlaceholderSrc(src)) {
        img.remove(); // a spacer with nothing behind it
        changed++;
        continue;
      }
    } else if (src !== null && src.trim()) {
      try {
        const abs = new URL(src.trim(), base).href;
        if (abs !== src) {
          img.setAttribute('src', abs);
          touched = true;
        }
      } catch {
        img.removeAttribute('src');
        touched = true;
      }
    }
    if (touched) changed++;
  }
  return changed;
}

// ---------------------------------------------------------------------------
// Pass 2: the sanitized article

/** The most images kept per article. */
export const MAX_IMAGES = 100;
/** 10 MB: the largest image kept (one limit with the app's saved-page folders). */
export { MAX_IMAGE_BYTES };

function fragmentOf(html: string): HTMLElement {
  const container = sharedDocument().createElement('div');
  container.innerHTML = html;
  return container;
}

const isHttp = (src: string): boolean => /^https?:\/\//i.test(src);

/** The http(s) image sources of `html`, in document order, deduplicated, at most `max`. */
export function collectImageUrls(html: string, max = MAX_IMAGES): string[] {
  const seen = new Set<string>();
  for (const img of Array.from(fragmentOf(html).querySelectorAll('img[src]'))) {
    const src = img.getAttribute('src')!.trim();
    if (isHttp(src)) seen.add(src);
    if (seen.size >= max) break;
  }
  return [...seen];
}

export type ImageMime =
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/webp'
  | 'image/avif'
  | 'image/bmp'
  | 'image/x-icon';

const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

/**
 * The image format of `bytes` from their magic numbers, or null. SVG is
 * never recognised (an SVG document can carry scripts; Gloss does not keep it).
 */
export function sniffImageMime(bytes: Uint8Array): ImageMime | null {
  const b = bytes;
  if (b.length < 4) return null;
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 4) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'image/gif';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 16 && ascii(b, 4, 8) === 'ftyp') {
    const boxSize = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    const end = Math.min(boxSize || b.length, b.length, 256);
    const brands = [ascii(b, 8, 12)];
    for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(b, i, i + 4));
    if (brands.includes('avif') || brands.includes('avis')) return 'image/avif';
    return null;
  }
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) {
    const dib = b[14]! | (b[15]! << 8) | (b[16]! << 16) | (b[17]! << 24);
    if ([12, 40, 52, 56, 64, 108, 124].includes(dib)) return 'image/bmp';
  }
  if (b.length >= 6 && b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 && (b[4]! | (b[5]! << 8)) > 0) return 'image/x-icon';
  return null;
}

/** True when `bytes` look like an SVG (or other XML) document. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 1024)).replace(/^\ufeff/, '').trimStart();
  return /^<\?xml\b/i.test(head) ? /<svg\b/i.test(new TextDecoder().decode(bytes.subarray(0, 4096))) : /^(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg\b/i.test(head);
}

export interface DownloadedImage {
  /** SHA-256 of the bytes, lower-case hex: the asset's key. */
  hash: string;
  mime: ImageMime;
  bytes: Uint8Array;
  /** Where the bytes came from after redirects. */
  finalUrl: string;
}

export interface FailedImage {
  url: string;
  reason: string;
}

export interface DownloadImagesOptions {
  /** Largest image kept (default 10 MB). */
  maxBytes?: number;
  /** Downloads at once (default 4). */
  concurrency?: number;
  /** Time limit per image (default 30 s). */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** All images together (default 100 MB); later ones fail once it is reached. */
  maxTotalBytes?: number;
  /** Cancels what has not finished; those images fail with reason "cancelled". */
  signal?: AbortSignal;
  userAgent?: string;
  lookup?: FetchOptions['lookup'];
  /**
   * Refuse images on any non-public address (a public page's images), on
   * every hop. Without it an image may be on this computer or the local
   * network, but a public image still may not redirect there.
   */
  publicOnly?: boolean;
  /** Which addresses count as public (default: isPublicAddress; see FetchOptions). */
  isPublicAddress?: FetchOptions['isPublicAddress'];
}

export interface DownloadImagesResult {
  /** Kept images by the URL they were asked for. */
  images: Map<string, DownloadedImage>;
  /** The others, with a reason (for logs and reports). */
  failed: FailedImage[];
}

const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8,*/*;q=0.1';
/** Header types that may hold an image; the bytes decide. */
const MAYBE_IMAGE_TYPES = /^(image\/.+|application\/octet-stream|binary\/octet-stream|application\/binary)$/;

async function downloadOne(url: string, opts: DownloadImagesOptions): Promise<DownloadedImage> {
  const res = await fetchResource(url, {
    maxBytes: opts.maxBytes ?? MAX_IMAGE_BYTES,
    timeoutMs: opts.timeoutMs,
    connectTimeoutMs: opts.connectTimeoutMs,
    signal: opts.signal,
    userAgent: opts.userAgent,
    lookup: opts.lookup,
    publicOnly: opts.publicOnly,
    isPublicAddress: opts.isPublicAddress,
    accept: IMAGE_ACCEPT,
  });
  return imageOfBytes(url, res.bytes, res.contentType, res.finalUrl);
}

/** The checks every kept image passes, whoever fetched it: no SVG, a known raster format by its bytes. */
function imageOfBytes(url: string, bytes: Uint8Array, type: string | null, finalUrl: string): DownloadedImage {
  if (type === 'image/svg+xml' || looksLikeSvg(bytes)) {
    throw new GlossError('unsupported_format', `${url} is an SVG image; Gloss does not keep SVG images (they can contain scripts).`);
  }
  if (type && !MAYBE_IMAGE_TYPES.test(type)) {
    throw new GlossError('unsupported_format', `${url} is not an image (content type ${type}).`);
  }
  const mime = sniffImageMime(bytes);
  if (!mime) {
    throw new GlossError('unsupported_format', `${url} is not an image Gloss can keep (its bytes are not PNG, JPEG, GIF, WebP, AVIF, BMP or ICO).`);
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  return { hash, mime, bytes, finalUrl };
}

/**
 * Of `urls`, the images whose bytes were sent with the page (the browser
 * extension loads them with the reader's cookies): held to the same checks
 * and size cap as downloads. An image not sent is in neither list.
 */
export function keepSentImages(
  urls: readonly string[],
  sent: ReadonlyMap<string, Uint8Array> | undefined,
  maxBytes = MAX_IMAGE_BYTES,
): DownloadImagesResult {
  const images = new Map<string, DownloadedImage>();
  const failed: FailedImage[] = [];
  for (const url of urls) {
    const bytes = sent?.get(url);
    if (!bytes) continue;
    if (bytes.byteLength > maxBytes) {
      failed.push({ url, reason: `${url} is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB image limit.` });
      continue;
    }
    try {
      images.set(url, imageOfBytes(url, bytes, null, url));
    } catch (err) {
      failed.push({ url, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { images, failed };
}

/**
 * Downloads `urls` (http(s) only), `concurrency` at a time, keeping those
 * whose bytes are a known raster image format (headers are not trusted;
 * SVG is refused). Never throws: every failure lands in `failed`.
 */
export async function downloadImages(urls: string[], opts: DownloadImagesOptions = {}): Promise<DownloadImagesResult> {
  const images = new Map<string, DownloadedImage>();
  const failed: FailedImage[] = [];
  const queue = [...new Set(urls)];
  const maxTotal = opts.maxTotalBytes ?? 100 * 1024 * 1024;
  let total = 0;
  const worker = async (): Promise<void> => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      if (opts.signal?.aborted) {
        failed.push({ url, reason: 'cancelled' });
        continue;
      }
      if (!isHttp(url)) {
        failed.push({ url, reason: 'not an http(s) address' });
        continue;
      }
      if (total >= maxTotal) {
        failed.push({ url, reason: 'the article’s images reached their total size limit' });
        continue;
      }
      try {
        const image = await downloadOne(url, opts);
        total += image.bytes.byteLength;
        images.set(url, image);
      } catch (err) {
        const reason = opts.signal?.aborted ? 'cancelled' : err instanceof Error ? err.message : String(err);
        failed.push({ url, reason });
      }
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? 4, queue.length));
  await Promise.all(Array.from({ length: n }, worker));
  return { images, failed };
}

/** The stored form of an asset reference in article HTML. */
export const ASSET_SCHEME = 'gloss-asset:';
export const toGlossAssetUrl = (hash: string): string => `${ASSET_SCHEME}${hash}`;

export interface RewriteResult {
  html: string;
  /** Images pointed at a local asset. */
  rewritten: number;
  /** Images that became their alt text (or went, without one). */
  missing: number;
}

/**
 * Points every downloaded image of `html` at `toAssetUrl(hash)`. Other
 * http(s) images — failed, refused, or over the per-article limit — are
 * replaced by `<span class="image-missing">alt text</span>`, or removed
 * when they have no alt text, so the stored article never loads anything
 * from the network. data: images are left as they are.
 */
export function rewriteImageSourcesDetailed(
  html: string,
  images: ReadonlyMap<string, Pick<DownloadedImage, 'hash'>>,
  toAssetUrl: (hash: string) => string = toGlossAssetUrl,
  /** Only images whose source passes are touched (default: all). */
  only?: (src: string) => boolean,
): RewriteResult {
  const root = fragmentOf(html);
  let rewritten = 0;
  let missing = 0;
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const src = (img.getAttribute('src') ?? '').trim();
    if (only && !only(src)) continue;
    const image = images.get(src);
    if (image) {
      img.setAttribute('src', toAssetUrl(image.hash));
      rewritten++;
      continue;
    }
    if (/^data:image\//i.test(src)) continue;
    missing++;
    const alt = (img.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
    if (alt) {
      const span = root.ownerDocument.createElement('span');
      span.className = 'image-missing';
      span.textContent = alt;
      img.replaceWith(span);
    } else {
      img.remove();
    }
  }
  return { html: root.innerHTML, rewritten, missing };
}

/** rewriteImageSourcesDetailed, returning only the HTML. */
export function rewriteImageSources(
  html: string,
  images: ReadonlyMap<string, Pick<DownloadedImage, 'hash'>>,
  toAssetUrl: (hash: string) => string = toGlossAssetUrl,
): string {
  return rewriteImageSourcesDetailed(html, images, toAssetUrl).html;
}
