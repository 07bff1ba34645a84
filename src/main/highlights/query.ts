/**
 * Every highlight across the library, filtered and sorted, a page at a time
 * (the Highlights view, `gloss highlights --all`): one query builder for
 * every entry point. Text search uses the existing annotations_fts index
 * (quotes and notes, src/main/search) with the search box's rules
 * (parseQuery), never a second index; a term may also match one of the
 * highlight's tags (the few tag names are compared by the same rules).
 * Offset paging serves the virtualized list; keyset paging (an opaque
 * cursor holding the last row's sort key) stays stable while highlights
 * are added.
 */
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import {
  HIGHLIGHT_SORTS,
  MAX_HIGHLIGHT_PAGE,
  sourceKindOf,
  type HighlightFilters,
  type HighlightListItem,
  type HighlightPage,
  type HighlightQuery,
  type HighlightSort,
  type SourceKind,
} from '../../shared/highlights-view';
import { parsePageStarts, withPage } from '../../shared/pdf/highlight-page';
import type { BookChapter, HighlightColor } from '../../shared/types';
import { toHighlight, type HighlightRow } from '../db/highlights';
import { chapterAt, parseChapters } from '../epub/chapter-at';
import { HighlightTagStore } from '../db/highlight-tags';
import { TagRows, type TagRow } from '../db/tags';
import { nameMatchesPart, parseQuery, partMatch, type QueryPart } from '../search/query';

export const DEFAULT_HIGHLIGHT_PAGE = 100;

/** A live highlight as the store reads it, with its source's seq and title. */
type Row = Omit<HighlightRow, 'deleted_at'> & { article_seq: number; title: string };

/** Each sort: its ORDER BY, the key a cursor holds, and the keyset condition after that key. */
const SORTS: Record<HighlightSort, { order: string; key: (r: Row) => (string | number)[]; after: string }> = {
  newest: {
    order: 'h.created_at DESC, h.seq DESC',
    key: (r) => [r.created_at, r.seq],
    after: '(h.created_at, h.seq) < (?, ?)',
  },
  oldest: {
    order: 'h.created_at ASC, h.seq ASC',
    key: (r) => [r.created_at, r.seq],
    after: '(h.created_at, h.seq) > (?, ?)',
  },
  // Grouped by source (title A-Z), each source's highlights in document order.
  source: {
    order: 'a.title COLLATE NOCASE ASC, a.seq ASC, h.start_offset ASC, h.seq ASC',
    key: (r) => [r.title, r.article_seq, r.start_offset, r.seq],
    after: '(a.title COLLATE NOCASE, a.seq, h.start_offset, h.seq) > (?, ?, ?, ?)',
  },
};

const KIND_FORMATS: Record<SourceKind, string[]> = {
  article: ['text', 'markdown', 'html'],
  book: ['epub'],
  pdf: ['pdf'],
  highlights: ['highlights'],
};

const COLUMNS = `h.seq, h.id, a.id AS article_id, h.article_seq, h.color, h.quote, h.prefix, h.suffix, h.start_offset,
  h.end_offset, h.note, h.anchor, h.created_at, h.updated_at, a.title, a.format`;

