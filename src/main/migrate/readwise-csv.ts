/**
 * Readwise's highlights CSV export:
 *
 *   Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags
 *
 * One book per title and author (the export carries no URL, so articles
 * read in Readwise are books here too), notes, colours mapped to Gloss's
 * five, highlight and document tags as the book's tags (repaired by
 * shared/tags.ts). Pure; a row that cannot be read is reported and skipped.
 */
import { parse } from 'csv-parse/sync';
import type { HighlightColor } from '../../shared/types';
import { tagNamesFromSource } from '../../shared/tags';
import { displayAuthor } from './kindle-clippings';
import { inReadingOrder, type ParsedHighlightsExport, type ParseFailure, type SourceBook, type SourceLocation } from './model';

const REQUIRED = ['highlight', 'book title'] as const;

function headerCells(line: string): string[] {
  return line
    .replace(/^\ufeff/, '')
    .split(',')
    .map((c) => c.trim().replace(/^"|"$/g, '').trim().toLowerCase());
}

/** True when the first line is Readwise's header (Highlight, Book Title, Book Author, …). */
export function isReadwiseCsv(text: string): boolean {
  const first = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  const cells = headerCells(first);
  return REQUIRED.every((c) => cells.includes(c)) && (cells.includes('book author') || cells.includes('location type'));
}

/** Readwise's colours to Gloss's five (orange is nearest yellow). */
const COLORS: Record<string, HighlightColor> = {
  yellow: 'yellow',
  orange: 'yellow',
  green: 'green',
  blue: 'blue',
  pink: 'pink',
  red: 'pink',
  purple: 'purple',
  violet: 'purple',
};

function splitTagCell(cell: string): string[] {
  // Readwise separates tags with commas; some exports add a leading dot (".tag") from inline tagging.
  return cell
    .split(/[,;]/)
    .map((t) => t.trim().replace(/^[.#]/, ''))
    .filter(Boolean);
}

function toIso(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  // "2021-03-22 17:12:00+00:00" and ISO both parse once the space is a T.
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2} \d/.test(v) ? v.replace(' ', 'T') : v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function locationOf(type: string, value: string): SourceLocation {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
  switch (type.trim().toLowerCase()) {
    case 'page':
      return { page: value.trim() || null, start: null, end: null };
    case 'location':
      return { page: null, start: n, end: n };
    default:
      // 'order', 'offset', 'time' …: only an order, not shown.
      return { page: null, start: null, end: null };
  }
}

export function parseReadwiseCsv(text: string): ParsedHighlightsExport {
  const failures: ParseFailure[] = [];
  const rows = parse(text.replace(/\r\n?/g, '\n'), {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      failures.push({ where: `line ${typeof err?.lines === 'number' ? err.lines : '?'}`, reason: err?.message ?? 'unreadable row' });
      return undefined;
    },
  }) as string[][];
  const header = (rows.shift() ?? []).map((c) => c.trim().toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  const at = {
    highlight: col('highlight'),
    title: col('book title'),
    author: col('book author'),
    note: col('note'),
    color: col('color'),
    tags: col('tags'),
    locationType: col('location type'),
    location: col('location'),
    highlightedAt: col('highlighted at'),
    documentTags: col('document tags'),
  };
  const cell = (row: string[], i: number): string => (i >= 0 ? (row[i] ?? '') : '');
  const books = new Map<string, { book: SourceBook; order: Array<{ location: SourceLocation; i: number }> }>();
  rows.forEach((row, r) => {
    const where = `row ${r + 2}`; // the header is row 1
    if (row.length < header.length) {
      failures.push({ where, reason: `${row.length} of ${header.length} columns` });
      return;
    }
    const quote = cell(row, at.highlight).trim();
    const title = cell(row, at.title).trim();
    if (!quote) return void failures.push({ where, reason: 'no highlight text' });
    if (!title) return void failures.push({ where, reason: 'no book title' });
    const authorCell = cell(row, at.author).trim();
    const author = authorCell ? displayAuthor(authorCell) : null;
    const key = `${title.normalize('NFKC').toLowerCase()}\u0000${(author ?? '').normalize('NFKC').toLowerCase()}`;
    let entry = books.get(key);
    if (!entry) {
      entry = { book: { title, author, tags: [], highlights: [], looseNotes: [] }, order: [] };
      books.set(key, entry);
    }
    entry.book.tags.push(...splitTagCell(cell(row, at.documentTags)), ...splitTagCell(cell(row, at.tags)));
    const location = locationOf(cell(row, at.locationType), cell(row, at.location));
    const colorName = cell(row, at.color).trim().toLowerCase();
    entry.book.highlights.push({
      quote,
      note: cell(row, at.note).trim(),
      color: COLORS[colorName] ?? 'yellow',
      location,
      addedAt: toIso(cell(row, at.highlightedAt)),
    });
    // 'order' locations sort the book even though they are not shown.
    const orderValue = Number(cell(row, at.location).trim());
    entry.order.push({ location: { page: null, start: Number.isFinite(orderValue) && cell(row, at.location).trim() ? orderValue : null, end: null }, i: entry.order.length });
  });
  const out: SourceBook[] = [];
  for (const { book, order } of books.values()) {
    const sorted = inReadingOrder(order).map((o) => book.highlights[o.i]!);
    out.push({ ...book, highlights: sorted, tags: tagNamesFromSource(book.tags) });
  }
  return { format: 'readwise-csv', books: out, failures };
}
