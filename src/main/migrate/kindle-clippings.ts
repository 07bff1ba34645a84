/**
 * Kindle's `My Clippings.txt`: entries separated by a line of ten `=`, each
 *
 *   Title (Author)
 *   - Your Highlight on page 12 | Location 120-122 | Added on …
 *   (blank line)
 *   the highlighted text (or the note's text; nothing for a bookmark)
 *
 * Pure: text in, books out. Titles may hold parentheses (the author is the
 * last group); "Last, First" authors are turned round; notes are attached
 * to the highlight that ends at their location; a highlight edited on the
 * Kindle appears twice (overlapping locations): the later one is kept;
 * bookmarks are skipped; an entry that cannot be read is reported.
 */
import { inReadingOrder, type ParsedHighlightsExport, type ParseFailure, type SourceBook, type SourceHighlight } from './model';
import { parseClippingMetadata, type ClippingMetadata } from './kindle-metadata';

export const CLIPPING_SEPARATOR = '==========';

/** Kindle's placeholder when a publisher limits clipping: not the book's text. */
const CLIPPING_LIMIT = /^<\s*(?:you have reached the clipping limit|sie haben die grenze|vous avez atteint la limite)/iu;

/** True when `text` looks like a clippings file: a separator line and a metadata line (any language) before it. */
export function isKindleClippings(text: string): boolean {
  const head = text.replace(/^\ufeff/, '').slice(0, 8192);
  const lines = head.split(/\r\n|\r|\n/);
  const sep = lines.findIndex((l) => l.trim() === CLIPPING_SEPARATOR);
  if (sep < 2) return false;
  // The first entry: a title line, then a "- " metadata line in a known language or with the Kindle's "|" fields.
  const meta = lines[1] ?? '';
  return lines[0]!.trim() !== '' && /^\s*-\s*\S/.test(meta) && (meta.includes('|') || parseClippingMetadata(meta).recognised);
}

/** "Title (Author)" with the author in the last parenthesised group (which may nest: "((美)米切尔)"). */
export function splitTitleLine(line: string): { title: string; author: string | null } {
  const s = line.replace(/^\ufeff/, '').trim();
  if (s.endsWith(')')) {
    let depth = 0;
    for (let i = s.length - 1; i >= 0; i--) {
      if (s[i] === ')') depth++;
      else if (s[i] === '(' && --depth === 0) {
        const title = s.slice(0, i).trim();
        const author = s.slice(i + 1, -1).trim();
        if (title && author) return { title, author: displayAuthor(author) };
        break;
      }
    }
  }
  return { title: s, author: null };
}

/** "Austen, Jane" → "Jane Austen"; several authors (";"-separated) each, joined by ", ". */
export function displayAuthor(raw: string): string {
  return raw
    .split(';')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => {
      const m = /^([^,]+),\s*([^,]+)$/u.exec(a);
      return m ? `${m[2]!.trim()} ${m[1]!.trim()}` : a;
    })
    .join(', ');
}

interface Entry {
  index: number;
  title: string;
  author: string | null;
  meta: ClippingMetadata;
  body: string;
}

/** Splits the file into entries; entries without a metadata line are failures. */
function readEntries(text: string, failures: ParseFailure[]): Entry[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const entries: Entry[] = [];
  let block: string[] = [];
  let index = 0;
  const flush = (): void => {
    // Blank lines around a block are not part of it.
    while (block.length && block[0]!.trim() === '') block.shift();
    while (block.length && block[block.length - 1]!.trim() === '') block.pop();
    if (block.length === 0) return;
    index++;
    const [titleLine, metaLine, ...rest] = block;
    block = [];
    if (!metaLine || !/^\s*-\s*\S/.test(metaLine)) {
      failures.push({ where: `entry ${index}`, reason: 'no metadata line (“- Your Highlight …”) under the title' });
      return;
    }
    const { title, author } = splitTitleLine(titleLine!.replace(/^\ufeff/, ''));
    const body = rest.join('\n').trim();
    entries.push({ index, title, author, meta: parseClippingMetadata(metaLine), body });
  };
  for (const line of lines) {
    if (line.trim() === CLIPPING_SEPARATOR) flush();
    else block.push(line);
  }
  flush();
  return entries;
}

function bookKey(title: string, author: string | null): string {
  return `${title.normalize('NFKC').toLowerCase()}\u0000${(author ?? '').normalize('NFKC').toLowerCase()}`;
}

function later(a: string | null, b: string | null): boolean {
  return a !== null && b !== null ? a > b : a !== null;
}