function invalid(message: string): GlossError {
  return new GlossError('invalid_argument', message);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day or an ISO date-time as a stored-timestamp bound; `endOfDay` makes a day inclusive (the next day's start, exclusive). */
export function dateBound(value: string, name: string, endOfDay: boolean): { at: string; inclusive: boolean } {
  const text = value.trim();
  if (DAY.test(text)) {
    const start = Date.parse(`${text}T00:00:00.000Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== text) throw invalid(`${name} is not a date: ${value}`);
    return endOfDay ? { at: new Date(start + 86_400_000).toISOString(), inclusive: false } : { at: new Date(start).toISOString(), inclusive: true };
  }
  // A date-time must say its zone (stored times are UTC).
  const ms = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw invalid(`${name} must be a date (YYYY-MM-DD) or an ISO date-time: ${value}`);
  return { at: new Date(ms).toISOString(), inclusive: true };
}

function encodeCursor(sort: HighlightSort, key: (string | number)[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key })).toString('base64url');
}

function decodeCursor(cursor: string, sort: HighlightSort): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const { s, k } = (parsed ?? {}) as { s?: unknown; k?: unknown };
  const valid =
    s === sort &&
    Array.isArray(k) &&
    k.length === (sort === 'source' ? 4 : 2) &&
    k.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v)));
  if (!valid) throw invalid('cursor is not one this query gave (ask for the first page again)');
  return k as (string | number)[];
}

const FROM_HIGHLIGHTS = 'highlights h';
const FROM_BOTH = 'highlights h JOIN articles a ON a.seq = h.article_seq';

interface Built {
  where: string;
  params: unknown[];
  /** A filter no highlight can match (an unknown tag, a search with no words). */
  none: boolean;
}

/** The one query over every highlight (the view, the CLI, the export of a selection). */
export class HighlightQueries {
  private readonly tagRows: TagRows;
  private readonly highlightTags: HighlightTagStore;
  private readonly statements = new Map<string, Statement>();
  private readonly countLive: Statement<[], number>;
  private readonly highlightTagNames: Statement<[], TagRow>;

  constructor(private readonly db: Database) {
    this.tagRows = new TagRows(db);
    this.highlightTags = new HighlightTagStore(db);
    this.countLive = db.prepare<[], number>(`SELECT count(*) FROM highlights WHERE deleted_at IS NULL`).pluck();
    this.highlightTagNames = db.prepare<[], TagRow>(`SELECT seq, name FROM tags WHERE seq IN (SELECT tag_seq FROM highlight_tags)`);
  }

  page(query: HighlightQuery = {}): HighlightPage {
    const sort = query.sort ?? 'newest';
    if (!HIGHLIGHT_SORTS.includes(sort)) throw invalid(`sort must be one of ${HIGHLIGHT_SORTS.join(', ')}`);
    const limit = query.limit ?? DEFAULT_HIGHLIGHT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HIGHLIGHT_PAGE) throw invalid(`limit must be 1-${MAX_HIGHLIGHT_PAGE}`);
    if (query.offset !== undefined && query.cursor !== undefined) throw invalid('give offset or cursor, not both');
    const offset = query.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalid('offset must be a whole number from 0');
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, sort);

    return this.db.transaction((): HighlightPage => {
      const libraryTotal = this.countLive.get() ?? 0;
      const built = this.filters(query.filters ?? {});
      if (built.none) return { items: [], total: 0, libraryTotal, nextCursor: null };
      const spec = SORTS[sort];
      const pageWhere = after ? `${built.where} AND ${spec.after}` : built.where;
      // Filters on the source are subqueries: the articles join only for the sort by source title.
      const from = sort === 'source' ? FROM_BOTH : FROM_HIGHLIGHTS;
      // A deferred join: the sort (and a deep offset) handles only seqs and keys, then the page's rows are read.
      const rows = this.statement(
        `SELECT ${COLUMNS} FROM (SELECT h.seq FROM ${from} WHERE ${pageWhere} ORDER BY ${spec.order} LIMIT ? OFFSET ?) p
         JOIN highlights h ON h.seq = p.seq JOIN articles a ON a.seq = h.article_seq
         ORDER BY ${spec.order}`,
      ).all(...built.params, ...(after ?? []), limit, after ? 0 : offset) as Row[];
      const total = this.statement(`SELECT count(*) FROM ${FROM_HIGHLIGHTS} WHERE ${built.where}`)
        .pluck()
        .get(...built.params) as number;
      const last = rows[rows.length - 1];
      const nextCursor = rows.length === limit && last ? encodeCursor(sort, spec.key(last)) : null;
      return { items: this.items(rows), total, libraryTotal, nextCursor };
    }).deferred(); // reads only: one snapshot for the rows and the counts
  }

  /** Ids of every highlight matching the filters (Select all in the current filter), capped at `max`. */
  ids(filters: HighlightFilters, max: number): string[] {
    const built = this.filters(filters);
    if (built.none) return [];
    return this.statement(
      `SELECT h.id FROM ${FROM_HIGHLIGHTS} WHERE ${built.where}
       ORDER BY h.created_at DESC, h.seq DESC LIMIT ?`,
    )
      .pluck()
      .all(...built.params, max) as string[];
  }

  private filters(f: HighlightFilters): Built {
    const where = ['h.deleted_at IS NULL'];
    const params: unknown[] = [];
    const none = { where: '0', params: [], none: true };
    if (f.colors?.length) {
      where.push(`h.color IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(f.colors satisfies HighlightColor[]));
    }
    for (const name of f.tags ?? []) {
      const tag = this.tagRows.find(name.trim().normalize('NFC'));
      if (!tag) return none;
      where.push(`h.seq IN (SELECT highlight_seq FROM highlight_tags WHERE tag_seq = ?)`);
      params.push(tag.seq);
    }
    if (f.sourceIds?.length) {
      where.push(`h.article_seq IN (SELECT seq FROM articles WHERE id IN (SELECT value FROM json_each(?)))`);
      params.push(JSON.stringify(f.sourceIds));
    }
    if (f.sourceTitle !== undefined && f.sourceTitle.trim() !== '') {
      // The text as typed, its % and _ taken literally (LIKE ignores ASCII case).
      const escaped = f.sourceTitle.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
      where.push(`h.article_seq IN (SELECT seq FROM articles WHERE title LIKE ? ESCAPE '\\')`);
      params.push(`%${escaped}%`);
    }
    for (const name of f.sourceTags ?? []) {
      const tag = this.tagRows.find(name.trim().normalize('NFC'));
      if (!tag) return none;
      where.push(`h.article_seq IN (SELECT article_seq FROM article_tags WHERE tag_seq = ?)`);
      params.push(tag.seq);
    }
    if (f.kinds?.length) {
      where.push(`h.article_seq IN (SELECT seq FROM articles WHERE format IN (SELECT value FROM json_each(?)))`);
      params.push(JSON.stringify(f.kinds.flatMap((k) => KIND_FORMATS[k] ?? [])));
    }
    if (f.since !== undefined) {
      const bound = dateBound(f.since, 'since', false);
      where.push(bound.inclusive ? 'h.created_at >= ?' : 'h.created_at > ?');
      params.push(bound.at);
    }
    if (f.until !== undefined) {
      const bound = dateBound(f.until, 'until', true);
      where.push(bound.inclusive ? 'h.created_at <= ?' : 'h.created_at < ?');
      params.push(bound.at);
    }
    if (f.hasNote !== undefined) where.push(f.hasNote ? `h.note <> ''` : `h.note = ''`);
    if (f.text !== undefined && f.text.trim() !== '') {
      const { match, parts } = parseQuery(f.text);
      // Text with nothing to search for (only punctuation) matches nothing, as in search.
      if (match === null) return none;
      const inIndex = `h.seq IN (SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?)`;
      const tagged = this.tagsMatching(parts);
      if (tagged.every((seqs) => seqs.length === 0)) {
        where.push(inIndex);
        params.push(match);
      } else {
        // Each term is found in the quote or note (the index) or in a tag of the highlight: "bees winter" finds a quote about bees tagged winter.
        parts.forEach((part, i) => {
          const seqs = tagged[i]!;
          if (seqs.length === 0) {
            where.push(inIndex);
            params.push(partMatch(part));
          } else {
            where.push(`(${inIndex} OR h.seq IN (SELECT highlight_seq FROM highlight_tags WHERE tag_seq IN (SELECT value FROM json_each(?))))`);
            params.push(partMatch(part), JSON.stringify(seqs));
          }
        });
      }
    }
    return { where: where.join(' AND '), params, none: false };
  }

  /** For each part of a search, the seqs of the highlight tags whose names it matches (tags are few: read and compared here). */
  private tagsMatching(parts: readonly QueryPart[]): number[][] {
    const tags = this.highlightTagNames.all();
    return parts.map((part) => tags.filter((t) => nameMatchesPart(t.name, part)).map((t) => t.seq));
  }

  /** Rows as list items: tags, a PDF's page and a book's chapter read once for the page. */
  private items(rows: Row[]): HighlightListItem[] {
    if (rows.length === 0) return [];
    const tags = this.highlightTags.tagsOfSeqs(rows.map((r) => r.seq));
    const pdfs = [...new Set(rows.filter((r) => r.format === 'pdf').map((r) => r.article_seq))];
    const pageStarts = new Map<number, number[] | null>();
    if (pdfs.length) {
      for (const { article_seq, page_starts } of this.statement(
        `SELECT article_seq, page_starts FROM article_documents WHERE article_seq IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(pdfs)) as { article_seq: number; page_starts: string }[]) {
        pageStarts.set(article_seq, parsePageStarts(page_starts));
      }
    }
    const books = [...new Set(rows.filter((r) => r.format === 'epub').map((r) => r.article_seq))];
    const chapters = new Map<number, BookChapter[]>();
    if (books.length) {
      for (const { article_seq, chapters: json } of this.statement(
        `SELECT article_seq, chapters FROM article_books WHERE article_seq IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(books)) as { article_seq: number; chapters: string }[]) {
        chapters.set(article_seq, parseChapters(json));
      }
    }
    return rows.map((r) => {
      const highlight = withPage(
        toHighlight(r, tags.get(r.seq)),
        pageStarts.get(r.article_seq) ?? null,
      );
      const chapter = r.anchor === 'orphaned' ? undefined : chapterAt(chapters.get(r.article_seq), r.start_offset);
      return {
        ...highlight,
        source: { id: r.article_id, title: r.title, kind: sourceKindOf(r.format) },
        ...(chapter === undefined ? {} : { chapter }),
      };
    });
  }

  private statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** One HighlightQueries per open connection (a restore replaces the connection). */
const queries = new WeakMap<Database, HighlightQueries>();

export function highlightQueriesOf(db: Database): HighlightQueries {
  let q = queries.get(db);
  if (!q) queries.set(db, (q = new HighlightQueries(db)));
  return q;
}
