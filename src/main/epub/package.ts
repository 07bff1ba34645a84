/**
 * The package document (OPF) of an EPUB 2 or 3 book: metadata, manifest,
 * spine, cover, and where its table of contents lives; and the table of
 * contents itself, from an EPUB 3 nav document or an EPUB 2 NCX. Pure
 * parsing: paths are resolved inside the archive, nothing is read here.
 */
import { tagNamesFromSource } from '../../shared/tags';
import type { BookCreator, BookDescription } from '../../shared/types';
import { normalizePublished } from '../import/dates';
import { htmlToPlainText } from '../import/finalize';
import { attr, byName, childrenNamed, epubType, OPF_NS, resolveHref, textOf } from './xml';

export interface ManifestItem {
  id: string;
  /** Path inside the archive. */
  path: string;
  mediaType: string;
  properties: string[];
}

/** The package document: the book's description as stored (Article.book), and what reading it needs. */
export interface PackageDocument
  extends Pick<BookDescription, 'creators' | 'publisher' | 'date' | 'identifiers' | 'isbn' | 'description' | 'subjects' | 'series'> {
  version: string;
  title: string | null;
  language: string | null;
  manifest: Map<string, ManifestItem>;
  /** Spine items in reading order (non-linear ones too: notes live there and links point at them). */
  spine: ManifestItem[];
  direction: 'ltr' | 'rtl' | null;
  /** Candidates for the cover, best first: an image item, or an XHTML page holding it. */
  cover: ManifestItem | null;
  coverPage: string | null;
  /** The EPUB 3 nav document, and the EPUB 2 NCX. */
  nav: ManifestItem | null;
  ncx: ManifestItem | null;
}

/** A raw table-of-contents entry: a path and fragment in the archive. */
export interface RawTocItem {
  title: string;
  path: string | null;
  fragment: string | null;
  items: RawTocItem[];
}

const MAX_TOC_ITEMS = 5000;
const MAX_TOC_DEPTH = 10;
const MAX_SUBJECT_TAGS = 10;

/** The package document's path from META-INF/container.xml, or null. */
export function packagePath(container: Document): string | null {
  const rootfiles = byName(container, 'rootfile');
  const opf = rootfiles.find((r) => (r.getAttribute('media-type') ?? '') === 'application/oebps-package+xml') ?? rootfiles[0];
  const path = opf?.getAttribute('full-path')?.trim();
  if (!path) return null;
  return resolveHref('', path)?.path ?? null;
}

function isbnChecksumOk(digits: string): boolean {
  if (digits.length === 13) {
    if (!/^97[89]\d{10}$/.test(digits)) return false;
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
    return sum % 10 === 0;
  }
  if (digits.length === 10) {
    if (!/^\d{9}[\dX]$/.test(digits)) return false;
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (digits[i] === 'X' ? 10 : Number(digits[i])) * (10 - i);
    return sum % 11 === 0;
  }
  return false;
}

/**
 * An ISBN from an identifier: a value declared as one (`urn:isbn:…`, or a
 * scheme of ISBN) of 10 or 13 digits, or a bare 10/13-digit value (hyphens
 * and spaces aside) whose checksum holds. Null otherwise (a UUID, a calibre
 * id, a phone number).
 */
export function isbnOf(value: string, scheme: string | null = null): string | null {
  const m = /^(?:urn:isbn:|isbn:?\s*)?([\dXx][\dXx\s-]{8,20})$/i.exec(value.trim());
  if (!m) return null;
  const digits = m[1]!.replace(/[\s-]/g, '').toUpperCase();
  const declared = /^(?:urn:)?isbn/i.test(value.trim()) || /isbn/i.test(scheme ?? '');
  if (declared) return /^(?:\d{13}|\d{9}[\dX])$/.test(digits) ? digits : null;
  return isbnChecksumOk(digits) ? digits : null;
}

/** An identifier's scheme; EPUB 3 often gives ONIX code list 5 numbers (02 ISBN-10, 15 ISBN-13, 06 DOI …). */
function schemeName(raw: string | null | undefined): string | null {
  const v = collapse(raw);
  const onix: Record<string, string> = { '02': 'ISBN-10', '15': 'ISBN-13', '03': 'GTIN-13', '06': 'DOI', '22': 'URN', '01': 'proprietary' };
  return v ? (onix[v] ?? v) : null;
}

function collapse(s: string | null | undefined): string | null {
  const v = (s ?? '').replace(/\s+/g, ' ').trim();
  return v || null;
}

/** EPUB 3 `<meta refines="#id" property="…">` values, by id and property. */
function refinements(metadata: Element): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const meta of childrenNamed(metadata, 'meta')) {
    const refines = meta.getAttribute('refines')?.trim();
    const property = meta.getAttribute('property')?.trim();
    if (!refines?.startsWith('#') || !property) continue;
    const id = refines.slice(1);
    const value = collapse(meta.textContent);
    if (!value) continue;
    let props = out.get(id);
    if (!props) out.set(id, (props = new Map()));
    if (!props.has(property)) props.set(property, value);
  }
  return out;
}

