/**
 * Saving a web page as an article, as one function independent of the
 * library: normalize the URL → download → decode → (HTML) promote lazy
 * images on the raw page → the HTML importer (Readability + sanitizer) →
 * download the article's images → point them at local assets.
 *
 * Nothing is stored here: the caller gets the article and the image
 * blobs, and stores both or nothing.
 */
import { GlossError } from '../../shared/errors';
import { decodeBytes, decodeWindows1252, sniffHtmlCharset } from '../import/decode';
import { finalizeBody } from '../import/finalize';
import { importHtml, stripInertBlocks } from '../import/html';
import { jsdom, silentConsole } from '../import/jsdom';
import { importMarkdown } from '../import/markdown';
import { readPageMetadata } from '../import/metadata';
import { importPlainText } from '../import/plain-text';
import type { ImportedArticle } from '../import/types';
import { failedToConnect, fetchPage } from './fetch-page';
import { isPdfInput, readPdf, type ImportedPdf } from '../pdf/read-pdf';
import type { FetchedPage, FetchOptions, PageKind } from './fetch-page';
import {
  collectImageUrls,
  downloadImages,
  keepSentImages,
  promoteLazyImages,
  rewriteImageSourcesDetailed,
  toGlossAssetUrl,
} from './images';
import type { DownloadImagesOptions, FailedImage, ImageMime } from './images';
import { addressCandidates, tryNormalizeUrl } from './url';
import { parseHttpUrl } from '../../shared/http-url';

export interface SavedAsset {
  /** SHA-256 hex of `bytes`: the key of the `assets` table. */
  hash: string;
  mime: ImageMime;
  bytes: Uint8Array;
  /** The image URL as the article referenced it (for `article_assets.source_url`). */
  sourceUrl: string;
}

export interface SavePageOptions extends FetchOptions {
  /** Image downloads: options, or false to keep no images (they become their alt text). */
  images?: false | Omit<DownloadImagesOptions, 'signal' | 'lookup' | 'userAgent' | 'publicOnly' | 'isPublicAddress'>;
  /** How stored HTML refers to an asset (default `gloss-asset:<hash>`). */
  toAssetUrl?: (hash: string) => string;
  /** Width the srcset candidate is chosen for (default 1200 px). */
  imageTargetWidth?: number;
  /** Also download the page's lead image (og:image) as an asset (default true). */
  leadImage?: boolean;
}

export interface SavedPage {
  /** The article, its html pointing at assets, its text matching its html. */
  article: ImportedArticle;
  /** The downloaded images (article images, then the lead image), one per hash. */
  assets: SavedAsset[];
  /** normalizeUrl of the address fetched (https or http for one typed without a scheme): the key for "already saved?". */
  requestedUrl: string;
  /** Where the page was found after redirects (normalized; also `article.meta.sourceUrl`). */
  finalUrl: string;
  /** The canonical URL the page declares (link rel=canonical, og:url), normalized. */
  canonicalUrl: string | null;
  /** The page's lead image (og:image, twitter:image), absolute. */
  leadImageUrl: string | null;
  /** The lead image's asset hash when it was downloaded. */
  leadImageHash: string | null;
  /** Images that could not be kept, with reasons. */
  failedImages: FailedImage[];
  /** The page came from the public internet (see FetchedResource.fromInternet); its images then had to be public too. */
  fromInternet: boolean;
  /** A PDF (served as application/pdf, or its bytes): the file and pages to store with the article. */
  pdf?: Pick<ImportedPdf, 'file' | 'facts'>;
}

/**
 * A downloaded body as text. The order is the HTML spec's: a byte-order
 * mark, then the Content-Type charset, then (HTML) `<meta charset>`, then
 * UTF-8 (bytes that are valid UTF-8 with non-ASCII text read as UTF-8
 * whatever is declared: see decodeBytes). Unlike files, web pages get
 * browsers' leniency: invalid UTF-8 in a
 * page that declares UTF-8 decodes with U+FFFD, and an undeclared page that
 * is not UTF-8 is read as windows-1252.
 */
