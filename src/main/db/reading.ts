/**
 * Reading state (position, progress, unread/reading/finished, archived,
 * favourite) and the paged library list. Every change of reading state
 * moves the article's updated_at, so the JSON merge (newest wins) carries
 * it to other copies of the library.
 */
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import type {
  LibraryItem,
  LibraryPage,
  LibraryPageQuery,
  LibrarySort,
  ReadState,
  ReadingChange,
} from '../../shared/types';
import { LIBRARY_SORTS_ASCENDING } from '../../shared/types';
export type { ReadingChange } from '../../shared/types';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './articles';

/** At or past this progress an article counts as finished. */
export const FINISHED_AT = 0.98;
export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 100;

interface StateRow {
  seq: number;
  read_progress: number;
  read_position: string | null;
  read_state: ReadState;
  archived: number;
  favorite: number;
  updated_at: string;
}

function articleNotFound(id: string): GlossError {
  return new GlossError('not_found', `No article with id ${id} in this library.`);
}

/**
 * The sort keys, each backed by an index (migrations 1, 4 and 18) that SQLite
 * walks forwards or backwards, so a page is read off the index with no sort.
 * Author: A–Z with no author last, then by title (the key: src/main/db/author-sort.ts).
 */
const SORT_KEYS: Record<LibrarySort, readonly string[]> = {
  added: ['a.added_at'],
  published: ['a.published_at'],
  title: ['a.title COLLATE NOCASE'],
  progress: ['a.read_progress'],
  author: ['a.author_sort IS NULL', 'a.author_sort', 'a.title COLLATE NOCASE'],
};

export class ReadingStore {
  private readonly selectState: Statement<[string], StateRow>;
  private readonly updateState: Statement;
  private readonly pageStatements = new Map<string, Statement>();
  private readonly selectTagSeq: Statement<[string], { seq: number }>;
  private readonly countAll: Statement<[], number>;

  constructor(private readonly db: Database) {
    this.selectState = db.prepare(`
      SELECT seq, read_progress, read_position, read_state, archived, favorite, updated_at
      FROM articles WHERE id = ?`);
    this.updateState = db.prepare(`
      UPDATE articles SET read_progress = @progress, read_position = @position, read_state = @state,
        archived = @archived, favorite = @favorite, updated_at = @now
      WHERE seq = @seq`);
    this.selectTagSeq = db.prepare(`SELECT seq FROM tags WHERE name = ?`);
    this.countAll = db.prepare<[], number>(`SELECT count(*) FROM articles`).pluck();
  }

  private change(
    id: string,
    now: Date,
    apply: (row: StateRow) => Partial<{ progress: number; position: string | null; state: ReadState; archived: boolean; favorite: boolean }>,
  ): ReadingChange {
    return this.db.transaction(() => {
      const row = this.selectState.get(id);
      if (!row) throw articleNotFound(id);
      const next = {
        progress: row.read_progress,
        position: row.read_position,
        state: row.read_state,
        archived: row.archived === 1,
        favorite: row.favorite === 1,
        ...apply(row),
      };
      const changed =
        next.progress !== row.read_progress ||
        next.position !== row.read_position ||
        next.state !== row.read_state ||
        next.archived !== (row.archived === 1) ||
        next.favorite !== (row.favorite === 1);
      // Never move updated_at backwards (a clock set back, or a merged newer record).
      const stamp = now.toISOString() > row.updated_at ? now.toISOString() : row.updated_at;
      if (changed) {
        this.updateState.run({
          seq: row.seq,
          progress: next.progress,
          position: next.position,
          state: next.state,
          archived: next.archived ? 1 : 0,
          favorite: next.favorite ? 1 : 0,
          now: stamp,
        });
      }
      return {
        id,
        readProgress: next.progress,
        readPosition: next.position,
        readState: next.state,
        archived: next.archived,
        favorite: next.favorite,
        updatedAt: changed ? stamp : row.updated_at,
      };
    })();
  }

  /**
   * Saves where the reader is. An unread article becomes 'reading' once
   * progress is above 0; crossing FINISHED_AT makes it 'finished'. Only a
   * crossing does, so an article the user marked unread or in progress
   * while at its end stays as the user set it.
   */
  setPosition(id: string, progress: number, position: string, now: Date = new Date()): ReadingChange {
    const p = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
    return this.change(id, now, (row) => {
      let state = row.read_state;
      if (p >= FINISHED_AT && row.read_progress < FINISHED_AT) state = 'finished';
      else if (state === 'unread' && p > 0 && p < FINISHED_AT) state = 'reading';
      return { progress: p, position, state };
    });
  }