function people(metadata: Element, name: 'creator' | 'contributor', refined: Map<string, Map<string, string>>): BookCreator[] {
  const out: BookCreator[] = [];
  for (const el of childrenNamed(metadata, name)) {
    const who = collapse(el.textContent);
    if (!who) continue;
    const r = refined.get(el.getAttribute('id') ?? '');
    const role = collapse(el.getAttributeNS(OPF_NS, 'role') ?? attr(el, 'role') ?? r?.get('role'));
    const fileAs = collapse(el.getAttributeNS(OPF_NS, 'file-as') ?? attr(el, 'file-as') ?? r?.get('file-as'));
    out.push({ name: who.slice(0, 300), role: role ? role.toLowerCase().slice(0, 20) : null, fileAs: fileAs?.slice(0, 300) ?? null });
  }
  return out;
}

/** `<meta name="x" content="y">` (EPUB 2 and calibre). */
function namedMeta(metadata: Element, name: string): string | null {
  const el = childrenNamed(metadata, 'meta').find((m) => m.getAttribute('name') === name);
  return collapse(el?.getAttribute('content'));
}

function seriesOf(metadata: Element, refined: Map<string, Map<string, string>>): PackageDocument['series'] {
  const position = (raw: string | null | undefined): number | null => {
    const n = raw ? Number.parseFloat(raw) : Number.NaN;
    return Number.isFinite(n) && n >= 0 && n < 1e6 ? n : null;
  };
  for (const meta of childrenNamed(metadata, 'meta')) {
    if (meta.getAttribute('property') !== 'belongs-to-collection' || meta.hasAttribute('refines')) continue;
    const name = collapse(meta.textContent);
    const r = refined.get(meta.getAttribute('id') ?? '');
    const type = r?.get('collection-type');
    // A collection without a type is most often a series too (calibre writes them so).
    if (name && (!type || type === 'series')) return { name: name.slice(0, 300), position: position(r?.get('group-position')) };
  }
  const calibre = namedMeta(metadata, 'calibre:series');
  return calibre ? { name: calibre.slice(0, 300), position: position(namedMeta(metadata, 'calibre:series_index')) } : null;
}

/** The publication date: EPUB 2's opf:event="publication" first, then any date that is not a modification. */
function dateOf(metadata: Element): string | null {
  const dates = childrenNamed(metadata, 'date');
  const event = (d: Element): string => (d.getAttributeNS(OPF_NS, 'event') ?? attr(d, 'event') ?? '').toLowerCase();
  const chosen = dates.find((d) => event(d) === 'publication') ?? dates.find((d) => !/modif/.test(event(d)));
  const raw = collapse(chosen?.textContent);
  if (!raw) return null;
  return normalizePublished(raw) ?? (/^\d{4}(?:-\d{2})?$/.test(raw) ? raw : null);
}

