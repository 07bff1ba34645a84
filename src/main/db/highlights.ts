/**
 * The highlight and article-note store. Highlights are W3C Web Annotation
 * selectors (quote with prefix/suffix, and position) over the article's
 * canonical text. Deletion is soft: the row keeps deleted_at and a tombstone
 * is written, so undo can restore it and merges do not bring it back.
 * Every write runs in a transaction; prepared statements only.
 */
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import type {
  AnchoringReport,
  AnchorStatus,
  ArticleNote,
  Highlight,
  HighlightColor,
  PositionSelector,
  QuoteSelector,
} from '../../shared/types';
import { parsePageStarts, withPage } from '../../shared/pdf/highlight-page';
import { placeNewHighlight, reanchorStoredRow } from '../highlights/place';
import { splitNoteTags } from '../../shared/note-tags';
import { HighlightTagStore } from './highlight-tags';
import { newId } from './ids';

export interface HighlightRow {
  seq: number;
  id: string;
  article_id: string;
  color: string;
  quote: string;
  prefix: string;
  suffix: string;
  start_offset: number;
  end_offset: number;
  note: string;
  anchor: AnchorStatus;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** The article's format: a 'pdf' one gives its highlights a page. */
  format: string;
}

const COLUMNS = `h.seq, h.id, a.id AS article_id, h.color, h.quote, h.prefix, h.suffix, h.start_offset, h.end_offset,
  h.note, h.anchor, h.created_at, h.updated_at, h.deleted_at, a.format`;

/** The columns a Highlight is made of (the Highlights view's query reads the same ones). */
export type HighlightFields = Omit<HighlightRow, 'seq' | 'deleted_at' | 'format'>;

/** One mapping from a highlight's row to the API's Highlight, for every query that lists them. */
export function toHighlight(row: HighlightFields, tags: string[] = []): Highlight {
  return {
    id: row.id,
    articleId: row.article_id,
    color: row.color as HighlightColor,
    quote: { exact: row.quote, prefix: row.prefix, suffix: row.suffix },
    position: { start: row.start_offset, end: row.end_offset },
    note: row.note,
    anchor: row.anchor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    tags,
  };
}

export interface NewHighlight {
  /** A stable id an importer chose (src/main/migrate/identity.ts), so a re-import finds it; otherwise a new one. */
  id?: string;
  articleId: string;
  quote: QuoteSelector;
  position: PositionSelector;
  color: HighlightColor;
  note?: string;
  /** Tags to add (an importer's labels); `#tag` words leading the note are added too. */
  tags?: readonly string[];
}

export interface HighlightChanges {
  color?: HighlightColor;
  note?: string;
  /** New selectors (re-attaching an orphaned highlight); quote and position go together. */
  quote?: QuoteSelector;
  position?: PositionSelector;
}

export const QUOTE_NOT_FOUND =
  'The highlighted text was not found in this article. Select the text again and retry.';

function articleNotFound(id: string): GlossError {
  return new GlossError('not_found', `No article with id ${id} in this library.`);
}

function highlightNotFound(id: string): GlossError {
  return new GlossError('not_found', `No highlight with id ${id} in this library.`);
}

export class HighlightStore {
  private readonly selectArticle: Statement<[string], { seq: number; text: string }>;
  private readonly selectLive: Statement<[string], HighlightRow>;
  private readonly selectAllOfArticle: Statement<[number], HighlightRow>;
  private readonly selectOne: Statement<[string], HighlightRow>;
  private readonly insertRow: Statement;
  private readonly updateStyle: Statement;
  private readonly updateSelectors: Statement;
  private readonly markAnchor: Statement;
  private readonly softDelete: Statement;
  private readonly undelete: Statement;
  private readonly insertTombstone: Statement;
  private readonly deleteTombstone: Statement;
  private readonly selectNote: Statement<[string], { note: string | null; updated_at: string | null }>;
  private readonly upsertNote: Statement;
  /** Prepared on the first PDF: article_documents came with migration 6, and older schemas open this store too. */
  private selectPageStarts: Statement<[string], string> | undefined;
  /** Highlight tags came with migration 10: null on an older schema (its highlights have no tags). */
  readonly tags: HighlightTagStore | null;

