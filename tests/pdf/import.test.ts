/**
 * PDFs into a real library (a SQLite file): text and page map, metadata and
 * the title rule, outline, the file kept once per hash, search over PDF
 * text, scanned and encrypted files, damaged files storing nothing, undo of
 * a delete and the JSON backup round trip.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GlossError } from '../../src/shared/errors';
import { pageAtOffset } from '../../src/shared/pdf/page-text';
import type { Library } from '../../src/main/library';
import { MAX_PDF_BYTES } from '../../src/main/pdf/read-pdf';
import { tempLibrary } from '../helpers/library';
import { makeCjkPdf, makeEncryptedPdf, makePdf, makeTwoColumnPdf } from './make-pdf';


const PAGES = [
  { heading: { text: 'Rivers of the North', size: 24 }, lines: ['The first page speaks of rivers and their', 'long hyph-', 'enated courses.'] },
  { lines: ['Page two is about lakes.', '', 'A second paragraph on page two.'] },
  { lines: ['Page three mentions the zygomorphic estuary.'] },
];

async function sample(): Promise<Uint8Array> {
  return makePdf(PAGES, {
    title: 'Microsoft Word - draft3.doc',
    author: 'Ada Lovelace',
    subject: 'A survey of northern rivers',
    keywords: ['rivers,', 'water;', 'survey'],
    creationDate: new Date('2024-02-13T09:30:00Z'),
    outline: [
      { title: 'Introduction', page: 1 },
      // Halfway down the 842-point page.
      { title: 'Lakes', page: 2, top: 421 },
      { title: 'Estuaries', page: 3 },
    ],
  });
}

function tables(library: Library): Record<string, number> {
  const count = (t: string): number => library.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return { articles: count('articles'), documents: count('documents'), links: count('article_documents'), fts: count('articles_fts') };
}

async function rejection(p: Promise<unknown>): Promise<GlossError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GlossError);
  return err as GlossError;
}

describe('importing a PDF', () => {
  it('stores one canonical text with a page map, metadata, an outline and the file', async () => {
    const library = tempLibrary();
    const bytes = await sample();
    const result = await library.importFileWithImages({ fileName: 'draft3.pdf', bytes });
    expect(result.status).toBe('imported');
    if (result.status !== 'imported') return;
    const article = library.getArticle(result.article.id);
    expect(article.format).toBe('pdf');
    // The junk metadata title gives way to the first page's largest text.
    expect(article.title).toBe('Rivers of the North');
    expect(article.author).toBe('Ada Lovelace');
    expect(article.excerpt).toBe('A survey of northern rivers');
    expect(article.publishedAt).toBe('2024-02-13T09:30:00Z');
    expect(article.tags).toEqual(['rivers', 'survey', 'water']);
    const pdf = article.pdf!;
    expect(pdf.pageCount).toBe(3);
    expect(pdf.hasText).toBe(true);
    expect(pdf.fileHash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(pdf.outline).toEqual([
      { title: 'Introduction', page: 1, items: [] },
      { title: 'Lakes', page: 2, top: 0.5, items: [] },
      { title: 'Estuaries', page: 3, items: [] },
    ]);
    // Text per page, cut at the page map.
    const pageText = (n: number): string => article.text.slice(pdf.pageStarts[n - 1], pdf.pageStarts[n] ?? article.text.length).trim();
    expect(pageText(1)).toBe('Rivers of the North\n\nThe first page speaks of rivers and their long hyphenated courses.');
    expect(pageText(2)).toBe('Page two is about lakes.\n\nA second paragraph on page two.');
    expect(pageText(3)).toBe('Page three mentions the zygomorphic estuary.');
    // An offset finds its page.
    expect(pageAtOffset(pdf.pageStarts, article.text.indexOf('zygomorphic'))).toBe(3);
    expect(pageAtOffset(pdf.pageStarts, article.text.indexOf('lakes'))).toBe(2);
    // One <section> per page; the file comes back byte for byte.
    expect(article.html.match(/<section>/g)).toHaveLength(3);
    expect(Buffer.from(library.getPdfFile(article.id).bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('is found by search: a word from page 3', async () => {
    const library = tempLibrary();
    const result = await library.importFileWithImages({ fileName: 'rivers.pdf', bytes: await sample() });
    const page = library.search('zygomorphic');
    expect(page.results.map((r) => r.articleId)).toEqual([result.status === 'imported' ? result.article.id : '']);
  });

  it('recognises a PDF by its bytes under another name, and via the sync import says to use the async one', async () => {
    const library = tempLibrary();
    const bytes = await sample();
    const result = await library.importFileWithImages({ fileName: 'download', bytes });
    expect(result.status).toBe('imported');
    expect(() => library.importFile({ fileName: 'a.pdf', bytes })).toThrow(/asynchronous import/);
  });

  it('keeps one copy of the same file; the same PDF again is a duplicate to ask about', async () => {
    const library = tempLibrary();
    const bytes = await sample();
    await library.importFileWithImages({ fileName: 'a.pdf', bytes });
    const again = await library.importFileWithImages({ fileName: 'a.pdf', bytes });
    expect(again.status).toBe('duplicate');
    expect(tables(library)).toMatchObject({ articles: 1, documents: 1, links: 1 });
    const copy = await library.importFileWithImages({ fileName: 'a.pdf', bytes }, 'new');
    expect(copy.status).toBe('imported');
    expect(tables(library)).toMatchObject({ articles: 2, documents: 1, links: 2 });
  });

  it('reads a two-column page column by column (pdf.js content order)', async () => {
    const library = tempLibrary();
    const bytes = await makeTwoColumnPdf(['Left column starts', 'and continues here.'], ['Right column starts', 'and ends here.']);
    const result = await library.importFileWithImages({ fileName: 'columns.pdf', bytes });
    const article = library.getArticle(result.status === 'imported' ? result.article.id : '');
    expect(article.text).toBe('Left column starts and continues here.\n\nRight column starts and ends here.');
  });

  it('reads Japanese text through the CMap files pdf.js loads from its own folder', async () => {
    const library = tempLibrary();
    const result = await library.importFileWithImages({ fileName: 'nihongo.pdf', bytes: makeCjkPdf('日本語の文章') });
    const article = library.getArticle(result.status === 'imported' ? result.article.id : '');
    expect(article.text).toBe('日本語の文章');
    expect(article.title).toBe('日本語の文章');
    expect(library.search('日本語').results).toHaveLength(1);
  });

  it('imports a scanned PDF (no text) and says so: no words, hasText false', async () => {
    const library = tempLibrary();
    const bytes = await makePdf([{ lines: ['Only the first page has text.'] }], { imagePages: [2, 3] });
    const result = await library.importFileWithImages({ fileName: 'scan.pdf', bytes });
    const article = library.getArticle(result.status === 'imported' ? result.article.id : '');
    expect(article.pdf).toMatchObject({ pageCount: 3, hasText: true, pageStarts: [0, 29, 29] });
    const scan = await makePdf([], { imagePages: [1, 2] });
    const scanned = await library.importFileWithImages({ fileName: 'Field notes.pdf', bytes: scan });
    const empty = library.getArticle(scanned.status === 'imported' ? scanned.article.id : '');
    expect(empty.title).toBe('Field notes');
    expect(empty.wordCount).toBe(0);
    expect(empty.text).toBe('');
    expect(empty.pdf).toMatchObject({ pageCount: 2, hasText: false, pageStarts: [0, 0] });
  });

  it('needs the password of an encrypted PDF, refuses a wrong one, and stores nothing until it is right', async () => {
    const library = tempLibrary();
    const bytes = makeEncryptedPdf('Confidential minutes of the meeting', 'tulip');
    const before = tables(library);
    expect((await rejection(library.importFileWithImages({ fileName: 'minutes.pdf', bytes }))).code).toBe('password_required');
    expect((await rejection(library.importFileWithImages({ fileName: 'minutes.pdf', bytes, password: 'rose' }))).code).toBe('wrong_password');
    expect(tables(library)).toEqual(before);
    const result = await library.importFileWithImages({ fileName: 'minutes.pdf', bytes, password: 'tulip' });
    const article = library.getArticle(result.status === 'imported' ? result.article.id : '');
    expect(article.text).toBe('Confidential minutes of the meeting');
    // The password is nowhere in the library.
    const dump = JSON.stringify(library.db.prepare('SELECT * FROM article_documents').all()) + library.exportJson();
    expect(dump).not.toContain('tulip');
  });

  it('refuses a truncated file, a file that is not a PDF and a file over the size cap, storing nothing', async () => {
    const library = tempLibrary();
    const bytes = await sample();
    const before = tables(library);
    const cut = await rejection(library.importFileWithImages({ fileName: 'cut.pdf', bytes: bytes.subarray(0, Math.floor(bytes.length / 2)) }));
    expect(cut.code).toBe('damaged_file');
    expect(cut.message).toMatch(/“cut\.pdf”.*incomplete/);
    const garbage = new Uint8Array(Buffer.from('%PDF-1.7\nthis is not really a pdf at all\n%%EOF\n'));
    expect((await rejection(library.importFileWithImages({ fileName: 'junk.pdf', bytes: garbage }))).code).toBe('damaged_file');
    expect((await rejection(library.importFileWithImages({ fileName: 'notes.pdf', bytes: new Uint8Array(Buffer.from('hello')) }))).code).toBe(
      'damaged_file',
    );
    const huge = new Uint8Array(MAX_PDF_BYTES + 1);
    huge.set(Buffer.from('%PDF-1.7'));
    const tooLarge = await rejection(library.importFileWithImages({ fileName: 'huge.pdf', bytes: huge }));
    expect(tooLarge.code).toBe('too_large');
    expect(tooLarge.message).toContain('200 MB');
    expect(tables(library)).toEqual(before);
  });

  it('keeps the PDF through delete and undo', async () => {
    const library = tempLibrary();
    const result = await library.importFileWithImages({ fileName: 'a.pdf', bytes: await sample() });
    const id = result.status === 'imported' ? result.article.id : '';
    const before = library.getArticle(id).pdf;
    const { undoToken } = library.deleteArticles([id]);
    expect(tables(library)).toMatchObject({ articles: 0, links: 0, documents: 1 });
    library.undoDeleteArticles(undoToken);
    expect(library.getArticle(id).pdf).toEqual(before);
  });

  it('updates a PDF article from a new version of the file, and drops the PDF link when replaced by a text file', async () => {
    const library = tempLibrary();
    const first = await library.importFileWithImages({ fileName: 'report.pdf', bytes: await makePdf([{ lines: ['Version one text.'] }], { title: 'Quarterly Report' }) });
    const id = first.status === 'imported' ? first.article.id : '';
    const v2 = await makePdf([{ lines: ['Version two text.'] }, { lines: ['More.'] }], { title: 'Quarterly Report' });
    const updated = await library.importFileWithImages({ fileName: 'report.pdf', bytes: v2 }, 'update');
    expect(updated.status).toBe('updated');
    expect(library.getArticle(id).pdf?.pageCount).toBe(2);
    expect(library.getArticle(id).text).toBe('Version two text.\n\nMore.');
    library.updateArticle(id, { fileName: 'report.txt', bytes: new Uint8Array(Buffer.from('Report\n\nNow plain text.')) });
    expect(library.getArticle(id).pdf).toBeUndefined();
  });
});

describe('JSON backup of a PDF article', () => {
  it('round-trips the file (base64, checked by hash), the page map and the PDF metadata', async () => {
    const source = tempLibrary();
    const bytes = await sample();
    const result = await source.importFileWithImages({ fileName: 'a.pdf', bytes });
    const id = result.status === 'imported' ? result.article.id : '';
    const json = source.exportJson();
    const file = JSON.parse(json) as { documents: { hash: string; bytes: string }[]; articles: { pdf?: unknown; body: { html: string } }[] };
    expect(file.documents).toHaveLength(1);
    expect(Buffer.from(file.documents[0]!.bytes, 'base64').equals(Buffer.from(bytes))).toBe(true);

    const target = tempLibrary();
    const report = target.importJson(json);
    expect(report.issues).toEqual([]);
    const restored = target.getArticle(id);
    const original = source.getArticle(id);
    expect(restored.pdf).toEqual(original.pdf);
    expect(restored.text).toBe(original.text);
    expect(restored.html).toBe(original.html); // the body survives the restore's sanitizer unchanged
    expect(Buffer.from(target.getPdfFile(id).bytes).equals(Buffer.from(bytes))).toBe(true);
    // The restored library writes the same file.
    expect(target.exportJson().replace(/"exportedAt": "[^"]*"/, '')).toBe(json.replace(/"exportedAt": "[^"]*"/, ''));
  });

  it('skips a PDF file whose bytes do not match its hash, keeping the article text without pages', async () => {
    const source = tempLibrary();
    const result = await source.importFileWithImages({ fileName: 'a.pdf', bytes: await sample() });
    const id = result.status === 'imported' ? result.article.id : '';
    const file = JSON.parse(source.exportJson()) as { documents: { bytes: string; size: number }[] };
    const tampered = Buffer.from('%PDF-1.4 tampered');
    file.documents[0]!.bytes = tampered.toString('base64');
    file.documents[0]!.size = tampered.length;
    const target = tempLibrary();
    const report = target.importJson(JSON.stringify(file));
    expect(report.issues.map((i) => [i.kind, i.action])).toEqual([
      ['asset', 'skipped'],
      ['article', 'changed'],
    ]);
    expect(report.issues[0]!.reason).toMatch(/do not match its hash/);
    expect(target.getArticle(id).pdf).toBeUndefined();
    expect(target.search('zygomorphic').results).toHaveLength(1);
  });

  it('reads an older file without documents or pdf fields', async () => {
    const source = tempLibrary();
    await source.importFileWithImages({ fileName: 'a.txt', bytes: new Uint8Array(Buffer.from('Plain\n\nText.')) });
    const json = source.exportJson();
    expect(json).not.toContain('"documents"');
    expect(json).not.toContain('"pdf"');
    expect(tempLibrary().importJson(json).articles.added).toBe(1);
  });
});
