/**
 * An EPUB file to an article: the chapters in spine order as one body (see
 * chapters.ts), sanitized like a web page; metadata, contents and chapter
 * starts to keep beside it; the book's images as assets (the cover too);
 * and the file itself. Nothing here touches the library: every refusal is
 * thrown before anything is stored.
 *
 * Limits: the file at most MAX_EPUB_BYTES (200 MB, as PDFs), 10,000
 * entries, 512 MB unpacked in all (zip.ts); a chapter or package document
 * at most 32 MB unpacked; images as for web pages (10 MB each, sniffed by
 * their bytes) but up to 500 per book.
 */
import { createHash } from 'node:crypto';
import { MAX_PDF_BYTES } from '../../shared/contract';
import { GlossError } from '../../shared/errors';
import { buildTextMap, countWords } from '../../shared/text/canonical';
import { isRightToLeft } from '../../shared/text/direction';
import type { BookChapter, BookDescription, BookTocItem } from '../../shared/types';
import { excerptOf } from '../import/finalize';
import { parseBodyFragment } from '../import/light-dom';
import { normalizeLanguage } from '../import/metadata';
import { sanitizeHtml } from '../import/sanitize';
import type { ImportedArticle } from '../import/types';
import { MAX_IMAGE_BYTES, sniffImageMime, toGlossAssetUrl } from '../web/images';
import type { SavedAsset } from '../web/save-page';
import { bookFragment, chapterSection, parseChapter, type BookLinks, type ParsedChapter } from './chapters';
import { checkEncryption } from './drm';
import { packagePath, parseNav, parseNcx, parsePackage, type PackageDocument, type RawTocItem } from './package';
import { byName, parseXml } from './xml';
import { EpubZip } from './zip';

/** 200 MB: the largest EPUB Gloss imports (as for PDFs: books with many images are large). */
export const MAX_EPUB_BYTES = MAX_PDF_BYTES;
export const EPUB_MIME = 'application/epub+zip';
const MAX_XML_BYTES = 32 * 1024 * 1024;
const MAX_CSS_BYTES = 2 * 1024 * 1024;
export const MAX_BOOK_IMAGES = 500;

export interface ImportedEpub {
  article: ImportedArticle;
  file: { hash: string; bytes: Uint8Array };
  facts: BookDescription;
  /** The book's images (cover included), one per hash. */
  assets: SavedAsset[];
}

/**
 * By name (`.epub`) or by content: a zip whose first entry is `mimetype`
 * holding `application/epub+zip` (as the EPUB container requires).
 */
export function isEpubInput(fileName: string, bytes: Uint8Array): boolean {
  if (/\.epub$/i.test(fileName.trim())) return true;
  if (bytes.length < 38 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false;
  const head = Buffer.from(bytes.subarray(30, 30 + 8 + 20)).toString('latin1');
  return head === `mimetype${EPUB_MIME}`;
}

function megabytes(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}

function notEpub(name: string, why: string): GlossError {
  return new GlossError('unsupported_format', `“${name}” is not an EPUB book (${why}). Nothing was imported.`);
}

function brokenPackage(name: string, why: string): GlossError {
  return new GlossError('damaged_file', `“${name}” cannot be read as an EPUB: ${why}. Nothing was imported.`);
}

/** The book's images, read once each: checked by size and bytes, hashed. */
class BookImages {
  readonly assets = new Map<string, SavedAsset>();
  private readonly byPath = new Map<string, string | null>();
  constructor(private readonly zip: EpubZip) {}

  url(path: string): string | null {
    return this.hashOf(path) ? toGlossAssetUrl(this.hashOf(path)!) : null;
  }

  hashOf(path: string): string | null {
    if (this.byPath.has(path)) return this.byPath.get(path)!;
    let hash: string | null = null;
    const entry = this.zip.entries.get(path);
    if (entry && entry.size <= MAX_IMAGE_BYTES && this.byPath.size < MAX_BOOK_IMAGES) {
      const bytes = this.zip.read(path, MAX_IMAGE_BYTES);
      const mime = bytes ? sniffImageMime(bytes) : null;
      if (bytes && mime) {
        hash = createHash('sha256').update(bytes).digest('hex');
        if (!this.assets.has(hash)) this.assets.set(hash, { hash, mime, bytes: new Uint8Array(bytes), sourceUrl: path });
      }
    }
    this.byPath.set(path, hash);
    return hash;
  }
}

/**
 * The canonical text of `html` (as finalizeBody makes it: the stored text
 * is the text of exactly the stored HTML) and where each chapter's section
 * starts in it (an empty one: where the next starts), from one parse.
 */
function textWithChapterStarts(html: string, count: number): { starts: number[]; text: string; wordCount: number } {
  const container = parseBodyFragment(html);
  const map = buildTextMap(container as unknown as Node);
  const spanOf = new Map(map.spans.map((s) => [s.node as unknown, s]));
  const starts: (number | null)[] = [];
  const sections = Array.from((container as unknown as Element).children).filter((c) => c.localName === 'section');
  for (const section of sections.slice(0, count)) {
    let start: number | null = null;
    const walk = (node: Node): boolean => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        const span = spanOf.get(child);
        if (span) {
          const text = (child as Text).data;
          for (let i = 0; i < text.length; i++) {
            if (span.offsets[i]! < span.offsets[i + 1]! && !/\s/.test(text[i]!)) {
              start = span.offsets[i]!;
              return true;
            }
          }
        } else if (walk(child)) return true;
      }
      return false;
    };
    walk(section as unknown as Node);
    starts.push(start);
  }
  while (starts.length < count) starts.push(null);
  const out: number[] = new Array<number>(count);
  let next = map.text.length;
  for (let i = count - 1; i >= 0; i--) {
    next = starts[i] ?? next;
    out[i] = next;
  }
  return { starts: out, text: map.text, wordCount: countWords(map.text) };
}

