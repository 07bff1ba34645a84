import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { detectHighlightsExport } from '../../src/main/migrate';
import { parseInstapaperCsv } from '../../src/main/migrate/instapaper-csv';
import { closeServersAfterEach } from '../web/helpers';
import { tempDir } from '../helpers/tmp';
import { pageHtml } from './web-exports';
import { site } from './web-site';

closeServersAfterEach();

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function instapaperCsv(origin: string): string {
  return (
    '\ufeffURL,Title,Selection,Folder,Timestamp,Tags\r\n' +
    `${origin}/a,"Essay, part one","It’s the “first” selection, with commas",Archive,1700000000,"[""history"",""日本""]"\r\n` +
    // A selection over two paragraphs (a line break inside the quoted field).
    `${origin}/b,Two,"First paragraph here.\nSecond paragraph there.",Starred,1600000000,\r\n` +
    `${origin}/c,Unhighlighted,,Cooking/Bread,1600000000,\r\n` +
    // The same row twice: one highlight.
    `${origin}/a,"Essay, part one","It’s the “first” selection, with commas",Archive,1700000000,"[""history""]"\r\n` +
    'not a url,Broken,"x",Unread,1,\r\n' +
    // A quoted field that never closes (a file cut off): reported, the rows before it kept.
    `${origin}/d,"Never closed,Unread,1,\r\n`
  );
}

describe('Instapaper CSV', () => {
  it('is a highlights export when a row has a selection (else a URL list), read with its awkward rows', () => {
    const csv = instapaperCsv('https://example.com');
    expect(detectHighlightsExport('instapaper-export.csv', bytes(csv))).toBe('instapaper-csv');
    // Without selections it stays a plain list of URLs (Save URL list takes it, as before).
    expect(detectHighlightsExport('instapaper-export.csv', bytes('URL,Title,Selection,Folder,Timestamp\nhttps://example.com/x,X,,Unread,1\n'))).toBeNull();

    const parsed = parseInstapaperCsv(csv);
    expect(parsed.books.map((b) => ({ url: b.url, title: b.title, tags: b.tags, archived: b.archived, favorite: b.favorite, quotes: b.highlights.map((h) => h.quote) }))).toEqual([
      { url: 'https://example.com/a', title: 'Essay, part one', tags: ['history', '日本'], archived: true, favorite: undefined, quotes: ['It’s the “first” selection, with commas'] },
      { url: 'https://example.com/b', title: 'Two', tags: [], archived: undefined, favorite: true, quotes: ['First paragraph here.\nSecond paragraph there.'] },
    ]);
    expect(parsed.toSave).toEqual([{ url: 'https://example.com/c', title: 'Unhighlighted', tags: ['Cooking', 'Bread'], addedAt: '2020-09-13T12:26:40.000Z' }]);
    expect(parsed.failures.map((f) => f.where)).toEqual(expect.arrayContaining(['line 7', 'line 8']));
  });

  it('a selection waits for its page and is placed in it when the page is saved (typography folded)', async () => {
    const web = await site({
      '/a': pageHtml('Essay', ['Some opening words. It\'s the "first" selection, with commas, and then more.', 'Another paragraph to make it an article.']),
      '/b': pageHtml('Two', ['First paragraph here.', 'Second paragraph there.', 'And a third one for good measure.']),
    });
    const library = Library.open(tempDir());
    const result = library.importFile({ fileName: 'instapaper-export.csv', bytes: bytes(instapaperCsv(web.origin)) });
    if (result.status !== 'highlights') throw new Error(result.status);
    expect(result.report.sources.created).toBe(2);
    expect(result.report.toSave!.map((e) => e.url)).toEqual([`${web.origin}/a`, `${web.origin}/b`, `${web.origin}/c`]);

    const a = await library.saveUrl(`${web.origin}/a`);
    if (a.status !== 'imported') throw new Error(a.status);
    const [h] = library.listHighlights(a.article.id);
    expect(h!.quote.exact).toBe('It\'s the "first" selection, with commas');
    expect(library.getArticle(a.article.id)).toMatchObject({ archived: true, tags: expect.arrayContaining(['history', '日本']) as unknown as string[] });

    const b = await library.saveUrl(`${web.origin}/b`);
    if (b.status !== 'imported') throw new Error(b.status);
    expect(library.listHighlights(b.article.id).map((x) => x.anchor)).toEqual(['exact']);
    expect(library.getArticle(b.article.id).favorite).toBe(true);
    expect(library.listArticles().filter((x) => x.format === 'highlights')).toEqual([]);
    library.close();
  });
});
