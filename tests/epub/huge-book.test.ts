/**
 * A huge book (the bench's 300,000 words in 60 chapters) through the import
 * the app and the CLI use: every chapter kept in order with its start, the
 * whole text stored, and a passage from the last chapter found by search at
 * its place — not only in the bench, where a failure would print a number.
 */
import { describe, expect, it } from 'vitest';
import { EPUB_CHAPTERS, EPUB_WORDS, makeBenchEpub } from '../../bench/epub';
import { countWords } from '../../src/shared/text/canonical';
import { tempLibrary } from '../helpers/library';

describe('a 300,000-word book', () => {
  it('imports whole, chapters in order, and a passage of its last chapter is found at its place', () => {
    const library = tempLibrary();
    const result = library.importFile({ fileName: 'huge.epub', bytes: makeBenchEpub() }, 'new');
    if (result.status !== 'imported') throw new Error(`not imported: ${result.status}`);
    const article = library.getArticle(result.article.id);
    const chapters = article.book?.chapters ?? [];

    expect(chapters.map((c) => c.title)).toEqual(Array.from({ length: EPUB_CHAPTERS }, (_, i) => `Chapter ${i + 1}`));
    const starts = chapters.map((c) => c.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(EPUB_CHAPTERS);
    // The chapters' words plus one "Chapter N" heading each.
    expect(countWords(article.text)).toBe(EPUB_WORDS + 2 * EPUB_CHAPTERS);

    // Seven words from the middle of the last chapter, searched as a phrase.
    const last = chapters[EPUB_CHAPTERS - 1]!.start;
    const tail = article.text.slice(last);
    const from = tail.indexOf(' ', Math.floor(tail.length / 2)) + 1;
    const phrase = tail.slice(from).split(/\s+/).slice(0, 7).join(' ').replace(/[^\p{L}\p{N} ]/gu, ' ').trim();
    const hit = library.search(`"${phrase}"`).results.find((r) => r.articleId === article.id);
    const offset = hit?.matches.find((m) => m.kind === 'text')?.offset;
    expect(offset).toBeGreaterThanOrEqual(last);
    expect(article.text.slice(offset!).replace(/[^\p{L}\p{N}]+/gu, ' ')).toContain(phrase.replace(/\s+/g, ' '));
  }, 60_000);
});
