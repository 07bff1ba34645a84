import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import type { AttachReport, Highlight, SourceMatch } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';
import { austenClippings, austenEpub, BENNET_BOOK, MISSING, OPENING, REPLIED } from '../migrate/austen';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function setup() {
  const library = Library.open(tempDir());
  const dispatch = createDispatcher(createHandlers(library, 'browser'), (err) => {
    throw err;
  });
  const clippings = library.importFile({ fileName: 'My Clippings.txt', bytes: bytes(austenClippings()) });
  if (clippings.status !== 'highlights') throw new Error(clippings.status);
  const [source, walden] = clippings.report.articleIds as [string, string];
  const book = library.importFile({ fileName: 'pride.epub', bytes: austenEpub() });
  // A web page of the same title, no author: an unsure match.
  const page = library.importFile({ fileName: 'pride.html', bytes: bytes('<html><head><title>Pride and Prejudice</title></head><body><p>A summary of the novel, nothing more.</p></body></html>') }, 'new');
  return { library, dispatch, source, walden, book: book.article.id, page: page.article.id };
}

async function value<T>(answer: Promise<Envelope<unknown>>): Promise<T> {
  const envelope = await answer;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

function snapshot(library: Library): string {
  return JSON.stringify(library.db.prepare('SELECT h.id, a.id AS article, h.anchor, h.start_offset FROM highlights h JOIN articles a ON a.seq = h.article_seq ORDER BY h.id').all())
    + JSON.stringify(library.db.prepare('SELECT id, format FROM articles ORDER BY id').all());
}

describe('findSourceMatches and attachSourceToDocument through the contract', () => {
  it('offers the source to the book (sure) and the book and a same-titled page to the source (book first), then attaches', async () => {
    const { library, dispatch, source, walden, book, page } = setup();
    const forBook = await value<SourceMatch[]>(dispatch('findSourceMatches', { articleId: book }));
    expect(forBook.map((m) => [m.article.id, m.match])).toEqual([[source, 'title-author']]);
    expect(forBook[0]!.article).toMatchObject({ title: 'Pride and Prejudice', format: 'highlights', highlightCount: 3 });
    const forSource = await value<SourceMatch[]>(dispatch('findSourceMatches', { articleId: source }));
    expect(forSource.map((m) => [m.article.id, m.match])).toEqual([[book, 'title-author'], [page, 'title']]);
    expect(await value(dispatch('findSourceMatches', { articleId: walden }))).toEqual([]);

    const report = await value<AttachReport>(dispatch('attachSourceToDocument', { sourceId: source, documentId: book }));
    expect(report).toMatchObject({ articleId: book, exact: 2, fuzzy: 0, unplaced: 1 });
    expect(library.articles.summary(source)).toBeUndefined();
    const text = library.getArticle(book).text;
    const highlights = await value<Highlight[]>(dispatch('listHighlights', { articleId: book }));
    expect(highlights.filter((h) => h.anchor === 'exact').map((h) => text.slice(h.position.start, h.position.end))).toEqual([OPENING, BENNET_BOOK]);
    const orphan = highlights.find((h) => h.anchor === 'orphaned')!;
    expect(report.unplacedIds).toEqual([orphan.id]);
    expect(orphan.quote.exact).toBe(MISSING);
    // Nothing is offered any more: the source is the book now.
    expect(await value(dispatch('findSourceMatches', { articleId: book }))).toEqual([]);

    // Place here: the unplaced highlight takes a passage the reader selected (the one update path), exact from then on.
    const start = text.indexOf(REPLIED);
    const placed = await value<Highlight>(dispatch('updateHighlight', {
      id: orphan.id,
      quote: { exact: REPLIED, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + REPLIED.length, start + REPLIED.length + 32) },
      position: { start, end: start + REPLIED.length },
    }));
    expect(placed).toMatchObject({ anchor: 'exact', position: { start, end: start + REPLIED.length } });
    expect((await value<Highlight[]>(dispatch('listHighlights', { articleId: book }))).filter((h) => h.anchor === 'orphaned')).toEqual([]);
    library.close();
  });

  it('refuses bad ids with typed errors and changes nothing', async () => {
    const { library, dispatch, source, walden, book } = setup();
    const before = snapshot(library);
    const cases: [string, unknown, string, RegExp][] = [
      ['findSourceMatches', { articleId: 'NOPE!' }, 'invalid_argument', /articleId/],
      ['findSourceMatches', { articleId: 'zzzzzzzz' }, 'not_found', /No article with id zzzzzzzz/],
      ['attachSourceToDocument', { sourceId: source }, 'invalid_argument', /documentId/],
      ['attachSourceToDocument', { sourceId: source, documentId: book, extra: 1 }, 'invalid_argument', /extra/],
      ['attachSourceToDocument', { sourceId: 'zzzzzzzz', documentId: book }, 'not_found', /zzzzzzzz/],
      ['attachSourceToDocument', { sourceId: source, documentId: 'zzzzzzzz' }, 'not_found', /zzzzzzzz/],
      ['attachSourceToDocument', { sourceId: book, documentId: source }, 'invalid_argument', /not a source without text/],
      ['attachSourceToDocument', { sourceId: source, documentId: walden }, 'invalid_argument', /has no text/],
      ['attachSourceToDocument', { sourceId: source, documentId: source }, 'invalid_argument', /has no text/],
    ];
    for (const [method, args, code, message] of cases) {
      const answer = await dispatch(method, args);
      expect(answer.ok, `${method} ${JSON.stringify(args)}`).toBe(false);
      if (!answer.ok) {
        expect(answer.error.code).toBe(code);
        expect(answer.error.message).toMatch(message);
      }
    }
    expect(snapshot(library)).toBe(before);
    library.close();
  });
});
