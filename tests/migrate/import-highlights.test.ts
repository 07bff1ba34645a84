import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { attachTextToSource } from '../../src/main/migrate';
import { tempDir } from '../helpers/tmp';
import { MAX_IMPORT_BYTES } from '../../src/shared/contract';
import { clippingsFile, type Clip } from './clippings';
import { readwiseCsv } from './readwise-csv.test';

const AUSTEN = 'Pride and Prejudice (Austen, Jane)';
const OPENING = 'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.';
const FEELINGS = 'However little known the feelings or views of such a man may be on his first entering a neighbourhood';
const SHORT = 'My dear Mr. Bennet';

const CLIPS: Clip[] = [
  { title: AUSTEN, meta: '- Your Highlight on page 1 | Location 10-12 | Added on Monday, 5 May 2019 09:00:00', body: OPENING },
  { title: AUSTEN, meta: '- Your Note on page 1 | Location 12 | Added on Monday, 5 May 2019 09:01:00', body: 'The famous opening.' },
  // Kindle's typography: curly quotes, a soft hyphen and an fi ligature the book's text does not have.
  { title: AUSTEN, meta: '- Your Highlight on page 1 | Location 14-15 | Added on Monday, 5 May 2019 09:02:00', body: '“My dear Mr. Bennet,” said his lady to him one day, “have you heard that Nether­ﬁeld Park is let at last?”' },
  { title: AUSTEN, meta: '- Your Highlight on page 1 | Location 13-14 | Added on Monday, 5 May 2019 09:03:00', body: FEELINGS },
  { title: AUSTEN, meta: '- Your Highlight on page 9 | Location 90-91 | Added on Monday, 5 May 2019 09:04:00', body: 'A sentence that the edition we attach does not contain at all.' },
  { title: 'Walden (Thoreau, Henry David)', meta: '- Votre surlignement sur la page 5 | emplacement 70-72 | Ajouté le lundi 30 septembre 2019 18:00:39', body: 'I went to the woods because I wished to live deliberately.' },
  { title: 'Broken', meta: 'no metadata here', body: 'x' },
];

function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function importClippings(library: Library, clips: readonly Clip[]) {
  const result = library.importFile({ fileName: 'My Clippings.txt', bytes: bytes(clippingsFile(clips)) });
  if (result.status !== 'highlights') throw new Error(`not imported as highlights: ${result.status}`);
  return result;
}

