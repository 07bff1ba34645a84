import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import { tempDir } from '../helpers/tmp';

function setup() {
  const library = Library.open(tempDir());
  const internal: unknown[] = [];
  const dispatch = createDispatcher(createHandlers(library, 'browser'), (err) => internal.push(err));
  return { library, dispatch, internal };
}

function errorOf(envelope: Envelope<unknown>) {
  if (envelope.ok) throw new Error(`expected an error, got ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

const bytes = (text: string) => new TextEncoder().encode(text);

function value(envelope: Envelope<unknown>): unknown {
  if (!envelope.ok) throw new Error(`expected a value, got ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

/** Imports a small article through the contract; returns its id and text. */
async function importArticle(dispatch: ReturnType<typeof setup>['dispatch']) {
  const result = value(
    await dispatch('importFile', {
      name: 'notes.txt',
      data: bytes('A Quiet Morning\n\nThe kettle sang before the birds did.\n\nThen the house woke up.\n'),
    }),
  ) as { article: { id: string } };
  const article = value(await dispatch('getArticle', { id: result.article.id })) as { id: string; text: string };
  return { id: article.id, text: article.text };
}

describe('the dispatcher', () => {
  it('answers a valid call with its value', async () => {
    const { library, dispatch } = setup();
    const info = await dispatch('getInfo', {});
    expect(info).toMatchObject({ ok: true, value: { articleCount: 0, shell: 'browser', libraryPath: library.dir } });
    library.close();
  });

  it('refuses unknown methods, including inherited property names', async () => {
    const { library, dispatch } = setup();
    for (const name of ['dropTables', 'constructor', '__proto__', 'toString', 42, null]) {
      expect(errorOf(await dispatch(name, {})).code).toBe('unknown_method');
    }
    library.close();
  });

  it('refuses bad arguments with a message naming the field, and changes nothing', async () => {
    const { library, dispatch } = setup();
    const cases: [string, unknown, RegExp][] = [
      ['getArticle', {}, /id/],
      ['getArticle', { id: "x'; DROP TABLE articles; --" }, /id must be/],
      ['getArticle', { id: 'abcd1234', extra: 1 }, /extra|Unrecognized/i],
      ['importFile', { name: 'a.txt', data: 'not bytes' }, /data must be bytes/],
      ['importFile', { name: '', data: bytes('x') }, /name must not be empty/],
      ['importFile', null, /name/],
      ['deleteArticle', [], /Invalid arguments/],
    ];
    for (const [method, args, message] of cases) {
      const error = errorOf(await dispatch(method, args));
      expect(error.code, `${method} ${JSON.stringify(args)}`).toBe('invalid_argument');
      expect(error.message).toMatch(message);
    }
    expect(library.articles.count()).toBe(0);
    library.close();
  });

  it('imports, lists, reads and deletes through the contract', async () => {
    const { library, dispatch } = setup();
    const imported = await dispatch('importFile', {
      name: 'notes.txt',
      data: bytes('A Quiet Morning\n\nThe kettle sang before the birds did.\n\nThen the house woke up.\n'),
    });
    if (!imported.ok) throw new Error(imported.error.message);
    const result = imported.value as { status: string; article: { id: string; title: string } };
    expect(result.status).toBe('imported');
    const summary = result.article;
    expect(summary.title).toBe('A Quiet Morning');

    const list = await dispatch('listArticles', {});
    expect(list.ok && (list.value as { id: string }[]).map((a) => a.id)).toEqual([summary.id]);

    const article = await dispatch('getArticle', { id: summary.id });
    expect(article.ok && (article.value as { text: string }).text).toContain('The kettle sang before the birds did.');

    expect(await dispatch('deleteArticle', { id: summary.id })).toEqual({ ok: true, value: { id: summary.id } });
    expect(errorOf(await dispatch('getArticle', { id: summary.id })).code).toBe('not_found');
    expect(errorOf(await dispatch('deleteArticle', { id: summary.id })).code).toBe('not_found');
    library.close();
  });

  it('answers an importer refusal with its specific code and stores nothing', async () => {
    const { library, dispatch } = setup();
    expect(errorOf(await dispatch('importFile', { name: 'a.pdf', data: bytes('%PDF-1.4') })).code).toBe('damaged_file');
    expect(errorOf(await dispatch('importFile', { name: 'a.odt', data: bytes('PK') })).code).toBe('unsupported_format');
    expect(errorOf(await dispatch('importFile', { name: 'empty.txt', data: new Uint8Array() })).code).toBe(
      'empty_file',
    );
    expect(library.articles.count()).toBe(0);
    library.close();
  });

  it('validates highlight and note calls before any handler runs, storing nothing', async () => {
    const { library, dispatch } = setup();
    const { id: articleId, text } = await importArticle(dispatch);
    const start = text.indexOf('kettle sang');
    const good = {
      articleId,
      quote: { exact: 'kettle sang', prefix: '', suffix: '' },
      position: { start, end: start + 'kettle sang'.length },
      color: 'yellow',
    };
    const cases: [string, unknown, RegExp][] = [
      ['createHighlight', { ...good, color: 'orange' }, /color must be one of yellow, green, blue, pink, purple/],
      ['createHighlight', { ...good, position: { start: 5, end: 5 } }, /position end must be after start/],
      ['createHighlight', { ...good, position: { start: 9, end: 2 } }, /position end must be after start/],
      ['createHighlight', { ...good, position: { start: -1, end: 2 } }, /position\.start/],
      ['createHighlight', { ...good, position: { start: 1.5, end: 2 } }, /position\.start/],
      ['createHighlight', { ...good, quote: { ...good.quote, exact: '' } }, /quote must not be empty/],
      ['createHighlight', { ...good, quote: { ...good.quote, prefix: 'x'.repeat(33) } }, /quote\.prefix/],
      ['createHighlight', { ...good, id: 'abcd1234' }, /Unrecognized key|id/i],
      ['createHighlight', { ...good, quote: { ...good.quote, type: 'TextQuoteSelector' } }, /Unrecognized key|type/i],
      ['createHighlight', { ...good, articleId: 'NOPE!' }, /articleId: id must be/],
      ['createHighlight', { ...good, note: 42 }, /note must be a string/],
      ['updateHighlight', { id: 'abcd1234', color: 'black' }, /color must be one of/],
      ['updateHighlight', { id: 'abcd1234', quote: good.quote }, /quote and position go together/],
      ['updateHighlight', { id: 'abcd1234', unknown: true }, /Unrecognized key|unknown/i],
      ['deleteHighlight', { id: 'UPPER' }, /id must be/],
      ['restoreHighlight', {}, /id/],
      ['listHighlights', { id: articleId }, /articleId|Unrecognized/i],
      ['setArticleNote', { articleId }, /note must be a string/],
      ['setArticleNote', { articleId, note: 'x'.repeat(1_000_001) }, /note is too long/],
      ['getAnchoringReport', { articleId: 7 }, /articleId/],
      ['updateArticle', { id: articleId, name: 'a.txt' }, /data must be bytes/],
      ['importFile', { name: 'a.txt', data: bytes('x'), mode: 'replace' }, /mode/],
    ];
    for (const [method, args, message] of cases) {
      const error = errorOf(await dispatch(method, args));
      expect(error.code, `${method} ${JSON.stringify(args).slice(0, 200)}`).toBe('invalid_argument');
      expect(error.message, method).toMatch(message);
    }
    expect(library.db.prepare('SELECT count(*) FROM highlights').pluck().get()).toBe(0);
    expect(library.db.prepare('SELECT count(*) FROM article_notes').pluck().get()).toBe(0);
    expect(library.articles.count()).toBe(1);
    library.close();
  });

  it('refuses a highlight whose quote is not in the article, storing nothing', async () => {
    const { library, dispatch } = setup();
    const { id: articleId } = await importArticle(dispatch);
    const error = errorOf(
      await dispatch('createHighlight', {
        articleId,
        quote: { exact: 'the owls hooted', prefix: '', suffix: '' },
        position: { start: 0, end: 15 },
        color: 'blue',
      }),
    );
    expect(error).toEqual({ code: 'invalid_argument', message: expect.stringMatching(/highlighted text was not found in this article/) });
    expect(library.db.prepare('SELECT count(*) FROM highlights').pluck().get()).toBe(0);
    library.close();
  });

  it('creates, lists, edits, deletes and restores highlights and sets the note through the contract', async () => {
    const { library, dispatch } = setup();
    const { id: articleId, text } = await importArticle(dispatch);
    const start = text.indexOf('kettle sang');
    const created = value(
      await dispatch('createHighlight', {
        articleId,
        quote: { exact: 'kettle sang', prefix: '', suffix: '' },
        position: { start, end: start + 11 },
        color: 'yellow',
        note: 'tea',
      }),
    ) as { id: string; quote: { prefix: string }; anchor: string };
    expect(created.quote.prefix).toBe(text.slice(Math.max(0, start - 32), start));
    expect(created.anchor).toBe('exact');

    expect(value(await dispatch('updateHighlight', { id: created.id, color: 'pink', note: '*hot*' }))).toMatchObject({
      color: 'pink',
      note: '*hot*',
    });
    expect(value(await dispatch('listHighlights', { articleId }))).toMatchObject([{ id: created.id, color: 'pink' }]);
    expect(value(await dispatch('deleteHighlight', { id: created.id }))).toEqual({ id: created.id });
    expect(value(await dispatch('listHighlights', { articleId }))).toEqual([]);
    expect(errorOf(await dispatch('deleteHighlight', { id: created.id })).code).toBe('not_found');
    expect(value(await dispatch('restoreHighlight', { id: created.id }))).toMatchObject({ id: created.id, note: '*hot*' });

    expect(value(await dispatch('getArticleNote', { articleId }))).toEqual({ articleId, note: '', updatedAt: null });
    expect(value(await dispatch('setArticleNote', { articleId, note: 'Mornings.' }))).toMatchObject({ articleId, note: 'Mornings.' });
    expect(value(await dispatch('getAnchoringReport', { articleId }))).toBeNull();

    const updated = value(
      await dispatch('updateArticle', {
        id: articleId,
        name: 'notes.txt',
        data: bytes('A Quiet Morning\n\nFirst light. The kettle sang before the birds did.\n\nThen the house woke up.\n'),
      }),
    ) as { article: { id: string }; report: { exact: number; moved: number; orphaned: number } };
    expect(updated.article.id).toBe(articleId);
    expect(updated.report).toMatchObject({ exact: 0, moved: 1, orphaned: 0 });
    expect(value(await dispatch('getAnchoringReport', { articleId }))).toEqual(updated.report);

    expect(errorOf(await dispatch('listHighlights', { articleId: 'abcd1234' })).code).toBe('not_found');
    expect(errorOf(await dispatch('updateHighlight', { id: 'abcd1234', color: 'blue' })).code).toBe('not_found');
    expect(errorOf(await dispatch('getAnchoringReport', { articleId: 'abcd1234' })).code).toBe('not_found');
    library.close();
  });

  it("answers importFile of the same file with 'duplicate' unless told to update or add", async () => {
    const { library, dispatch } = setup();
    const { id } = await importArticle(dispatch);
    const again = { name: 'notes.txt', data: bytes('A Quiet Morning\n\nThe kettle sang.\n') };
    expect(value(await dispatch('importFile', again))).toMatchObject({ status: 'duplicate', existing: { id }, article: { id: '' } });
    expect(library.articles.count()).toBe(1);
    expect(value(await dispatch('importFile', { ...again, mode: 'update' }))).toMatchObject({ status: 'updated', article: { id } });
    expect(value(await dispatch('importFile', { ...again, mode: 'new' }))).toMatchObject({ status: 'imported' });
    expect(library.articles.count()).toBe(2);
    library.close();
  });

  it('hides internal failures behind a generic message', async () => {
    const { library, dispatch, internal } = setup();
    library.close(); // any call now fails inside better-sqlite3
    const error = errorOf(await dispatch('listArticles', {}));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Something went wrong in listArticles. Nothing was changed.');
    expect(internal).toHaveLength(1);
  });
});
