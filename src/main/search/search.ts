/**
 * Full-text search over a library: article titles, authors and text
 * (articles_fts, rowid = articles.seq) and highlights and notes
 * (annotations_fts, rowid = highlights.seq, or NOTE_ROWID_BASE +
 * articles.seq for an article note). Ranked with FTS5 bm25 and column weights, snippets with
 * the matched words marked as structured parts (never HTML), made from the
 * stored text for the returned page only (snippet.ts).
 *
 * Speed: a bare `MATCH ... ORDER BY bm25 LIMIT 20` scores every row that
 * matches, which for a word found in most articles is every article. Here
 * each index is first walked lazily in rowid order (newest first, no
 * scoring) for at most `candidateCap` + 1 matches. When there are no more
 * than that, all of them are ranked; when there are more, only the newest
 * `candidateCap` are (a `rowid >= floor` constraint FTS5 applies while
 * walking the index), and the total is reported as a lower bound. A term
 * found in that many articles has a bm25 weight (idf) near zero anyway, so
 * ranking every match would mostly sort on noise; recency is the better
 * tie-breaker. Snippets are made only for the page of results returned.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SearchPage, SearchResult } from '../../shared/types';
import { parseQuery, type QueryPart } from './query';
import { makeSnippet } from './snippet';

export interface SearchOptions {
  /** Results per page (default 20, at most 200). */
  limit?: number;
  offset?: number;
  /** How many matches per index are ranked at most (default 1000). */
  candidateCap?: number;
}

export const DEFAULT_CANDIDATE_CAP = 1000;
/** annotations_fts rowids from here on are article notes (migration 4). */
export const NOTE_ROWID_BASE = 2 ** 40;

/** bm25 column weights: a title hit counts most, then the author, then the text. */
const ARTICLE_WEIGHTS = '10.0, 4.0, 1.0';
/** Highlights: the quote and the note weigh alike. */
const ANNOTATION_WEIGHTS = '2.0, 2.0';

const SNIPPET_WORDS = 24;

interface Ranked {
  rowid: number;
  score: number;
}

interface Candidate extends Ranked {
  source: 'article' | 'annotation';
}

interface Statements {
  articleRowids: Statement;
  articleRanked: Statement;
  annotationRowids: Statement;
  annotationRanked: Statement;
  noteBySeq: Statement;
  articleBySeq: Statement;
  highlightBySeq: Statement;
}

// NB: with SQLite 3.53, `MATCH ? AND rowid = ?` ignores the rowid when it
// is bound as a JS number (a REAL) and answers every match; use
// `rowid BETWEEN x AND x` (or a BigInt) for point lookups inside a MATCH.
const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      articleRowids: db
        .prepare(`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?`)
        .pluck(),
      articleRanked: db.prepare(`
        SELECT rowid, bm25(articles_fts, ${ARTICLE_WEIGHTS}) AS score FROM articles_fts
        WHERE articles_fts MATCH ? AND rowid >= ? ORDER BY score, rowid DESC LIMIT ?`),
      annotationRowids: db
        .prepare(`SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rowid DESC LIMIT ?`)
        .pluck(),
      annotationRanked: db.prepare(`
        SELECT rowid, bm25(annotations_fts, ${ANNOTATION_WEIGHTS}) AS score FROM annotations_fts
        WHERE annotations_fts MATCH ? AND rowid >= ? ORDER BY score, rowid DESC LIMIT ?`),
      noteBySeq: db.prepare(`SELECT note FROM article_notes WHERE article_seq = ?`).pluck(),
      articleBySeq: db.prepare(`
        SELECT a.id, a.title, a.author, b.text FROM articles a
        LEFT JOIN article_bodies b ON b.article_seq = a.seq WHERE a.seq = ?`),
      highlightBySeq: db.prepare(`
        SELECT h.id AS highlight_id, h.quote, h.note, a.id, a.title, a.author FROM highlights h
        JOIN articles a ON a.seq = h.article_seq WHERE h.seq = ?`),
    };
    cache.set(db, s);
  }
  return s;
}


/**
 * Ranks one index: the matches of `match` (at most cap + 1 read, unscored),
 * then the best `want` of the newest `cap` by bm25.
 */
