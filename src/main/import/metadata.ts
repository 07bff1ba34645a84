/**
 * Metadata a web page declares about itself: <meta> tags (Open Graph,
 * Dublin Core, article:*), JSON-LD, <html lang>, <time>, canonical link.
 *
 * Read from the untouched document, before Readability rewrites it; these
 * values are fallbacks for what Readability does not find and the things it
 * does not look at (language beyond <html lang>, canonical URL, dates).
 *
 * Works on jsdom documents and on the light DOM alike: only tree walks,
 * getElementsByTagName and attributes, no selectors.
 */
import { cleanAuthor, isBylineLabel } from './byline';
import { normalizePublished } from './dates';
import { PLACEHOLDER_ORIGIN } from './placeholder-origin';
import type { ReadableDocument, ReadableElement, ReadableNode } from './readability';
import { parseHttpUrl } from '../../shared/http-url';

/**
 * The DOM this reader walks: Readability's (it runs on the same light DOM,
 * and on jsdom for saved pages), plus two members of its own.
 */
interface PageElement extends ReadableElement {
  readonly parentElement: PageElement | null;
  hasAttributes(): boolean;
}
type PageDocument = ReadableDocument;

export interface PageMetadata {
  /** Title declared in meta tags (og:title, dc:title, twitter:title). */
  metaTitle: string | null;
  /** The <title> element's text. */
  documentTitle: string | null;
  /** The first <h1>'s text. */
  firstHeading: string | null;
  /** Author names declared in meta tags or JSON-LD, best first. */
  authors: string[];
  /**
   * The first name in the page's byline markup (rel=author, itemprop=author,
   * byline/author classes: the elements Readability reads), cleaned; a
   * label-only byline ("By", "Von") completed by the element after it.
   */
  domAuthor: string | null;
  publishedAt: string | null;
  language: string | null;
  siteName: string | null;
  description: string | null;
  /** Absolute http(s) URL the page says it lives at. */
  canonicalUrl: string | null;
  /**
   * Names from the page's feed links ("V8 Atom feed" → "V8"): sites title
   * their feeds with their own name, a hint for which part of a title is the site.
   */
  feedNames: string[];
}

const FEED_TYPE = /^\s*application\/(?:rss|atom)\+xml\s*$/i;
// "V8 Atom feed", "Blog » Feed", "Example RSS", "Site - Comments Feed".
const FEED_WORDS = /\s*(?:[»|:–—-]\s*)?(?:comments?\s+)?(?:(?:atom|rss)(?:\s*\d(?:\.\d+)?)?(?:\s+feeds?)?|feeds?)\s*$/i;

/** The site names the page's feed links give (at most a few). */
function feedNamesOf(doc: PageDocument): string[] {
  const names: string[] = [];
  for (const link of Array.from(doc.getElementsByTagName('link'))) {
    if (names.length >= 4) break;
    if (!words(link.getAttribute('rel')).some((w) => asciiLower(w) === 'alternate') || !FEED_TYPE.test(link.getAttribute('type') ?? '')) continue;
    const title = collapse(link.getAttribute('title'));
    const name = title.replace(FEED_WORDS, '').trim();
    if (name && name !== title && !names.includes(name)) names.push(name);
  }
  return names;
}

const collapse = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** The first element below `root`, in tree order, that `test` accepts. */
function firstElement(root: ReadableNode, test: (el: PageElement) => boolean): PageElement | null {
  let node: ReadableNode | null = root.firstChild;
  while (node) {
    if (node.nodeType === 1) {
      if (test(node as PageElement)) return node as PageElement;
      if (node.firstChild) {
        node = node.firstChild;
        continue;
      }
    }
    while (node && !node.nextSibling) {
      node = node.parentNode;
      if (node === root) return null;
    }
    node = node ? node.nextSibling : null;
  }
  return null;
}

/** The words of a `~=` attribute selector's value list. */
const words = (value: string | null): string[] => (value ?? '').split(/[ \t\n\r\f]+/).filter(Boolean);
const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());

/** `base[href]`: does the page set its own base URL? */
export function hasBaseHref(doc: PageDocument): boolean {
  return firstElement(doc, (el) => el.localName === 'base' && el.hasAttribute('href')) !== null;
}

