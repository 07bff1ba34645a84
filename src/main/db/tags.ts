/**
 * Tags: their own table and a join to articles. What a tag name is (and
 * when two names are one tag) is src/shared/tags.ts; TagRows is the one
 * place that finds, creates and links tag rows, for every writer (this
 * store, ArticleStore, the JSON import). Every write runs in a
 * transaction; tag changes do not move an article's updated_at (the JSON
 * merge takes the union of tags, not the newer set).
 */
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import { checkTagName, tagKey, uniqueTagNames } from '../../shared/tags';
import type { TagInfo } from '../../shared/types';

export { MAX_TAG_CHARS } from '../../shared/tags';

/** The stored form of a typed tag name, or invalid_argument saying what is wrong. */
export function normalizeTagName(name: string): string {
  const checked = checkTagName(name);
  if ('error' in checked) throw new GlossError('invalid_argument', checked.error);
  return checked.name;
}

/** Normalized names, duplicates (same tag key) removed, first spelling kept. */
export function normalizeTagNames(names: readonly string[]): string[] {
  return uniqueTagNames(names.map(normalizeTagName));
}

export interface TagRow {
  seq: number;
  name: string;
}

/**
 * Finds, creates and links tag rows. The table's NOCASE collation folds
 * only ASCII letters, so a name with other letters ("Ärger" / "ärger") is
 * also looked up by tagKey: one tag whatever the case, as the renderer and
 * the importers count it.
 */
export class TagRows {
  private readonly byName: Statement<[string], TagRow>;
  private readonly all: Statement<[], TagRow>;
  private readonly insert: Statement;
  private readonly linkRow: Statement;

  constructor(db: Database) {
    this.byName = db.prepare(`SELECT seq, name FROM tags WHERE name = ?`);
    this.all = db.prepare(`SELECT seq, name FROM tags ORDER BY seq`);
    this.insert = db.prepare(`INSERT INTO tags (name, created_at) VALUES (?, ?)`);
    this.linkRow = db.prepare(`INSERT OR IGNORE INTO article_tags (article_seq, tag_seq) VALUES (?, ?)`);
  }

  /** The stored tag with this name (any case), if any. */
  find(name: string): TagRow | undefined {
    const row = this.byName.get(name);
    // eslint-disable-next-line no-control-regex
    if (row || /^[\u0000-\u007f]*$/.test(name)) return row;
    const key = tagKey(name);
    return this.all.all().find((r) => tagKey(r.name) === key);
  }

  /** The stored tag with this name, created (spelled `name`) when there is none. */
  ensure(name: string, createdAt: string): TagRow {
    const found = this.find(name);
    if (found) return found;
    const seq = Number(this.insert.run(name, createdAt).lastInsertRowid);
    return { seq, name };
  }

  /** Tags the article `articleSeq` with `tag`. */
  link(articleSeq: number, tag: TagRow): void {
    this.linkRow.run(articleSeq, tag.seq);
  }
}

function articleNotFound(id: string): GlossError {
  return new GlossError('not_found', `No article with id ${id} in this library.`);
}

export class TagStore {
  private readonly rows: TagRows;
  private readonly selectList: Statement<[], TagInfo>;
  private readonly selectArticle: Statement<[string], { seq: number }>;
  private readonly selectArticleTags: Statement<[number], { name: string }>;
  private readonly unlink: Statement;
  private readonly unlinkAll: Statement;
  private readonly renameTag: Statement;
  private readonly moveLinks: Statement;
  private readonly moveHighlightLinks: Statement;
  private readonly deleteTagRow: Statement;
  private readonly countLinks: Statement<[number], { n: number }>;

