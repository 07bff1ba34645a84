/**
 * One book's chapters into one article body: each spine item becomes
 * `<section id="cN" data-chapter="N" aria-label="…">` holding its body,
 * prepared for the import sanitizer (which then removes scripts, handlers,
 * forms and remote loads like on any web page):
 * - ids are made unique per chapter (`cN-<id>`) and internal links
 *   (`ch2.xhtml#n1`, `../Text/ch3.html`) point at them as fragments;
 *   links out of the book keep only http(s)/mailto, the rest lose their href;
 * - `epub:type` notes become DPUB-ARIA roles (doc-noteref, doc-footnote,
 *   doc-endnote), `xml:lang` becomes `lang`, the chapter's `dir`/`lang`
 *   move onto its section;
 * - images of the book point at library assets (gloss-asset:<sha256>, set
 *   here from the book's own bytes, so nothing else can); an image that
 *   cannot be kept becomes its alt text; SVG is kept only as the images it
 *   wraps (a cover page's `<svg><image/></svg>`);
 * - the book's CSS is dropped; only a vertical writing mode on html/body
 *   survives, as a class on the section.
 */
import { attr, byName, epubType, parseHtml, parseXml, resolveHref, XML_NS } from './xml';
import { sharedDocument } from '../import/jsdom';
import { verticalIn, type WritingMode } from '../import/writing-mode';

/** The text of a style sheet of the book (by path), for a chapter's writing mode; null when absent. */
export type StyleSheets = (path: string) => string | null;

export interface ParsedChapter {
  path: string;
  doc: Document;
  /** The ids it holds (original values). */
  ids: Set<string>;
}

export interface BookLinks {
  /** 1-based chapter number of a path in the spine. */
  chapterOf: (path: string) => number | undefined;
  /** Whether that chapter holds an element with this (original) id. */
  hasId: (chapter: number, id: string) => boolean;
  /** The asset URL (gloss-asset:…) of an image of the book, or null when it cannot be kept. */
  imageUrl: (path: string) => string | null;
}

export interface ChapterHtml {
  html: string;
  writingMode: WritingMode | null;
  firstHeading: string | null;
}

/** A chapter's XHTML as a document: XML first, HTML when it is not well-formed (readers show those too). */
export function parseChapter(path: string, text: string): ParsedChapter {
  const doc = parseXml(text, 'application/xhtml+xml') ?? parseHtml(text);
  const ids = new Set<string>();
  for (const el of byName(doc, '*')) {
    const id = el.getAttribute('id');
    if (id) ids.add(id);
    if (el.localName === 'a' && el.getAttribute('name')) ids.add(el.getAttribute('name')!);
  }
  return { path, doc, ids };
}

/** An id that is safe and unique in the body: the chapter's prefix and the original, spaces and odd characters out. */
export function chapterElementId(chapter: number, id: string): string {
  return `c${chapter}-${id.replace(/[^\w.:-]/g, '_').slice(0, 200)}`;
}

/** The in-body fragment for a link into the book, or null when it points outside the spine. */
export function bookFragment(links: BookLinks, path: string, fragment: string | null): string | null {
  const chapter = links.chapterOf(path);
  if (chapter === undefined) return null;
  return fragment && links.hasId(chapter, fragment) ? `#${chapterElementId(chapter, fragment)}` : `#c${chapter}`;
}

const ROLE_OF_TYPE: [string, string][] = [
  ['noteref', 'doc-noteref'],
  ['footnote', 'doc-footnote'],
  ['endnote', 'doc-endnote'],
  ['rearnote', 'doc-endnote'],
  ['note', 'doc-footnote'],
  ['endnotes', 'doc-endnotes'],
  ['rearnotes', 'doc-endnotes'],
  ['footnotes', 'doc-endnotes'],
];

/**
 * EPUB 2 has no epub:type: the class names converters write (pandoc,
 * calibre, Sigil templates) say the same for notes, read before classes go.
 */
function roleOfClass(el: Element): string | null {
  const classes = (el.getAttribute('class') ?? '').toLowerCase().split(/\s+/);
  const has = (re: RegExp): boolean => classes.some((c) => re.test(c));
  if (el.localName === 'a' && has(/^(?:footnote-?ref|noteref|fn-?ref|footnote-reference|footnote-link|endnote-?ref)$/)) return 'doc-noteref';
  if (el.localName === 'a' && has(/^(?:footnote-back|footnote-?backref|fn-?back)$/)) return 'doc-backlink';
  if (el.localName !== 'a' && has(/^(?:footnotes|endnotes)$/)) return 'doc-endnotes';
  if (el.localName === 'li' && el.hasAttribute('id') && el.parentElement?.closest('[role="doc-endnotes"]')) return 'doc-endnote';
  return null;
}

/** The chapter's writing mode from its html/body style or the style sheets it uses. */
function writingModeOf(chapter: ParsedChapter, styleSheet: StyleSheets): WritingMode | null {
  const doc = chapter.doc;
  for (const el of [doc.documentElement, byName(doc, 'body')[0]]) {
    const mode = el ? verticalIn(el.getAttribute('style') ?? '', false) : null;
    if (mode) return mode;
  }
  for (const style of byName(doc, 'style')) {
    const mode = verticalIn(style.textContent ?? '', true);
    if (mode) return mode;
  }
  for (const link of byName(doc, 'link')) {
    if (!/stylesheet/i.test(link.getAttribute('rel') ?? '')) continue;
    const target = resolveHref(chapter.path, link.getAttribute('href') ?? '');
    const css = target ? styleSheet(target.path) : null;
    const mode = css ? verticalIn(css, true) : null;
    if (mode) return mode;
  }
  return null;
}