export function parsePackage(opf: Document, opfPath: string): PackageDocument {
  const root = opf.documentElement;
  const metadata = byName(opf, 'metadata')[0] ?? root;
  const refined = refinements(metadata);

  const manifest = new Map<string, ManifestItem>();
  for (const item of byName(opf, 'item')) {
    const id = item.getAttribute('id');
    const href = item.getAttribute('href');
    if (!id || !href || manifest.has(id)) continue;
    const resolved = resolveHref(opfPath, href);
    if (!resolved) continue;
    manifest.set(id, {
      id,
      path: resolved.path,
      mediaType: (item.getAttribute('media-type') ?? '').trim().toLowerCase(),
      properties: (item.getAttribute('properties') ?? '').split(/\s+/).filter(Boolean),
    });
  }
  const spineEl = byName(opf, 'spine')[0];
  const spine: ManifestItem[] = [];
  const seen = new Set<string>();
  for (const ref of spineEl ? childrenNamed(spineEl, 'itemref') : []) {
    const item = manifest.get(ref.getAttribute('idref') ?? '');
    if (!item || seen.has(item.path)) continue;
    seen.add(item.path);
    spine.push(item);
  }
  const ppd = spineEl?.getAttribute('page-progression-direction');
  const items = [...manifest.values()];

  // Titles: EPUB 3 may mark the main one; otherwise the first.
  const titles = childrenNamed(metadata, 'title');
  const main = titles.find((t) => refined.get(t.getAttribute('id') ?? '')?.get('title-type') === 'main') ?? titles[0];

  const identifiers = childrenNamed(metadata, 'identifier')
    .map((el) => ({
      scheme: schemeName(el.getAttributeNS(OPF_NS, 'scheme') ?? attr(el, 'scheme') ?? refined.get(el.getAttribute('id') ?? '')?.get('identifier-type')),
      value: collapse(el.textContent) ?? '',
    }))
    .filter((i) => i.value)
    .slice(0, 20);
  const isbn = identifiers.map((i) => isbnOf(i.value, i.scheme)).find((v) => v !== null) ?? null;

  const description = collapse(childrenNamed(metadata, 'description')[0]?.textContent);
  // Subjects are often "Fiction / General" or "History; Europe": each part a tag.
  const subjectParts = childrenNamed(metadata, 'subject')
    .flatMap((s) => (collapse(s.textContent) ?? '').split(/\s*[;/]\s*|\s+--\s+/))
    .map((s) => s.trim())
    .filter((s) => s && s.length <= 64);

  // The cover: EPUB 3's cover-image, EPUB 2's <meta name="cover"> (an id, sometimes an href), then the guide.
  const isImage = (i: ManifestItem | undefined): i is ManifestItem => !!i && i.mediaType.startsWith('image/');
  const coverMeta = namedMeta(metadata, 'cover');
  let cover: ManifestItem | null = items.find((i) => i.properties.includes('cover-image') && isImage(i)) ?? null;
  if (!cover && coverMeta) {
    const byId = manifest.get(coverMeta);
    const byHref = items.find((i) => i.path === resolveHref(opfPath, coverMeta)?.path);
    cover = [byId, byHref].find(isImage) ?? null;
  }
  const guideCover = byName(opf, 'reference').find((r) => /^cover$|^title-page$/i.test(r.getAttribute('type') ?? '') && r.getAttribute('href'));
  const guidePath = guideCover ? (resolveHref(opfPath, guideCover.getAttribute('href')!)?.path ?? null) : null;
  if (!cover && guidePath && isImage(items.find((i) => i.path === guidePath))) cover = items.find((i) => i.path === guidePath)!;
  if (!cover) cover = items.find((i) => isImage(i) && /(^|[^a-z])cover([^a-z]|$)/i.test(i.id + ' ' + i.path)) ?? null;

  const nav = items.find((i) => i.properties.includes('nav')) ?? null;
  const tocId = spineEl?.getAttribute('toc');
  const ncx = (tocId ? manifest.get(tocId) : undefined) ?? items.find((i) => i.mediaType === 'application/x-dtbncx+xml') ?? null;

  const version = root.getAttribute('version') ?? '';
  return {
    version,
    title: collapse(main?.textContent),
    creators: people(metadata, 'creator', refined),
    language: collapse(childrenNamed(metadata, 'language')[0]?.textContent),
    publisher: collapse(childrenNamed(metadata, 'publisher')[0]?.textContent),
    date: dateOf(metadata),
    identifiers,
    isbn,
    // Descriptions are often HTML, escaped inside the XML: only their text is kept.
    description: description ? htmlToPlainText(description).slice(0, 5000) || null : null,
    subjects: tagNamesFromSource(subjectParts).slice(0, MAX_SUBJECT_TAGS),
    series: seriesOf(metadata, refined),
    manifest,
    spine,
    direction: ppd === 'rtl' || ppd === 'ltr' ? ppd : null,
    cover,
    coverPage: guidePath,
    nav,
    ncx,
  };
}

/** The table of contents of an EPUB 3 nav document (its `epub:type="toc"` nav, else its first nav). */
export function parseNav(doc: Document, navPath: string): RawTocItem[] {
  const navs = byName(doc, 'nav');
  const toc = navs.find((n) => epubType(n).includes('toc')) ?? navs.find((n) => n.getAttribute('role') === 'doc-toc') ?? navs[0];
  const list = toc ? (childrenNamed(toc, 'ol')[0] ?? byName(toc, 'ol')[0]) : undefined;
  if (!list) return [];
  let budget = MAX_TOC_ITEMS;
  const walk = (ol: Element, depth: number): RawTocItem[] => {
    const out: RawTocItem[] = [];
    for (const li of childrenNamed(ol, 'li')) {
      if (budget-- <= 0) break;
      const label = childrenNamed(li, 'a')[0] ?? childrenNamed(li, 'span')[0];
      const href = label?.localName === 'a' ? label.getAttribute('href') : null;
      const target = href ? resolveHref(navPath, href) : null;
      const sub = childrenNamed(li, 'ol')[0];
      out.push({
        title: (textOf(label) || label?.getAttribute('title') || '').slice(0, 500),
        path: target?.path ?? null,
        fragment: target?.fragment ?? null,
        items: sub && depth < MAX_TOC_DEPTH ? walk(sub, depth + 1) : [],
      });
    }
    return out;
  };
  return walk(list, 1);
}

/** The table of contents of an EPUB 2 NCX (its navMap). */
export function parseNcx(doc: Document, ncxPath: string): RawTocItem[] {
  const navMap = byName(doc, 'navMap')[0];
  if (!navMap) return [];
  let budget = MAX_TOC_ITEMS;
  const walk = (parent: Element, depth: number): RawTocItem[] => {
    const out: RawTocItem[] = [];
    for (const point of childrenNamed(parent, 'navPoint')) {
      if (budget-- <= 0) break;
      const label = childrenNamed(point, 'navLabel')[0];
      const src = childrenNamed(point, 'content')[0]?.getAttribute('src');
      const target = src ? resolveHref(ncxPath, src) : null;
      out.push({
        title: textOf(label ? (childrenNamed(label, 'text')[0] ?? label) : null).slice(0, 500),
        path: target?.path ?? null,
        fragment: target?.fragment ?? null,
        items: depth < MAX_TOC_DEPTH ? walk(point, depth + 1) : [],
      });
    }
    return out;
  };
  return walk(navMap, 1);
}