  constructor(private readonly db: Database) {
    this.rows = new TagRows(db);
    this.selectList = db.prepare(`
      SELECT t.name, count(*) AS count FROM tags t JOIN article_tags at ON at.tag_seq = t.seq
      GROUP BY t.seq ORDER BY t.name COLLATE NOCASE`);
    this.selectArticle = db.prepare(`SELECT seq FROM articles WHERE id = ?`);
    this.selectArticleTags = db.prepare(`
      SELECT t.name FROM article_tags at JOIN tags t ON t.seq = at.tag_seq
      WHERE at.article_seq = ? ORDER BY t.name COLLATE NOCASE`);
    this.unlink = db.prepare(`DELETE FROM article_tags WHERE article_seq = ? AND tag_seq = ?`);
    this.unlinkAll = db.prepare(`DELETE FROM article_tags WHERE article_seq = ?`);
    this.renameTag = db.prepare(`UPDATE tags SET name = ? WHERE seq = ?`);
    this.moveLinks = db.prepare(`
      INSERT OR IGNORE INTO article_tags (article_seq, tag_seq) SELECT article_seq, ? FROM article_tags WHERE tag_seq = ?`);
    // Highlights carry the same tags (migration 10): a merge moves theirs too.
    this.moveHighlightLinks = db.prepare(`
      INSERT OR IGNORE INTO highlight_tags (highlight_seq, tag_seq) SELECT highlight_seq, ? FROM highlight_tags WHERE tag_seq = ?`);
    this.deleteTagRow = db.prepare(`DELETE FROM tags WHERE seq = ?`);
    this.countLinks = db.prepare(`SELECT count(*) AS n FROM article_tags WHERE tag_seq = ?`);
  }

  /** Tags in use, by name (case-insensitive), with how many articles carry each. */
  list(): TagInfo[] {
    return this.selectList.all();
  }

  /** The tags of an article, by name. */
  ofArticle(articleId: string): string[] {
    const article = this.selectArticle.get(articleId);
    if (!article) throw articleNotFound(articleId);
    return this.selectArticleTags.all(article.seq).map((r) => r.name);
  }

  private seqs(ids: readonly string[]): number[] {
    return ids.map((id) => {
      const row = this.selectArticle.get(id);
      if (!row) throw articleNotFound(id);
      return row.seq;
    });
  }

  /** Replaces an article's tags; returns them as stored (an existing tag keeps its spelling). */
  set(articleId: string, names: readonly string[], now: Date = new Date()): string[] {
    const tags = normalizeTagNames(names);
    this.db.transaction(() => {
      const [seq] = this.seqs([articleId]);
      this.unlinkAll.run(seq);
      for (const name of tags) this.rows.link(seq!, this.rows.ensure(name, now.toISOString()));
    })();
    return this.ofArticle(articleId);
  }

  /** Adds tags to every article (creating the tags as needed). All or nothing. */
  add(articleIds: readonly string[], names: readonly string[], now: Date = new Date()): void {
    const tags = normalizeTagNames(names);
    this.db.transaction(() => {
      const seqs = this.seqs(articleIds);
      for (const name of tags) {
        const tag = this.rows.ensure(name, now.toISOString());
        for (const seq of seqs) this.rows.link(seq, tag);
      }
    })();
  }

  /** Removes tags from every article; unknown tags are ignored. */
  remove(articleIds: readonly string[], names: readonly string[]): void {
    const tags = normalizeTagNames(names);
    this.db.transaction(() => {
      const seqs = this.seqs(articleIds);
      for (const name of tags) {
        const tag = this.rows.find(name);
        if (tag) for (const seq of seqs) this.unlink.run(seq, tag.seq);
      }
    })();
  }

  /**
   * Renames a tag. To the name of another existing tag (case-insensitively),
   * the two are merged: its articles get that tag and this one goes.
   * Returns the resulting tag's name and whether it was a merge.
   */
  rename(from: string, to: string): { name: string; merged: boolean } {
    const source = normalizeTagName(from);
    const target = normalizeTagName(to);
    return this.db.transaction(() => {
      const src = this.rows.find(source);
      if (!src) throw new GlossError('not_found', `No tag named ${JSON.stringify(source)}.`);
      const dst = this.rows.find(target);
      if (dst && dst.seq !== src.seq) {
        this.moveLinks.run(dst.seq, src.seq);
        this.moveHighlightLinks.run(dst.seq, src.seq);
        this.deleteTagRow.run(src.seq);
        return { name: dst.name, merged: true };
      }
      this.renameTag.run(target, src.seq);
      return { name: target, merged: false };
    })();
  }

  /** Deletes a tag and removes it from every article and highlight. Returns how many articles carried it. */
  delete(name: string): number {
    const tag = normalizeTagName(name);
    return this.db.transaction(() => {
      const row = this.rows.find(tag);
      if (!row) throw new GlossError('not_found', `No tag named ${JSON.stringify(tag)}.`);
      const n = this.countLinks.get(row.seq)?.n ?? 0;
      this.deleteTagRow.run(row.seq);
      return n;
    })();
  }
}
