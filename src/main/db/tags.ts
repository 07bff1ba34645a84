/**
 * Tags: their own table (names unique case-insensitively) and a join to
 * articles. Names are trimmed (inner runs of spaces become one space), at
 * most 64 characters, with no commas, newlines or other control characters.
 * Every write runs in a transaction; tag changes do not move an article's
 * updated_at (the JSON merge takes the union of tags, not the newer set).
 */
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import type { TagInfo } from '../../shared/types';

export const MAX_TAG_CHARS = 64;

/** The stored form of a tag name, or invalid_argument saying what is wrong. */
export function normalizeTagName(name: string): string {
  const trimmed = name.replace(/[ \t\u00a0]+/g, ' ').trim();
  if (!trimmed) throw new GlossError('invalid_argument', 'A tag name must not be empty.');
  if (/[,\r\n]/.test(trimmed)) throw new GlossError('invalid_argument', `A tag name must not contain commas or line breaks: ${JSON.stringify(trimmed.slice(0, 80))}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new GlossError('invalid_argument', 'A tag name must not contain control characters.');
  if ([...trimmed].length > MAX_TAG_CHARS) {
    throw new GlossError('invalid_argument', `A tag name must be at most ${MAX_TAG_CHARS} characters.`);
  }
  return trimmed;
}

/** Normalized names, duplicates (case-insensitive) removed, first spelling kept. */
export function normalizeTagNames(names: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const n of names) {
    const name = normalizeTagName(n);
    if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}

function articleNotFound(id: string): GlossError {
  return new GlossError('not_found', `No article with id ${id} in this library.`);
}

export class TagStore {
  private readonly selectList: Statement<[], TagInfo>;
  private readonly selectTag: Statement<[string], { seq: number; name: string }>;
  private readonly selectArticle: Statement<[string], { seq: number }>;
  private readonly selectArticleTags: Statement<[number], { name: string }>;
  private readonly insertTag: Statement;
  private readonly link: Statement;
  private readonly unlink: Statement;
  private readonly unlinkAll: Statement;
  private readonly renameTag: Statement;
  private readonly moveLinks: Statement;
  private readonly deleteTagRow: Statement;

  constructor(private readonly db: Database) {
    this.selectList = db.prepare(`
      SELECT t.name, count(*) AS count FROM tags t JOIN article_tags at ON at.tag_seq = t.seq
      GROUP BY t.seq ORDER BY t.name COLLATE NOCASE`);
    this.selectTag = db.prepare(`SELECT seq, name FROM tags WHERE name = ?`);
    this.selectArticle = db.prepare(`SELECT seq FROM articles WHERE id = ?`);
    this.selectArticleTags = db.prepare(`
      SELECT t.name FROM article_tags at JOIN tags t ON t.seq = at.tag_seq
      WHERE at.article_seq = ? ORDER BY t.name COLLATE NOCASE`);
    this.insertTag = db.prepare(`INSERT INTO tags (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`);
    this.link = db.prepare(`INSERT OR IGNORE INTO article_tags (article_seq, tag_seq) SELECT ?, seq FROM tags WHERE name = ?`);
    this.unlink = db.prepare(`DELETE FROM article_tags WHERE article_seq = ? AND tag_seq = (SELECT seq FROM tags WHERE name = ?)`);
    this.unlinkAll = db.prepare(`DELETE FROM article_tags WHERE article_seq = ?`);
    this.renameTag = db.prepare(`UPDATE tags SET name = ? WHERE seq = ?`);
    this.moveLinks = db.prepare(`
      INSERT OR IGNORE INTO article_tags (article_seq, tag_seq) SELECT article_seq, ? FROM article_tags WHERE tag_seq = ?`);
    this.deleteTagRow = db.prepare(`DELETE FROM tags WHERE seq = ?`);
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
      for (const name of tags) {
        this.insertTag.run(name, now.toISOString());
        this.link.run(seq, name);
      }
    })();
    return this.ofArticle(articleId);
  }

  /** Adds tags to every article (creating the tags as needed). All or nothing. */
  add(articleIds: readonly string[], names: readonly string[], now: Date = new Date()): void {
    const tags = normalizeTagNames(names);
    this.db.transaction(() => {
      const seqs = this.seqs(articleIds);
      for (const name of tags) {
        this.insertTag.run(name, now.toISOString());
        for (const seq of seqs) this.link.run(seq, name);
      }
    })();
  }

  /** Removes tags from every article; unknown tags are ignored. */
  remove(articleIds: readonly string[], names: readonly string[]): void {
    const tags = normalizeTagNames(names);
    this.db.transaction(() => {
      const seqs = this.seqs(articleIds);
      for (const name of tags) for (const seq of seqs) this.unlink.run(seq, name);
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
      const src = this.selectTag.get(source);
      if (!src) throw new GlossError('not_found', `No tag named ${JSON.stringify(source)}.`);
      const dst = this.selectTag.get(target);
      if (dst && dst.seq !== src.seq) {
        this.moveLinks.run(dst.seq, src.seq);
        this.deleteTagRow.run(src.seq);
        return { name: dst.name, merged: true };
      }
      this.renameTag.run(target, src.seq);
      return { name: target, merged: false };
    })();
  }

  /** Deletes a tag and removes it from every article. Returns how many articles carried it. */
  delete(name: string): number {
    const tag = normalizeTagName(name);
    return this.db.transaction(() => {
      const row = this.selectTag.get(tag);
      if (!row) throw new GlossError('not_found', `No tag named ${JSON.stringify(tag)}.`);
      const n = this.db.prepare(`SELECT count(*) FROM article_tags WHERE tag_seq = ?`).pluck().get(row.seq) as number;
      this.deleteTagRow.run(row.seq);
      return n;
    })();
  }
}
