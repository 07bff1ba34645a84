import { describe, expect, it } from 'vitest';
import {
  detectUrlListFormat,
  parseBookmarksHtml,
  parseCsv,
  parseCsvExport,
  parseTimestamp,
  parseUrlList,
  parseUrlListFile,
  splitTags,
} from '../../src/main/web/url-lists';
import type { InvalidUrlListItem } from '../../src/main/web/url-lists';

describe('plain URL lists', () => {
  it('reads one URL a line, skipping blanks and comments, deduplicated by normalized URL', () => {
    const invalid: InvalidUrlListItem[] = [];
    const entries = parseUrlList(
      '\ufeff# my reading list\r\nhttps://example.com/a?utm_source=x\n\n  https://example.com/b  A title here\nnot a url\nhttps://EXAMPLE.com/a#top\n<https://example.com/c>\n',
      (item) => invalid.push(item),
    );
    expect(entries).toEqual([
      { url: 'https://example.com/a', tags: [] },
      { url: 'https://example.com/b', title: 'A title here', tags: [] },
      { url: 'https://example.com/c', tags: [] },
    ]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ line: 5, value: 'not' });
  });
});

const BOOKMARKS = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://example.com/one?utm_medium=email" ADD_DATE="1700000000" TAGS="read,long">One &amp; only</A>
        <DT><H3>Science</H3>
        <DL><p>
            <DT><A HREF="https://example.org/two" ADD_DATE="1600000000123">Two</A>
            <DT><H3>Physics</H3>
            <DL><p>
                <DT><A HREF="http://example.net/three">Three</A>
            </DL><p>
        </DL><p>
        <DT><A HREF="javascript:void(0)">Bookmarklet</A>
    </DL><p>
    <DT><A HREF="https://example.com/one">Duplicate</A>
