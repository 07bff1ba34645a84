/**
 * What every highlights export (Kindle clippings, Readwise CSV) is parsed
 * into: books with their highlights, and the entries that could not be read.
 * The parsers are pure; import-highlights.ts stores this.
 */
import type { HighlightColor, HighlightsExportFormat, UrlListEntry } from '../../shared/types';

/** Where a highlight sits in its book, as the source app numbers it. */
export interface SourceLocation {
  /** As printed ("12", "ix"); null when unknown. */
  page: string | null;
  /** Kindle location range (or Readwise's location); null when unknown. */
  start: number | null;
  end: number | null;
}

export interface SourceHighlight {
  /** The highlighted text, as the export has it. */
  quote: string;
  /** Markdown ('' when none). */
  note: string;
  color: HighlightColor;
  location: SourceLocation;
  /** ISO 8601 (UTC when the export gives no zone), or null. */
  addedAt: string | null;
  /** The words around the quote on its page, when the export has them (Hypothesis); they choose between repeats. */
  context?: { prefix: string; suffix: string };
  /** The highlight's own tags (Hypothesis tags), repaired by the tag rule; absent when none. */
  tags?: string[];
}

/** A book (or page) whose text Gloss does not hold. */
export interface SourceBook {
  title: string;
  /** Display form ("Jane Austen"; a Kindle "Austen, Jane" is turned round). */
  author: string | null;
  tags: string[];
  /** In reading order. */
  highlights: SourceHighlight[];
  /** Notes that belong to no highlight, with their location label; kept in the article note. */
  looseNotes: string[];
  /**
   * A web page's address (Pocket, Instapaper, Hypothesis): the page's
   * highlights are keyed by it, its source waits for it to be saved
   * (waiting.ts), and an article already saved from it takes them at once.
   */
  url?: string;
  /** When the service saved the page (ISO), and its state there. */
  addedAt?: string;
  archived?: boolean;
  favorite?: boolean;
}

export interface ParseFailure {
  /** "entry 12" (Kindle), "row 7" (CSV). */
  where: string;
  reason: string;
}

export interface ParsedHighlightsExport {
  format: HighlightsExportFormat;
  books: SourceBook[];
  failures: ParseFailure[];
  /** Items without highlights, to save as web pages (Pocket, Instapaper). */
  toSave?: UrlListEntry[];
}

/** "Page 12 · Location 120–122": the label shown beside a quote ('' when nothing is known). */
export function locationLabel(location: SourceLocation): string {
  const parts: string[] = [];
  if (location.page) parts.push(`Page ${location.page}`);
  if (location.start !== null) {
    parts.push(location.end !== null && location.end !== location.start ? `Location ${location.start}–${location.end}` : `Location ${location.start}`);
  }
  return parts.join(' · ');
}

/** A number to sort highlights by (the location, else a numeric page), or null. */
export function locationOrder(location: SourceLocation): number | null {
  if (location.start !== null) return location.start;
  const page = location.page && /^\d+/.exec(location.page);
  return page ? Number(page[0]) : null;
}

/** Sorts by location (unknown ones keep their place after known ones), stable. */
export function inReadingOrder<T extends { location: SourceLocation }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i, order: locationOrder(item.location) }))
    .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.i - b.i)
    .map((x) => x.item);
}
