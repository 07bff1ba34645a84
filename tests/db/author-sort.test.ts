/**
 * The library's Author sort (src/main/db/author-sort.ts): a book by its
 * first author's file-as, anything else by its byline, no author last,
 * ties by title; kept by triggers through every write, never synced.
 */
import { describe, expect, it } from 'vitest';
import type { Library } from '../../src/main/library';
import { tempLibrary } from '../helpers/library';
import { makeEpub } from '../epub/make-epub';


const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const markdown = (title: string, author?: string): Uint8Array =>
  bytes(`---\ntitle: ${title}\n${author ? `author: ${author}\n` : ''}---\n\nSome text about ${title}.\n`);
const book = (title: string, creators: { name: string; role?: string; fileAs?: string }[]): Uint8Array =>
  makeEpub({ title, creators, chapters: [{ title: 'One', body: `<p>The text of ${title}.</p>` }] });

function imported(lib: Library, fileName: string, data: Uint8Array): string {
  const r = lib.importFile({ fileName, bytes: data }, 'new');
  if (r.status !== 'imported') throw new Error(`${fileName}: ${r.status}`);
  return r.article.id;
}

/** A library of books with and without file-as, articles with bylines, and entries with no author. */
function fill(lib: Library): Record<string, string> {
  return {
    eyre: imported(lib, 'eyre.epub', book('Jane Eyre', [{ name: 'Charlotte Brontë', role: 'aut', fileAs: 'Brontë, Charlotte' }])),
    // An editor listed first is not the author; a creator with no role is.
    udolpho: imported(lib, 'udolpho.epub', book('Udolpho', [{ name: 'Zed Editor', role: 'edt', fileAs: 'Editor, Zed' }, { name: 'Ann Radcliffe' }])),
    // No file-as: the name as written.
    frankenstein: imported(lib, 'frankenstein.epub', book('Frankenstein', [{ name: 'Mary Shelley', role: 'aut' }])),
    dickens: imported(lib, 'dickens.md', markdown('Bleak House notes', 'Charles Dickens')),
    // A list of authors sorts by its first.
    turing: imported(lib, 'turing.md', markdown('Computing Machinery', '[Alan Turing, Bob Other]')),
    noteB: imported(lib, 'b.md', markdown('B without author')),
    noteA: imported(lib, 'a.md', markdown('A without author')),
  };
}

const titles = (lib: Library, order?: 'asc' | 'desc'): string[] =>
  lib.listArticlesPage({ sort: 'author', ...(order ? { order } : {}) }).items.map((i) => i.title);

const BY_AUTHOR = ['Computing Machinery', 'Udolpho', 'Jane Eyre', 'Bleak House notes', 'Frankenstein', 'A without author', 'B without author'];

describe('sort by author', () => {
  it('orders books by file-as (else the name), articles by byline, no author last, then by title', () => {
    const lib = tempLibrary();
    fill(lib);
    expect(titles(lib)).toEqual(BY_AUTHOR); // A to Z is the default order
    expect(titles(lib, 'desc')).toEqual([...BY_AUTHOR].reverse());
    // Pages meet without overlap or gap.
    const first = lib.listArticlesPage({ sort: 'author', limit: 3 }).items.map((i) => i.title);
    const rest = lib.listArticlesPage({ sort: 'author', limit: 10, offset: 3 }).items.map((i) => i.title);
    expect([...first, ...rest]).toEqual(BY_AUTHOR);
  });

  it('moves an article when its byline is edited, and a book when its creators change', () => {
    const lib = tempLibrary();
    const ids = fill(lib);
    lib.updateArticle(ids.noteA!, { fileName: 'a.md', bytes: markdown('A without author', 'Aaron Aardvark') });
    expect(titles(lib)[0]).toBe('A without author');
    lib.updateArticle(ids.turing!, { fileName: 'turing.md', bytes: markdown('Computing Machinery') });
    expect(titles(lib).at(-1)).toBe('Computing Machinery'); // no author now: last
    // Any writer, even plain SQL, keeps the key; a stale key written directly is put right.
    lib.db.prepare(`UPDATE articles SET author = 'Abbott, Zola' WHERE id = ?`).run(ids.dickens);
    lib.db.prepare(`UPDATE articles SET author_sort = 'aaa' WHERE id = ?`).run(ids.frankenstein);
    lib.db.prepare(`UPDATE article_books SET info = json_set(info, '$.creators[0].fileAs', 'Ab, Mary') WHERE article_seq = (SELECT seq FROM articles WHERE id = ?)`).run(ids.frankenstein);
    expect(titles(lib)).toEqual(['A without author', 'Frankenstein', 'Bleak House notes', 'Udolpho', 'Jane Eyre', 'B without author', 'Computing Machinery']);
  });

  it('keeps the order through a JSON backup restored into a new library', () => {
    const source = tempLibrary();
    fill(source);
    const restored = tempLibrary();
    restored.importJson(source.exportJson());
    expect(titles(restored)).toEqual(BY_AUTHOR);
  });

  it('never publishes the derived key to sync', () => {
    const lib = tempLibrary();
    const ids = fill(lib);
    lib.db.prepare(`UPDATE sync_state SET capture = 1`).run();
    const outbox = lib.db.prepare(`SELECT entity, data FROM sync_outbox ORDER BY hlc`);
    const before = outbox.all().length;
    lib.db.prepare(`UPDATE articles SET author_sort = 'stale' WHERE id = ?`).run(ids.eyre);
    expect(outbox.all()).toHaveLength(before);
    lib.db.prepare(`UPDATE articles SET author = 'Someone Else' WHERE id = ?`).run(ids.dickens);
    const published = outbox.all().slice(before) as { entity: string; data: string }[];
    expect(published.map((r) => JSON.parse(r.data) as Record<string, unknown>)).toEqual([{ author: 'Someone Else' }]);
  });
});
