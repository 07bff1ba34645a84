/**
 * A text match carries where it is in the article's canonical text (the
 * match its snippet shows), so opening it goes there: for a PDF, to its
 * page. Highlights, notes and title-only matches carry none (they open at
 * the highlight, or at the saved place). On real SQLite libraries.
 */
import { describe, expect, it } from 'vitest';
import type { Library } from '../../src/main/library';
import { pageAtOffset } from '../../src/shared/pdf/page-text';
import type { SearchMatch } from '../../src/shared/types';
import { makePdf } from '../pdf/make-pdf';
import { tempLibrary } from '../helpers/library';


const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
function addText(library: Library, title: string, body: string): string {
  return library.importFile({ fileName: `${title}.txt`, bytes: bytes(`${title}\n\n${body}\n`) }, 'new').article.id;
}

function textMatch(library: Library, query: string, articleId: string): SearchMatch | undefined {
  return library.search(query).results.find((r) => r.articleId === articleId)?.matches.find((m) => m.kind === 'text');
}

describe('the place of a text match', () => {
  it('is the offset of the first matching word in the canonical text, whatever its case or accents', () => {
    const library = tempLibrary();
    const id = addText(library, 'Tea', 'The kettle sang. Later the Marmalade set, and more marmalade after.');
    const text = library.getArticle(id).text;
    const match = textMatch(library, 'marmalade', id)!;
    expect(match.offset).toBe(text.indexOf('Marmalade'));
    expect(text.slice(match.offset, match.offset! + 9)).toBe('Marmalade');
    // Prefix queries, and words typed without their accents.
    const cafe = addText(library, 'Cafe', 'Before anything, a long walk. Then the Café opened.');
    const cafeText = library.getArticle(cafe).text;
    expect(textMatch(library, 'cafe', cafe)!.offset).toBe(cafeText.indexOf('Café'));
    expect(textMatch(library, 'wal*', cafe)!.offset).toBe(cafeText.indexOf('walk'));
  });

  it('is where the snippet is: at the phrase of a phrase query, not an earlier lone word', () => {
    const library = tempLibrary();
    const id = addText(library, 'Garden', 'Soil first. Seeds later. Then the warm soil wakes in spring.');
    const text = library.getArticle(id).text;
    const match = textMatch(library, '"warm soil"', id)!;
    expect(match.offset).toBe(text.indexOf('warm soil'));
    expect(match.snippet.filter((p) => p.match).map((p) => p.text)).toContain('warm soil');
  });

  it('is absent for a match in the title alone, and on highlight and note matches', () => {
    const library = tempLibrary();
    const id = addText(library, 'Quince', 'Nothing in the body names the fruit.');
    const titleOnly = textMatch(library, 'quince', id)!;
    expect(titleOnly).toBeDefined();
    expect(titleOnly.offset).toBeUndefined();

    const other = addText(library, 'Orchard', 'Apples and pears, and one medlar tree.');
    const text = library.getArticle(other).text;
    const start = text.indexOf('one medlar tree');
    library.createHighlight({
      articleId: other,
      quote: { exact: 'one medlar tree', prefix: '', suffix: '' },
      position: { start, end: start + 15 },
      color: 'yellow',
      note: 'medlar jelly',
    });
    const matches = library.search('medlar').results.find((r) => r.articleId === other)!.matches;
    expect(matches.map((m) => m.kind)).toEqual(['highlight', 'text']);
    expect(matches[0]!.offset).toBeUndefined();
    expect(matches[1]!.offset).toBe(text.indexOf('medlar'));
  });

  it('in a PDF, falls on the page that holds the word (page 3 of 3)', async () => {
    const library = tempLibrary();
    const pdf = await makePdf([
      { lines: ['The first page speaks of rivers.'] },
      { lines: ['Page two is about lakes.'] },
      { lines: ['Page three mentions the zygomorphic estuary.'] },
    ]);
    const result = await library.importFileWithImages({ fileName: 'rivers.pdf', bytes: pdf });
    if (result.status !== 'imported') throw new Error(result.status);
    const article = library.getArticle(result.article.id);
    const match = textMatch(library, 'zygomorphic', article.id)!;
    expect(match.offset).toBe(article.text.indexOf('zygomorphic'));
    expect(pageAtOffset(article.pdf!.pageStarts, match.offset!)).toBe(3);
  });
});
