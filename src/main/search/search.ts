/**
 * Full-text search over a library: article titles, authors and text
 * (articles_fts, rowid = articles.seq) and highlights and notes
 * (annotations_fts, rowid = highlights.seq, or NOTE_ROWID_BASE +
 * articles.seq for an article note). Ranked with FTS5 bm25 and column
 * weights; snippets with the matched words marked as structured parts
 * (never HTML), made from the stored text for the returned page only
 * (snippet.ts); notes are Markdown and are shown as their text
 * (markdown-text.ts).
 *
 * One result per article, its matches grouped under it:
 * - articles are ordered by their best match (bm25 over both indexes, as
 *   one scale), newest first on a tie;
 * - within an article, matches are ordered (1) highlights whose quote holds
 *   the whole query as a phrase, (2) other highlights, (3) notes (a
 *   highlight's note or the article note), (4) the article's title, author
 *   or text; by bm25 within each, then by place in the text. So searching
 *   for the words of a highlight lists that highlight first. At most
 *   `matchesPerResult` are returned; `moreMatches` counts the rest.
 *
 * Speed: a bare `MATCH ... ORDER BY bm25 LIMIT 20` scores every row that
 * matches, which for a word found in most articles is every article. Here
 * each index is first walked lazily in rowid order (newest first, no
 * scoring) for at most `candidateCap` + 1 matches. When there are no more
 * than that, all of them are ranked; when there are more, only the newest
 * `candidateCap` are (a `rowid >= floor` constraint FTS5 applies while
 * walking the index), and the total is reported as a lower bound (an
 * article then shows the matches found in those windows). A term found in
 * that many rows has a bm25 weight (idf) near zero anyway, so ranking every
 * match would mostly sort on noise; recency is the better tie-breaker.
 * Each search is a bounded number of statements: two ranking queries, then
 * five lookups for the page (articles, bodies, highlights, notes, passage
 * ranges), however many results, and one passage lookup per long text on
 * the page. Grouping needs every ranked row in JavaScript (up to
 * `candidateCap` per index), so they come as arrays (`raw()`): a row
 * object each was a tenth of the ranking's time. Snippets are made only for the
 * matches shown, and an article's text is read only when its highlights and
 * notes leave room for the text match.
 *
 * Long texts (books, long PDFs) are also indexed by passage (passages.ts,
 * passages_fts): they are ranked by their whole row like any article (same
 * scale, so a short article is not buried under a book that mentions the
 * word once), but their text match is the book's best passage for the
 * query, found by one indexed lookup over that book's passages and read
 * from there (a few KB): walking a book's text up to chapter 40 took most
 * of a second a result, and its hit now opens at that passage.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SearchMatch, SearchPage, SearchResult, SnippetPart } from '../../shared/types';
import { parseQuery, type QueryPart } from './query';
import { markdownToText } from './markdown-text';
import { containsPhrase, locateSnippet, makeSnippet } from './snippet';

export interface SearchOptions {
  /** Articles per page (default 20, at most 200). */
  limit?: number;
  offset?: number;
  /** How many matches per index are ranked at most (default 1000). */
  candidateCap?: number;
  /** Matches shown under each article (default 3, at most 20). */
  matchesPerResult?: number;
}

export const DEFAULT_CANDIDATE_CAP = 1000;
export const DEFAULT_MATCHES_PER_RESULT = 3;
/** annotations_fts rowids from here on are article notes (migration 4). */
export const NOTE_ROWID_BASE = 2 ** 40;
/** An article's annotation hits looked at to choose the ones shown (the best by bm25). */
const MAX_CLASSIFIED = 50;

/** bm25 column weights: a title hit counts most, then the author, then the text. */
const ARTICLE_WEIGHTS = '10.0, 4.0, 1.0';
/** Highlights: the quote and the note weigh alike. */
const ANNOTATION_WEIGHTS = '2.0, 2.0';

const SNIPPET_WORDS = 24;

interface Ranked {
  rowid: number;
  score: number;
}

interface AnnotationHit extends Ranked {
  article_seq: number;
}

/** One article's hits, before the page is chosen. */
interface Group {
  seq: number;
  best: number;
  /** bm25 of the article row itself (title, author, text), when it matched. */
  text?: number;
  annotations: AnnotationHit[];
}

interface Statements {
  articleRowids: Statement;
  articleRanked: Statement;
  annotationRowids: Statement;
  annotationRanked: Statement;
  articlesBySeq: Statement;
  bodiesBySeq: Statement;
  highlightsBySeq: Statement;
  notesBySeq: Statement;
  /** Null on a library from before migration 9 (the upgrade tests search every schema). */
  passageRanges: Statement | null;
  bestPassage: Statement | null;
}

