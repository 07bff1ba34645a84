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
import { normalizePublished } from './dates';
import { PLACEHOLDER_ORIGIN } from './dom';

export interface PageMetadata {
  /** Title declared in meta tags (og:title, dc:title, twitter:title). */
  metaTitle: string | null;
  /** The <title> element's text. */
  documentTitle: string | null;
  /** The first <h1>'s text. */
  firstHeading: string | null;
  /** Author names declared in meta tags or JSON-LD, best first. */
  authors: string[];
  publishedAt: string | null;
  language: string | null;
  siteName: string | null;
  description: string | null;
  /** Absolute http(s) URL the page says it lives at. */
  canonicalUrl: string | null;
}

const collapse = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** The first element below `root`, in tree order, that `test` accepts. */
function firstElement(root: Node, test: (el: Element) => boolean): Element | null {
  let node: Node | null = root.firstChild;
  while (node) {
    if (node.nodeType === 1) {
      if (test(node as Element)) return node as Element;
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
export function hasBaseHref(doc: Document): boolean {
  return firstElement(doc, (el) => el.localName === 'base' && el.hasAttribute('href')) !== null;
}

function metaMap(doc: Document): Map<string, string> {
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
function jsonLdObjects(doc: Document): Array<Record<string, Json>> {
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
  if (!raw) return null;
  try {
    const url = new URL(raw.trim(), base);
    if (url.origin === PLACEHOLDER_ORIGIN) return null; // relative, with nothing to resolve against
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function readPageMetadata(doc: Document): PageMetadata {
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
  // One walk for the four "first element that…" lookups.
  let itempropDate: Element | null = null;
  let canonicalLink: Element | null = null;
  let titleElement: Element | null = null;
  let firstH1: Element | null = null;
  firstElement(doc, (el) => {
    const name = el.localName;
    if (!itempropDate && el.hasAttribute('itemprop') && words(el.getAttribute('itemprop')).includes('datePublished')) itempropDate = el;
    // rel is one of the attributes whose values HTML selectors match in any case.
    if (!canonicalLink && name === 'link' && el.hasAttribute('href') && words(el.getAttribute('rel')).some((w) => asciiLower(w) === 'canonical')) {
      canonicalLink = el;
    }
    if (!titleElement && name === 'title') titleElement = el;
    if (!firstH1 && name === 'h1') firstH1 = el;
    return itempropDate !== null && canonicalLink !== null && titleElement !== null && firstH1 !== null;
  });
  const dateElement = itempropDate as Element | null;
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
    absoluteHttpUrl((canonicalLink as Element | null)?.getAttribute('href'), base) ??
    absoluteHttpUrl(meta.get('og:url'), base);

  return {
    metaTitle: first(meta, ['og:title', 'dc:title', 'dc.title', 'dcterm:title', 'dcterms.title', 'twitter:title']),
    documentTitle: collapse((titleElement as Element | null)?.textContent) || null,
    firstHeading: collapse((firstH1 as Element | null)?.textContent) || null,
    authors,
    publishedAt,
    language,
    siteName,
    description: first(meta, ['description', 'og:description', 'twitter:description', 'dc.description']),
    canonicalUrl,
  };
}
