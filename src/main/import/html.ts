/**
 * A saved web page to an article: parse5 parses it into the light DOM (no
 * scripts, no network; the same tree jsdom would build, at a tenth of the
 * cost), Readability finds the article and its title/byline, the page's own
 * metadata fills the gaps, DOMPurify (on jsdom) makes the body safe.
 */
import { GlossError } from '../../shared/errors';
import type { ImportedArticle } from './types';
import { cleanAuthor } from './byline';
import { normalizePublished } from './dates';
import { PLACEHOLDER_ORIGIN } from './placeholder-origin';
import { chooseExcerpt } from './excerpt';
import { finalizeBody } from './finalize';
import { parseDocument, serializeChildren } from './light-dom';
import type { LightDocument, LightElement } from './light-dom';
import { hasBaseHref, normalizeLanguage, readPageMetadata } from './metadata';
import type { LocalImages } from './page-folder';
import { readArticle } from './readability';
import { sanitizeHtml } from './sanitize';
import { withoutSiteName } from './title';
import { verticalIn, type WritingMode } from './writing-mode';
import { parseHttpUrl } from '../../shared/http-url';
import { hostNames } from '../../shared/site-name';

const collapse = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
/** Titles keep their inner spacing (some use ideographic spaces); only line breaks go. */
const tidyTitle = (s: string | null | undefined): string => (s ?? '').replace(/[\r\n\t]+/g, ' ').trim();

/** Text for comparing a heading with the title: case, spacing and punctuation aside. */
const comparable = (s: string): string =>
  s.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, ' ').trim();

/**
 * Readability 0.6 splits "Title | Site" and "Title - Site" in <title> but
 * not "Title – Site" or "Title — Site"; newer versions do. Same rule here:
 * drop the last dash-separated part, unless that leaves too little.
 */
function stripDashedSiteName(title: string): string {
  if (!/ [–—] /.test(title) || / [|\-\\/>»] /.test(title)) return title;
  const count = (s: string): number => s.split(/\s+/).filter(Boolean).length;
  const separators = Array.from(title.matchAll(/ [–—] /g));
  let cur = title.slice(0, separators[separators.length - 1]!.index);
  if (count(cur) < 3) cur = title.replace(/^[^–—]*[–—]/, '');
  cur = cur.trim();
  return count(cur) <= 4 ? title : cur;
}

function chooseTitle(readabilityTitle: string, meta: ReturnType<typeof readPageMetadata>, fileName: string, siteNames: readonly (string | null)[]): string {
  let title = tidyTitle(readabilityTitle);
  // Only titles Readability took from <title>: meta titles are deliberate.
  if (title && !meta.metaTitle && title === meta.documentTitle) title = stripDashedSiteName(title);
  title ||= tidyTitle(meta.metaTitle) || meta.firstHeading || meta.documentTitle || fileName.replace(/\.[^.]+$/, '');
  return withoutSiteName(title, siteNames);
}

/** Removes the first heading when it only repeats the title. */
function removeTitleHeading(root: LightElement, title: string): void {
  const heading = root.querySelector('h1, h2, h3, h4, h5, h6');
  if (heading && comparable(heading.textContent ?? '') === comparable(title)) heading.remove();
}

// An opening tag's attributes, quoted values included (they may hold '>').
const ATTRS = `[^>"']*(?:"[^"]*"[^>"']*|'[^']*'[^>"']*)*`;
const STYLE_BLOCK = new RegExp(`<style\\b${ATTRS}>([\\s\\S]*?)</style(?=[\\s/>])`, 'gi');
const SCRIPT_BLOCK = new RegExp(`<script\\b(${ATTRS})>([\\s\\S]*?)</script(?=[\\s/>])`, 'gi');

/**
 * Empties style sheets and scripts before parsing: jsdom tokenizes (and
 * parses CSS in) megabytes of them per page, and neither is ever shown.
 * JSON-LD is kept (it holds metadata), and so are scripts containing "<!--",
 * whose end the HTML tokenizer finds by rules a regex should not imitate.
 */
export function stripInertBlocks(source: string): string {
  return source
    .replace(STYLE_BLOCK, '<style></style')
    .replace(SCRIPT_BLOCK, (whole, attrs: string, body: string) =>
      /ld\+json/i.test(attrs) || body.includes('<!--') ? whole : `<script${attrs}></script`,
    );
}

