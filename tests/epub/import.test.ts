/**
 * EPUB books into a real library (a SQLite file): one article of the
 * chapters in spine order, sanitized like web pages; internal links and
 * footnotes as in-document fragments; images and the cover as assets; the
 * book's metadata, contents and chapter starts beside it; RTL and vertical
 * writing kept; detection by content; and every hostile book refused with
 * a typed error, storing nothing.
 */
import { createHash } from 'node:crypto';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { GlossError } from '../../src/shared/errors';
import type { Library } from '../../src/main/library';
import { MAX_EPUB_EXPANDED_BYTES } from '../../src/main/epub/zip';
import { tempLibrary } from '../helpers/library';
import { pngFor } from '../web/helpers';
import { makeEpub, patchDeclaredSize, type EpubChapter } from './make-epub';


function counts(library: Library): Record<string, number> {
  const count = (t: string): number => library.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return { articles: count('articles'), documents: count('documents'), books: count('article_books'), assets: count('assets'), fts: count('articles_fts') };
}

const EMPTY = { articles: 0, documents: 0, books: 0, assets: 0, fts: 0 };

function refusal(library: Library, fileName: string, bytes: Uint8Array): GlossError {
  let error: unknown;
  try {
    library.importFile({ fileName, bytes });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(GlossError);
  expect(counts(library)).toEqual(EMPTY);
  return error as GlossError;
}

const COVER = pngFor('cover');
const FIGURE = pngFor('figure');
const hash = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const NOVEL: EpubChapter[] = [
  {
    title: 'Departure',
    href: 'Text/ch1.xhtml',
    body:
      '<h1>Departure</h1><p id="start">They left at dawn.<a epub:type="noteref" href="../Notes/notes.xhtml#n1">1</a> See <a href="ch2.xhtml#harbour">the harbour</a>.</p>' +
      '<figure><img src="../Images/figure.png" alt="A map"/><figcaption>The route</figcaption></figure>' +
      '<p class="verse">Line one<br/>line two</p>',
  },
  {
    title: 'Arrival',
    href: 'Text/ch2.xhtml',
    body: '<h2>Arrival</h2><p id="harbour">The <em>harbour</em> at dusk.</p><ul><li>rope</li><li>sail</li></ul><table><tr><td>a</td><td>b</td></tr></table><p id="start">A second start.</p>',
  },
  {
    title: 'Notes',
    href: 'Notes/notes.xhtml',
    linear: false,
    body: '<aside epub:type="footnote" id="n1"><p>Before the tide turned.</p></aside>',
  },
];

function novel(extra: Partial<Parameters<typeof makeEpub>[0]> = {}): Uint8Array {
  return makeEpub({
    version: 3,
    title: 'The Crossing',
    creators: [{ name: 'Jane Doe', role: 'aut', fileAs: 'Doe, Jane' }, { name: 'Tom Roe', role: 'trl' }],
    identifiers: [{ value: 'urn:isbn:9780306406157' }],
    publisher: 'Harbour Books',
    date: '2019-03-07',
    description: 'A <i>short</i> crossing.',
    subjects: ['Sea stories'],
    series: { name: 'Voyages', position: 2 },
    chapters: NOVEL,
    toc: [
      { title: 'Departure', href: 'Text/ch1.xhtml', children: [{ title: 'The harbour', href: 'Text/ch2.xhtml#harbour' }] },
      { title: 'Arrival', href: 'Text/ch2.xhtml' },
    ],
    resources: { 'Images/cover.png': COVER, 'Images/figure.png': FIGURE },
    cover: 'Images/cover.png',
    ...extra,
  });
}

describe('importing an EPUB', () => {
  it('stores one article of the chapters in spine order, with metadata, contents, chapter starts, images and the cover', () => {
    const library = tempLibrary();
    const result = library.importFile({ fileName: 'crossing.epub', bytes: novel() });
    expect(result.status).toBe('imported');
    if (result.status !== 'imported') return;
    const article = library.getArticle(result.article.id);
    expect(article).toMatchObject({ format: 'epub', title: 'The Crossing', author: 'Jane Doe', publishedAt: '2019-03-07', language: 'en', excerpt: 'A short crossing.' });
    expect(article.tags).toEqual(['Sea stories']);
    expect(article.text).toBe(
      'Departure\n\nThey left at dawn.1 See the harbour.\n\nThe route\n\nLine one\nline two\n\nArrival\n\nThe harbour at dusk.\n\nrope\nsail\n\na\nb\n\nA second start.\n\nBefore the tide turned.',
    );
    // One section per spine item, ids unique per chapter, links and notes as fragments.
    expect(article.html).toContain('<section id="c1" data-chapter="1" aria-label="Departure">');
    expect(article.html).toContain('<a href="#c3-n1" role="doc-noteref"');
    expect(article.html).toContain('<aside id="c3-n1" role="doc-footnote">');
    expect(article.html).toContain('<a href="#c2-harbour"');
    expect(article.html).toContain('<p id="c1-start">');
    expect(article.html).toContain('<p id="c2-start">');
    expect(article.html).toContain('Line one<br>line two');
    expect(article.html).not.toContain('class=');
    expect(article.html).toContain(`<img src="gloss-asset:${hash(FIGURE)}" alt="A map">`);

    const book = article.book!;
    expect(book.fileHash).toBe(hash(novel()));
    expect(book).toMatchObject({
      creators: [
        { name: 'Jane Doe', role: 'aut', fileAs: 'Doe, Jane' },
        { name: 'Tom Roe', role: 'trl', fileAs: null },
      ],
      publisher: 'Harbour Books',
      isbn: '9780306406157',
      series: { name: 'Voyages', position: 2 },
      cover: hash(COVER),
      toc: [
        { title: 'Departure', target: '#c1', items: [{ title: 'The harbour', target: '#c2-harbour', items: [] }] },
        { title: 'Arrival', target: '#c2', items: [] },
      ],
    });
    expect(book.chapters.map((c) => [c.id, c.title, article.text.slice(c.start, c.start + 9)])).toEqual([
      ['c1', 'Departure', 'Departure'],
      ['c2', 'Arrival', 'Arrival\n\n'],
      ['c3', null, 'Before th'],
    ]);
    // The cover is the library row's thumbnail; images are assets of the article.
    expect(library.articles.summary(article.id)?.leadImage).toBe(hash(COVER));
    expect(library.assets.get(hash(FIGURE))?.mime).toBe('image/png');
    expect(library.assets.get(hash(COVER))?.mime).toBe('image/png');
    expect(counts(library)).toEqual({ articles: 1, documents: 1, books: 1, assets: 2, fts: 1 });
  });

  it('recognises an EPUB by its content under another name, and skips an identical second import', () => {
    const library = tempLibrary();
    const first = library.importFile({ fileName: 'download.bin', bytes: novel() });
    expect(first.status).toBe('imported');
    const again = library.importFile({ fileName: 'crossing.epub', bytes: novel() }, 'skip-identical');
    expect(again).toMatchObject({ status: 'duplicate', match: 'identical' });
    expect(counts(library).articles).toBe(1);
  });

  it('takes the cover from a guide cover page (EPUB 2) and the contents from the NCX', () => {
    const library = tempLibrary();
    const bytes = makeEpub({ version: 2, chapters: NOVEL.slice(0, 2), resources: { 'Images/front.png': COVER }, cover: 'Images/front.png', coverBy: 'guide' });
    const result = library.importFile({ fileName: 'two.epub', bytes });
    if (result.status !== 'imported') throw new Error(result.status);
    const book = library.getArticle(result.article.id).book!;
    expect(book.cover).toBe(hash(COVER));
    expect(book.toc.map((t) => [t.title, t.target])).toEqual([
      ['Departure', '#c2'],
      ['Arrival', '#c3'],
    ]);
  });

  it('removes scripts, handlers, forms, styles and remote images, and links out of the book lose nothing but their danger', () => {
    const library = tempLibrary();
    const bytes = makeEpub({
      chapters: [
        {
          title: 'Hostile',
          head: '<style>body { color: red }</style><script>alert(1)</script>',
          body:
            '<p onclick="steal()" style="background:url(https://evil.example/t.png)">Click <a href="javascript:alert(1)">here</a> or <a href="https://example.org/real">there</a>.</p>' +
            '<img src="https://evil.example/pixel.png" alt="tracker"/><img src="http://127.0.0.1:9/x.png"/>' +
            '<form action="https://evil.example"><input name="q"/></form><iframe src="https://evil.example"></iframe>' +
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script><foreignObject><p>svg text</p></foreignObject></svg>' +
            '<img src="gloss-asset:' + 'a'.repeat(64) + '" alt="forged"/><p>Safe end.</p>',
        },
      ],
    });
    const result = library.importFile({ fileName: 'hostile.epub', bytes });
    if (result.status !== 'imported') throw new Error(result.status);
    const { html, text } = library.getArticle(result.article.id);
    for (const bad of ['script', 'onclick', 'style', 'javascript:', 'evil.example', '127.0.0.1', '<form', '<input', '<iframe', '<svg', 'gloss-asset']) {
      expect(html).not.toContain(bad);
    }
    expect(html).toContain('<a href="https://example.org/real" rel="noopener noreferrer">there</a>');
    expect(text).toBe('Click here or there.\n\ntrackerforged\n\nSafe end.');
  });

  it('keeps right-to-left and vertical writing: dir and lang on the chapter, a vertical writing mode from the book’s CSS', () => {
    const library = tempLibrary();
    const arabic = makeEpub({
      language: 'ar',
      direction: 'rtl',
      chapters: [
        { title: 'الفصل الأول', body: '<h1>الفصل الأول</h1><p>مرحبا بالعالم.</p>' },
        { title: 'פרק', htmlAttrs: 'xml:lang="he" dir="rtl"', body: '<p>שלום <span xml:lang="en">world</span>.</p>' },
      ],
    });
    const ar = library.importFile({ fileName: 'ar.epub', bytes: arabic });
    if (ar.status !== 'imported') throw new Error(ar.status);
    const arArticle = library.getArticle(ar.article.id);
    expect(arArticle.language).toBe('ar');
    expect(arArticle.book!.direction).toBe('rtl');
    expect(arArticle.html).toContain('<section id="c1" data-chapter="1" aria-label="الفصل الأول" dir="rtl">');
    expect(arArticle.html).toContain('<section id="c2" data-chapter="2" aria-label="פרק" dir="rtl" lang="he">');
    expect(arArticle.html).toContain('<span lang="en">world</span>');

    const japanese = makeEpub({
      language: 'ja',
      direction: 'rtl',
      resources: { 'style/book.css': 'p { margin: 0 }\nhtml { -epub-writing-mode: vertical-rl; writing-mode: vertical-rl; }' },
      chapters: [
        { title: '第一章', head: '<link rel="stylesheet" type="text/css" href="../style/book.css"/>', body: '<h1>第一章</h1><p>吾輩は猫である。名前はまだ無い。</p>' },
        { title: '横書き', body: '<p>横書きの章。</p>' },
      ],
    });
    const ja = library.importFile({ fileName: 'ja.epub', bytes: japanese });
    if (ja.status !== 'imported') throw new Error(ja.status);
    const jaArticle = library.getArticle(ja.article.id);
    // Japanese pages turn right to left, but the text is not right-to-left: no dir.
    expect(jaArticle.html).toContain('<section id="c1" data-chapter="1" aria-label="第一章" class="writing-vertical-rl">');
    expect(jaArticle.html).toContain('<section id="c2" data-chapter="2" aria-label="横書き">');
    expect(jaArticle.book!.chapters.map((c) => c.writingMode)).toEqual(['vertical-rl', null]);
    expect(jaArticle.text).toBe('第一章\n\n吾輩は猫である。名前はまだ無い。\n\n横書きの章。');
  });

  it('reads EPUB 2 chapters that are not well-formed XML (an XHTML 1.1 doctype and &nbsp;) as readers do, fetching no DTD', () => {
    const library = tempLibrary();
    const raw = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Old</title></head>
<body><h1>Old&nbsp;Style</h1><p>First&nbsp;line<br/>second line.</p><p><a href="ch2.xhtml">Next</a></p></body></html>`;
    const bytes = makeEpub({ version: 2, chapters: [{ title: 'Old', raw }, { title: 'New', body: '<p>The next one.</p>' }] });
    const result = library.importFile({ fileName: 'old.epub', bytes });
    if (result.status !== 'imported') throw new Error(result.status);
    const article = library.getArticle(result.article.id);
    expect(article.text).toBe('Old\u00a0Style\n\nFirst\u00a0line\nsecond line.\n\nNext\n\nThe next one.');
    expect(article.html).toContain('<a href="#c2" rel="noopener noreferrer">Next</a>');
  });

  it('goes with its file link when deleted, and comes back whole with Undo', () => {
    const library = tempLibrary();
    const result = library.importFile({ fileName: 'crossing.epub', bytes: novel() });
    if (result.status !== 'imported') throw new Error(result.status);
    const before = library.getArticle(result.article.id);
    const { undoToken } = library.deleteArticles([before.id]);
    expect(counts(library).books).toBe(0);
    library.undoDeleteArticles(undoToken);
    expect(library.getArticle(before.id).book).toEqual(before.book);
  });

  it('survives the JSON backup: the file, chapters, metadata and contents come back in an empty library', () => {
    const source = tempLibrary();
    const result = source.importFile({ fileName: 'crossing.epub', bytes: novel() });
    if (result.status !== 'imported') throw new Error(result.status);
    const json = source.exportJson();
    const target = tempLibrary();
    const report = target.importJson(json);
    expect(report.issues).toEqual([]);
    const restored = target.getArticle(result.article.id);
    const original = source.getArticle(result.article.id);
    expect(restored.html).toBe(original.html);
    expect(restored.text).toBe(original.text);
    expect(restored.book).toEqual(original.book);
    expect(target.articles.summary(restored.id)?.leadImage).toBe(hash(COVER));
  });
});

describe('refused clearly, storing nothing', () => {
  it('a DRM-protected book (encryption.xml encrypting a chapter), but not one with only obfuscated fonts', () => {
    const library = tempLibrary();
    const encryption = (uri: string, algorithm: string): string => `<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
<enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/><enc:CipherData><enc:CipherReference URI="${uri}"/></enc:CipherData></enc:EncryptedData>
</encryption>`;
    const drm = novel({ extra: { 'META-INF/encryption.xml': encryption('OEBPS/Text/ch1.xhtml', 'http://www.w3.org/2001/04/xmlenc#aes128-cbc'), 'META-INF/rights.xml': '<rights/>' } });
    const err = refusal(library, 'drm.epub', drm);
    expect(err.code).toBe('drm_protected');
    expect(err.message).toBe('“drm.epub” is protected by DRM (its content is encrypted): Gloss can only import books without copy protection. Nothing was imported.');
    // Font obfuscation is not DRM, but the obfuscation algorithm on a chapter is not a font.
    expect(refusal(library, 'x.epub', novel({ extra: { 'META-INF/encryption.xml': encryption('OEBPS/Text/ch1.xhtml', 'http://www.idpf.org/2008/embedding') } })).code).toBe('drm_protected');
    const fonts = novel({ resources: { 'Fonts/serif.otf': 'font bytes' }, extra: { 'META-INF/encryption.xml': encryption('OEBPS/Fonts/serif.otf', 'http://www.idpf.org/2008/embedding') } });
    expect(library.importFile({ fileName: 'fonts.epub', bytes: fonts }).status).toBe('imported');
  });

  it('a zip that is not an EPUB, a missing or broken package document, a file that is not a zip', () => {
    const library = tempLibrary();
    const plainZip = zipSync({ 'notes.txt': strToU8('hello'), 'img.png': pngFor('z') });
    const notEpub = refusal(library, 'archive.epub', plainZip);
    expect(notEpub.code).toBe('unsupported_format');
    expect(notEpub.message).toBe('“archive.epub” is not an EPUB book (it is a zip archive without an EPUB container). Nothing was imported.');
    expect(refusal(library, 'b.epub', makeEpub({ chapters: NOVEL, noContainer: true })).code).toBe('unsupported_format');
    const broken = refusal(library, 'broken.epub', makeEpub({ chapters: NOVEL, opf: '<package xmlns="http://www.idpf.org/2007/opf"><metadata><dc:title>Unclosed' }));
    expect(broken.code).toBe('damaged_file');
    expect(broken.message).toBe('“broken.epub” cannot be read as an EPUB: its package document is not well-formed. Nothing was imported.');
    const missing = makeEpub({ chapters: NOVEL });
    const noOpf = zipSync(Object.fromEntries(Object.entries(unzipSync(missing)).filter(([k]) => k !== 'OEBPS/content.opf')));
    expect(refusal(library, 'no-opf.epub', noOpf).message).toContain('its package document “OEBPS/content.opf” is missing');
    const noSpine = makeEpub({ chapters: NOVEL, opf: '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata/><manifest/><spine/></package>' });
    expect(refusal(library, 'empty.epub', noSpine).message).toContain('lists no chapters');
    expect(refusal(library, 'text.epub', strToU8('just text, not a zip')).code).toBe('unsupported_format');
    expect(refusal(library, 'cut.epub', novel().subarray(0, 2000)).code).toBe('unsupported_format');
  });

  it('entry names with traversal, absolute paths or backslashes', () => {
    const library = tempLibrary();
    for (const name of ['../evil.xhtml', 'OEBPS/../../evil.xhtml', '/etc/evil', 'C:/evil', 'OEBPS\\evil.xhtml']) {
      const err = refusal(library, 'evil.epub', novel({ extra: { [name]: 'x' } }));
      expect(err.code, name).toBe('damaged_file');
      expect(err.message, name).toMatch(/one of its files has a name with (a “\.\.” segment|an absolute path|a backslash)/);
    }
  });

  it('zip bombs: an entry that inflates past its declared size, past the chapter cap, or too many entries', () => {
    const library = tempLibrary();
    // Declares 100 bytes, inflates to 1 MB: refused while inflating, whatever the header says.
    const big = `<p>${'a'.repeat(1024 * 1024)}</p>`;
    const lying = patchDeclaredSize(novel({ chapters: [{ ...NOVEL[0]!, body: big }, NOVEL[1]!] }), 'OEBPS/Text/ch1.xhtml', 100);
    const err = refusal(library, 'lying.epub', lying);
    expect(err.code).toBe('too_large');
    expect(err.message).toContain('“OEBPS/Text/ch1.xhtml” unpacks to more than its stated size');
    // 40 MB of one letter compresses to ~40 kB: over the 32 MB cap for one chapter.
    const huge = novel({ chapters: [{ ...NOVEL[0]!, body: `<p>${'b'.repeat(40 * 1024 * 1024)}</p>` }] });
    expect(huge.length).toBeLessThan(200_000);
    expect(refusal(library, 'huge.epub', huge).code).toBe('too_large');
    // Declared sizes adding up past the whole book's budget are refused before inflating.
    const claims = patchDeclaredSize(novel(), 'OEBPS/Text/ch1.xhtml', MAX_EPUB_EXPANDED_BYTES + 1);
    expect(refusal(library, 'claims.epub', claims).code).toBe('too_large');
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 10_001; i++) many[`OEBPS/f${i}.txt`] = new Uint8Array(0);
    const crowded = refusal(library, 'crowded.epub', novel({ extra: many }));
    expect(crowded.code).toBe('too_large');
    expect(crowded.message).toContain('Gloss reads EPUB books of at most 10000');
  });

  it('an empty file, and a file over the 200 MB limit (before it is opened)', () => {
    const library = tempLibrary();
    expect(refusal(library, 'empty.epub', new Uint8Array(0)).code).toBe('empty_file');
    const oversize = new Uint8Array(200 * 1024 * 1024 + 1);
    const err = refusal(library, 'big.epub', oversize);
    expect(err.code).toBe('too_large');
    expect(err.message).toBe('“big.epub” is too large to import (200 MB; the limit for EPUB books is 200 MB).');
  });
});