interface Building {
  book: SourceBook;
  highlights: Array<SourceHighlight & { index: number }>;
  notes: Entry[];
}

/** Parses a whole clippings file (BOM, CRLF, any of the known languages). */
export function parseKindleClippings(text: string): ParsedHighlightsExport {
  const failures: ParseFailure[] = [];
  const books = new Map<string, Building>();
  for (const entry of readEntries(text, failures)) {
    const key = bookKey(entry.title, entry.author);
    let building = books.get(key);
    if (!building) {
      building = { book: { title: entry.title, author: entry.author, tags: [], highlights: [], looseNotes: [] }, highlights: [], notes: [] };
      books.set(key, building);
    }
    const { meta } = entry;
    // A bookmark has no text; so has a bookmark in a language not known here.
    if (meta.kind === 'bookmark' || (!entry.body && !meta.recognised)) continue;
    if (!entry.body) {
      failures.push({ where: `entry ${entry.index}`, reason: `an empty ${meta.kind} in “${entry.title}”` });
      continue;
    }
    if (CLIPPING_LIMIT.test(entry.body)) {
      failures.push({ where: `entry ${entry.index}`, reason: `the Kindle's clipping limit for “${entry.title}” (the publisher limits how much can be clipped)` });
      continue;
    }
    if (meta.kind === 'note') {
      building.notes.push(entry);
      continue;
    }
    addHighlight(building, {
      index: entry.index,
      quote: entry.body,
      note: '',
      color: 'yellow',
      location: { page: meta.page, start: meta.start, end: meta.end },
      addedAt: meta.addedAt,
    });
  }
  const out: SourceBook[] = [];
  for (const building of books.values()) {
    attachNotes(building);
    building.book.highlights = inReadingOrder(building.highlights).map(({ index: _index, ...h }) => h);
    if (building.book.highlights.length > 0 || building.book.looseNotes.length > 0) out.push(building.book);
  }
  return { format: 'kindle-clippings', books: out, failures };
}

/**
 * Adds a highlight to its book. The Kindle appends an edited highlight as a
 * new entry whose location overlaps the old one: the later of the two is
 * kept (by date, else by file order). The same text twice is one highlight.
 */
function addHighlight(building: Building, h: SourceHighlight & { index: number }): void {
  const list = building.highlights;
  const clash = list.findIndex((o) => o.quote === h.quote || (locationsOverlap(o, h) && sameHighlightEdited(o.quote, h.quote)));
  if (clash === -1) {
    list.push(h);
    return;
  }
  const old = list[clash]!;
  if (!later(old.addedAt, h.addedAt)) list[clash] = h;
}

function locationsOverlap(a: SourceHighlight, b: SourceHighlight): boolean {
  const [as, bs] = [a.location.start, b.location.start];
  if (as === null || bs === null) return false;
  return as <= (b.location.end ?? bs) && bs <= (a.location.end ?? as);
}

/**
 * Neighbouring highlights share a location number ("13-14", "14-15"), so an
 * edit is told by the text too: one quote holds the other, or they share at
 * least half of the shorter one at an end (the highlight was extended at
 * one end and shortened at the other).
 */
function sameHighlightEdited(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  const half = Math.ceil(Math.min(a.length, b.length) / 2);
  const overlapAt = (x: string, y: string): boolean => {
    for (let n = Math.min(x.length, y.length); n >= half; n--) if (x.endsWith(y.slice(0, n))) return true;
    return false;
  };
  return a.slice(0, half) === b.slice(0, half) || a.slice(-half) === b.slice(-half) || overlapAt(a, b) || overlapAt(b, a);
}

/**
 * A note is a separate entry at one location: the end of the highlight it
 * was written on. Else the highlight whose range holds it; a note with no
 * highlight is kept on the book (its article note), never dropped.
 */
function attachNotes(building: Building): void {
  for (const note of building.notes) {
    const at = note.meta.start;
    const target =
      (at !== null && building.highlights.find((h) => h.location.end === at)) ||
      (at !== null && building.highlights.find((h) => h.location.start !== null && h.location.start <= at && at <= (h.location.end ?? h.location.start))) ||
      undefined;
    if (target) target.note = target.note ? `${target.note}\n\n${note.body}` : note.body;
    else {
      const where = at !== null ? `Location ${at}` : note.meta.page ? `Page ${note.meta.page}` : 'Note';
      building.book.looseNotes.push(`${where}: ${note.body}`);
    }
  }
}
