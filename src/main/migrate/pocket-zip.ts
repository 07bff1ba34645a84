/**
 * Pocket's export ZIP (2025, when Pocket shut down):
 *
 *   part_000000.csv              title,url,time_added,tags,status   (tags `|`-separated, Unix seconds, unread/archive)
 *   annotations/part_000000.json [{url, title, highlights: [{quote, created_at}]}]
 *
 * Pocket kept no text: an item with highlights becomes a source waiting for
 * its page (waiting.ts), one without is a page to save (the URL-list job),
 * both with their tags, added date and archived state. Read with the EPUB
 * reader's defensive zip (epub/zip.ts: entry count, sizes and the whole
 * archive's unpacked bytes capped while inflating). Pure; an unreadable
 * row or annotations file is reported and skipped.
 */
import { EpubZip } from '../epub/zip';
import { GlossError } from '../../shared/errors';
import { tagNamesFromSource } from '../../shared/tags';
import type { UrlListEntry } from '../../shared/types';
import { detectCsvFormat, parseTimestamp, pocketArchived, readCsvRecords, splitTags } from '../web/url-lists';
import { normalizeTypedAddress } from '../web/url';
import type { ParsedHighlightsExport, ParseFailure, SourceBook, SourceHighlight } from './model';

/** The most one CSV part or annotations file may unpack to (Pocket wrote parts of a few MB). */
const MAX_PART_BYTES = 64 * 1024 * 1024;
const PART_CSV = /(^|\/)part_[^/]*\.csv$/i;
const ANNOTATIONS = /(^|\/)annotations\/part_[^/]*\.json$/i;

function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function openZip(bytes: Uint8Array, fileName: string): EpubZip | null {
  try {
    return EpubZip.open(bytes, fileName);
  } catch {
    return null;
  }
}

/** True for a zip holding a `part_*.csv` whose header is Pocket's (title, url, time_added). */
export function isPocketZip(fileName: string, bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  const zip = openZip(bytes, fileName);
  const part = zip && [...zip.entries.keys()].find((name) => PART_CSV.test(name));
  if (!zip || !part) return false;
  try {
    const head = (zip.text(part, MAX_PART_BYTES) ?? '').split(/\r\n|\r|\n/, 1)[0] ?? '';
    return detectCsvFormat(head.split(',')) === 'pocket-csv';
  } catch {
    return false;
  }
}

interface Item {
  url: string;
  title: string;
  tags: string[];
  addedAt: string | null;
  archived: boolean;
  highlights: SourceHighlight[];
}

/** The entry names in the order Pocket numbered them (part_000000, part_000001, …). */
function partsOf(zip: EpubZip, pattern: RegExp): string[] {
  return [...zip.entries.keys()].filter((n) => pattern.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export function parsePocketZip(bytes: Uint8Array, fileName: string): ParsedHighlightsExport {
  const zip = EpubZip.open(bytes, fileName);
  const failures: ParseFailure[] = [];
  const items = new Map<string, Item>();
  const itemFor = (rawUrl: string, where: string): Item | null => {
    let url: string;
    try {
      url = normalizeTypedAddress(rawUrl.trim());
    } catch (err) {
      failures.push({ where, reason: err instanceof Error ? err.message : String(err) });
      return null;
    }
    let item = items.get(url);
    if (!item) {
      item = { url, title: '', tags: [], addedAt: null, archived: false, highlights: [] };
      items.set(url, item);
    }
    return item;
  };

  for (const part of partsOf(zip, PART_CSV)) {
    const name = part.split('/').pop()!;
    const records = readCsvRecords(zip.text(part, MAX_PART_BYTES) ?? '', (line, _value, reason) => failures.push({ where: `${name}, line ${line}`, reason }));
    const header = (records.shift()?.cells ?? []).map((c) => c.trim().toLowerCase());
    if (detectCsvFormat(header) !== 'pocket-csv') {
      failures.push({ where: name, reason: 'not a Pocket list (no title, url and time_added columns)' });
      continue;
    }
    const col = (n: string): number => header.indexOf(n);
    const at = { title: col('title'), url: col('url'), added: col('time_added'), tags: col('tags'), status: col('status') };
    for (const { line, cells } of records) {
      const cell = (i: number): string => (i >= 0 ? (cells[i] ?? '') : '');
      const where = `${name}, line ${line}`;
      if (!cell(at.url).trim()) {
        failures.push({ where, reason: 'no URL in this row' });
        continue;
      }
      const item = itemFor(cell(at.url), where);
      if (!item) continue;
      item.title ||= cell(at.title).replace(/\s+/g, ' ').trim();
      item.tags.push(...splitTags(cell(at.tags)));
      item.addedAt ??= parseTimestamp(cell(at.added));
      if (pocketArchived(cell(at.status))) item.archived = true;
    }
  }

  for (const part of partsOf(zip, ANNOTATIONS)) {
    const name = part.replace(/^.*?(annotations\/)/i, '$1');
    let list: unknown;
    try {
      list = JSON.parse(zip.text(part, MAX_PART_BYTES) ?? '');
    } catch (err) {
      if (err instanceof GlossError) throw err; // a zip bomb or a damaged archive stops the import
      failures.push({ where: name, reason: 'not readable JSON' });
      continue;
    }
    if (!Array.isArray(list)) {
      failures.push({ where: name, reason: 'not a list of annotated items' });
      continue;
    }
    list.forEach((entry: unknown, i) => {
      const where = `${name}, item ${i + 1}`;
      const e = (entry && typeof entry === 'object' ? entry : {}) as { url?: unknown; title?: unknown; highlights?: unknown };
      if (typeof e.url !== 'string' || !Array.isArray(e.highlights)) {
        failures.push({ where, reason: 'no url or highlights' });
        return;
      }
      const item = itemFor(e.url, where);
      if (!item) return;
      if (!item.title && typeof e.title === 'string') item.title = e.title.replace(/\s+/g, ' ').trim();
      for (const h of e.highlights as unknown[]) {
        const hl = (h && typeof h === 'object' ? h : {}) as { quote?: unknown; created_at?: unknown };
        const quote = typeof hl.quote === 'string' ? hl.quote.trim() : '';
        if (!quote) {
          failures.push({ where, reason: 'a highlight without text' });
          continue;
        }
        const created = typeof hl.created_at === 'number' || typeof hl.created_at === 'string' ? parseTimestamp(String(hl.created_at)) : null;
        item.highlights.push({ quote, note: '', color: 'yellow', location: { page: null, start: null, end: null }, addedAt: created });
      }
    });
  }

  const books: SourceBook[] = [];
  const toSave: UrlListEntry[] = [];
  for (const item of items.values()) {
    const tags = tagNamesFromSource(item.tags);
    if (item.highlights.length === 0) {
      toSave.push({
        url: item.url,
        ...(item.title ? { title: item.title } : {}),
        tags,
        ...(item.addedAt ? { addedAt: item.addedAt } : {}),
        ...(item.archived ? { archived: true } : {}),
      });
      continue;
    }
    books.push({
      title: item.title || item.url,
      author: null,
      tags,
      highlights: item.highlights,
      looseNotes: [],
      url: item.url,
      ...(item.addedAt ? { addedAt: item.addedAt } : {}),
      ...(item.archived ? { archived: true } : {}),
    });
  }
  return { format: 'pocket-zip', books, failures, toSave };
}
