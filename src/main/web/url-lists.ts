/**
 * Lists of URLs to save in bulk: a text file (one URL a line), a browser
 * bookmarks export (Netscape bookmark file, as Chrome, Firefox, Safari and
 * Edge write it; Pocket's HTML export has the same shape), or a CSV export
 * from Pocket, Instapaper or Omnivore (or any CSV with a `url` column).
 *
 * Every parser returns entries with a normalized URL, deduplicated (the
 * first occurrence wins; tags of later duplicates are merged in).
 */
import { parse } from 'csv-parse/sync';
import { jsdom, silentConsole } from '../import/jsdom';
import { tagNamesFromSource } from '../../shared/tags';
import { normalizeTypedAddress } from './url';

export interface UrlListEntry {
  /** normalizeTypedAddress() of the address (normalized; one typed without a scheme keeps having none). */
  url: string;
  title?: string;
  /** Tags (or folders/labels), trimmed, deduplicated, in source order. */
  tags: string[];
  /** When the item was saved in the source service, ISO 8601 (UTC). */
  addedAt?: string;
  /** Archived in the source service (Pocket status "archive", Instapaper's Archive folder). */
  archived?: boolean;
  /** Starred in the source service (Instapaper's Starred folder). */
  favorite?: boolean;
}

/** A line or item that was not an http(s) URL. */
export interface InvalidUrlListItem {
  /** 1-based line (text lists, CSV rows) when known. */
  line?: number;
  value: string;
  reason: string;
}

export type UrlListFormat = 'url-list' | 'bookmarks-html' | 'pocket-csv' | 'instapaper-csv' | 'omnivore-csv' | 'csv';

export interface ParsedUrlList {
  format: UrlListFormat;
  entries: UrlListEntry[];
  invalid: InvalidUrlListItem[];
}

type OnInvalid = (item: InvalidUrlListItem) => void;

/** Adds entries to a list keyed by normalized URL. */
class Collector {
  private readonly byUrl = new Map<string, UrlListEntry>();
  constructor(private readonly onInvalid?: OnInvalid) {}

  add(rawUrl: string, extra: { title?: string; tags?: string[]; addedAt?: string | null; archived?: boolean; favorite?: boolean }, line?: number): void {
    let url: string;
    try {
      url = normalizeTypedAddress(rawUrl);
    } catch (err) {
      this.onInvalid?.({ ...(line !== undefined ? { line } : {}), value: rawUrl, reason: err instanceof Error ? err.message : String(err) });
      return;
    }
    const tags = uniqueTags(extra.tags ?? []);
    const existing = this.byUrl.get(url);
    if (existing) {
      existing.tags = uniqueTags([...existing.tags, ...tags]);
      if (!existing.title && extra.title) existing.title = extra.title;
      if (!existing.addedAt && extra.addedAt) existing.addedAt = extra.addedAt;
      if (extra.archived) existing.archived = true;
      if (extra.favorite) existing.favorite = true;
      return;
    }
    const entry: UrlListEntry = { url, tags };
    const title = extra.title?.replace(/\s+/g, ' ').trim();
    if (title) entry.title = title;
    if (extra.addedAt) entry.addedAt = extra.addedAt;
    if (extra.archived) entry.archived = true;
    if (extra.favorite) entry.favorite = true;
    this.byUrl.set(url, entry);
  }

  entries(): UrlListEntry[] {
    return [...this.byUrl.values()];
  }
}

/** Tags made valid tag names as any imported tag is (shared/tags.ts), deduplicated. */
function uniqueTags(tags: string[]): string[] {
  return tagNamesFromSource(tags);
}

/**
 * A timestamp as ISO 8601: Unix time in seconds, milliseconds or
 * microseconds (by magnitude), or a date string Date.parse reads. Null for
 * empty, zero or unreadable values.
 */
export function parseTimestamp(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n <= 0) return null;
    ms = n >= 1e14 ? n / 1000 : n >= 1e11 ? n : n * 1000;
  } else {
    ms = Date.parse(v);
  }
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year >= 1990 && year <= 2200 ? date.toISOString() : null;
}

// ---------------------------------------------------------------------------
// Text lists