/**
 * How the page sets its text, read before its style sheets are emptied and
 * Readability rewrites it: a vertical writing mode on its root (CJK), a
 * right-to-left direction on html or body.
 */
function pageLayout(source: string, doc: LightDocument): { vertical: WritingMode | null; rtl: boolean } {
  const roots = [doc.documentElement, doc.body];
  let vertical: WritingMode | null = null;
  for (const el of roots) vertical ??= el ? verticalIn(el.getAttribute('style') ?? '', false) : null;
  if (!vertical && /writing-mode/i.test(source)) {
    for (const block of source.matchAll(STYLE_BLOCK)) {
      vertical = verticalIn(block[1] ?? '', true);
      if (vertical) break;
    }
  }
  return { vertical, rtl: roots.some((el) => el?.getAttribute('dir')?.trim().toLowerCase() === 'rtl') };
}

/** The article's body inside the wrappers that keep the page's layout (the sanitizer keeps both; article.css lays them out). */
function withLayout(html: string, layout: ReturnType<typeof pageLayout>): string {
  const set = layout.vertical ? `<section class="writing-${layout.vertical}">${html}</section>` : html;
  return layout.rtl ? `<div dir="rtl">${set}</div>` : set;
}

/**
 * `localImages`: the images of a saved page's `_files` folder, marked
 * before Readability (see page-folder.ts); web/file-images.ts stores them.
 */
export function importHtml(source: string, fileName: string, sourceUrl: string | null, localImages?: LocalImages): ImportedArticle {
  const doc = parseDocument(stripInertBlocks(source), sourceUrl ?? `${PLACEHOLDER_ORIGIN}/`);
  const layout = pageLayout(source, doc);
  // Readability and the metadata reader only use DOM members the light DOM has.
  const meta = readPageMetadata(doc); // before Readability rewrites the document
  localImages?.markImages(doc.querySelectorAll('img'), !sourceUrl && !hasBaseHref(doc) && !meta.canonicalUrl);

  // Without a known address, the page's canonical URL is the best base for
  // its relative links (unless it already has a <base>).
  const baseUrl = sourceUrl ?? (hasBaseHref(doc) ? null : meta.canonicalUrl);
  const head = doc.head;
  if (!sourceUrl && baseUrl && head) {
    const base = doc.createElement('base');
    base.setAttribute('href', baseUrl);
    head.insertBefore(base, head.firstChild);
  }
  const effectiveBase = doc.baseURI.startsWith(PLACEHOLDER_ORIGIN) ? undefined : doc.baseURI;

  const article = readArticle(doc);
  const content = article?.content;
  if (!article || !content) {
    throw new GlossError('no_content', `“${fileName}” has no readable content.`);
  }
  // Readability's byline (the page's metadata, else its first byline element)
  // unless it names no one ("By", a date, a URL); then the other declared
  // authors; then the first byline element that does name someone.
  const author =
    cleanAuthor(article.byline) ?? meta.authors.map(cleanAuthor).find((a) => a !== null) ?? meta.domAuthor ?? null;
  const siteName = collapse(article.siteName) || meta.siteName;
  const address = sourceUrl ?? meta.canonicalUrl;
  const host = address ? parseHttpUrl(address)?.hostname : null;
  // What the site is called: declared names, its domain's name, and the byline (a blog's "Post - Author").
  const title = chooseTitle(article.title ?? '', meta, fileName, [siteName, meta.siteName, ...hostNames(host), ...meta.feedNames, author]);
  // Readability wraps the article in <div id="readability-page-1" class="page">.
  const page = content.children.length === 1 && content.firstElementChild?.id.startsWith('readability-page')
    ? content.firstElementChild
    : content;
  removeTitleHeading(page, title);

  const html = sanitizeHtml(withLayout(serializeChildren(page), layout), effectiveBase);
  const body = finalizeBody(html);
  if (!body.text.trim()) throw new GlossError('no_content', `“${fileName}” has no readable content.`);

  const excerpt = chooseExcerpt(article.excerpt, meta.description, body.html, body.text);
  return {
    format: 'html',
    meta: {
      title,
      author,
      siteName,
      sourceUrl: address,
      publishedAt: normalizePublished(article.publishedTime) ?? meta.publishedAt,
      language: meta.language ?? normalizeLanguage(article.lang),
      excerpt: excerpt ? excerpt.slice(0, 500) : null,
      wordCount: body.wordCount,
    },
    html: body.html,
    text: body.text,
    tags: [],
  };
}