export function decodePage(bytes: Uint8Array, kind: PageKind, headerCharset: string | null, url: string): string {
  if (kind === 'pdf') throw new GlossError('unsupported_format', `Could not save ${url}: it is a PDF, not text.`);
  try {
    // Binary and empty bodies are refused here; BOMs, declared charsets and strict UTF-8 handled.
    return decodeBytes(bytes, kind, url, { declaredCharset: headerCharset });
  } catch (err) {
    if (!(err instanceof GlossError) || err.code !== 'invalid_encoding') throw err;
  }
  const declared = headerCharset ?? (kind === 'html' ? sniffHtmlCharset(bytes) : null);
  const text = declared === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : decodeWindows1252(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file name for the importer: the last path segment (or host), with the kind's extension. */
export function importFileName(url: string, kind: PageKind): string {
  const ext = kind === 'html' ? '.html' : kind === 'markdown' ? '.md' : kind === 'pdf' ? '.pdf' : '.txt';
  let name = '';
  try {
    const u = new URL(url);
    const segment = u.pathname.split('/').filter(Boolean).pop() ?? '';
    try {
      name = decodeURIComponent(segment);
    } catch {
      name = segment;
    }
    // eslint-disable-next-line no-control-regex
    name = name.replace(/\.(html?|php|aspx?|jsp|md|markdown|txt|pdf)$/i, '').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim();
    if (!name) name = u.hostname;
  } catch {
    name = 'page';
  }
  return `${name.slice(0, 120)}${ext}`;
}

/** The raw page, parsed at its final URL, with lazy images made plain. */
interface RawPage {
  html: string;
  canonicalUrl: string | null;
  leadImageUrl: string | null;
}

function leadImageOf(doc: Document): string | null {
  const candidates = [
    ...['og:image:secure_url', 'og:image:url', 'og:image', 'twitter:image', 'twitter:image:src'].map(
      (key) => doc.querySelector(`meta[property="${key}" i][content], meta[name="${key}" i][content]`)?.getAttribute('content'),
    ),
    doc.querySelector('link[rel~="image_src"][href]')?.getAttribute('href'),
  ];
  for (const c of candidates) {
    const url = c?.trim() ? parseHttpUrl(c.trim(), doc.baseURI) : null;
    if (url) return url.href;
  }
  return null;
}

function prepareRawPage(source: string, finalUrl: string, targetWidth: number): RawPage {
  const dom = new (jsdom().JSDOM)(stripInertBlocks(source), { url: finalUrl, virtualConsole: silentConsole() });
  try {
    const doc = dom.window.document;
    const meta = readPageMetadata(doc);
    const leadImageUrl = leadImageOf(doc);
    promoteLazyImages(doc, targetWidth);
    return {
      html: dom.serialize(),
      canonicalUrl: meta.canonicalUrl ? tryNormalizeUrl(meta.canonicalUrl) : null,
      leadImageUrl,
    };
  } finally {
    dom.window.close();
  }
}

function importPage(text: string, kind: PageKind, fileName: string, finalUrl: string): ImportedArticle {
  try {
    switch (kind) {
      case 'html':
        return importHtml(text, fileName, finalUrl);
      case 'markdown':
        return importMarkdown(text, fileName, finalUrl);
      case 'text':
        return importPlainText(text, fileName, finalUrl);
      case 'pdf': // read by savePdf, never as text
        throw new GlossError('unsupported_format', `Could not save ${finalUrl}: it is a PDF, not text.`);
    }
  } catch (err) {
    if (err instanceof GlossError && err.code === 'no_content') {
      throw new GlossError('no_content', `Could not save ${finalUrl}: no readable article was found on the page.`);
    }
    throw err;
  }
}

/**
 * The page at what the user typed: a full URL as it is; an address typed
 * without a scheme over https, then over http when https could not connect
 * (refused, reset, or no TLS there) — never after an HTTP answer.
 */
async function fetchTyped(url: string, opts: FetchOptions): Promise<{ page: FetchedPage; requestedUrl: string }> {
  const [first, fallback] = addressCandidates(url);
  try {
    return { page: await fetchPage(first!, opts), requestedUrl: first! };
  } catch (err) {
    if (!fallback || !failedToConnect(err)) throw err;
    return { page: await fetchPage(fallback, opts), requestedUrl: fallback };
  }
}

async function savePdf(page: FetchedPage, requestedUrl: string): Promise<SavedPage> {
  const finalUrl = tryNormalizeUrl(page.finalUrl) ?? page.finalUrl;
  const pdf = await readPdf({ fileName: importFileName(page.finalUrl, 'pdf'), bytes: page.bytes, sourceUrl: finalUrl });
  return {
    article: pdf.article,
    assets: [],
    requestedUrl,
    finalUrl,
    canonicalUrl: null,
    leadImageUrl: null,
    leadImageHash: null,
    failedImages: [],
    fromInternet: page.fromInternet,
    pdf: { file: pdf.file, facts: pdf.facts },
  };
}

/**
 * Downloads the page at `url` and makes it an article with its images:
 * normalizeUrl → fetchPage → decodePage → (HTML) promoteLazyImages on the
 * raw page → importHtml (or the Markdown / plain-text importer) at the
 * final URL → collectImageUrls → downloadImages → rewriteImageSources to
 * `toAssetUrl(hash)`.
 *
 * The article's text is the importer's, unchanged when every image was
 * kept (only `src` attributes change); when some image became its alt text
 * the text is recomputed from the final HTML. Image failures never fail the
 * page. Throws a GlossError for the page itself (see fetchPage, decodePage;
 * `no_content` when no article is found) or, when `signal` aborts, the
 * signal's reason.
 */
export async function savePage(url: string, opts: SavePageOptions = {}): Promise<SavedPage> {
  const { page, requestedUrl } = await fetchTyped(url, opts);
  // A PDF, by its type or its bytes (a server that calls it text/html): read with pdf.js, no images to fetch.
  if (page.kind === 'pdf' || isPdfInput('', page.bytes)) return savePdf(page, requestedUrl);
  const text = decodePage(page.bytes, page.kind, page.charset, page.finalUrl);
  return pageToArticle({ text, kind: page.kind, finalUrl: page.finalUrl, fromInternet: page.fromInternet, requestedUrl }, opts);
}

/** A page as the reader's browser rendered it (the browser extension's save). */
export interface CapturedPage {
  /** The page's http(s) address. */
  url: string;
  /** The serialized live DOM: untrusted, exactly like a downloaded page. */
  html: string;
  /** Image bytes the browser loaded (with the page's cookies), by absolute URL; sniffed and capped like downloads. */
  images?: ReadonlyMap<string, Uint8Array>;
}

/**
 * Makes an article of a page the browser already rendered: the same steps
 * as savePage after its download (lazy images, importer, sanitizer, image
 * saving). Images the browser sent are kept when their bytes are an image
 * Gloss keeps; the others are downloaded, and only from public addresses
 * (a page in the browser may not make Gloss fetch from the user's network).
 */
export async function saveCapturedPage(captured: CapturedPage, opts: SavePageOptions = {}): Promise<SavedPage> {
  const url = parseHttpUrl(captured.url);
  if (!url) throw new GlossError('invalid_argument', `Gloss saves only http and https pages, not ${captured.url.slice(0, 200)}.`);
  const requestedUrl = tryNormalizeUrl(url.href) ?? url.href;
  return pageToArticle({ text: captured.html, kind: 'html', finalUrl: url.href, fromInternet: true, requestedUrl }, opts, captured.images);
}

interface PageText {
  text: string;
  kind: PageKind;
  finalUrl: string;
  fromInternet: boolean;
  requestedUrl: string;
}

async function pageToArticle(
  page: PageText,
  opts: SavePageOptions,
  sentImages?: ReadonlyMap<string, Uint8Array>,
): Promise<SavedPage> {
  const { images: imageOpts, toAssetUrl = toGlossAssetUrl, imageTargetWidth = 1200, leadImage = true, ...fetchOpts } = opts;
  const { text, requestedUrl } = page;
  const fileName = importFileName(page.finalUrl, page.kind);

  let canonicalUrl: string | null = null;
  let leadImageUrl: string | null = null;
  let source = text;
  if (page.kind === 'html') {
    const raw = prepareRawPage(text, page.finalUrl, imageTargetWidth);
    source = raw.html;
    canonicalUrl = raw.canonicalUrl;
    leadImageUrl = raw.leadImageUrl;
  }
  const article = importPage(source, page.kind, fileName, page.finalUrl);
  const finalUrl = tryNormalizeUrl(page.finalUrl) ?? page.finalUrl;
  article.meta.sourceUrl = finalUrl;

  const imageUrls = imageOpts === false ? [] : collectImageUrls(article.html);
  const wanted = leadImage && leadImageUrl && imageOpts !== false && !imageUrls.includes(leadImageUrl) ? [...imageUrls, leadImageUrl] : imageUrls;
  const sent = imageOpts === false ? { images: new Map(), failed: [] } : keepSentImages(wanted, sentImages, imageOpts?.maxBytes);
  const toDownload = wanted.filter((u) => !sent.images.has(u) && !sent.failed.some((f) => f.url === u));
  const fetched = toDownload.length
    ? await downloadImages(toDownload, {
        ...(imageOpts || {}),
        signal: fetchOpts.signal,
        lookup: fetchOpts.lookup,
        userAgent: fetchOpts.userAgent,
        isPublicAddress: fetchOpts.isPublicAddress,
        // A page from the internet may not make Gloss fetch from the user's own
        // network. Decided by the addresses the page's own connections reached
        // (not by looking its name up again, which a rebinding DNS could answer
        // differently); a page saved from a NAS or localhost keeps its images.
        publicOnly: page.fromInternet,
      })
    : { images: new Map(), failed: [] };
  fetchOpts.signal?.throwIfAborted();
  const downloaded = { images: new Map([...sent.images, ...fetched.images]), failed: [...sent.failed, ...fetched.failed] };

  const rewritten = rewriteImageSourcesDetailed(article.html, downloaded.images, toAssetUrl);
  if (rewritten.html !== article.html) {
    article.html = rewritten.html;
    if (rewritten.missing > 0) {
      // Alt text took the place of images: the text must match the stored HTML.
      const body = finalizeBody(rewritten.html);
      article.text = body.text;
      article.meta.wordCount = body.wordCount;
    }
  }

  const assets: SavedAsset[] = [];
  const seen = new Set<string>();
  for (const sourceUrl of wanted) {
    const image = downloaded.images.get(sourceUrl);
    if (!image || seen.has(image.hash)) continue;
    seen.add(image.hash);
    assets.push({ hash: image.hash, mime: image.mime, bytes: image.bytes, sourceUrl });
  }
  return {
    article,
    assets,
    requestedUrl,
    finalUrl,
    canonicalUrl,
    leadImageUrl,
    leadImageHash: leadImageUrl ? (downloaded.images.get(leadImageUrl)?.hash ?? null) : null,
    failedImages: downloaded.failed,
    fromInternet: page.fromInternet,
  };
}
