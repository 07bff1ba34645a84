import { describe, expect, it } from 'vitest';
import { isReadwiseCsv, parseReadwiseCsv } from '../../src/main/migrate/readwise-csv';
import { detectHighlightsExport } from '../../src/main/migrate/detect';
import { detectUrlListFormat } from '../../src/main/web/url-lists';

export const READWISE_HEADER = 'Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags';

/** A Readwise export written for the tests (quoted cells, a multi-line highlight, CRLF, a BOM). */
export function readwiseCsv(rows: readonly string[]): string {
  return '\ufeff' + [READWISE_HEADER, ...rows].join('\r\n') + '\r\n';
}

describe('Readwise highlights CSV', () => {
  const csv = readwiseCsv([
    '"It was the best of times, it was the worst of times",A Tale of Two Cities,"Dickens, Charles",B000FC0PDA,Opening line.,orange,"favorite, classics",location,12,2021-03-22 17:12:00+00:00,"fiction,to reread"',
    '"A “curly” quote with a line\nbreak",A Tale of Two Cities,"Dickens, Charles",B000FC0PDA,,blue,,location,5,2021-03-21 08:00:00+00:00,',
    'Only three,cells,here',
    ',A Tale of Two Cities,Charles Dickens,,,,,location,40,,',
    'The web is a reading room.,On Reading Online,Ana Writer,,,green,,order,2,2022-01-01T10:00:00Z,web',
    '"A quote with an "inner" quote",Broken Quoting,Someone,,,,,page,7,,',
  ]);

  it('groups rows by book, in location order, with notes, colours and repaired tags, and reports bad rows', () => {
    expect(isReadwiseCsv(csv)).toBe(true);
    const parsed = parseReadwiseCsv(csv);
    expect(parsed.format).toBe('readwise-csv');
    const tale = parsed.books.find((b) => b.title === 'A Tale of Two Cities')!;
    expect(tale.author).toBe('Charles Dickens');
    expect(tale.tags).toEqual(['fiction', 'to reread', 'favorite', 'classics']);
    expect(tale.highlights).toEqual([
      { quote: 'A “curly” quote with a line\nbreak', note: '', color: 'blue', location: { page: null, start: 5, end: 5 }, addedAt: '2021-03-21T08:00:00.000Z' },
      {
        quote: 'It was the best of times, it was the worst of times',
        note: 'Opening line.',
        color: 'yellow', // orange is nearest yellow
        location: { page: null, start: 12, end: 12 },
        addedAt: '2021-03-22T17:12:00.000Z',
      },
    ]);
    const online = parsed.books.find((b) => b.title === 'On Reading Online')!;
    expect(online.highlights[0]).toMatchObject({ color: 'green', location: { page: null, start: null, end: null } });
    expect(parsed.books.find((b) => b.title === 'Broken Quoting')!.highlights[0]).toMatchObject({ location: { page: '7' } });
    expect(parsed.failures).toEqual([
      { where: 'row 4', reason: '3 of 11 columns' },
      { where: 'row 5', reason: 'no highlight text' },
    ]);
  });

  it('is recognised by its header whatever the file is called, and is not a URL list', () => {
    const bytes = new TextEncoder().encode(csv);
    expect(detectHighlightsExport('readwise-export.csv', bytes)).toBe('readwise-csv');
    expect(detectHighlightsExport('export', bytes)).toBe('readwise-csv');
    expect(detectHighlightsExport('export.html', bytes)).toBeNull();
    expect(detectHighlightsExport('urls.csv', new TextEncoder().encode('url,title\nhttps://example.org/,Example\n'))).toBeNull();
    // The URL-list reader finds no URL column in it (Library.parseUrlList refuses it by this detection).
    expect(detectUrlListFormat('readwise.csv', csv)).toBeNull();
  });
});