function resolveToc(raw: readonly RawTocItem[], links: BookLinks): BookTocItem[] {
  return raw.map((item) => ({
    title: item.title,
    target: item.path ? bookFragment(links, item.path, item.fragment) : null,
    items: resolveToc(item.items, links),
  }));
}

/** The first TOC title pointing at each chapter (at its start when one does). */
function tocTitles(raw: readonly RawTocItem[], chapterOf: (path: string) => number | undefined): Map<number, string> {
  const atStart = new Map<number, string>();
  const anywhere = new Map<number, string>();
  const walk = (items: readonly RawTocItem[]): void => {
    for (const item of items) {
      const n = item.path ? chapterOf(item.path) : undefined;
      if (n !== undefined && item.title) {
        if (!item.fragment && !atStart.has(n)) atStart.set(n, item.title);
        if (!anywhere.has(n)) anywhere.set(n, item.title);
      }
      walk(item.items);
    }
  };
  walk(raw);
  for (const [n, t] of anywhere) if (!atStart.has(n)) atStart.set(n, t);
  return atStart;
}

function readToc(zip: EpubZip, pkg: PackageDocument): RawTocItem[] {
  if (pkg.nav) {
    const text = zip.text(pkg.nav.path, MAX_XML_BYTES);
    const doc = text !== null ? (parseXml(text, 'application/xhtml+xml') ?? parseChapter(pkg.nav.path, text).doc) : null;
    const toc = doc ? parseNav(doc, pkg.nav.path) : [];
    if (toc.length) return toc;
  }
  if (pkg.ncx) {
    const text = zip.text(pkg.ncx.path, MAX_XML_BYTES);
    const doc = text !== null ? parseXml(text) : null;
    if (doc) return parseNcx(doc, pkg.ncx.path);
  }
  return [];
}

/** Spine items that are chapters (cfi.ts picks the same ones). */
export const isChapterType = (mediaType: string): boolean => /^(?:application\/xhtml\+xml|text\/html|application\/xml|text\/xml)$/.test(mediaType);