function langOf(el: Element | null | undefined): string | null {
  if (!el) return null;
  return el.getAttribute('lang') || el.getAttributeNS(XML_NS, 'lang') || el.getAttribute('xml:lang') || null;
}

/** Replaces an image that cannot be kept by its alt text. */
function replaceWithAlt(img: Element): void {
  const alt = (img.getAttribute('alt') ?? '').trim();
  if (alt) img.replaceWith(img.ownerDocument.createTextNode(alt));
  else img.remove();
}

/** `<svg>` wrapping images (cover pages): the images as <img>; any other SVG goes. */
function svgToImages(svg: Element, chapterPath: string, links: BookLinks, out: Document, made: Set<Element>): void {
  const images = byName(svg, 'image');
  const title = byName(svg, 'title')[0]?.textContent?.trim() ?? '';
  const replacement: Node[] = [];
  for (const image of images) {
    const href = attr(image, 'href');
    const target = href ? resolveHref(chapterPath, href) : null;
    const url = target ? links.imageUrl(target.path) : null;
    if (!url) continue;
    const img = out.createElement('img');
    img.setAttribute('src', url);
    img.setAttribute('alt', title);
    made.add(img);
    replacement.push(img);
  }
  svg.replaceWith(...replacement);
}

/**
 * The chapter's body as a `<section>` (HTML, before the sanitizer).
 * `number` is 1-based; `title` names the section for screen readers.
 */
export function chapterSection(
  chapter: ParsedChapter,
  number: number,
  title: string | null,
  styleSheet: StyleSheets,
  links: BookLinks,
  bookLanguage: string | null,
  rtlDefault: boolean,
): ChapterHtml {
  const doc = chapter.doc;
  const html = doc.documentElement;
  const body = byName(doc, 'body')[0] ?? html;
  const writingMode = writingModeOf(chapter, styleSheet);
  const out = sharedDocument();

  // Images made here already point at assets; every other element is the book's.
  const made = new Set<Element>();
  for (const svg of byName(body, 'svg')) if (svg.isConnected) svgToImages(svg, chapter.path, links, out, made);
  for (const el of byName(body, '*')) {
    if (made.has(el)) continue;
    const types = epubType(el);
    const id = el.getAttribute('id') ?? (el.localName === 'a' ? el.getAttribute('name') : null);
    const lang = el.getAttribute('lang') ? null : langOf(el);
    // A note's role from epub:type, else from the class names (read before classes go).
    const mapped = ROLE_OF_TYPE.find(([type]) => types.includes(type));
    const role = el.getAttribute('role') ? null : mapped && !(mapped[1] === 'doc-noteref' && el.localName !== 'a') ? mapped[1] : roleOfClass(el);
    // The book's classes and styles are its CSS's business, not Gloss's.
    for (const a of Array.from(el.attributes)) {
      if (a.name === 'class' || a.name === 'style' || a.name === 'name' || a.name === 'id' || a.prefix || a.name.includes(':')) {
        el.removeAttributeNode(a);
      }
    }
    if (id) el.setAttribute('id', chapterElementId(number, id));
    if (lang) el.setAttribute('lang', lang);
    if (role) el.setAttribute('role', role);
    if (el.localName === 'a' && el.hasAttribute('href')) {
      const href = el.getAttribute('href')!.trim();
      if (/^(?:https?:|mailto:)/i.test(href)) continue;
      const target = resolveHref(chapter.path, href);
      const fragment = target ? bookFragment(links, target.path, target.fragment) : null;
      if (fragment) el.setAttribute('href', fragment);
      else el.removeAttribute('href');
    } else if (el.localName === 'img') {
      const target = resolveHref(chapter.path, el.getAttribute('src') ?? '');
      const url = target ? links.imageUrl(target.path) : null;
      if (url) el.setAttribute('src', url);
      else replaceWithAlt(el);
    }
  }

  const section = out.createElement('section');
  section.setAttribute('id', `c${number}`);
  section.setAttribute('data-chapter', String(number));
  section.setAttribute('aria-label', (title ?? `Chapter ${number}`).slice(0, 200));
  const dir = body.getAttribute('dir') || html.getAttribute('dir') || (rtlDefault ? 'rtl' : null);
  if (dir === 'rtl' || dir === 'ltr' || dir === 'auto') section.setAttribute('dir', dir);
  const lang = langOf(body) ?? langOf(html);
  if (lang && lang !== bookLanguage) section.setAttribute('lang', lang);
  if (writingMode) section.setAttribute('class', `writing-${writingMode}`);
  for (const child of Array.from(body.childNodes)) section.appendChild(out.importNode(child, true));
  const heading = byName(body, 'h1')[0] ?? byName(body, 'h2')[0] ?? byName(body, 'h3')[0];
  return { html: section.outerHTML, writingMode, firstHeading: heading?.textContent?.replace(/\s+/g, ' ').trim() || null };
}