describe('a Kindle clippings file in the library', () => {
  it('makes one highlights-only source per book whose text is its quotes, each highlight exactly on its quote', () => {
    const library = Library.open(tempDir());
    const { report, article } = importClippings(library, CLIPS);
    expect(report).toMatchObject({
      format: 'kindle-clippings',
      sources: { created: 2, present: 0 },
      highlights: { added: 5, present: 0, unplaced: 0, failed: 1 },
      failures: [{ where: 'entry 7' }],
    });
    expect(article).toMatchObject({ title: 'Pride and Prejudice', author: 'Jane Austen', format: 'highlights', sourceName: 'My Clippings.txt', highlightCount: 4 });
    const source = library.getArticle(article.id);
    expect(source.text.startsWith(`Page 1 · Location 10–12\n\n${OPENING}`)).toBe(true);
    const highlights = library.listHighlights(article.id);
    // In location order (13-14 before 14-15), each covering its quote in the text.
    expect(highlights.map((h) => h.quote.exact.slice(0, 12))).toEqual(['It is a trut', 'However litt', '“My dear Mr.', 'A sentence t']);
    for (const h of highlights) {
      expect(source.text.slice(h.position.start, h.position.end)).toBe(h.quote.exact);
      expect(h.anchor).toBe('exact');
    }
    expect(highlights[0]).toMatchObject({ note: 'The famous opening.', createdAt: '2019-05-05T09:00:00.000Z' });
    // Searchable like any article: a quote is found as a highlight.
    const hit = library.search('universally acknowledged').results[0]!;
    expect(hit.articleId).toBe(article.id);
    expect(hit.matches[0]!.kind).toBe('highlight');
    // Exportable: the Markdown holds the quotes and the note.
    const md = library.renderMarkdown([article.id])[0]!.markdown;
    expect(md).toContain(OPENING);
    expect(md).toContain('The famous opening.');
    library.close();
  });

  it('adds nothing twice when the same file is imported again, and only the new entries of a longer file', () => {
    const dir = tempDir();
    const library = Library.open(dir);
    const first = importClippings(library, CLIPS.slice(0, 4));
    const again = importClippings(library, CLIPS.slice(0, 4));
    expect(again.report).toMatchObject({ sources: { created: 0, present: 1 }, highlights: { added: 0, present: 3, failed: 0 } });
    expect(again.article.id).toBe(first.article.id);
    const versionsBefore = library.db.prepare('SELECT count(*) FROM article_versions').pluck().get();
    expect(library.listArticles()).toHaveLength(1);
    // The Kindle appends: the same file later holds one more highlight of the same book, at an earlier location.
    const earlier: Clip = { title: AUSTEN, meta: '- Your Highlight on page 1 | Location 2-3 | Added on Tuesday, 6 May 2019 09:00:00', body: 'Chapter 1' };
    const longer = importClippings(library, [...CLIPS.slice(0, 4), earlier]);
    expect(longer.report).toMatchObject({ sources: { created: 0, present: 1 }, highlights: { added: 1, present: 3 } });
    expect(library.db.prepare('SELECT count(*) FROM article_versions').pluck().get()).toBe(Number(versionsBefore) + 1);
    const text = library.getArticle(first.article.id).text;
    const highlights = library.listHighlights(first.article.id);
    expect(highlights.map((h) => h.quote.exact.slice(0, 9))).toEqual(['Chapter 1', 'It is a t', 'However l', '“My dear ']);
    for (const h of highlights) expect(text.slice(h.position.start, h.position.end)).toBe(h.quote.exact);
    // The note written in Gloss and a highlight deleted in Gloss stay as the user left them.
    library.updateHighlight(highlights[1]!.id, { note: 'Edited in Gloss.' });
    library.deleteHighlight(highlights[2]!.id);
    const third = importClippings(library, [...CLIPS.slice(0, 4), earlier]);
    expect(third.report.highlights).toMatchObject({ added: 0, present: 4 });
    expect(library.listHighlights(first.article.id).map((h) => h.note)).toEqual(['', 'Edited in Gloss.', '']);
    library.close();
    // Across a restart too.
    const reopened = Library.open(dir);
    expect(importClippings(reopened, [...CLIPS.slice(0, 4), earlier]).report.highlights).toMatchObject({ added: 0, present: 4 });
    reopened.close();
  });

  it('survives a JSON backup unchanged, and a later import still finds its order and labels; a highlight made in Gloss inside a quote follows its words', () => {
    const library = Library.open(tempDir());
    const { article } = importClippings(library, CLIPS.slice(0, 4));
    const restored = Library.open(tempDir());
    const merge = restored.importJson(library.exportJson());
    expect(merge.issues).toEqual([]);
    expect(restored.getArticle(article.id).html).toBe(library.getArticle(article.id).html);
    // Part of the first quote highlighted in Gloss (green).
    const text = restored.getArticle(article.id).text;
    const start = text.indexOf('a single man');
    const mine = restored.createHighlight({ articleId: article.id, quote: { exact: 'a single man', prefix: '', suffix: '' }, position: { start, end: start + 12 }, color: 'green' });
    const earlier: Clip = { title: AUSTEN, meta: '- Your Highlight on page 1 | Location 2-3 | Added on Tuesday, 6 May 2019 09:00:00', body: 'Chapter 1' };
    const result = importClippings(restored, [...CLIPS.slice(0, 4), earlier]);
    expect(result.report.highlights).toMatchObject({ added: 1, present: 3 });
    const after = restored.getArticle(article.id);
    expect(after.text.startsWith(`Page 1 · Location 2–3\n\nChapter 1\n\nPage 1 · Location 10–12\n\n${OPENING}`)).toBe(true);
    expect(after.text).toContain(`Page 1 · Location 13–14\n\n${FEELINGS}`);
    const moved = restored.listHighlights(article.id).find((h) => h.id === mine.id)!;
    expect(after.text.slice(moved.position.start, moved.position.end)).toBe('a single man');
    expect(restored.listHighlights(article.id).filter((h) => h.quote.exact === 'a single man')).toHaveLength(1);
    library.close();
    restored.close();
  });

  it('takes a Readwise CSV through the same import: the same book as Kindle is one source', () => {
    const library = Library.open(tempDir());
    const kindle = importClippings(library, CLIPS.slice(0, 2));
    const csv = readwiseCsv([
      `"${OPENING}",Pride and Prejudice,Jane Austen,B008476HBM,,yellow,,location,10,2019-05-05 09:00:00+00:00,`,
      `"${SHORT}",Pride and Prejudice,Jane Austen,B008476HBM,Short one.,purple,austen,location,14,2019-05-05 09:02:00+00:00,novels`,
    ]);
    const result = library.importFile({ fileName: 'readwise-highlights.csv', bytes: bytes(csv) });
    expect(result.status).toBe('highlights');
    if (result.status !== 'highlights') return;
    expect(result.report).toMatchObject({ format: 'readwise-csv', sources: { created: 0, present: 1 }, highlights: { added: 1, present: 1 } });
    expect(result.article.id).toBe(kindle.article.id);
    expect(library.getArticle(kindle.article.id).tags).toEqual(expect.arrayContaining(['novels', 'austen']));
    expect(library.listHighlights(kindle.article.id).map((h) => [h.color, h.note])).toEqual([
      ['yellow', 'The famous opening.'],
      ['purple', 'Short one.'],
    ]);
    // Not a URL list.
    expect(() => library.parseUrlList('readwise-highlights.csv', bytes(csv))).toThrow(/highlights export/);
    library.close();
  });
});

