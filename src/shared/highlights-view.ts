/**
 * The Highlights view's query (#18): every highlight across the library,
 * filtered and sorted, one page at a time. Shared by the contract (the
 * arguments main checks), main's query (src/main/highlights/query.ts), the
 * CLI's `gloss highlights --all` and the renderer's view.
 */
import type { Highlight, HighlightColor } from './types';

/** newest / oldest: by when the highlight was made; source: by source title, then document order. */
export const HIGHLIGHT_SORTS = ['newest', 'oldest', 'source'] as const;
export type HighlightSort = (typeof HIGHLIGHT_SORTS)[number];

/** What a highlight's source is, as people name it (from the article's format). */
export const SOURCE_KINDS = ['article', 'book', 'pdf', 'highlights'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_KIND_NAMES: Readonly<Record<SourceKind, string>> = Object.freeze({
  article: 'Article',
  book: 'Book',
  pdf: 'PDF',
  highlights: 'Highlights only',
});

/** The kind of a source from its stored format: epub → book, pdf → pdf, highlights → highlights-only, the rest articles. */
export function sourceKindOf(format: string): SourceKind {
  if (format === 'epub') return 'book';
  if (format === 'pdf') return 'pdf';
  if (format === 'highlights') return 'highlights';
  return 'article';
}

/** The most rows one page may hold. */
export const MAX_HIGHLIGHT_PAGE = 500;

export interface HighlightFilters {
  /** Any of these colours. */
  colors?: HighlightColor[];
  /** Every one of these highlight tags (any case). */
  tags?: string[];
  /** Any of these sources (article ids). */
  sourceIds?: string[];
  /** Sources whose title holds this text (any case). */
  sourceTitle?: string;
  /** Sources carrying every one of these (article) tags. */
  sourceTags?: string[];
  /** Any of these kinds of source. */
  kinds?: SourceKind[];
  /** Made on or after: a day (YYYY-MM-DD, UTC) or an ISO date-time. */
  since?: string;
  /** Made on or before: a day (the whole day, UTC) or an ISO date-time. */
  until?: string;
  /** true: only highlights with a note; false: only those without. */
  hasNote?: boolean;
  /** Words searched in quotes and notes (the search index; the search box's rules) and in the highlights' tags. */
  text?: string;
}

export interface HighlightQuery {
  filters?: HighlightFilters;
  sort?: HighlightSort;
  /** Offset paging (the virtualized list): rows from here. */
  offset?: number;
  /** Keyset paging: the nextCursor of the previous page (stable while highlights are added). Not with offset. */
  cursor?: string;
  limit?: number;
}

/** One row of the Highlights view: the highlight (with tags, a PDF's page) and where it is from. */
export interface HighlightListItem extends Highlight {
  source: { id: string; title: string; kind: SourceKind };
  /** Books: the title of the chapter it starts in. */
  chapter?: string;
}

export interface HighlightPage {
  items: HighlightListItem[];
  /** Highlights matching the filters. */
  total: number;
  /** Live highlights in the whole library ("12 of 340"). */
  libraryTotal: number;
  /** Pass as cursor for the next page; null after the last one. */
  nextCursor: string | null;
}

/** A recolour's result: each highlight's colour before, for Undo. */
export interface RecolorResult {
  previous: { id: string; color: HighlightColor }[];
}

/** Export selection: one Markdown file, grouped by source. */
export interface HighlightsMarkdown {
  fileName: string;
  markdown: string;
  highlights: number;
  sources: number;
}
