/**
 * The package parser on its own: metadata (creators with roles and
 * file-as, identifiers and ISBNs, series, subjects, description), manifest
 * and spine order, the cover's three declarations, and the table of
 * contents from an EPUB 3 nav document and an EPUB 2 NCX.
 */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isbnOf, parseNav, parseNcx, parsePackage } from '../../src/main/epub/package';
import { parseXml, resolveHref } from '../../src/main/epub/xml';
import { makeEpub, type EpubOptions } from './make-epub';
import { pngFor } from '../web/helpers';

function parsed(o: EpubOptions): { pkg: ReturnType<typeof parsePackage>; files: Record<string, string> } {
  const raw = unzipSync(makeEpub(o));
  const files = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, strFromU8(v)]));
  return { pkg: parsePackage(parseXml(files['OEBPS/content.opf']!)!, 'OEBPS/content.opf'), files };
}

const CHAPTERS = [
  { title: 'Prologue', body: '<p>p</p>', href: 'text/zz-prologue.xhtml' },
  { title: 'One', body: '<p>1</p>', href: 'text/aa-one.xhtml' },
  { title: 'Notes', body: '<p>n</p>', href: 'notes.xhtml', linear: false },
];

describe('the package document', () => {
  it('reads EPUB 2 metadata: opf:role and opf:file-as, ISBN by scheme, calibre series, subjects split into tags, dates', () => {
    const { pkg } = parsed({
      version: 2,
      title: 'The Long Way',
      creators: [
        { name: 'Jane Doe', role: 'aut', fileAs: 'Doe, Jane' },
        { name: 'Tom Roe', role: 'trl' },
      ],
      identifiers: [{ value: 'calibre:1234' }, { value: '0-306-40615-2', scheme: 'ISBN' }],
      publisher: 'Harbour Books',
      date: '2019-03-07',
      language: 'en-US',
      description: '<p>An <b>escaped</b> blurb &amp; more.</p>',
      subjects: ['Fiction / Adventure', 'Sea; Ships'],
      series: { name: 'Voyages', position: 2.5 },
      chapters: CHAPTERS,
    });
    expect(pkg.title).toBe('The Long Way');
    expect(pkg.creators).toEqual([
      { name: 'Jane Doe', role: 'aut', fileAs: 'Doe, Jane' },
      { name: 'Tom Roe', role: 'trl', fileAs: null },
    ]);
    expect(pkg.isbn).toBe('0306406152');
    expect(pkg.identifiers).toEqual([
      { scheme: null, value: 'calibre:1234' },
      { scheme: 'ISBN', value: '0-306-40615-2' },
    ]);
    expect(pkg).toMatchObject({ publisher: 'Harbour Books', date: '2019-03-07', language: 'en-US', series: { name: 'Voyages', position: 2.5 } });
    expect(pkg.description).toBe('An escaped blurb & more.');
    expect(pkg.subjects).toEqual(['Fiction', 'Adventure', 'Sea', 'Ships']);
  });

  it('reads EPUB 3 metadata: refines for role and file-as, belongs-to-collection with group-position, urn:isbn', () => {
    const { pkg } = parsed({
      version: 3,
      creators: [{ name: 'Ana Lima', role: 'aut', fileAs: 'Lima, Ana' }, { name: 'Ed Itor', role: 'edt' }],
      identifiers: [{ value: 'urn:isbn:978-0-306-40615-7' }],
      series: { name: 'Coastlines', position: 3 },
      chapters: CHAPTERS,
    });
    expect(pkg.creators).toEqual([
      { name: 'Ana Lima', role: 'aut', fileAs: 'Lima, Ana' },
      { name: 'Ed Itor', role: 'edt', fileAs: null },
    ]);
    expect(pkg.isbn).toBe('9780306406157');
    expect(pkg.series).toEqual({ name: 'Coastlines', position: 3 });
  });

  it('keeps the spine order (not the file names), non-linear items included, and resolves paths against the package', () => {
    const { pkg } = parsed({ chapters: CHAPTERS });
    expect(pkg.spine.map((i) => i.path)).toEqual(['OEBPS/text/zz-prologue.xhtml', 'OEBPS/text/aa-one.xhtml', 'OEBPS/notes.xhtml']);
    expect(pkg.nav?.path).toBe('OEBPS/nav.xhtml');
    expect(pkg.ncx).toBeNull();
  });

  it('finds the cover by EPUB 3 cover-image, EPUB 2 <meta name="cover">, or only a guide page', () => {
    const resources = { 'img/cover.png': pngFor('cover'), 'img/other.png': pngFor('other') };
    expect(parsed({ version: 3, chapters: CHAPTERS, resources, cover: 'img/cover.png' }).pkg.cover?.path).toBe('OEBPS/img/cover.png');
    expect(parsed({ version: 2, chapters: CHAPTERS, resources, cover: 'img/cover.png' }).pkg.cover?.path).toBe('OEBPS/img/cover.png');
    const guide = parsed({ version: 2, chapters: CHAPTERS, resources: { 'img/front.png': pngFor('f') }, cover: 'img/front.png', coverBy: 'guide' }).pkg;
    expect(guide.cover).toBeNull();
    expect(guide.coverPage).toBe('OEBPS/cover.xhtml');
  });

  it('recognises ISBNs by checksum or declaration, and nothing else', () => {
    expect(isbnOf('9780306406157')).toBe('9780306406157');
    expect(isbnOf('978-0-306-40615-7')).toBe('9780306406157');
    expect(isbnOf('0-8044-2957-X')).toBe('080442957X');
    expect(isbnOf('9780306406158')).toBeNull(); // checksum off by one
    expect(isbnOf('1234567890')).toBeNull();
    expect(isbnOf('urn:isbn:9780306406158')).toBe('9780306406158'); // declared: the book's word is taken
    expect(isbnOf('urn:uuid:0d6c2f8e-5f3c-4c55-9c1c-0f0e6e2f7b1a')).toBeNull();
    expect(isbnOf('+44 20 7946 0958')).toBeNull();
  });
});