it('refuses an export over the import size limit before reading it', () => {
  const library = Library.open(tempDir());
  const head = bytes(clippingsFile(CLIPS.slice(0, 1)));
  const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x20);
  big.set(head);
  expect(() => library.importFile({ fileName: 'My Clippings.txt', bytes: big })).toThrow(/too large/);
  expect(library.listArticles()).toEqual([]);
  library.close();
});

describe('attaching a text to a highlights-only source', () => {
  /** An EPUB-like HTML text of the book: chapters, straight quotes, no ligatures, one sentence slightly different. */
  const BOOK = `<!doctype html><html><head><title>Pride and Prejudice</title></head><body>
    <section><h1>Chapter 1</h1>
    <p>${OPENING}</p>
    <p>${FEELINGS}, this truth is so well fixed in the minds of the surrounding families, that he is considered the rightful property of some one or other of their daughters.</p>
    <p>"My dear Mr. Bennet," said his lady to him one day, "have you heard that Netherfield Park is let at last?"</p>
    <p>Mr. Bennet replied that he had not. "But it is," returned she; "for Mrs. Long has just been here, and she told me all about it."</p>
    </section></body></html>`;

  it('places each highlight in the text (exact, typography folded, fuzzy), keeps the rest as not found, and the document becomes the entry', () => {
    const library = Library.open(tempDir());
    const clips: Clip[] = [
      ...CLIPS.slice(0, 5),
      // Remembered slightly differently by an older edition: placed approximately.
      { title: AUSTEN, meta: '- Your Highlight on page 1 | Location 16-17 | Added on Monday, 5 May 2019 09:05:00', body: 'for Mrs. Long has just been here, and she told me everything about it.' },
    ];
    const { article: source } = importClippings(library, clips);
    library.setArticleNote(source.id, 'Notes on Austen.');
    library.setArticleTags(source.id, ['novels']);
    const doc = library.importFile({ fileName: 'pride-and-prejudice.html', bytes: bytes(BOOK) });
    if (doc.status !== 'imported') throw new Error(doc.status);
    const report = attachTextToSource(library, source.id, doc.article.id);
    expect(report).toMatchObject({ articleId: doc.article.id, exact: 3, fuzzy: 1, unplaced: 1 });
    expect(() => library.getArticle(source.id)).toThrow(/No article/);
    const text = library.getArticle(doc.article.id).text;
    const highlights = library.listHighlights(doc.article.id);
    const placed = highlights.filter((h) => h.anchor !== 'orphaned');
    expect(placed.map((h) => text.slice(h.position.start, h.position.end))).toEqual([
      OPENING,
      FEELINGS,
      '"My dear Mr. Bennet," said his lady to him one day, "have you heard that Netherfield Park is let at last?"',
      'for Mrs. Long has just been here, and she told me all about it.',
    ]);
    expect(placed.map((h) => h.anchor)).toEqual(['exact', 'exact', 'exact', 'moved']);
    for (const h of placed) expect(h.quote.exact).toBe(text.slice(h.position.start, h.position.end));
    const orphan = highlights.find((h) => h.anchor === 'orphaned')!;
    expect(report.unplacedIds).toEqual([orphan.id]);
    expect(orphan.quote.exact).toBe('A sentence that the edition we attach does not contain at all.');
    expect(highlights[0]!.note).toBe('The famous opening.');
    expect(library.getArticleNote(doc.article.id).note).toBe('Notes on Austen.');
    expect(library.getArticle(doc.article.id).tags).toEqual(['novels']);
    // Re-importing the clippings now adds nothing; a new clipping of the book lands in the document's text.
    const again = importClippings(library, clips);
    expect(again.report).toMatchObject({ sources: { created: 0, present: 1 }, highlights: { added: 0, present: 5 } });
    expect(again.article.id).toBe(doc.article.id);
    const more = importClippings(library, [
      ...clips,
      { title: AUSTEN, meta: '- Your Highlight on page 1 | Location 16 | Added on Monday, 5 May 2019 09:06:00', body: 'Mr. Bennet replied that he had not.' },
      { title: AUSTEN, meta: '- Your Highlight on page 99 | Location 990 | Added on Monday, 5 May 2019 09:07:00', body: 'Words from a chapter this text lacks entirely.' },
    ]);
    expect(more.report.highlights).toMatchObject({ added: 2, present: 5, unplaced: 1 });
    const after = library.listHighlights(doc.article.id);
    expect(after.filter((h) => h.anchor === 'orphaned').map((h) => h.quote.exact)).toEqual([
      'A sentence that the edition we attach does not contain at all.',
      'Words from a chapter this text lacks entirely.',
    ]);
    expect(after.some((h) => h.anchor === 'exact' && text.slice(h.position.start, h.position.end) === 'Mr. Bennet replied that he had not.')).toBe(true);
    library.close();
  });

  it('refuses a source that is a document and a document that has no text', () => {
    const library = Library.open(tempDir());
    const { article: source } = importClippings(library, CLIPS.slice(0, 1));
    const doc = library.importFile({ fileName: 'p.html', bytes: bytes(BOOK) });
    if (doc.status !== 'imported') throw new Error(doc.status);
    expect(() => attachTextToSource(library, doc.article.id, source.id)).toThrow(/not a source without text/);
    const other = importClippings(library, CLIPS.slice(5, 6));
    expect(() => attachTextToSource(library, source.id, other.article.id)).toThrow(/has no text/);
    library.close();
  });
});