  constructor(private readonly db: Database) {
    const hasTags = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'highlight_tags'`).get();
    this.tags = hasTags ? new HighlightTagStore(db) : null;
    this.selectArticle = db.prepare(`
      SELECT a.seq, b.text FROM articles a JOIN article_bodies b ON b.article_seq = a.seq WHERE a.id = ?`);
    this.selectLive = db.prepare(`
      SELECT ${COLUMNS} FROM highlights h JOIN articles a ON a.seq = h.article_seq
      WHERE a.id = ? AND h.deleted_at IS NULL
      ORDER BY h.anchor = 'orphaned', h.start_offset, h.end_offset, h.created_at, h.id`);
    this.selectAllOfArticle = db.prepare(`
      SELECT ${COLUMNS} FROM highlights h JOIN articles a ON a.seq = h.article_seq
      WHERE h.article_seq = ? ORDER BY h.start_offset, h.end_offset, h.id`);
    this.selectOne = db.prepare(
      `SELECT ${COLUMNS} FROM highlights h JOIN articles a ON a.seq = h.article_seq WHERE h.id = ?`,
    );
    this.insertRow = db.prepare(`
      INSERT INTO highlights (id, article_seq, color, quote, prefix, suffix, start_offset, end_offset,
        note, orphaned, anchor, created_at, updated_at)
      VALUES (@id, @seq, @color, @exact, @prefix, @suffix, @start, @end, @note, 0, 'exact', @now, @now)`);
    this.updateStyle = db.prepare(`
      UPDATE highlights SET color = coalesce(@color, color), note = coalesce(@note, note), updated_at = @now
      WHERE id = @id`);
    this.updateSelectors = db.prepare(`
      UPDATE highlights SET quote = @exact, prefix = @prefix, suffix = @suffix,
        start_offset = @start, end_offset = @end, anchor = @anchor, orphaned = 0, updated_at = @now
      WHERE id = @id`);
    this.markAnchor = db.prepare(`
      UPDATE highlights SET anchor = @anchor, orphaned = (@anchor = 'orphaned'), updated_at = @now WHERE id = @id`);
    this.softDelete = db.prepare(`UPDATE highlights SET deleted_at = @now, updated_at = @now WHERE id = @id`);
    this.undelete = db.prepare(`UPDATE highlights SET deleted_at = NULL, updated_at = @now WHERE id = @id`);
    this.insertTombstone = db.prepare(`
      INSERT INTO tombstones (entity, id, deleted_at) VALUES ('highlight', ?, ?)
      ON CONFLICT (entity, id) DO UPDATE SET deleted_at = excluded.deleted_at`);
    this.deleteTombstone = db.prepare(`DELETE FROM tombstones WHERE entity = 'highlight' AND id = ?`);
    this.selectNote = db.prepare(`
      SELECT n.note, n.updated_at FROM articles a LEFT JOIN article_notes n ON n.article_seq = a.seq
      WHERE a.id = ?`);
    this.upsertNote = db.prepare(`
      INSERT INTO article_notes (article_seq, note, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (article_seq) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at`);
  }

  /** Live highlights of an article in document order (start, then end); orphaned ones last; a PDF's with their page. */
  list(articleId: string): Highlight[] {
    return this.db.transaction(() => {
      if (!this.selectArticle.get(articleId)) throw articleNotFound(articleId);
      const rows = this.selectLive.all(articleId);
      const pageStarts = rows[0] ? this.pageStartsOf(rows[0]) : null;
      const tags = this.tags?.tagsOfSeqs(rows.map((row) => row.seq)) ?? new Map<number, string[]>();
      return rows.map((row) => withPage(toHighlight(row, tags.get(row.seq)), pageStarts));
    }).deferred(); // reads only
  }

  /** A live highlight (a PDF's with its page), or undefined when unknown or deleted. */
  get(id: string): Highlight | undefined {
    const row = this.selectOne.get(id);
    if (!row || row.deleted_at !== null) return undefined;
    return withPage(toHighlight(row, this.tags?.tagsOfSeq(row.seq)), this.pageStartsOf(row));
  }

  /** The page map of a highlight's article: PDFs only (the one truth of a highlight's page). */
  private pageStartsOf(row: HighlightRow): number[] | null {
    if (row.format !== 'pdf') return null;
    this.selectPageStarts ??= this.db
      .prepare<[string], string>(
        `SELECT d.page_starts FROM article_documents d JOIN articles a ON a.seq = d.article_seq WHERE a.id = ?`,
      )
      .pluck();
    return parsePageStarts(this.selectPageStarts.get(row.article_id));
  }

  /**
   * Stores a new highlight. Its quote must occur in the article's text (at
   * the given position, or where prefix/suffix put it); the stored prefix
   * and suffix are always taken from the text. Otherwise invalid_argument,
   * and nothing is stored.
   */
  create(input: NewHighlight, now: Date = new Date()): Highlight {
    const id = input.id ?? newId();
    this.db.transaction(() => {
      const article = this.selectArticle.get(input.articleId);
      if (!article) throw articleNotFound(input.articleId);
      const placed = placeNewHighlight(article.text, { quote: input.quote, position: input.position });
      if (!placed) throw new GlossError('invalid_argument', QUOTE_NOT_FOUND);
      const { note, tags } = splitNoteTags(input.note ?? '');
      const { lastInsertRowid } = this.insertRow.run({
        id,
        seq: article.seq,
        color: input.color,
        ...placed.quote,
        ...placed.position,
        note,
        now: now.toISOString(),
      });
      this.addTags(Number(lastInsertRowid), [...(input.tags ?? []), ...tags], now);
    })();
    return this.get(id)!;
  }

  /**
   * Stores a highlight brought from another app that its article's text does
   * not hold (src/main/migrate): kept as orphaned ("Not found in text") with
   * its quote and no context, never dropped.
   */
  createUnplaced(input: Omit<NewHighlight, 'position'>, now: Date = new Date()): Highlight {
    const id = input.id ?? newId();
    this.db.transaction(() => {
      const article = this.selectArticle.get(input.articleId);
      if (!article) throw articleNotFound(input.articleId);
      const { note, tags } = splitNoteTags(input.note ?? '');
      const { lastInsertRowid } = this.insertRow.run({
        id,
        seq: article.seq,
        color: input.color,
        exact: input.quote.exact,
        prefix: '',
        suffix: '',
        start: 0,
        end: 0,
        note,
        now: now.toISOString(),
      });
      this.addTags(Number(lastInsertRowid), [...(input.tags ?? []), ...tags], now);
      this.markAnchor.run({ id, anchor: 'orphaned', now: now.toISOString() });
    })();
    return this.get(id)!;
  }

  /**
   * Changes a live highlight's colour and/or note, and/or gives it new
   * selectors (validated like create), which re-attaches an orphaned one.
   */
  update(id: string, changes: HighlightChanges, now: Date = new Date()): Highlight {
    if ((changes.quote === undefined) !== (changes.position === undefined)) {
      throw new GlossError('invalid_argument', 'quote and position go together');
    }
    this.db.transaction(() => {
      const row = this.selectOne.get(id);
      if (!row || row.deleted_at !== null) throw highlightNotFound(id);
      const stamp = now.toISOString();
      if (changes.quote && changes.position) {
        const article = this.selectArticle.get(row.article_id);
        if (!article) throw articleNotFound(row.article_id);
        const placed = placeNewHighlight(article.text, { quote: changes.quote, position: changes.position });
        if (!placed) throw new GlossError('invalid_argument', QUOTE_NOT_FOUND);
        this.updateSelectors.run({ id, ...placed.quote, ...placed.position, anchor: 'exact', now: stamp });
      }
      // `#tag` words leading a note become tags (Readwise style) and leave the note.
      const split = changes.note === undefined ? null : splitNoteTags(changes.note);
      if (split) this.addTags(row.seq, split.tags, now);
      this.updateStyle.run({ id, color: changes.color ?? null, note: split ? split.note : null, now: stamp });
    })();
    return this.get(id)!;
  }

  /** Links tags to a highlight inside the caller's transaction; refused on a schema without highlight tags. */
  private addTags(seq: number, names: readonly string[], now: Date): void {
    if (names.length === 0) return;
    if (!this.tags) throw new GlossError('internal', 'This library has no highlight tags yet (schema before 10).');
    this.tags.addToSeq(seq, names, now);
  }

  /** Soft delete: sets deleted_at and writes a tombstone. Unknown or already deleted: not_found. */
  delete(id: string, now: Date = new Date()): void {
    this.db.transaction(() => {
      const row = this.selectOne.get(id);
      if (!row || row.deleted_at !== null) throw highlightNotFound(id);
      const stamp = now.toISOString();
      this.softDelete.run({ id, now: stamp });
      this.insertTombstone.run(id, stamp);
    })();
  }

  /** Undoes a soft delete (removing the tombstone). A live highlight is returned unchanged. */
  restore(id: string, now: Date = new Date()): Highlight {
    this.db.transaction(() => {
      const row = this.selectOne.get(id);
      if (!row) throw highlightNotFound(id);
      if (row.deleted_at === null) return;
      this.undelete.run({ id, now: now.toISOString() });
      this.deleteTombstone.run(id);
    })();
    return this.get(id)!;
  }

  getNote(articleId: string): ArticleNote {
    const row = this.selectNote.get(articleId);
    if (!row) throw articleNotFound(articleId);
    return { articleId, note: row.note ?? '', updatedAt: row.updated_at };
  }

  /** Sets (creating or replacing) the article's note; '' is a valid note. */
  setNote(articleId: string, note: string, now: Date = new Date()): ArticleNote {
    return this.db.transaction(() => {
      const article = this.selectArticle.get(articleId);
      if (!article) throw articleNotFound(articleId);
      this.upsertNote.run(article.seq, note, now.toISOString());
      return this.getNote(articleId);
    })();
  }

  /**
   * Re-anchors every highlight of an article against its (new) text. Placed
   * ones get the position and selectors of the text they now cover and
   * anchor 'exact' or 'moved'; the rest become 'orphaned' with their old
   * selectors (never deleted). Soft-deleted highlights are re-anchored too,
   * so that restoring one puts it in the right place, but the report counts
   * live ones only. Runs in a transaction (joining the caller's, if any).
   */
  reanchorArticle(articleId: string, now: Date = new Date()): AnchoringReport {
    const stamp = now.toISOString();
    const report: AnchoringReport = { exact: 0, moved: 0, orphaned: 0, movedIds: [], orphanedIds: [], at: stamp };
    this.db.transaction(() => {
      const article = this.selectArticle.get(articleId);
      if (!article) throw articleNotFound(articleId);
      for (const row of this.selectAllOfArticle.all(article.seq)) {
        const result = reanchorStoredRow(article.text, row);
        if (result.write === 'orphan') this.markAnchor.run({ id: row.id, anchor: 'orphaned', now: stamp });
        if (result.write === 'selectors') {
          const { quote, position } = result.selectors;
          this.updateSelectors.run({ id: row.id, ...quote, ...position, anchor: result.status, now: stamp });
        }
        if (row.deleted_at !== null) continue;
        report[result.status]++;
        if (result.status === 'moved') report.movedIds.push(row.id);
        if (result.status === 'orphaned') report.orphanedIds.push(row.id);
      }
    })();
    return report;
  }
}
