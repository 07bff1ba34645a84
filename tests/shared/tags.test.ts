/**
 * One rule for tag names (src/shared/tags.ts), and every entry point
 * applying it the same way: typed names (contract, TagStore, the renderer)
 * are refused with the same message; imported names (Markdown front matter,
 * URL lists, ArticleStore) are repaired the same way.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract';
import { checkTagName, MAX_TAG_CHARS, repairTagName, tagKey, tagNamesFromSource } from '../../src/shared/tags';
import { ArticleStore } from '../../src/main/db/articles';
import { openDatabase } from '../../src/main/db/open';
import { TagStore } from '../../src/main/db/tags';
import { importMarkdown } from '../../src/main/import/markdown';
import { parseBookmarksHtml } from '../../src/main/web/url-lists';
import { Library } from '../../src/main/library';
import { exportLibraryJson } from '../../src/main/backup/json-export';
import { importLibraryJson } from '../../src/main/backup/json-import';
import { cleanTagName } from '../../src/renderer/src/lib/tag-names';
import { sampleArticle } from '../helpers/articles';
import { tempDir } from '../helpers/tmp';

const x64 = 'x'.repeat(64);
const x65 = 'x'.repeat(65);

/** Input; the stored name when typed (or the error it gets); the tags it becomes when imported. */
const TABLE: { input: string; typed: string | RegExp; imported: string[] }[] = [
  { input: '  slow   reading \t', typed: 'slow reading', imported: ['slow reading'] },
  { input: 'a\u00a0b', typed: 'a b', imported: ['a b'] },
  { input: x64, typed: x64, imported: [x64] },
  { input: '😀'.repeat(64), typed: '😀'.repeat(64), imported: ['😀'.repeat(64)] },
  { input: x65, typed: /at most 64 characters/, imported: [`${'x'.repeat(63)}…`] },
  { input: `${'word '.repeat(20)}`, typed: /at most 64 characters/, imported: [`${'word '.repeat(12)}wor…`] },
  { input: 'a,b', typed: /commas/, imported: ['a', 'b'] },
  { input: 'a\nb', typed: /line breaks/, imported: ['a b'] },
  { input: 'a\u0007b', typed: /control characters/, imported: ['a b'] },
  { input: '   ', typed: /must not be empty/, imported: [] },
  // A decomposed é is stored composed: one tag whichever way it was typed.
  { input: 'cafe\u0301', typed: 'caf\u00e9', imported: ['caf\u00e9'] },
];

const dbs: { close(): void }[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function stores(): { articles: ArticleStore; tags: TagStore } {
  const db = openDatabase(join(tempDir(), 'g.sqlite'));
  dbs.push(db);
  return { articles: new ArticleStore(db), tags: new TagStore(db) };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe('the tag rule', () => {
  it('checks typed names', () => {
    for (const { input, typed } of TABLE) {
      const checked = checkTagName(input);
      if (typeof typed === 'string') expect(checked, JSON.stringify(input)).toEqual({ name: typed });
      else expect('error' in checked && checked.error, JSON.stringify(input)).toMatch(typed);
    }
    // One limit: 64 characters, whatever the raw length before spaces collapse.
    expect(checkTagName(`  ${'x '.repeat(31)}x  `)).toEqual({ name: `${'x '.repeat(31)}x` });
    expect(checkTagName('x'.repeat(100_000))).toHaveProperty('error');
  });

  it('repairs imported names into names the check accepts, and repairing again changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        const names = repairTagName(raw);
        for (const name of names) {
          expect(checkTagName(name)).toEqual({ name });
          expect(repairTagName(name)).toEqual([name]);
        }
      }),
    );
  });

  it('counts names equal but for case or composition as one tag, keeping the first spelling', () => {
    expect(tagKey('Ärger')).toBe(tagKey('ärger'));
    expect(tagNamesFromSource(['Ärger', 'ärger', 'ÄRGER', 'Science', 'science', 42, null])).toEqual(['Ärger', 'Science']);
  });
});