describe('the table of contents', () => {
  const toc = [
    { title: 'Part I', href: 'text/p1.xhtml', children: [{ title: 'Section 1.1', href: 'text/p1.xhtml#s1' }] },
    { title: 'Part II', href: 'text/p2.xhtml' },
  ];
  const chapters = [
    { title: 'Part I', body: '<h1>Part I</h1><h2 id="s1">Section 1.1</h2>', href: 'text/p1.xhtml' },
    { title: 'Part II', body: '<h1>Part II</h1>', href: 'text/p2.xhtml' },
  ];
  const expected = [
    {
      title: 'Part I',
      path: 'OEBPS/text/p1.xhtml',
      fragment: null,
      items: [{ title: 'Section 1.1', path: 'OEBPS/text/p1.xhtml', fragment: 's1', items: [] }],
    },
    { title: 'Part II', path: 'OEBPS/text/p2.xhtml', fragment: null, items: [] },
  ];

  it('comes from the EPUB 3 nav document (its toc nav, not the landmarks)', () => {
    const { files } = parsed({ version: 3, chapters, toc });
    expect(parseNav(parseXml(files['OEBPS/nav.xhtml']!, 'application/xhtml+xml')!, 'OEBPS/nav.xhtml')).toEqual(expected);
  });

  it('comes from the EPUB 2 NCX, nested navPoints as children', () => {
    const { files } = parsed({ version: 2, chapters, toc });
    expect(parseNcx(parseXml(files['OEBPS/toc.ncx']!)!, 'OEBPS/toc.ncx')).toEqual(expected);
  });

  it('resolves hrefs inside the archive only', () => {
    expect(resolveHref('OEBPS/Text/ch1.xhtml', '../Images/a%20b.png')).toEqual({ path: 'OEBPS/Images/a b.png', fragment: null });
    expect(resolveHref('OEBPS/Text/ch1.xhtml', '#n1')).toEqual({ path: 'OEBPS/Text/ch1.xhtml', fragment: 'n1' });
    expect(resolveHref('OEBPS/ch1.xhtml', '../../etc/passwd')).toBeNull();
    expect(resolveHref('OEBPS/ch1.xhtml', 'https://example.com/x')).toBeNull();
    expect(resolveHref('OEBPS/ch1.xhtml', '..\\secret')).toBeNull();
  });
});
