/**
 * Books made by another tool (pandoc 2.17, see tests/fixtures/epub/README.md):
 * EPUB 3 with a nav document and an SVG cover page, EPUB 2 with an NCX.
 * Metadata, chapters, footnotes, internal links and the cover come through.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { ROOT, tempDir } from '../helpers/tmp';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'epub');
const COVER_HASH = createHash('sha256').update(readFileSync(join(FIXTURES, 'cover.png'))).digest('hex');

const libraries: Library[] = [];
afterEach(() => {
  for (const l of libraries.splice(0)) l.close();
});

function importFixture(name: string): ReturnType<Library['getArticle']> {
  const library = Library.open(tempDir());
  libraries.push(library);
  const result = library.importFile({ fileName: name, bytes: readFileSync(join(FIXTURES, name)) });
  if (result.status !== 'imported') throw new Error(result.status);
  return library.getArticle(result.article.id);
}

describe('books made by pandoc', () => {
  for (const [name, version] of [
    ['lighthouse-epub3.epub', 3],
    ['lighthouse-epub2.epub', 2],
  ] as const) {
    it(`reads ${name}: metadata, chapters in order, the footnote and the link between chapters`, () => {
      const article = importFixture(name);
      expect(article).toMatchObject({ format: 'epub', title: 'The Lighthouse Keeper', author: 'Mara Quill', language: 'en-GB', publishedAt: '2021-05-04' });
      expect(article.tags).toEqual(['Lighthouses', 'Sea stories']);
      expect(article.book).toMatchObject({ publisher: 'Gloss Test Press', isbn: '9780306406157', description: 'A short book made with pandoc for Gloss’s EPUB tests.' });
      const text = article.text;
      expect(text.indexOf('The Tower')).toBeLessThan(text.indexOf('The Storm'));
      expect(text).toContain('The keeper climbed the spiral stair each evening.1 Emphasis and strong words.');
      expect(text).toContain('A quoted line of verse,\nand its second line.');
      // The footnote reference and its note, both inside the Tower chapter.
      const tower = article.book!.chapters.find((c) => c.title === 'The Tower')!;
      expect(article.html).toMatch(new RegExp(`<a href="#${tower.id}-fn1" id="${tower.id}-fnref1" role="doc-noteref"`));
      // EPUB 3 says epub:type="footnote"; pandoc's EPUB 2 only says class="footnotes" around the list.
      expect(article.html).toContain(`<li id="${tower.id}-fn1" role="${version === 3 ? 'doc-footnote' : 'doc-endnote'}">`);
      // "See [the tower](#the-tower)" in the next chapter points into the previous one.
      expect(article.html).toContain(`<a href="#${tower.id}-the-tower" rel="noopener noreferrer">the tower</a>`);
      expect(article.book!.toc.map((t) => t.title)).toEqual(version === 3 ? ['The Tower', 'The Storm'] : ['The Lighthouse Keeper', 'The Tower', 'The Storm']);
      expect(text.slice(tower.start, tower.start + 'The Tower'.length)).toBe('The Tower');
    });
  }

  it('takes the EPUB 3 book’s cover (an <svg><image> cover page) as an image and the lead image', () => {
    const article = importFixture('lighthouse-epub3.epub');
    expect(article.book!.cover).toBe(COVER_HASH);
    expect(article.leadImage).toBe(COVER_HASH);
    expect(article.html).toContain(`<img src="gloss-asset:${COVER_HASH}" alt="">`);
  });
});