/**
 * One URL a line. Blank lines and lines starting with `#` are skipped; a
 * line may carry a title after the URL (`https://… Some title`). Lines that
 * are not http(s) URLs are reported through `onInvalid`.
 */
export function parseUrlList(text: string, onInvalid?: OnInvalid): UrlListEntry[] {
  const out = new Collector(onInvalid);
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  lines.forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^<?(\S+?)>?(?:\s+(.*))?$/.exec(line)!;
    out.add(m[1]!, { title: m[2]?.trim() }, i + 1);
  });
  return out.entries();
}

// ---------------------------------------------------------------------------
// Bookmarks HTML

/** Top-level folders every browser has: not tags. */
const ROOT_FOLDERS = new Set(
  [
    'bookmarks bar', 'bookmarks toolbar', 'bookmarks menu', 'other bookmarks', 'mobile bookmarks', 'favorites bar',
    'favourites bar', 'other favorites', 'favorites', 'bookmarks', 'menu', 'toolbar', 'unsorted bookmarks',
    'unread', 'read archive', 'reading list',
  ],
);

export interface BookmarksOptions {
  /** Use the names of the folders a bookmark is in as tags (default true; browsers' root folders excepted). */
  foldersAsTags?: boolean;
}

/** The folder names a bookmark link is inside, outermost first. */
function foldersOf(link: Element): string[] {
  const names: string[] = [];
  for (let el: Element | null = link.parentElement; el; el = el.parentElement) {
    if (el.localName !== 'dl') continue;
    // <DT><H3>Folder</H3><DL>…</DL>: the folder's name precedes its list.
    let prev = el.previousElementSibling;
    while (prev && prev.localName === 'p') prev = prev.previousElementSibling;
    if (prev && /^h[1-6]$/.test(prev.localName)) {
      if (prev.hasAttribute('personal_toolbar_folder') || prev.hasAttribute('unfiled_bookmarks_folder')) continue;
      const name = (prev.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (name && !ROOT_FOLDERS.has(name.toLowerCase())) names.unshift(name);
    }
  }
  return names;
}

/**
 * A Netscape bookmark file (`<DT><A HREF=… ADD_DATE=… TAGS=…>title</A>`),
 * or Pocket's HTML export (`<a href time_added tags>`). Links that are not
 * http(s) (bookmarklets, `place:` queries, files) are reported through
 * `onInvalid`.
 */
export function parseBookmarksHtml(html: string, options: BookmarksOptions = {}, onInvalid?: OnInvalid): UrlListEntry[] {
  const out = new Collector(onInvalid);
  const dom = new (jsdom().JSDOM)(html, { virtualConsole: silentConsole() });
  try {
    for (const a of Array.from(dom.window.document.querySelectorAll('a[href]'))) {
      const href = a.getAttribute('href')!.trim();
      if (!href) continue;
      const tags = (a.getAttribute('tags') ?? '').split(',');
      if (options.foldersAsTags !== false) tags.push(...foldersOf(a));
      const addedAt = parseTimestamp(a.getAttribute('add_date') ?? a.getAttribute('time_added'));
      out.add(href, { title: a.textContent ?? '', tags, addedAt });
    }
  } finally {
    dom.window.close();
  }
  return out.entries();
}

// ---------------------------------------------------------------------------
// CSV

/** One CSV record and the line it starts on (1-based, blank lines counted). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

const lineBreaks = (s: string): number => s.split('\n').length - 1;

/**
 * RFC 4180 CSV read by csv-parse: quoted fields (with `""` escapes and line
 * breaks), CRLF, CR or LF rows, a BOM, rows of any length, stray quotes
 * inside unquoted fields kept as text. Rows whose cells are all blank are
 * skipped, but still counted, so every record keeps its real line number. A
 * record csv-parse refuses (a quote never closed) goes to `onError`.
 */
export function readCsvRecords(text: string, onError?: (line: number, raw: string, reason: string) => void): CsvRecord[] {
  // One line-break form, so csv-parse counts lines as an editor does ("\r\n" is one line).
  const source = text.replace(/\r\n?/g, '\n');
  const skipped: Array<{ lines: number; raw: string; reason: string }> = [];
  // With `info`, each row is {record, info} (csv-parse's types only know the plain form).
  const rows = parse(source, {
    bom: true,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (err, raw) => {
      const reason = err?.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : (err?.message ?? 'unreadable row');
      skipped.push({ lines: typeof err?.lines === 'number' ? err.lines : 0, raw: raw ?? '', reason });
      return undefined;
    },
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  for (const s of skipped) {
    // csv-parse gives the line it stopped at; the record starts as many line breaks before.
    const raw = s.raw.replace(/^\n+/, '').replace(/\n$/, '');
    onError?.(s.lines - lineBreaks(raw), raw.split('\n', 1)[0] ?? '', s.reason);
  }
  return rows
    .filter(({ record }) => record.some((f) => f.trim() !== ''))
    .map(({ record, info }) => ({ line: info.lines - lineBreaks(record.join('')), cells: record }));
}

/** The rows of a CSV text (blank rows left out). */
export function parseCsv(text: string): string[][] {
  return readCsvRecords(text).map((r) => r.cells);
}

/** Splits a tag/label cell: a JSON array, `[a,b]`, or values separated by `|`, `,` or `;`. */
export function splitTags(cell: string | undefined): string[] {
  const v = (cell ?? '').trim();
  if (!v) return [];
  if (v.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) {
        return parsed
          .map((t: unknown) => (typeof t === 'string' ? t : t && typeof t === 'object' && 'name' in t ? String((t as { name: unknown }).name) : ''))
          .filter(Boolean);
      }
    } catch {
      // "[a,b]" without quotes: split below
    }
    return v.replace(/^\[|\]$/g, '').split(/[|,;]/).map((t) => t.trim().replace(/^["']|["']$/g, ''));
  }
  return v.split(v.includes('|') ? '|' : v.includes(';') ? ';' : ',');
}

type CsvFormat = 'pocket-csv' | 'instapaper-csv' | 'omnivore-csv' | 'csv';

const lower = (cells: string[]): string[] => cells.map((c) => c.trim().toLowerCase());

/** Which service wrote a CSV, from its header row; null when it has no URL column. */
export function detectCsvFormat(header: string[]): CsvFormat | null {
  const h = lower(header);
  const has = (...names: string[]): boolean => names.every((n) => h.includes(n));
  if (has('title', 'url', 'time_added')) return 'pocket-csv';
  if (has('url', 'title', 'selection', 'folder')) return 'instapaper-csv';
  if (has('id', 'url', 'state') && (h.includes('saved_at') || h.includes('labels'))) return 'omnivore-csv';
  if (h.some((c) => ['url', 'href', 'link', 'address'].includes(c))) return 'csv';
  return null;
}

/** Instapaper's built-in folders: not tags. */
const INSTAPAPER_FOLDERS = new Set(['unread', 'archive', 'starred']);

/** What an Instapaper folder means: a state (Archive, Starred), nothing (Unread), or tags ("Parent/Child"). */
export function instapaperFolder(folder: string | undefined): { archived?: boolean; favorite?: boolean; tags: string[] } {
  const name = (folder ?? '').trim();
  const lowered = name.toLowerCase();
  if (lowered === 'archive') return { archived: true, tags: [] };
  if (lowered === 'starred') return { favorite: true, tags: [] };
  if (!name || INSTAPAPER_FOLDERS.has(lowered)) return { tags: [] };
  return { tags: name.split('/') };
}

/** Pocket's status column: "archive" (or 1, as older exports wrote it) is archived. */
export function pocketArchived(status: string | undefined): boolean {
  const v = (status ?? '').trim().toLowerCase();
  return v === 'archive' || v === 'archived' || v === '1';
}

/**
 * A CSV export: Pocket (`title,url,time_added,tags,status`; tags split by
 * `|`), Instapaper (`URL,Title,Selection,Folder,Timestamp[,Tags]`; a custom
 * folder becomes a tag), Omnivore (`id,title,description,author,url,state,
 * type,saved_at,published_at,labels`), or any CSV with a url/href/link
 * column (and optional title, tags/labels, date columns). Returns [] when
 * the header names no URL column.
 */
export function parseCsvExport(text: string, onInvalid?: OnInvalid): UrlListEntry[] {
  return parseCsvWithFormat(text, onInvalid).entries;
}

function parseCsvWithFormat(text: string, onInvalid?: OnInvalid): { format: CsvFormat | null; entries: UrlListEntry[] } {
  const rows = readCsvRecords(text, (line, value, reason) => onInvalid?.({ line, value, reason }));
  const header = rows[0]?.cells;
  const format = header ? detectCsvFormat(header) : null;
  if (!header || !format) return { format, entries: [] };
  const h = lower(header);
  const col = (...names: string[]): number => {
    for (const n of names) {
      const i = h.indexOf(n);
      if (i >= 0) return i;
    }
    return -1;
  };
  const urlCol = col('url', 'href', 'link', 'address');
  const titleCol = col('title', 'name');
  const tagsCol = col('tags', 'labels', 'label', 'tag');
  const folderCol = col('folder');
  const statusCol = format === 'pocket-csv' ? col('status') : -1;
  const dateCol = col('time_added', 'saved_at', 'timestamp', 'created', 'created_at', 'added', 'added_at', 'date');
  const out = new Collector(onInvalid);
  for (const { line, cells: row } of rows.slice(1)) {
    const cell = (index: number): string | undefined => (index >= 0 ? row[index] : undefined);
    const rawUrl = (cell(urlCol) ?? '').trim();
    if (!rawUrl) {
      onInvalid?.({ line, value: row.join(','), reason: 'no URL in this row' });
      continue;
    }
    const tags = splitTags(cell(tagsCol));
    const state: { archived?: boolean; favorite?: boolean } = {};
    if (format === 'instapaper-csv') {
      const folder = instapaperFolder(cell(folderCol));
      tags.push(...folder.tags);
      if (folder.archived) state.archived = true;
      if (folder.favorite) state.favorite = true;
    }
    if (pocketArchived(cell(statusCol))) state.archived = true;
    out.add(rawUrl, { title: cell(titleCol), tags, addedAt: parseTimestamp(cell(dateCol)), ...state }, line);
  }
  return { format, entries: out.entries() };
}

// ---------------------------------------------------------------------------
// Detection

/**
 * The format of a URL list file, from its name and content; null when it
 * is none of them (no URL found).
 */
export function detectUrlListFormat(fileName: string, text: string): UrlListFormat | null {
  const name = fileName.toLowerCase();
  const head = text.replace(/^\ufeff/, '').slice(0, 4096);
  if (/<!doctype\s+netscape-bookmark-file/i.test(head)) return 'bookmarks-html';
  if (/\.html?$/.test(name) || /^\s*<(!doctype|html|dl|ul|meta|title|h1)\b/i.test(head)) {
    return /<a\s[^>]*href\s*=/i.test(text) ? 'bookmarks-html' : null;
  }
  const firstLine = head.split(/\r\n|\r|\n/, 1)[0] ?? '';
  if (name.endsWith('.csv') || (firstLine.includes(',') && !/^\s*https?:\/\//i.test(firstLine))) {
    const header = parseCsv(firstLine)[0];
    const csv = header ? detectCsvFormat(header) : null;
    if (csv) return csv;
    if (name.endsWith('.csv')) return null;
  }
  return /^\s*<?https?:\/\//im.test(text) ? 'url-list' : null;
}

/** Detects the format of a URL list file and parses it (null format: nothing to import). */
export function parseUrlListFile(fileName: string, text: string, options: BookmarksOptions = {}): ParsedUrlList | null {
  const format = detectUrlListFormat(fileName, text);
  if (!format) return null;
  const invalid: InvalidUrlListItem[] = [];
  const onInvalid = (item: InvalidUrlListItem): void => {
    invalid.push(item);
  };
  let entries: UrlListEntry[];
  switch (format) {
    case 'url-list':
      entries = parseUrlList(text, onInvalid);
      break;
    case 'bookmarks-html':
      entries = parseBookmarksHtml(text, options, onInvalid);
      break;
    default:
      entries = parseCsvWithFormat(text, onInvalid).entries;
  }
  return { format, entries, invalid };
}