function metaMap(doc: PageDocument): Map<string, string> {
  const map = new Map<string, string>();
  for (const el of Array.from(doc.getElementsByTagName('meta'))) {
    const content = collapse(el.getAttribute('content'));
    if (!content) continue;
    // property may hold several space-separated names ("og:title twitter:title").
    const keys = [el.getAttribute('name'), el.getAttribute('property'), el.getAttribute('itemprop'), el.getAttribute('http-equiv')]
      .flatMap((k) => (k ?? '').toLowerCase().split(/\s+/))
      .filter(Boolean);
    for (const key of keys) if (!map.has(key)) map.set(key, content);
  }
  return map;
}

function first(map: Map<string, string>, keys: string[]): string | null {
  for (const k of keys) {
    const v = map.get(k);
    if (v) return v;
  }
  return null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** All objects inside the page's JSON-LD blocks (through @graph and arrays). */
function jsonLdObjects(doc: PageDocument): Array<Record<string, Json>> {
  const out: Array<Record<string, Json>> = [];
  const walk = (value: Json, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1);
      return;
    }
    out.push(value);
    const graph = value['@graph'];
    if (graph) walk(graph, depth + 1);
  };
  for (const script of Array.from(doc.getElementsByTagName('script'))) {
    if (!/^\s*application\/ld\+json\s*$/i.test(script.getAttribute('type') ?? '')) continue;
    try {
      walk(JSON.parse((script.textContent ?? '').replace(/^\s*<!--|-->\s*$/g, '')) as Json, 0);
    } catch {
      // Broken JSON-LD is common; it is only a hint.
    }
  }
  return out;
}

const ARTICLE_TYPES = /article|posting|report|review|story|recipe|howto|webpage|creativework/i;

function typeOf(obj: Record<string, Json>): string {
  const t = obj['@type'];
  return Array.isArray(t) ? t.join(' ') : typeof t === 'string' ? t : '';
}

function namesOf(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => namesOf(v));
  if (value && typeof value === 'object') {
    const name = value['name'];
    return typeof name === 'string' ? [name] : [];
  }
  return [];
}

// Readability 0.6's byline hints and its rules for the parts of a page it
// drops before looking for a byline (footers, comments, sidebars, hidden
// nodes), so that this walk considers the elements Readability considers.
const BYLINE_HINT = /byline|author|dateline|writtenby|p-author/i;
const UNLIKELY =
  /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote/i;
const MAYBE_CANDIDATE = /and|article|body|column|content|main|shadow/i;
const UNLIKELY_ROLES = new Set(['menu', 'menubar', 'complementary', 'navigation', 'alert', 'alertdialog', 'dialog']);
// A byline element is short (Readability: under 100 characters).
const MAX_BYLINE_TEXT = 100;
const MAX_BYLINE_CANDIDATES = 20;