describe('every entry point applies it', () => {
  it('refuses or stores typed names alike: contract, TagStore, renderer', () => {
    const { articles, tags } = stores();
    const id = articles.insert(sampleArticle()).id;
    for (const { input, typed } of TABLE) {
      const label = JSON.stringify(input);
      const parsed = contract.setArticleTags.args.safeParse({ id, tags: [input] });
      const renderer = cleanTagName(input);
      if (typeof typed === 'string') {
        expect(parsed.success, label).toBe(true);
        expect(tags.set(id, [input]), label).toEqual([typed]);
        expect(renderer, label).toEqual({ name: typed });
      } else {
        expect(parsed.success, label).toBe(false);
        expect(parsed.error?.issues[0]?.message, label).toMatch(typed);
        expect(errorOf(() => tags.set(id, [input])), label).toMatch(typed);
        expect('error' in renderer && renderer.error, label).toMatch(typed);
      }
    }
  });

  it('repairs imported names alike: Markdown front matter, URL lists, ArticleStore', () => {
    const { articles } = stores();
    for (const { input, imported } of TABLE) {
      const label = JSON.stringify(input);
      const md = importMarkdown(`---\ntags: ${JSON.stringify([input])}\n---\n\nText.\n`, 'a.md', null);
      expect(md.tags, label).toEqual(imported);

      // Bookmarks split TAGS on commas themselves; what each part becomes is the rule's.
      const attr = input.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replaceAll('\u0007', '&#7;');
      const [entry] = parseBookmarksHtml(`<DL><DT><A HREF="https://example.com/" TAGS="${attr}">x</A></DL>`, { foldersAsTags: false });
      expect(entry?.tags, label).toEqual(imported);

      // The store repairs whatever an importer hands it.
      const stored = articles.get(articles.insert(sampleArticle({}, [input])).id)!;
      expect(stored.tags, label).toEqual(imported);
    }
  });

  it('stores one tag for names differing only in case, ASCII or not, in every store', () => {
    const { articles, tags } = stores();
    const a = articles.insert(sampleArticle({}, ['Ärger', 'Science'])).id;
    const b = articles.insert(sampleArticle({}, ['ärger', 'SCIENCE'])).id;
    tags.add([a, b], ['ÄRGER']);
    const byName = (list: { name: string }[]) => [...list].sort((x, y) => (x.name < y.name ? -1 : 1));
    expect(byName(tags.list())).toEqual([
      { name: 'Science', count: 2 },
      { name: 'Ärger', count: 2 },
    ]);
    expect(tags.ofArticle(b).sort()).toEqual(['Science', 'Ärger']);
    tags.remove([b], ['äRGER']);
    expect(tags.ofArticle(b)).toEqual(['Science']);
    expect(tags.rename('ärger', 'ärgernis')).toEqual({ name: 'ärgernis', merged: false });
    expect(tags.delete('ÄRGERNIS')).toBe(1);
    expect(tags.list()).toEqual([{ name: 'Science', count: 2 }]);
  });

  it('a front-matter tag too long to type is stored cut, and can be renamed and deleted', () => {
    const lib = Library.open(tempDir());
    dbs.push(lib);
    const long = 'a'.repeat(100);
    const md = `---\ntitle: Long tags\ntags: [${long}]\n---\n\nText.\n`;
    const r = lib.importFile({ fileName: 'long.md', bytes: new TextEncoder().encode(md) }, 'new');
    if (r.status !== 'imported') throw new Error('not imported');
    const cut = `${'a'.repeat(MAX_TAG_CHARS - 1)}…`;
    expect(lib.getArticle(r.article.id).tags).toEqual([cut]);
    expect(lib.renameTag(cut, 'short')).toEqual({ name: 'short', merged: false });
    expect(lib.deleteTag('short')).toBe(1);
  });

  it('a backup written before the rule is repaired on import, each change reported', () => {
    const lib = Library.open(tempDir());
    dbs.push(lib);
    lib.articles.insert(sampleArticle({}, ['placeholder']));
    const file = exportLibraryJson(lib.db);
    const long = 'b'.repeat(100);
    file.tags = [{ name: long, createdAt: file.tags[0]!.createdAt }, { name: 'x, y', createdAt: file.tags[0]!.createdAt }];
    file.articles[0]!.tags = [long, 'x, y', 'X'];
    const target = Library.open(tempDir());
    dbs.push(target);
    const report = importLibraryJson(target.db, file);
    const cut = `${'b'.repeat(MAX_TAG_CHARS - 1)}…`;
    expect(target.getArticle(file.articles[0]!.id).tags.sort()).toEqual([cut, 'x', 'y'].sort());
    expect(report.issues.map((i) => [i.kind, i.action])).toEqual([
      ['tag', 'changed'],
      ['tag', 'changed'],
    ]);
  });
});