function rankIndex(
  rowidsStmt: Statement,
  rankedStmt: Statement,
  match: string,
  cap: number,
  want: number,
): { ranked: Ranked[]; total: number; exact: boolean } {
  const rowids = rowidsStmt.all(match, cap + 1) as number[];
  if (rowids.length === 0) return { ranked: [], total: 0, exact: true };
  const exact = rowids.length <= cap;
  const floor = exact ? 0 : rowids[cap - 1]!;
  const ranked = rankedStmt.all(match, floor, want) as Ranked[];
  return { ranked, total: exact ? rowids.length : cap, exact };
}

/**
 * Searches the library. Empty or syntax-only text gives no results (never
 * an error). `total` counts articles plus highlight/note hits; when
 * `totalExact` is false it is a lower bound (more matched than were ranked).
 */
export function search(db: Database, query: string, options: SearchOptions = {}): SearchPage {
  const started = performance.now();
  const limit = Math.max(1, Math.min(200, Math.trunc(options.limit ?? 20)));
  const offset = Math.max(0, Math.trunc(options.offset ?? 0));
  const cap = Math.max(1, Math.trunc(options.candidateCap ?? DEFAULT_CANDIDATE_CAP));
  const { match, parts } = parseQuery(query);
  if (!match) return { results: [], total: 0, totalExact: true, hasMore: false, tookMs: 0 };
  const s = statements(db);
  const want = offset + limit;
  const results = db.transaction(() => {
    const articles = rankIndex(s.articleRowids, s.articleRanked, match, cap, want);
    const notes = rankIndex(s.annotationRowids, s.annotationRanked, match, cap, want);
    const merged: Candidate[] = [
      ...articles.ranked.map((r) => ({ ...r, source: 'article' as const })),
      ...notes.ranked.map((r) => ({ ...r, source: 'annotation' as const })),
    ].sort((a, b) => a.score - b.score || (a.source === b.source ? b.rowid - a.rowid : a.source === 'article' ? -1 : 1));
    const page = merged.slice(offset, offset + limit).map((c) => toResult(s, parts, c));
    const total = articles.total + notes.total;
    return {
      results: page.filter((r): r is SearchResult => r !== null),
      total,
      totalExact: articles.exact && notes.exact,
      hasMore: offset + limit < total,
    };
  }).deferred(); // reads only: a snapshot, never waiting for a writer
  return { ...results, tookMs: Number((performance.now() - started).toFixed(2)) };
}

interface ArticleRow {
  id: string;
  title: string;
  author: string | null;
  text: string | null;
}

function toResult(s: Statements, parts: readonly QueryPart[], c: Candidate): SearchResult | null {
  const score = Number((-c.score).toPrecision(6));
  if (c.source === 'article') {
    const row = s.articleBySeq.get(c.rowid) as ArticleRow | undefined;
    if (!row) return null;
    // The text around the match; for a title- or author-only match, the title.
    let snippet = makeSnippet(row.text ?? '', parts, SNIPPET_WORDS, true);
    if (snippet.length === 0) snippet = makeSnippet(row.title, parts, SNIPPET_WORDS, true);
    if (snippet.length === 0) snippet = makeSnippet(row.text ?? '', parts, SNIPPET_WORDS);
    return { articleId: row.id, title: row.title, author: row.author, kind: 'article', snippet, score };
  }
  if (c.rowid >= NOTE_ROWID_BASE) {
    const row = s.articleBySeq.get(c.rowid - NOTE_ROWID_BASE) as ArticleRow | undefined;
    if (!row) return null;
    const note = (s.noteBySeq.get(c.rowid - NOTE_ROWID_BASE) as string | undefined) ?? '';
    return { articleId: row.id, title: row.title, author: row.author, kind: 'note', snippet: makeSnippet(note, parts), score };
  }
  const row = s.highlightBySeq.get(c.rowid) as
    | { highlight_id: string; quote: string; note: string; id: string; title: string; author: string | null }
    | undefined;
  if (!row) return null;
  const quote = makeSnippet(row.quote, parts, SNIPPET_WORDS, true);
  const inNote = quote.length === 0;
  return {
    articleId: row.id,
    title: row.title,
    author: row.author,
    kind: inNote ? 'note' : 'highlight',
    highlightId: row.highlight_id,
    snippet: inNote ? makeSnippet(row.note, parts) : quote,
    ...(inNote ? { quote: row.quote.slice(0, 200) } : {}),
    score,
  };
}