  setState(id: string, state: ReadState, now: Date = new Date()): ReadingChange {
    return this.change(id, now, () => ({ state }));
  }

  setFavorite(id: string, favorite: boolean, now: Date = new Date()): ReadingChange {
    return this.change(id, now, () => ({ favorite }));
  }

  /** Archives or unarchives several articles, all or nothing. */
  setArchived(ids: readonly string[], archived: boolean, now: Date = new Date()): ReadingChange[] {
    return this.db.transaction(() => ids.map((id) => this.change(id, now, () => ({ archived }))))();
  }

  /**
   * One page of the library. Offset paging: the virtualized list jumps to
   * any row (scrollbar drags), which keyset paging cannot do without
   * walking there; every order is read off an index, so an offset costs a
   * walk over index entries only, a few milliseconds at 50,000 rows.
   * Ties (same date, title, author or progress) are broken by seq, in the same
   * direction, so pages never overlap or skip.
   */
  page(query: LibraryPageQuery = {}): LibraryPage {
    const offset = Math.max(0, Math.trunc(query.offset ?? 0));
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.trunc(query.limit ?? DEFAULT_PAGE)));
    return this.db.transaction(() => {
      const libraryTotal = this.countAll.get() ?? 0;
      const built = this.buildPage(query);
      if (!built) return { items: [], total: 0, libraryTotal, offset };
      const rows = this.statement(built.select).all(...built.params, limit, offset) as (SummaryRow & {
        tags_json: string;
      })[];
      const total = (this.statement(built.count).pluck().get(...built.params) as number) ?? 0;
      const items: LibraryItem[] = rows.map((row) => ({
        ...(toSummary(row) as LibraryItem),
        tags: (JSON.parse(row.tags_json) as string[]).sort((x, y) => x.localeCompare(y, undefined, { sensitivity: 'base' })),
      }));
      return { items, total, libraryTotal, offset };
    })();
  }

  /** The SQL of a page query (exposed for EXPLAIN QUERY PLAN tests); null when a tag is unknown. */
  buildPage(query: LibraryPageQuery): { select: string; count: string; params: unknown[] } | null {
    const sort = query.sort ?? 'added';
    const dir = (query.order ?? (LIBRARY_SORTS_ASCENDING.includes(sort) ? 'asc' : 'desc')) === 'asc' ? 'ASC' : 'DESC';
    const filter = query.filter ?? {};
    const where: string[] = [];
    const params: unknown[] = [];
    for (const name of filter.tags ?? []) {
      const tag = this.selectTagSeq.get(name.trim());
      if (!tag) return null;
      where.push(`a.seq IN (SELECT article_seq FROM article_tags WHERE tag_seq = ?)`);
      params.push(tag.seq);
    }
    if (filter.state !== undefined) {
      if (!['unread', 'reading', 'finished'].includes(filter.state)) throw new GlossError('invalid_argument', 'Unknown reading state.');
      // A literal (from the fixed list above) so the planner can use the index on it.
      where.push(`a.read_state = '${filter.state}'`);
    }
    // Literals 0/1, so a partial index (favorite = 1) can be used.
    if (filter.archived !== undefined) where.push(`a.archived = ${filter.archived ? 1 : 0}`);
    if (filter.favorite !== undefined) where.push(`a.favorite = ${filter.favorite ? 1 : 0}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const select = `
      SELECT ${SUMMARY_COLUMNS},
        (SELECT json_group_array(t.name) FROM article_tags at JOIN tags t ON t.seq = at.tag_seq
          WHERE at.article_seq = a.seq) AS tags_json
      FROM articles a ${whereSql}
      ORDER BY ${[...SORT_KEYS[sort], 'a.seq'].map((k) => `${k} ${dir}`).join(', ')}
      LIMIT ? OFFSET ?`;
    const count = `SELECT count(*) FROM articles a ${whereSql}`;
    return { select, count, params };
  }

  private statement(sql: string): Statement {
    let s = this.pageStatements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.pageStatements.size > 200) this.pageStatements.clear();
      this.pageStatements.set(sql, s);
    }
    return s;
  }
}
