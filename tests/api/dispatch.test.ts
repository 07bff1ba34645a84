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
    const summary = imported.value as { id: string; title: string };
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
    expect(errorOf(await dispatch('importFile', { name: 'a.pdf', data: bytes('%PDF-1.4') })).code).toBe(
      'unsupported_format',
    );
    expect(errorOf(await dispatch('importFile', { name: 'empty.txt', data: new Uint8Array() })).code).toBe(
      'empty_file',
    );
    expect(library.articles.count()).toBe(0);
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
