/**
 * EPUB books for the tests, written with fflate: EPUB 2 (NCX, opf:role,
 * calibre series, <meta name="cover">) or EPUB 3 (nav document, refines,
 * belongs-to-collection, cover-image), with chapters, images, style
 * sheets and any extra or hostile entries a test needs.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface EpubChapter {
  /** Path relative to the package document (default `text/chN.xhtml`). */
  href?: string;
  title: string;
  /** XHTML inside <body> (unused with `raw`). */
  body?: string;
  /** Attributes of <html> (e.g. `xml:lang="ar" dir="rtl"`). */
  htmlAttrs?: string;
  /** Extra markup in <head> (style sheets). */
  head?: string;
  /** The chapter's source as is, instead of the generated document. */
  raw?: string;
  linear?: boolean;
}

export interface EpubTocEntry {
  title: string;
  href: string;
  children?: EpubTocEntry[];
}

export interface EpubOptions {
  version?: 2 | 3;
  title?: string;
  creators?: { name: string; role?: string; fileAs?: string }[];
  language?: string;
  publisher?: string;
  date?: string;
  identifiers?: { value: string; scheme?: string }[];
  description?: string;
  subjects?: string[];
  series?: { name: string; position: number };
  direction?: 'ltr' | 'rtl';
  chapters: EpubChapter[];
  /** Table of contents; default: one entry per chapter. */
  toc?: EpubTocEntry[];
  /** Images and style sheets, by path relative to the package document. */
  resources?: Record<string, Uint8Array | string>;
  /** Path of the cover image (relative to the package document), declared the version's way. */
  cover?: string;
  /** How an EPUB 2 cover is declared: `<meta name="cover">` (default) or only a guide page. */
  coverBy?: 'meta' | 'guide';
  /** Entries added to the archive as they are (hostile names, encryption.xml …). */
  extra?: Record<string, Uint8Array | string>;
  /** Replaces the package document's text. */
  opf?: string;
  /** Leaves out META-INF/container.xml. */
  noContainer?: boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const MEDIA: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  css: 'text/css',
  ttf: 'font/ttf',
  otf: 'font/otf',
};

function chapterHref(c: EpubChapter, i: number): string {
  return c.href ?? `text/ch${i + 1}.xhtml`;
}

function chapterDoc(c: EpubChapter): string {
  return (
    c.raw ??
    `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" ${c.htmlAttrs ?? ''}>
<head><title>${esc(c.title)}</title>${c.head ?? ''}</head>
<body>${c.body ?? ''}</body>
</html>`
  );
}

/** `href` relative to the package document, as seen from a file at `from` (same folder tree). */
function relative(from: string, href: string): string {
  const depth = from.split('/').length - 1;
  return '../'.repeat(depth) + href;
}

function navDoc(toc: EpubTocEntry[], at: string): string {
  const list = (entries: EpubTocEntry[]): string =>
    `<ol>${entries.map((e) => `<li><a href="${esc(relative(at, e.href))}">${esc(e.title)}</a>${e.children?.length ? list(e.children) : ''}</li>`).join('')}</ol>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head>
<body><nav epub:type="landmarks"><ol><li><a href="${esc(relative(at, toc[0]?.href ?? ''))}">Start</a></li></ol></nav>
<nav epub:type="toc" id="toc"><h1>Contents</h1>${list(toc)}</nav></body></html>`;
}