// NB: with SQLite 3.53, `MATCH ? AND rowid = ?` ignores the rowid when it
// is bound as a JS number (a REAL) and answers every match; use
// `rowid BETWEEN x AND x` (or a BigInt) for point lookups inside a MATCH.
const cache = new WeakMap<Database, Statements>();

/** `WHERE x IN (…)` over a JSON array: one prepared statement for any number of keys. */
const IN_JSON = 'IN (SELECT value FROM json_each(?))';

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      articleRowids: db
        .prepare(`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?`)
        .pluck(),
      articleRanked: db
        .prepare(
          `SELECT rowid, bm25(articles_fts, ${ARTICLE_WEIGHTS}) AS score FROM articles_fts
          WHERE articles_fts MATCH ? AND rowid >= ? ORDER BY score, rowid DESC LIMIT ?`,
        )
        .raw(),
      annotationRowids: db
        .prepare(`SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rowid DESC LIMIT ?`)
        .pluck(),
      // The article of each hit: its highlight's, or the note's (rowid - base).
      annotationRanked: db
        .prepare(
          `SELECT annotations_fts.rowid, bm25(annotations_fts, ${ANNOTATION_WEIGHTS}) AS score,
            coalesce(h.article_seq, annotations_fts.rowid - ${NOTE_ROWID_BASE})
          FROM annotations_fts LEFT JOIN highlights h ON h.seq = annotations_fts.rowid
          WHERE annotations_fts MATCH ? AND annotations_fts.rowid >= ? ORDER BY score, annotations_fts.rowid DESC LIMIT ?`,
        )
        .raw(),
      // `*`: canonical_url came with a later migration, and search runs on every schema the upgrade tests check.
      articlesBySeq: db.prepare(`SELECT * FROM articles WHERE seq ${IN_JSON}`),
      bodiesBySeq: db.prepare(`SELECT article_seq, text FROM article_bodies WHERE article_seq ${IN_JSON}`),
      highlightsBySeq: db.prepare(`
        SELECT seq, id, quote, note, start_offset FROM highlights WHERE seq ${IN_JSON} AND deleted_at IS NULL`),
      notesBySeq: db.prepare(`SELECT article_seq, note FROM article_notes WHERE article_seq ${IN_JSON}`),
      passageRanges: null,
      bestPassage: null,
    };
    if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'passages_fts'`).get()) {
      // An article's passages are written together (search-index.ts), so their seqs are one range.
      s.passageRanges = db.prepare(`
        SELECT article_seq, min(seq) AS first, max(seq) AS last FROM article_passages
        WHERE article_seq ${IN_JSON} GROUP BY article_seq`);
      // CROSS JOIN: the index is walked first (within the range), each hit's place looked up by key.
      s.bestPassage = db.prepare(`
        SELECT p.start_offset AS start, passages_fts.text AS text
        FROM passages_fts CROSS JOIN article_passages p ON p.seq = passages_fts.rowid
        WHERE passages_fts MATCH ? AND passages_fts.rowid BETWEEN ? AND ?
        ORDER BY bm25(passages_fts) LIMIT 1`);
    }
    cache.set(db, s);
  }
  return s;
}

/** Ranked rows come as arrays (see the header). */
type ScoredRow = [rowid: number, score: number];
type AnnotationRow = [rowid: number, score: number, articleSeq: number];

/**
 * Ranks one index: the matches of `match` (at most cap + 1 read, unscored),
 * then the newest `cap` of them by bm25.
 */
function rankIndex<T extends ScoredRow | AnnotationRow>(
  rowidsStmt: Statement,
  rankedStmt: Statement,
  match: string,
  cap: number,
): { ranked: T[]; exact: boolean } {
  const rowids = rowidsStmt.all(match, cap + 1) as number[];
  if (rowids.length === 0) return { ranked: [], exact: true };
  const exact = rowids.length <= cap;
  const floor = exact ? 0 : rowids[cap - 1]!;
  return { ranked: rankedStmt.all(match, floor, cap) as T[], exact };
}

function groupByArticle(articles: readonly ScoredRow[], annotations: readonly AnnotationRow[]): Group[] {
  const groups = new Map<number, Group>();
  const groupOf = (seq: number, score: number): Group => {
    let g = groups.get(seq);
    if (!g) groups.set(seq, (g = { seq, best: score, annotations: [] }));
    else g.best = Math.min(g.best, score);
    return g;
  };
  for (const [rowid, score] of articles) groupOf(rowid, score).text = score;
  // Ranked best first, so each article's annotation hits stay in bm25 order.
  for (const [rowid, score, articleSeq] of annotations) groupOf(articleSeq, score).annotations.push({ rowid, score, article_seq: articleSeq });
  return [...groups.values()].sort((a, b) => a.best - b.best || b.seq - a.seq);
}

/**
 * Searches the library. Empty or syntax-only text gives no results (never
 * an error). `total` counts articles; when `totalExact` is false it is a
 * lower bound (more matched than were ranked).
 */
export function search(db: Database, query: string, options: SearchOptions = {}): SearchPage {
  const started = performance.now();
  const limit = Math.max(1, Math.min(200, Math.trunc(options.limit ?? 20)));
  const offset = Math.max(0, Math.trunc(options.offset ?? 0));
  const cap = Math.max(1, Math.trunc(options.candidateCap ?? DEFAULT_CANDIDATE_CAP));
  const perResult = Math.max(1, Math.min(20, Math.trunc(options.matchesPerResult ?? DEFAULT_MATCHES_PER_RESULT)));
  const { match, parts } = parseQuery(query);
  if (!match) return { results: [], total: 0, totalExact: true, hasMore: false, tookMs: 0 };
  const s = statements(db);
  const answer = db.transaction(() => {
    const articles = rankIndex<ScoredRow>(s.articleRowids, s.articleRanked, match, cap);
    const annotations = rankIndex<AnnotationRow>(s.annotationRowids, s.annotationRanked, match, cap);
    const groups = groupByArticle(articles.ranked, annotations.ranked);
    const page = groups.slice(offset, offset + limit);
    return {
      results: toResults(s, match, parts, page, perResult),
      total: groups.length,
      totalExact: articles.exact && annotations.exact,
      hasMore: offset + limit < groups.length,
    };
  }).deferred(); // reads only: a snapshot, never waiting for a writer
  return { ...answer, tookMs: Number((performance.now() - started).toFixed(2)) };
}

interface ArticleRow {
  seq: number;
  id: string;
  title: string;
  author: string | null;
  site_name: string | null;
  source_url: string | null;
  /** Absent before migration 5's columns. */
  canonical_url?: string | null;
}

interface HighlightRow {
  seq: number;
  id: string;
  quote: string;
  note: string;
  start_offset: number;
}

/** Rows of `stmt` for these keys, by `key`. */
function byKey<T>(stmt: Statement, keys: readonly number[], key: keyof T): Map<number, T> {
  const rows = keys.length ? (stmt.all(JSON.stringify(keys)) as T[]) : [];
  return new Map(rows.map((r) => [r[key] as number, r]));
}

/** Rank of a match's kind within its article (lower first; the text comes last); see the header. */
const PHRASE_HIGHLIGHT = 0;
const HIGHLIGHT = 1;
const NOTE = 2;

interface Placed {
  order: number;
  score: number;
  /** Place in the text (highlights), for ties. */
  at: number;
  /** The match as shown: made only for the matches that are shown (snippets are the slow part). */
  show: () => SearchMatch;
}

const toScore = (bm25: number): number => Number((-bm25).toPrecision(6));

function toResults(s: Statements, match: string, parts: readonly QueryPart[], page: readonly Group[], perResult: number): SearchResult[] {
  const articles = byKey<ArticleRow>(s.articlesBySeq, page.map((g) => g.seq), 'seq');
  const annotationRowids = page.flatMap((g) => g.annotations.slice(0, MAX_CLASSIFIED).map((a) => a.rowid));
  const highlights = byKey<HighlightRow>(s.highlightsBySeq, annotationRowids.filter((r) => r < NOTE_ROWID_BASE), 'seq');
  const notes = byKey<{ article_seq: number; note: string }>(
    s.notesBySeq,
    annotationRowids.filter((r) => r >= NOTE_ROWID_BASE).map((r) => r - NOTE_ROWID_BASE),
    'article_seq',
  );
  const chosen = page.flatMap((group) => {
    const row = articles.get(group.seq);
    if (!row) return [];
    const placed: Placed[] = [];
    for (const hit of group.annotations.slice(0, MAX_CLASSIFIED)) {
      const p = hit.rowid >= NOTE_ROWID_BASE ? articleNoteMatch(notes, hit, parts) : highlightMatch(highlights, hit, parts);
      if (p) placed.push(p);
    }
    placed.sort((a, b) => a.order - b.order || b.score - a.score || a.at - b.at);
    // The text comes after every highlight and note: shown only when they leave room.
    const showText = group.text !== undefined && placed.length < perResult;
    return [{ group, row, placed, showText }];
  });
  // The text a match is shown from: a long text's best passage, else the body (see the header).
  const withText = chosen.filter((c) => c.showText);
  const ranges = s.passageRanges
    ? byKey<{ article_seq: number; first: number; last: number }>(s.passageRanges, withText.map((c) => c.group.seq), 'article_seq')
    : new Map<number, { first: number; last: number }>();
  const passages = new Map<number, { start: number; text: string } | undefined>();
  for (const [seq, range] of ranges) passages.set(seq, s.bestPassage!.get(match, range.first, range.last) as { start: number; text: string } | undefined);
  const titles = new Map(withText.map((c) => [c.group.seq, makeSnippet(c.row.title, parts, SNIPPET_WORDS, true)]));
  // A long text no passage of which holds the query has the words in its title or far apart: its
  // body is read (and walked) only when the title does not hold them.
  const needsBody = (seq: number): boolean => !passages.get(seq) && !(ranges.has(seq) && titles.get(seq)!.length > 0);
  const bodies = byKey<{ article_seq: number; text: string }>(
    s.bodiesBySeq,
    withText.map((c) => c.group.seq).filter(needsBody),
    'article_seq',
  );
  return chosen.map(({ group, row, placed, showText }) => {
    const matches = placed.slice(0, perResult).map((p) => p.show());
    if (showText) {
      const passage = passages.get(group.seq);
      const text = passage ?? { start: 0, text: bodies.get(group.seq)?.text ?? '' };
      matches.push(textMatch(titles.get(group.seq)!, text, group.text!, parts));
    }
    const total = group.annotations.length + (group.text === undefined ? 0 : 1);
    return {
      articleId: row.id,
      title: row.title,
      author: row.author,
      siteName: row.site_name,
      sourceUrl: row.source_url,
      ...(row.canonical_url ? { canonicalUrl: row.canonical_url } : {}),
      score: toScore(group.best),
      matches,
      moreMatches: total - matches.length,
    };
  });
}

/**
 * The text match: the query's words in `text` (an article's body from 0, or
 * a passage of a long text from its start) and their place; for a title- or
 * author-only match, the title and no place.
 */
function textMatch(title: SnippetPart[], text: { start: number; text: string }, bm25: number, parts: readonly QueryPart[]): SearchMatch {
  // The snippet and its place come from one walk: no second pass over the text.
  const inText = locateSnippet(text.text, parts, SNIPPET_WORDS, true);
  if (inText.offset !== null) {
    // A passage begins mid-book: say so, as the snippet of a match further in does.
    const snippet = text.start > 0 && inText.parts[0]?.text !== '…' ? [{ text: '…', match: false }, ...inText.parts] : inText.parts;
    return { kind: 'text', snippet, offset: text.start + inText.offset, score: toScore(bm25) };
  }
  return { kind: 'text', snippet: title.length > 0 ? title : makeSnippet(text.text, parts, SNIPPET_WORDS), score: toScore(bm25) };
}

function articleNoteMatch(
  notes: Map<number, { note: string }>,
  hit: AnnotationHit,
  parts: readonly QueryPart[],
): Placed | null {
  const note = notes.get(hit.rowid - NOTE_ROWID_BASE)?.note;
  if (note === undefined) return null;
  const score = toScore(hit.score);
  return { order: NOTE, score, at: Infinity, show: () => ({ kind: 'note', snippet: makeSnippet(markdownToText(note), parts), score }) };
}

function highlightMatch(highlights: Map<number, HighlightRow>, hit: AnnotationHit, parts: readonly QueryPart[]): Placed | null {
  const row = highlights.get(hit.rowid);
  if (!row) return null;
  const score = toScore(hit.score);
  // Whether the quote holds a match decides the kind, so its snippet is made here.
  const quote = makeSnippet(row.quote, parts, SNIPPET_WORDS, true);
  if (quote.length > 0) {
    return {
      order: containsPhrase(row.quote, parts) ? PHRASE_HIGHLIGHT : HIGHLIGHT,
      score,
      at: row.start_offset,
      show: () => ({ kind: 'highlight', highlightId: row.id, snippet: quote, score }),
    };
  }
  return {
    order: NOTE,
    score,
    at: row.start_offset,
    show: () => ({
      kind: 'note',
      highlightId: row.id,
      snippet: makeSnippet(markdownToText(row.note), parts),
      quote: row.quote.slice(0, 200),
      score,
    }),
  };
}