const hintsOf = (el: PageElement): string => `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;

function isBylineElement(el: PageElement): boolean {
  // One pass over the attributes: this runs on every element of the page.
  if (!el.hasAttributes()) return false;
  const attrs = el.attributes;
  let hinted = false;
  for (let i = 0; i < attrs.length && !hinted; i++) {
    const { name, value } = attrs[i]!;
    if (name === 'class' || name === 'id') hinted = BYLINE_HINT.test(value);
    else if (name === 'itemprop') hinted = value.includes('author');
    else if (name === 'rel') hinted = words(value).some((w) => asciiLower(w) === 'author');
  }
  return hinted && el.localName !== 'link' && el.localName !== 'script' && el.localName !== 'style';
}

function isHidden(el: PageElement): boolean {
  const style = el.getAttribute('style');
  return (
    el.hasAttribute('hidden') ||
    (el.getAttribute('aria-hidden') === 'true' && !(el.getAttribute('class') ?? '').includes('fallback-image')) ||
    (style !== null && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i.test(style))
  );
}

/** Would Readability drop `el` or an ancestor before reaching it? */
function droppedByReadability(el: PageElement): boolean {
  const chain: PageElement[] = [];
  for (let node: PageElement | null = el; node && node.localName !== 'body'; node = node.parentElement) chain.push(node);
  for (let i = 0; i < chain.length; i++) {
    const node = chain[i]!;
    const hints = hintsOf(node);
    const role = node.getAttribute('role') ?? '';
    if (isHidden(node) || UNLIKELY_ROLES.has(role) || (role === 'dialog' && node.getAttribute('aria-modal') === 'true')) return true;
    if (node.localName === 'a' || !UNLIKELY.test(hints) || MAYBE_CANDIDATE.test(hints)) continue;
    // Readability keeps unlikely-looking parts of tables and code.
    if (!chain.slice(i + 1).some((up) => up.localName === 'table' || up.localName === 'code')) return true;
  }
  return false;
}

/** An element's name text: `content` for <meta itemprop="name">, else its text. */
const ownText = (el: PageElement): string =>
  (el.localName === 'meta' ? el.getAttribute('content') : el.textContent) ?? '';

/** The name that follows a label-only byline: the next node with letters, one level up at most. */
function nameAfterLabel(el: PageElement): string | null {
  for (let node: ReadableNode | null = el, level = 0; node && level < 2; node = node.parentNode, level++) {
    for (let next = node.nextSibling, seen = 0; next && seen < 4; next = next.nextSibling, seen++) {
      if (next.nodeType === 1 && isHidden(next as PageElement)) continue;
      const text = (next.nodeType === 1 ? ownText(next as PageElement) : next.textContent) ?? '';
      if (!/[\p{L}\p{N}]/u.test(text)) continue; // white space, "·", ":"
      if (text.trim().length >= MAX_BYLINE_TEXT || isBylineLabel(text)) return null;
      return cleanAuthor(text);
    }
  }
  return null;
}

/** The author a byline element names, or null when it names none. */
function bylineAuthor(el: PageElement): string | null {
  const whole = ownText(el).trim();
  // Empty is fine only around a <meta itemprop="name" content="…">.
  if (whole.length >= MAX_BYLINE_TEXT || (!whole && el.localName !== 'meta' && !el.firstElementChild)) return null;
  // Readability's refinement: a nested itemprop="name" is the name itself.
  const nameEl = firstElement(el, (child) => (child.getAttribute('itemprop') ?? '').includes('name'));
  const text = nameEl ? ownText(nameEl) : whole;
  return cleanAuthor(text) ?? (isBylineLabel(text) ? nameAfterLabel(nameEl ?? el) : null);
}

const isUrl = (s: string): boolean => /^(?:https?:)?\/\//i.test(s) || /^www\./i.test(s);

/** A BCP 47 tag with conventional case ("en-us" → "en-US", "zh_hant_tw" → "zh-Hant-TW"). */
export function normalizeLanguage(raw: string | null | undefined): string | null {
  const value = (raw ?? '').trim().split(/[,;\s]/)[0]!.replace(/_/g, '-');
  if (!/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(value)) return null;
  const [lang, ...rest] = value.split('-');
  const parts = rest.map((p) => {
    if (/^[a-z]{4}$/i.test(p)) return p[0]!.toUpperCase() + p.slice(1).toLowerCase();
    if (/^(?:[a-z]{2}|\d{3})$/i.test(p)) return p.toUpperCase();
    return p.toLowerCase();
  });
  return [lang!.toLowerCase(), ...parts].join('-');
}

function absoluteHttpUrl(raw: string | null | undefined, base: string): string | null {
  const url = raw ? parseHttpUrl(raw.trim(), base) : null;
  // Relative, with nothing to resolve against, comes out on the placeholder origin.
  return url && url.origin !== PLACEHOLDER_ORIGIN ? url.href : null;
}

export function readPageMetadata(doc: PageDocument): PageMetadata {
  const meta = metaMap(doc);
  const ld = jsonLdObjects(doc);
  const ldArticle = ld.find((o) => ARTICLE_TYPES.test(typeOf(o)) && (o['headline'] || o['author'])) ?? null;

  const authors = [
    ...namesOf(ldArticle?.['author']),
    ...[meta.get('author'), meta.get('article:author'), meta.get('dc.creator'), meta.get('dc:creator'), meta.get('dcterms.creator'), meta.get('parsely-author'), meta.get('sailthru.author'), meta.get('byl')]
      .filter((v): v is string => !!v),
  ]
    .map(collapse)
    .filter((a) => a && !isUrl(a));

  // Simple walks, not selectors: selector matching over big pages is slow in jsdom.
  const times = Array.from(doc.getElementsByTagName('time')).filter((t) => t.hasAttribute('datetime'));
  const timeEl =
    times.find((t) => t.hasAttribute('pubdate') || /\bdatePublished\b/.test(t.getAttribute('itemprop') ?? '')) ??
    times[0];
  // One walk for the five "first element that…" lookups.
  let itempropDate: PageElement | null = null;
  let canonicalLink: PageElement | null = null;
  let titleElement: PageElement | null = null;
  let firstH1: PageElement | null = null;
  let domAuthor: string | null = null;
  let bylineCandidates = 0;
  firstElement(doc, (el) => {
    const name = el.localName;
    if (!itempropDate && el.hasAttribute('itemprop') && words(el.getAttribute('itemprop')).includes('datePublished')) itempropDate = el;
    // rel is one of the attributes whose values HTML selectors match in any case.
    if (!canonicalLink && name === 'link' && el.hasAttribute('href') && words(el.getAttribute('rel')).some((w) => asciiLower(w) === 'canonical')) {
      canonicalLink = el;
    }
    if (!titleElement && name === 'title') titleElement = el;
    if (!firstH1 && name === 'h1') firstH1 = el;
    if (domAuthor === null && bylineCandidates < MAX_BYLINE_CANDIDATES && isBylineElement(el) && !droppedByReadability(el)) {
      bylineCandidates++;
      domAuthor = bylineAuthor(el);
    }
    return (
      itempropDate !== null && canonicalLink !== null && titleElement !== null && firstH1 !== null &&
      (domAuthor !== null || bylineCandidates >= MAX_BYLINE_CANDIDATES)
    );
  });
  const dateElement = itempropDate as PageElement | null;
  const dateCandidates: unknown[] = [
    first(meta, ['article:published_time', 'og:published_time', 'published_time', 'datepublished']),
    ldArticle?.['datePublished'],
    dateElement?.getAttribute('content') ?? dateElement?.getAttribute('datetime'),
    first(meta, ['dc.date.issued', 'dc.date', 'dcterms.created', 'dcterms.issued', 'dc:date', 'date', 'pubdate', 'publishdate', 'publish-date', 'parsely-pub-date', 'sailthru.date', 'article.published']),
    timeEl?.getAttribute('datetime'),
  ];
  let publishedAt: string | null = null;
  for (const c of dateCandidates) {
    publishedAt = normalizePublished(c);
    if (publishedAt) break;
  }

  const html = doc.documentElement;
  const language =
    normalizeLanguage(html?.getAttribute('lang')) ??
    normalizeLanguage(html?.getAttribute('xml:lang')) ??
    normalizeLanguage(meta.get('content-language')) ??
    normalizeLanguage(typeof ldArticle?.['inLanguage'] === 'string' ? ldArticle['inLanguage'] : null) ??
    normalizeLanguage(meta.get('og:locale'));

  const publisher = ldArticle?.['publisher'];
  const siteName =
    first(meta, ['og:site_name', 'application-name', 'twitter:site:name']) ??
    (namesOf(publisher ?? null)[0] ? collapse(namesOf(publisher ?? null)[0]) : null);

  const base = doc.baseURI;
  const canonicalUrl =
    absoluteHttpUrl((canonicalLink as PageElement | null)?.getAttribute('href'), base) ??
    absoluteHttpUrl(meta.get('og:url'), base);

  return {
    metaTitle: first(meta, ['og:title', 'dc:title', 'dc.title', 'dcterm:title', 'dcterms.title', 'twitter:title']),
    documentTitle: collapse((titleElement as PageElement | null)?.textContent) || null,
    firstHeading: collapse((firstH1 as PageElement | null)?.textContent) || null,
    authors,
    domAuthor,
    publishedAt,
    language,
    siteName,
    description: first(meta, ['description', 'og:description', 'twitter:description', 'dc.description']),
    canonicalUrl,
    feedNames: feedNamesOf(doc),
  };
}