function ncxDoc(toc: EpubTocEntry[], title: string): string {
  let order = 0;
  const points = (entries: EpubTocEntry[]): string =>
    entries
      .map(
        (e) =>
          `<navPoint id="np${++order}" playOrder="${order}"><navLabel><text>${esc(e.title)}</text></navLabel><content src="${esc(e.href)}"/>${points(e.children ?? [])}</navPoint>`,
      )
      .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head><meta name="dtb:uid" content="x"/></head>
<docTitle><text>${esc(title)}</text></docTitle><navMap>${points(toc)}</navMap></ncx>`;
}

export function makeEpub(o: EpubOptions): Uint8Array {
  const version = o.version ?? 3;
  const title = o.title ?? 'A Test Book';
  const toc = o.toc ?? o.chapters.map((c, i) => ({ title: c.title, href: chapterHref(c, i) }));
  const files: Zippable = {};
  files.mimetype = [strToU8('application/epub+zip'), { level: 0 }];
  if (!o.noContainer) {
    files['META-INF/container.xml'] = strToU8(`<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`);
  }
  const manifest: string[] = [];
  const spine: string[] = [];
  o.chapters.forEach((c, i) => {
    const href = chapterHref(c, i);
    files[`OEBPS/${href}`] = strToU8(chapterDoc(c));
    manifest.push(`<item id="ch${i + 1}" href="${esc(href)}" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="ch${i + 1}"${c.linear === false ? ' linear="no"' : ''}/>`);
  });
  let n = 0;
  for (const [path, data] of Object.entries(o.resources ?? {})) {
    files[`OEBPS/${path}`] = typeof data === 'string' ? strToU8(data) : data;
    // A cover declared only by a guide page has an anonymous manifest item (no "cover" in its id).
    const isCover = path === o.cover && o.coverBy !== 'guide';
    const props = isCover && version === 3 ? ' properties="cover-image"' : '';
    manifest.push(`<item id="${isCover ? 'cover-img' : `res${++n}`}" href="${esc(path)}" media-type="${MEDIA[path.split('.').pop()!] ?? 'application/octet-stream'}"${props}/>`);
  }
  let guide = '';
  if (o.cover && version === 2 && o.coverBy === 'guide') {
    files['OEBPS/cover.xhtml'] = strToU8(chapterDoc({ title: 'Cover', body: `<div><img src="${esc(o.cover)}" alt="Cover"/></div>` }));
    manifest.push(`<item id="cover-page" href="cover.xhtml" media-type="application/xhtml+xml"/>`);
    spine.unshift(`<itemref idref="cover-page"/>`);
    guide = `<guide><reference type="cover" title="Cover" href="cover.xhtml"/></guide>`;
  }
  if (version === 3) {
    files['OEBPS/nav.xhtml'] = strToU8(navDoc(toc, 'nav.xhtml'));
    manifest.push(`<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`);
  } else {
    files['OEBPS/toc.ncx'] = strToU8(ncxDoc(toc, title));
    manifest.push(`<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>`);
  }

  const creators = (o.creators ?? [{ name: 'Ann Author', role: 'aut', fileAs: 'Author, Ann' }])
    .map((c, i) =>
      version === 2
        ? `<dc:creator${c.role ? ` opf:role="${c.role}"` : ''}${c.fileAs ? ` opf:file-as="${esc(c.fileAs)}"` : ''}>${esc(c.name)}</dc:creator>`
        : `<dc:creator id="cr${i}">${esc(c.name)}</dc:creator>` +
          (c.role ? `<meta refines="#cr${i}" property="role" scheme="marc:relators">${c.role}</meta>` : '') +
          (c.fileAs ? `<meta refines="#cr${i}" property="file-as">${esc(c.fileAs)}</meta>` : ''),
    )
    .join('\n');
  const ids = (o.identifiers ?? [{ value: 'urn:uuid:12345678-1234-1234-1234-123456789abc' }])
    .map((id, i) => `<dc:identifier id="id${i}"${id.scheme && version === 2 ? ` opf:scheme="${id.scheme}"` : ''}>${esc(id.value)}</dc:identifier>`)
    .join('\n');
  const series = o.series
    ? version === 2
      ? `<meta name="calibre:series" content="${esc(o.series.name)}"/><meta name="calibre:series_index" content="${o.series.position}"/>`
      : `<meta property="belongs-to-collection" id="coll">${esc(o.series.name)}</meta><meta refines="#coll" property="collection-type">series</meta><meta refines="#coll" property="group-position">${o.series.position}</meta>`
    : '';
  const cover = o.cover && version === 2 && o.coverBy !== 'guide' ? `<meta name="cover" content="cover-img"/>` : '';
  const opf =
    o.opf ??
    `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="${version === 3 ? '3.0' : '2.0'}" unique-identifier="id0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:title>${esc(title)}</dc:title>
${creators}
<dc:language>${o.language ?? 'en'}</dc:language>
${ids}
${o.publisher ? `<dc:publisher>${esc(o.publisher)}</dc:publisher>` : ''}
${o.date ? `<dc:date>${esc(o.date)}</dc:date>` : ''}
${o.description ? `<dc:description>${esc(o.description)}</dc:description>` : ''}
${(o.subjects ?? []).map((s) => `<dc:subject>${esc(s)}</dc:subject>`).join('')}
${series}${cover}
</metadata>
<manifest>${manifest.join('\n')}</manifest>
<spine${version === 2 ? ' toc="ncx"' : ''}${o.direction ? ` page-progression-direction="${o.direction}"` : ''}>${spine.join('')}</spine>
${guide}
</package>`;
  files['OEBPS/content.opf'] = strToU8(opf);
  for (const [path, data] of Object.entries(o.extra ?? {})) files[path] = typeof data === 'string' ? strToU8(data) : data;
  // A fixed time: the same options give the same bytes (and the same file hash).
  return zipSync(files, { mtime: new Date('2024-01-01T00:00:00Z') });
}

/** Sets the uncompressed size an archive's central directory declares for `name` (a lying zip). */
export function patchDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  const target = strToU8(name);
  for (let i = out.length - 46; i >= 0; i--) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const len = view.getUint16(i + 28, true);
    if (len === target.length && out.subarray(i + 46, i + 46 + len).every((b, k) => b === target[k])) {
      view.setUint32(i + 24, size, true);
      return out;
    }
  }
  throw new Error(`no entry ${name}`);
}
