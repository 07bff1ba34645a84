/**
 * Instapaper's CSV export (`URL,Title,Selection,Folder,Timestamp[,Tags]`),
 * taken as a highlights export when any row has a Selection: each selection
 * is a highlight of its page, waiting for the page (waiting.ts); rows
 * without one are pages to save. The flavour of the CSV is recognised by the
 * one rule URL lists use (url-lists.ts detectCsvFormat), and the Folder
 * column means what it means there (Archive, Starred: a state; a custom
 * folder: tags). Tags may be a JSON array string. Pure; an unreadable row is
 * reported and skipped.
 */
import { tagNamesFromSource } from '../../shared/tags';
import type { UrlListEntry } from '../../shared/types';
import { detectCsvFormat, instapaperFolder, parseCsv, parseTimestamp, readCsvRecords, splitTags } from '../web/url-lists';
import { normalizeTypedAddress } from '../web/url';
import type { ParsedHighlightsExport, ParseFailure, SourceBook } from './model';

const lower = (cells: readonly string[]): string[] => cells.map((c) => c.trim().toLowerCase());

/** True when `text` is an Instapaper export with at least one selection (without any, it is a plain list of URLs). */
export function isInstapaperCsv(text: string): boolean {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  const header = parseCsv(firstLine)[0];
  if (!header || detectCsvFormat(header) !== 'instapaper-csv') return false;
  const selection = lower(header).indexOf('selection');
  return parseCsv(text).slice(1).some((row) => (row[selection] ?? '').trim() !== '');
}

interface Page {
  book: SourceBook;
  seen: Set<string>;
}

export function parseInstapaperCsv(text: string): ParsedHighlightsExport {
  const failures: ParseFailure[] = [];
  const records = readCsvRecords(text, (line, _value, reason) => failures.push({ where: `line ${line}`, reason }));
  const header = lower(records.shift()?.cells ?? []);
  const col = (n: string): number => header.indexOf(n);
  const at = { url: col('url'), title: col('title'), selection: col('selection'), folder: col('folder'), time: col('timestamp'), tags: col('tags') };
  const pages = new Map<string, Page>();
  for (const { line, cells } of records) {
    const cell = (i: number): string => (i >= 0 ? (cells[i] ?? '') : '');
    const where = `line ${line}`;
    let url: string;
    try {
      url = normalizeTypedAddress(cell(at.url).trim());
    } catch (err) {
      failures.push({ where, reason: cell(at.url).trim() ? (err instanceof Error ? err.message : String(err)) : 'no URL in this row' });
      continue;
    }
    const folder = instapaperFolder(cell(at.folder));
    let page = pages.get(url);
    if (!page) {
      page = { book: { title: '', author: null, tags: [], highlights: [], looseNotes: [], url }, seen: new Set() };
      pages.set(url, page);
    }
    const { book } = page;
    book.title ||= cell(at.title).replace(/\s+/g, ' ').trim();
    book.tags.push(...splitTags(cell(at.tags)), ...folder.tags);
    const addedAt = parseTimestamp(cell(at.time));
    if (addedAt && !book.addedAt) book.addedAt = addedAt;
    if (folder.archived) book.archived = true;
    if (folder.favorite) book.favorite = true;
    const quote = cell(at.selection).trim();
    // The same row twice (an item exported twice) is one highlight.
    if (quote && !page.seen.has(quote)) {
      page.seen.add(quote);
      book.highlights.push({ quote, note: '', color: 'yellow', location: { page: null, start: null, end: null }, addedAt });
    }
  }
  const books: SourceBook[] = [];
  const toSave: UrlListEntry[] = [];
  for (const { book } of pages.values()) {
    const tags = tagNamesFromSource(book.tags);
    if (book.highlights.length > 0) {
      books.push({ ...book, title: book.title || book.url!, tags });
      continue;
    }
    toSave.push({
      url: book.url!,
      ...(book.title ? { title: book.title } : {}),
      tags,
      ...(book.addedAt ? { addedAt: book.addedAt } : {}),
      ...(book.archived ? { archived: true } : {}),
      ...(book.favorite ? { favorite: true } : {}),
    });
  }
  return { format: 'instapaper-csv', books, failures, toSave };
}
