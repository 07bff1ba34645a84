/**
 * What a book may bring back from a JSON library file is checked as an
 * import is, and what the sanitizer lets through for books stays on the
 * chapter's <section>: a hand-edited or hostile file gets no further.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../src/main/import/sanitize';
import { tempLibrary } from '../helpers/library';
import { makeEpub } from './make-epub';


describe('a book in a JSON library file', () => {
  it('keeps only valid contents targets, chapter starts inside the text, a real cover hash and a real EPUB file', () => {
    const source = tempLibrary();
    const result = source.importFile({
      fileName: 'b.epub',
      bytes: makeEpub({ chapters: [{ title: 'One', body: '<p>One.</p>' }, { title: 'Two', body: '<p>Two.</p>' }] }),
    });
    if (result.status !== 'imported') throw new Error(result.status);
    const file = JSON.parse(source.exportJson()) as {
      articles: { book: { fileHash: string; chapters: unknown[]; info: Record<string, unknown> } }[];
      documents: { hash: string; size: number; bytes: string }[];
    };
    const book = file.articles[0]!.book;
    book.info.toc = [{ title: 'Evil', target: 'javascript:alert(1)', items: [{ title: 'Fine', target: '#c2', items: 'nope' }] }, { target: '#c1' }];
    book.info.cover = '../../etc/passwd';
    book.info.isbn = 'not an isbn';
    book.info.creators = [{ name: 'Ann', role: 42 }, 'junk'];
    book.chapters = [{ id: 'c1', title: 'One', start: 0, writingMode: 'sideways' }, { id: '<b>', title: 7, start: 10_000 }, { start: -1 }];

    const target = tempLibrary();
    const report = target.importJson(JSON.stringify(file));
    expect(report.issues).toEqual([]);
    const restored = target.getArticle(result.article.id).book!;
    expect(restored.toc).toEqual([{ title: 'Evil', target: null, items: [{ title: 'Fine', target: '#c2', items: [] }] }]);
    expect(restored.cover).toBeNull();
    expect(restored.isbn).toBeNull();
    expect(restored.creators).toEqual([{ name: 'Ann', role: null, fileAs: null }]);
    const textLength = target.getArticle(result.article.id).text.length;
    expect(restored.chapters).toEqual([
      { id: 'c1', title: 'One', start: 0, writingMode: null },
      { id: 'c2', title: null, start: textLength, writingMode: null },
    ]);

    // A document that is a zip but not an EPUB is skipped; the article keeps its text, not its book link.
    const notEpub = JSON.parse(source.exportJson()) as typeof file;
    const zipOnly = Buffer.from(makeEpub({ chapters: [{ title: 'x', body: '<p>x</p>' }], noContainer: true }));
    const zipHash = createHash('sha256').update(zipOnly).digest('hex');
    Object.assign(notEpub.documents[0]!, { hash: zipHash, size: zipOnly.length, bytes: zipOnly.toString('base64') });
    Object.assign(notEpub.articles[0]!.book, { fileHash: zipHash });
    const third = tempLibrary();
    const skipped = third.importJson(JSON.stringify(notEpub));
    expect(skipped.issues.map((i) => i.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('EPUB file: its bytes are not an EPUB')]),
    );
    expect(third.getArticle(result.article.id).book).toBeUndefined();
    expect(third.getArticle(result.article.id).text).toBe('One.\n\nTwo.');
  });
});

describe('the sanitizer and book markup', () => {
  it('keeps a chapter number, a name and a vertical writing mode on <section> only, and only in their safe forms', () => {
    expect(
      sanitizeHtml(
        '<section data-chapter="3" aria-label="Three" class="writing-vertical-rl"><p>a</p></section>' +
          '<section data-chapter="3x" data-other="1" class="writing-vertical-rl evil"><div data-chapter="1" aria-label="b" class="writing-vertical-rl">t</div></section>',
      ),
    ).toBe(
      '<section data-chapter="3" aria-label="Three" class="writing-vertical-rl"><p>a</p></section><section><div>t</div></section>',
    );
  });
});