/** Reads an EPUB. Errors: empty_file, too_large, unsupported_format (not an EPUB), damaged_file, drm_protected, no_content. */
export function readEpub(input: { fileName: string; bytes: Uint8Array; sourceUrl?: string }): ImportedEpub {
  const name = input.fileName.split(/[\\/]/).pop() || input.fileName;
  const bytes = input.bytes;
  if (bytes.length === 0) throw new GlossError('empty_file', `“${name}” is empty.`);
  if (bytes.length > MAX_EPUB_BYTES) {
    throw new GlossError('too_large', `“${name}” is too large to import (${megabytes(bytes.length)}; the limit for EPUB books is ${megabytes(MAX_EPUB_BYTES)}).`);
  }
  const zip = EpubZip.open(bytes, name);
  const mimetype = zip.has('mimetype') ? zip.text('mimetype', 1024)?.trim() : null;
  if (mimetype && mimetype !== EPUB_MIME) throw notEpub(name, `it is a zip of type ${mimetype.slice(0, 60)}`);
  const containerText = zip.text('META-INF/container.xml', MAX_XML_BYTES);
  if (containerText === null) throw notEpub(name, 'it is a zip archive without an EPUB container');

  const fontPaths = new Set([...zip.entries.keys()].filter((p) => /\.(?:otf|ttf|woff2?)$/i.test(p)));
  checkEncryption(zip.text('META-INF/encryption.xml', MAX_XML_BYTES), name, fontPaths);

  const container = parseXml(containerText);
  const opfPath = container ? packagePath(container) : null;
  if (!opfPath) throw brokenPackage(name, 'its container names no package document');
  const opfText = zip.text(opfPath, MAX_XML_BYTES);
  if (opfText === null) throw brokenPackage(name, `its package document “${opfPath}” is missing`);
  const opf = parseXml(opfText);
  if (!opf || opf.documentElement.localName !== 'package') throw brokenPackage(name, 'its package document is not well-formed');
  const pkg = parsePackage(opf, opfPath);
  const spine = pkg.spine.filter((item) => isChapterType(item.mediaType) && zip.has(item.path));
  if (spine.length === 0) throw brokenPackage(name, 'its package document lists no chapters');

  const images = new BookImages(zip);
  const chapters: ParsedChapter[] = spine.map((item) => parseChapter(item.path, zip.text(item.path, MAX_XML_BYTES) ?? ''));
  const numberOf = new Map(chapters.map((c, i) => [c.path, i + 1]));
  const links: BookLinks = {
    chapterOf: (path) => numberOf.get(path),
    hasId: (n, id) => chapters[n - 1]?.ids.has(id) ?? false,
    imageUrl: (path) => images.url(path),
  };
  const rawToc = readToc(zip, pkg);
  const titles = tocTitles(rawToc, links.chapterOf);
  const language = normalizeLanguage(pkg.language);
  const rtl = pkg.direction === 'rtl' && isRightToLeft(language);
  const styleSheet = (path: string): string | null => {
    const entry = zip.entries.get(path);
    return entry && entry.size <= MAX_CSS_BYTES ? zip.text(path, MAX_CSS_BYTES) : null;
  };
  const sections = chapters.map((c, i) => chapterSection(c, i + 1, titles.get(i + 1) ?? null, styleSheet, links, language, rtl));
  // Only images set above are gloss-asset URLs: the book's own markup lost its sources to resolveHref.
  const html = sanitizeHtml(sections.map((s) => s.html).join(''), undefined, { storedForms: true });
  const body = { html, ...textWithChapterStarts(html, chapters.length) };
  if (!body.text.trim()) throw new GlossError('no_content', `“${name}” has no readable text.`);
  const { starts } = body;

  // The cover: the declared image, else the first image of the guide's cover page.
  let cover = pkg.cover ? images.hashOf(pkg.cover.path) : null;
  if (!cover && pkg.coverPage && numberOf.has(pkg.coverPage)) {
    const page = chapters[numberOf.get(pkg.coverPage)! - 1]!;
    const img = byName(page.doc, 'img')[0] ?? null;
    const src = img?.getAttribute('src');
    cover = src?.startsWith('gloss-asset:') ? src.slice('gloss-asset:'.length) : null;
  }

  const chapterInfo: BookChapter[] = sections.map((s, i) => ({
    id: `c${i + 1}`,
    title: titles.get(i + 1) ?? s.firstHeading,
    start: starts[i]!,
    writingMode: s.writingMode,
  }));
  const authors = pkg.creators.filter((c) => c.role === null || c.role === 'aut');
  const author = (authors.length ? authors : pkg.creators.slice(0, 1)).map((c) => c.name).join(', ') || null;
  const title = pkg.title ?? sections.find((s) => s.firstHeading)?.firstHeading ?? name.replace(/\.[^.]+$/, '');
  const article: ImportedArticle = {
    format: 'epub',
    meta: {
      title: title.slice(0, 1000),
      author,
      siteName: null,
      sourceUrl: input.sourceUrl ?? null,
      publishedAt: pkg.date && /^\d{4}-\d{2}-\d{2}/.test(pkg.date) ? pkg.date : null,
      language,
      excerpt: pkg.description?.slice(0, 500) ?? excerptOf(body.text),
      wordCount: body.wordCount,
    },
    html: body.html,
    text: body.text,
    tags: pkg.subjects,
  };
  return {
    article,
    file: { hash: createHash('sha256').update(bytes).digest('hex'), bytes },
    facts: {
      creators: pkg.creators,
      publisher: pkg.publisher,
      date: pkg.date,
      identifiers: pkg.identifiers,
      isbn: pkg.isbn,
      description: pkg.description,
      subjects: pkg.subjects,
      series: pkg.series,
      direction: pkg.direction,
      cover,
      toc: resolveToc(rawToc, links),
      chapters: chapterInfo,
    },
    assets: [...images.assets.values()],
  };
}
