/**
 * Books (and any long text) are searched by passage as well as whole
 * (src/main/search/passages.ts, migration 9): a hit deep in a book opens at
 * its passage with the right snippet, a book does not bury a short article,
 * and every writer keeps the passage index in step (import, update, delete
 * and undo, JSON restore).
 */
import { describe, expect, it } from 'vitest';
import type { Library } from '../../src/main/library';
import { PASSAGE_INDEX_MIN_CHARS, splitPassages } from '../../src/main/search/passages';
import { makeEpub, type EpubChapter } from '../epub/make-epub';
import { tempLibrary } from '../helpers/library';


const FILLER = 'The ship sailed on through the grey water while the crew mended sails and sang of home. ';

/** 60 chapters of about 2,000 characters; `words` puts a word into a chapter (1-based). */
function book(words: Record<number, string> = {}): Uint8Array {
  const chapters: EpubChapter[] = Array.from({ length: 60 }, (_, i) => {
    const n = i + 1;
    const extra = words[n] ? `<p>At noon the cook found ${words[n]} in the hold.</p>` : '';
    return { title: `Chapter ${n}`, body: `<h2>Chapter ${n}</h2><p>${FILLER.repeat(12)}</p>${extra}<p>${FILLER.repeat(10)}</p>` };
  });
  return makeEpub({ title: 'The Long Voyage', creators: [{ name: 'Ann Sailor' }], chapters });
}

function importBook(library: Library, bytes: Uint8Array): string {
  const result = library.importFile({ fileName: 'voyage.epub', bytes }, 'new');
  if (result.status !== 'imported') throw new Error(result.status);
  return result.article.id;
}

function passageCount(library: Library): number {
  return library.db.prepare('SELECT count(*) FROM article_passages').pluck().get() as number;
}

/** The text match of the first result, with where it opens and the chapter that is in. */
function textHit(library: Library, query: string): { articleId: string; offset?: number; marked: string[]; chapter?: number } | null {
  const result = library.search(query).results[0];
  const match = result?.matches.find((m) => m.kind === 'text');
  if (!result || !match) return null;
  const chapters = library.getArticle(result.articleId).book?.chapters ?? [];
  const chapter = match.offset === undefined ? undefined : chapters.filter((c) => c.start <= match.offset!).length;
  return { articleId: result.articleId, offset: match.offset, marked: match.snippet.filter((p) => p.match).map((p) => p.text), chapter };
}

describe('passages', () => {
  it('cover a long text end to end, about 1,000 words each, cut after a line or a word', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: ${FILLER.repeat(3)}`).join('\n');
    const passages = splitPassages(text);
    expect(passages[0]!.start).toBe(0);
    expect(passages.at(-1)!.end).toBe(text.length);
    for (let i = 1; i < passages.length; i++) expect(passages[i]!.start).toBe(passages[i - 1]!.end);
    for (const p of passages.slice(0, -1)) {
      expect(text[p.end - 1]).toBe('\n');
      expect(text.slice(p.start, p.end).split(' ').length).toBeGreaterThan(800);
    }
  });
});

describe('searching a book', () => {
  it('opens a hit in chapter 40 at its passage, with the word marked in the snippet', () => {
    const library = tempLibrary();
    const id = importBook(library, book({ 40: 'marzipan' }));
    const text = library.getArticle(id).text;
    expect(text.length).toBeGreaterThan(PASSAGE_INDEX_MIN_CHARS);
    expect(passageCount(library)).toBeGreaterThan(10);
    const hit = textHit(library, 'marzipan');
    expect(hit).toEqual({ articleId: id, offset: text.indexOf('marzipan'), marked: ['marzipan'], chapter: 40 });
    expect(library.search('marzipan').results[0]!.matches[0]!.snippet[0]).toEqual({ text: '…', match: false });
    // A phrase, and a prefix as typed.
    expect(textHit(library, '"cook found marzipan"')).toMatchObject({ offset: text.indexOf('cook found marzipan'), chapter: 40 });
    expect(textHit(library, 'marzip')).toMatchObject({ offset: text.indexOf('marzipan'), chapter: 40 });
    // Words far apart (chapters 3 and 40 have no passage in common) and the title still find the book:
    // the text match is then the first place of the longest word, as in any article.
    library.deleteArticle(id);
    const again = importBook(library, book({ 3: 'walrus', 40: 'marzipan' }));
    expect(textHit(library, 'walrus marzipan')).toMatchObject({ articleId: again, marked: ['marzipan'], chapter: 40 });
    expect(textHit(library, 'voyage')).toEqual({ articleId: again, marked: ['Voyage'], offset: undefined, chapter: undefined });
  });

  it('does not bury a short article under a book that mentions the word once', () => {
    const library = tempLibrary();
    const bookId = importBook(library, book({ 40: 'quokka' }));
    const article = library.importFile(
      { fileName: 'quokka.txt', bytes: new TextEncoder().encode('Meeting a quokka\n\nThe quokka smiled at the ferry and the quokka stayed.') },
      'new',
    );
    const other = library.importFile({ fileName: 'other.txt', bytes: new TextEncoder().encode('Ferries\n\nA ferry to the island.') }, 'new');
    if (article.status !== 'imported' || other.status !== 'imported') throw new Error('not imported');
    const ids = library.search('quokka').results.map((r) => r.articleId);
    expect(ids).toEqual([article.article.id, bookId]);
  });

  it('keeps the passages in step through update, delete and its undo', () => {
    const library = tempLibrary();
    const id = importBook(library, book({ 40: 'marzipan' }));
    const count = passageCount(library);
    // A new version with the word in chapter 12: the old passages go, the new ones say where it is now.
    const updated = library.importFile({ fileName: 'voyage.epub', bytes: book({ 12: 'marzipan' }) }, 'update');
    expect(updated).toMatchObject({ status: 'updated', article: { id } });
    expect(passageCount(library)).toBe(count);
    const text = library.getArticle(id).text;
    expect(textHit(library, 'marzipan')).toMatchObject({ articleId: id, offset: text.indexOf('marzipan'), chapter: 12 });
    const { undoToken } = library.deleteArticles([id]);
    expect(passageCount(library)).toBe(0);
    expect(library.search('marzipan').results).toEqual([]);
    expect(library.db.prepare(`SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'marzipan'`).pluck().get()).toBe(0);
    const [restored] = library.undoDeleteArticles(undoToken).restored;
    expect(passageCount(library)).toBe(count);
    expect(textHit(library, 'marzipan')).toMatchObject({ articleId: restored, offset: text.indexOf('marzipan'), chapter: 12 });
    // Made shorter than a passage-indexed text: its passages go.
    library.updateArticle(restored!, { fileName: 'short.txt', bytes: new TextEncoder().encode('Short\n\nNo more marzipan here.') });
    expect(passageCount(library)).toBe(0);
    expect(textHit(library, 'marzipan')).toMatchObject({ articleId: restored, marked: ['marzipan'] });
  });

  it('rebuilds the passages when a library is restored from JSON', () => {
    const source = tempLibrary();
    importBook(source, book({ 40: 'marzipan' }));
    const count = passageCount(source);
    const target = tempLibrary();
    target.importJson(source.exportJson());
    expect(passageCount(target)).toBe(count);
    const [result] = target.search('marzipan').results;
    const text = target.getArticle(result!.articleId).text;
    expect(textHit(target, 'marzipan')).toMatchObject({ offset: text.indexOf('marzipan'), chapter: 40 });
  });
});
