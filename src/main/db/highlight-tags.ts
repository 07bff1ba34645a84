/**
 * Tags on highlights (migration 10). They share the `tags` table with
 * article tags: one vocabulary, so completion offers the same names, and
 * renaming, merging or deleting a tag (TagStore) acts on both. What a tag
 * name is stays src/shared/tags.ts; TagRows finds and creates the rows.
 * Every write runs in a transaction. Tag changes do not move a highlight's
 * updated_at (as for articles: the JSON merge takes the union of tags).
 */
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import type { TagInfo } from '../../shared/types';
import { normalizeTagNames, TagRows } from './tags';

function highlightNotFound(id: string): GlossError {
  return new GlossError('not_found', `No highlight with id ${id} in this library.`);
}

export class HighlightTagStore {
  private readonly rows: TagRows;
  private readonly selectHighlight: Statement<[string], { seq: number }>;
  private readonly selectTagsOf: Statement<[number], string>;
  private readonly selectTagsOfSeqs: Statement<[string], { highlight_seq: number; name: string }>;
  private readonly linkRow: Statement;
  private readonly unlink: Statement;
  private readonly unlinkAll: Statement;
  private readonly selectCounts: Statement<[], TagInfo>;
  private readonly selectIdsByTag: Statement<[number], string>;

  constructor(private readonly db: Database) {
    this.rows = new TagRows(db);
    // Deleted highlights keep their tags (undo brings them back with them) but are not counted or listed.
    this.selectHighlight = db.prepare(`SELECT seq FROM highlights WHERE id = ? AND deleted_at IS NULL`);
    this.selectTagsOf = db
      .prepare<[number], string>(`
        SELECT t.name FROM highlight_tags ht JOIN tags t ON t.seq = ht.tag_seq
        WHERE ht.highlight_seq = ? ORDER BY t.name COLLATE NOCASE`)
      .pluck();
    this.selectTagsOfSeqs = db.prepare(`
      SELECT ht.highlight_seq, t.name FROM highlight_tags ht JOIN tags t ON t.seq = ht.tag_seq
      WHERE ht.highlight_seq IN (SELECT value FROM json_each(?))
      ORDER BY ht.highlight_seq, t.name COLLATE NOCASE`);
    this.linkRow = db.prepare(`INSERT OR IGNORE INTO highlight_tags (highlight_seq, tag_seq) VALUES (?, ?)`);
    this.unlink = db.prepare(`DELETE FROM highlight_tags WHERE highlight_seq = ? AND tag_seq = ?`);
    this.unlinkAll = db.prepare(`DELETE FROM highlight_tags WHERE highlight_seq = ?`);
    this.selectCounts = db.prepare(`
      SELECT t.name, count(*) AS count FROM tags t
        JOIN highlight_tags ht ON ht.tag_seq = t.seq JOIN highlights h ON h.seq = ht.highlight_seq
      WHERE h.deleted_at IS NULL
      GROUP BY t.seq ORDER BY t.name COLLATE NOCASE`);
    this.selectIdsByTag = db
      .prepare<[number], string>(`
        SELECT h.id FROM highlight_tags ht JOIN highlights h ON h.seq = ht.highlight_seq
        WHERE ht.tag_seq = ? AND h.deleted_at IS NULL
        ORDER BY h.created_at DESC, h.seq DESC`)
      .pluck();
  }

  private seqOf(id: string): number {
    const row = this.selectHighlight.get(id);
    if (!row) throw highlightNotFound(id);
    return row.seq;
  }

  /** The tags of a live highlight, by name (case-insensitively). */
  tagsOf(highlightId: string): string[] {
    return this.selectTagsOf.all(this.seqOf(highlightId));
  }

  /** The tags of one highlight by its seq (no existence check: for stores that already hold the row). */
  tagsOfSeq(highlightSeq: number): string[] {
    return this.selectTagsOf.all(highlightSeq);
  }

  /**
   * The tags of many highlights at once, by highlight seq (deleted ones too;
   * a highlight without tags is not in the map): one query for a page of a
   * list or an article's highlights, never one per highlight.
   */
  tagsOfSeqs(highlightSeqs: readonly number[]): Map<number, string[]> {
    const out = new Map<number, string[]>();
    if (highlightSeqs.length === 0) return out;
    for (const row of this.selectTagsOfSeqs.all(JSON.stringify(highlightSeqs))) {
      let names = out.get(row.highlight_seq);
      if (!names) out.set(row.highlight_seq, (names = []));
      names.push(row.name);
    }
    return out;
  }

  /** Replaces a highlight's tags; returns them as stored (an existing tag keeps its spelling). */
  set(highlightId: string, names: readonly string[], now: Date = new Date()): string[] {
    const tags = normalizeTagNames(names);
    return this.db.transaction(() => {
      const seq = this.seqOf(highlightId);
      this.unlinkAll.run(seq);
      for (const name of tags) this.linkRow.run(seq, this.rows.ensure(name, now.toISOString()).seq);
      return this.selectTagsOf.all(seq);
    })();
  }

  /** Adds tags to every highlight (creating the tags as needed). All or nothing. */
  add(highlightIds: readonly string[], names: readonly string[], now: Date = new Date()): void {
    const tags = normalizeTagNames(names);
    this.db.transaction(() => {
      const seqs = highlightIds.map((id) => this.seqOf(id));
      for (const name of tags) {
        const tag = this.rows.ensure(name, now.toISOString());
        for (const seq of seqs) this.linkRow.run(seq, tag.seq);
      }
    })();
  }

  /** Adds tags to a highlight by seq, inside the caller's transaction (a store creating the highlight). */
  addToSeq(highlightSeq: number, names: readonly string[], now: Date): void {
    for (const name of normalizeTagNames(names)) this.linkRow.run(highlightSeq, this.rows.ensure(name, now.toISOString()).seq);
  }

  /** Removes tags from every highlight; unknown tags are ignored. */
  remove(highlightIds: readonly string[], names: readonly string[]): void {
    const tags = normalizeTagNames(names);
    this.db.transaction(() => {
      const seqs = highlightIds.map((id) => this.seqOf(id));
      for (const name of tags) {
        const tag = this.rows.find(name);
        if (tag) for (const seq of seqs) this.unlink.run(seq, tag.seq);
      }
    })();
  }

  /** Tags on live highlights, by name (case-insensitively), with how many live highlights carry each. */
  listHighlightTags(): TagInfo[] {
    return this.selectCounts.all();
  }

  /** Ids of the live highlights carrying the tag (any case), newest first; [] for an unknown tag. */
  highlightIdsByTag(name: string): string[] {
    const tag = this.rows.find(name.trim().normalize('NFC'));
    return tag ? this.selectIdsByTag.all(tag.seq) : [];
  }
}