</DL><p>
`;

describe('bookmarks HTML', () => {
  it('reads links with dates, tags and folders as tags', () => {
    const invalid: InvalidUrlListItem[] = [];
    const entries = parseBookmarksHtml(BOOKMARKS, {}, (i) => invalid.push(i));
    expect(entries).toEqual([
      { url: 'https://example.com/one', title: 'One & only', tags: ['read', 'long'], addedAt: '2023-11-14T22:13:20.000Z' },
      { url: 'https://example.org/two', title: 'Two', tags: ['Science'], addedAt: '2020-09-13T12:26:40.123Z' },
      { url: 'http://example.net/three', title: 'Three', tags: ['Science', 'Physics'] },
    ]);
    expect(invalid.map((i) => i.value)).toEqual(['javascript:void(0)']);
  });

  it('can leave folders out', () => {
    const entries = parseBookmarksHtml(BOOKMARKS, { foldersAsTags: false });
    expect(entries.find((e) => e.title === 'Three')?.tags).toEqual([]);
  });
});

describe('CSV exports', () => {
  it('parses RFC 4180 quoting', () => {
    expect(parseCsv('a,b,c\r\n"x, y","he said ""hi""","line\nbreak"\n,,\nlast,row,')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'he said "hi"', 'line\nbreak'],
      ['last', 'row', ''],
    ]);
  });

  it('numbers rows by their line in the file: blank lines and multi-line cells count', () => {
    const invalid: InvalidUrlListItem[] = [];
    const csv =
      'url,title\r\n' + // line 1
      '\r\n' + // 2: blank
      'https://example.com/a,A\r\n' + // 3
      '\r\n' + // 4: blank
      ',,\r\n' + // 5: empty cells, skipped like a blank line
      'not a url,Bad\r\n' + // 6
      'https://example.com/b,"two\nlines"\n' + // 7-8
      ',no url here\n' + // 9
      'https://example.com/c,"never closed\nmore\n'; // 10-11
    const entries = parseCsvExport(csv, (item) => invalid.push(item));
    expect(entries).toEqual([
      { url: 'https://example.com/a', title: 'A', tags: [] },
      { url: 'https://example.com/b', title: 'two lines', tags: [] },
    ]);
    expect(invalid).toEqual([
      { line: 10, value: 'https://example.com/c,"never closed', reason: 'a quoted field is never closed' },
      expect.objectContaining({ line: 6, value: 'not a url' }),
      { line: 9, value: ',no url here', reason: 'no URL in this row' },
    ]);
  });

  it('keeps stray quotes inside unquoted cells and reads CR-only files', () => {
    expect(parseCsv('a,b\rsay "hi",x\r\r"q""",y')).toEqual([
      ['a', 'b'],
      ['say "hi"', 'x'],
      ['q"', 'y'],
    ]);
  });

  it('reads a Pocket export', () => {
    const csv =
      'title,url,time_added,tags,status\n' +
      '"Hello, world",https://example.com/hello?utm_source=pocket_mylist,1700000000,tech|reading,unread\n' +
      'No tags,https://example.com/plain,1600000000,,archive\n';
    expect(detectUrlListFormat('part_000000.csv', csv)).toBe('pocket-csv');
    expect(parseCsvExport(csv)).toEqual([
      { url: 'https://example.com/hello', title: 'Hello, world', tags: ['tech', 'reading'], addedAt: '2023-11-14T22:13:20.000Z' },
      // Pocket's status travels with the entry: an archived item is saved archived.
      { url: 'https://example.com/plain', title: 'No tags', tags: [], addedAt: '2020-09-13T12:26:40.000Z', archived: true },
    ]);
  });

  it('reads an Instapaper export: custom folders become tags, Archive and Starred a state', () => {
    const csv =
      'URL,Title,Selection,Folder,Timestamp\n' +
      'https://example.com/x,"Title ""quoted""","",Unread,1700000000\n' +
      'https://example.com/y,Y,"some selection",Cooking/Bread,1600000000\n' +
      'https://example.com/z,Z,,Archive,1600000000\n' +
      'https://example.com/s,S,,Starred,1600000000\n';
    expect(detectUrlListFormat('instapaper-export.csv', csv)).toBe('instapaper-csv');
    expect(parseCsvExport(csv)).toEqual([
      { url: 'https://example.com/x', title: 'Title "quoted"', tags: [], addedAt: '2023-11-14T22:13:20.000Z' },
      { url: 'https://example.com/y', title: 'Y', tags: ['Cooking', 'Bread'], addedAt: '2020-09-13T12:26:40.000Z' },
      { url: 'https://example.com/z', title: 'Z', tags: [], addedAt: '2020-09-13T12:26:40.000Z', archived: true },
      { url: 'https://example.com/s', title: 'S', tags: [], addedAt: '2020-09-13T12:26:40.000Z', favorite: true },
    ]);
  });

  it('reads an Omnivore export', () => {
    const csv =
      'id,title,description,author,url,state,type,saved_at,published_at,labels\n' +
      '1f2e,Deep dive,"A long, long read",Ann,https://example.com/deep,SUCCEEDED,ARTICLE,2024-03-05T10:20:30.000Z,2024-03-01,"[""ai"",""later""]"\n' +
      '2a3b,Other,,Bob,https://example.com/other,ARCHIVED,ARTICLE,1709634030000,,[news]\n';
    expect(detectUrlListFormat('omnivore.csv', csv)).toBe('omnivore-csv');
    expect(parseCsvExport(csv)).toEqual([
      { url: 'https://example.com/deep', title: 'Deep dive', tags: ['ai', 'later'], addedAt: '2024-03-05T10:20:30.000Z' },
      { url: 'https://example.com/other', title: 'Other', tags: ['news'], addedAt: '2024-03-05T10:20:30.000Z' },
    ]);
  });

  it('reads any CSV with a url column, and nothing from one without', () => {
    expect(parseCsvExport('Name,Link\nA,https://example.com/a\n')).toEqual([{ url: 'https://example.com/a', title: 'A', tags: [] }]);
    expect(parseCsvExport('a,b\n1,2\n')).toEqual([]);
  });

  it('splits tag cells and reads timestamps', () => {
    expect(splitTags('a|b')).toEqual(['a', 'b']);
    expect(splitTags('["x","y"]')).toEqual(['x', 'y']);
    expect(splitTags('[p,q]')).toEqual(['p', 'q']);
    expect(parseTimestamp('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseTimestamp('1700000000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseTimestamp('1700000000000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseTimestamp('0')).toBeNull();
    expect(parseTimestamp('garbage')).toBeNull();
  });
});

describe('detecting the format', () => {
  it('tells the formats apart', () => {
    expect(detectUrlListFormat('bookmarks.html', BOOKMARKS)).toBe('bookmarks-html');
    expect(detectUrlListFormat('export', BOOKMARKS)).toBe('bookmarks-html');
    expect(detectUrlListFormat('urls.txt', 'https://a.example/\nhttps://b.example/\n')).toBe('url-list');
    expect(detectUrlListFormat('urls.txt', 'just some notes')).toBeNull();
    expect(detectUrlListFormat('data.csv', 'a,b\n1,2\n')).toBeNull();
    expect(detectUrlListFormat('page.html', '<html><body><p>No links</p></body></html>')).toBeNull();
  });

  it('parses a file by its detected format and reports invalid items', () => {
    const parsed = parseUrlListFile('list.txt', 'https://example.com/1\nftp://example.com/2\n');
    expect(parsed?.format).toBe('url-list');
    expect(parsed?.entries.map((e) => e.url)).toEqual(['https://example.com/1']);
    expect(parsed?.invalid).toEqual([expect.objectContaining({ line: 2, value: 'ftp://example.com/2' })]);
  });
});
