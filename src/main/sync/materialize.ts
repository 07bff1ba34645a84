/**
 * Writing the merged state (sync_fields) into the library's own tables, for
 * the entities an operation touched. Each entity's rows are a function of
 * its merged fields (and its parent article's presence) only, so every
 * library that merged the same operations holds the same content. Runs with
 * capture off (the writes are not local changes).
 *
 * Rules:
 * - an article is created once its body blob is in the folder (until then
 *   it waits in sync_pending); deleted = 1 deletes it with everything on it.
 *   A delete on one device and an edit on another: the delete wins (the edit
 *   stays in the merged state, so restoring the article brings it back);
 * - highlights, notes and tag links wait for their article: they are
 *   written when it arrives;
 * - a tag exists while it is not deleted or some article still carries it
 *   (a concurrent "add tag to X" survives the tag's deletion elsewhere).
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { indexArticle, unindexArticle } from '../search/search-index';
import { ARTICLE_FIELDS, HIGHLIGHT_FIELDS, type EntityKind } from './entities';
import type { FieldValue } from './line-format';
import { markDirty, renderNote, type Dirty } from './merge';
import type { SyncFolder } from './folder';

type Fields = Map<string, FieldValue>;

/** A body blob: the article's HTML and canonical text. */
export interface BodyBlob {
  html: string;
  text: string;
  /** As the writing library stored it (sha256 of the HTML for bodies Gloss made). */
  contentHash?: string;
}

const ORDER: readonly EntityKind[] = ['article', 'note', 'highlight', 'article_tag', 'highlight_tag', 'tag', 'setting'];
const EPOCH = '1970-01-01T00:00:00.000Z';

export interface MaterializeResult {
  /** Entities written. */
  written: number;
  /** Articles waiting for their body. */
  pending: number;
  /** Entities whose stored state the library refused (a constraint): left as they are. */
  failed: number;
}

const cache = new WeakMap<Database, Materializer>();

/** One materializer per connection: its statements are prepared once. */
export function materializerOf(db: Database): Materializer {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Materializer(db)));
  return m;
}

export class Materializer {
  private readonly s: Record<string, Statement>;
  private readonly updates = new Map<string, Statement>();
  private folder: SyncFolder | undefined;

  constructor(private readonly db: Database) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      capture: p(`SELECT capture FROM sync_state`),
      setCapture: p(`UPDATE sync_state SET capture = ?`),
      fields: p(`SELECT field, value FROM sync_fields WHERE entity = ? AND key = ?`),
      // Named: without statistics the planner would scan the primary key (all of an entity kind).
      childrenOfArticle: p(`SELECT entity, key FROM sync_fields INDEXED BY sync_fields_by_article WHERE field = 'article' AND value = ? AND entity IN ('highlight', 'article_tag')`),
      childrenOfHighlight: p(`SELECT entity, key FROM sync_fields INDEXED BY sync_fields_by_highlight WHERE field = 'highlight' AND value = ? AND entity = 'highlight_tag'`),
      highlightSeq: p(`SELECT seq FROM highlights WHERE id = ?`),
      tagsOfHighlight: p(`SELECT lower(t.name) FROM highlight_tags l JOIN tags t ON t.seq = l.tag_seq JOIN highlights h ON h.seq = l.highlight_seq WHERE h.id = ?`),
      tagsOfArticleHighlights: p(`SELECT lower(t.name) FROM highlight_tags l JOIN tags t ON t.seq = l.tag_seq JOIN highlights h ON h.seq = l.highlight_seq WHERE h.article_seq = ?`),
      linkHighlight: p(`INSERT OR IGNORE INTO highlight_tags (highlight_seq, tag_seq) VALUES (?, ?)`),
      unlinkHighlight: p(`DELETE FROM highlight_tags WHERE highlight_seq = ? AND tag_seq = ?`),
      article: p(`SELECT a.seq, a.title, a.author, b.content_hash, b.text FROM articles a LEFT JOIN article_bodies b ON b.article_seq = a.seq WHERE a.id = ?`),
      seq: p(`SELECT seq FROM articles WHERE id = ?`),
      tagsOfArticle: p(`SELECT lower(t.name) FROM article_tags l JOIN tags t ON t.seq = l.tag_seq WHERE l.article_seq = ?`),
      deleteArticle: p(`DELETE FROM articles WHERE seq = ?`),
      tombstone: p(`INSERT INTO tombstones (entity, id, deleted_at) VALUES (?, ?, ?) ON CONFLICT (entity, id) DO NOTHING`),
      dropTombstone: p(`DELETE FROM tombstones WHERE entity = ? AND id = ?`),
      insertArticle: p(`INSERT INTO articles (id, ${ARTICLE_FIELDS.join(', ')}) VALUES (?, ${ARTICLE_FIELDS.map(() => '?').join(', ')})`),
      bodyOf: p(`SELECT html, text, content_hash FROM article_bodies WHERE article_seq = ?`),
      insertBody: p(`INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, ?)`),
      updateBody: p(`UPDATE article_bodies SET html = ?, text = ?, content_hash = ? WHERE article_seq = ?`),
      pend: p(`INSERT OR IGNORE INTO sync_pending (entity, key) VALUES (?, ?)`),
      unpend: p(`DELETE FROM sync_pending WHERE entity = ? AND key = ?`),
      countPending: p(`SELECT count(*) FROM sync_pending`),
      noteRow: p(`SELECT note FROM article_notes WHERE article_seq = ?`),
      insertNote: p(`INSERT INTO article_notes (article_seq, note, updated_at) VALUES (?, ?, ?)`),
      updateNote: p(`UPDATE article_notes SET note = ?, updated_at = ? WHERE article_seq = ?`),
      deleteHighlight: p(`DELETE FROM highlights WHERE id = ?`),
      upsertHighlight: p(`
        INSERT INTO highlights (id, article_seq, ${HIGHLIGHT_FIELDS.join(', ')})
        VALUES (?, ?, ${HIGHLIGHT_FIELDS.map(() => '?').join(', ')})
        ON CONFLICT (id) DO UPDATE SET article_seq = excluded.article_seq,
          ${HIGHLIGHT_FIELDS.map((f) => `${f} = excluded.${f}`).join(', ')}`),
      tagRow: p(`SELECT seq, name, created_at FROM tags WHERE name = ?`),
      insertTag: p(`INSERT INTO tags (name, created_at) VALUES (?, ?)`),
      updateTag: p(`UPDATE tags SET name = ?, created_at = ? WHERE seq = ?`),
      deleteTag: p(`DELETE FROM tags WHERE seq = ?`),
      // Named, not ?1 twice: better-sqlite3 refuses one value for a numbered parameter used twice.
      tagLinks: p(`SELECT (SELECT count(*) FROM article_tags WHERE tag_seq = @seq) + (SELECT count(*) FROM highlight_tags WHERE tag_seq = @seq)`),
      link: p(`INSERT OR IGNORE INTO article_tags (article_seq, tag_seq) VALUES (?, ?)`),
      unlink: p(`DELETE FROM article_tags WHERE article_seq = ? AND tag_seq = ?`),
      upsertSetting: p(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      deleteSetting: p(`DELETE FROM settings WHERE key = ?`),
    };
  }

  /** Writes every dirty entity (and what waits), in dependency order. Call in the apply transaction. */
  run(dirty: Dirty, folder: SyncFolder | undefined): MaterializeResult {
    this.folder = folder;
    const result: MaterializeResult = { written: 0, pending: 0, failed: 0 };
    const capture = this.s.capture!.pluck().get() as number;
    this.s.setCapture!.run(0);
    try {
      this.all(dirty, result);
    } finally {
      this.s.setCapture!.run(capture);
    }
    result.pending = this.s.countPending!.pluck().get() as number;
    return result;
  }

  private all(dirty: Dirty, result: MaterializeResult): void {
    for (const kind of ORDER) {
      const keys = dirty.get(kind);
      if (!keys) continue;
      // Materializing an article may add its children to later kinds' sets (the Map is read live).
      for (const [key, fields] of keys) {
        try {
          this.db.transaction(() => this.one(kind, key, fields, dirty))();
          result.written++;
        } catch {
          result.failed++;
        }
      }
    }
  }

  private fieldsOf(entity: EntityKind, key: string): Fields {
    const rows = this.s.fields!.all(entity, key) as { field: string; value: FieldValue }[];
    return new Map(rows.map((r) => [r.field, r.value]));
  }

  private seqOf(articleId: FieldValue | undefined): number | undefined {
    if (typeof articleId !== 'string') return undefined;
    return (this.s.seq!.get(articleId) as { seq: number } | undefined)?.seq;
  }

  private one(kind: EntityKind, key: string, changed: Set<string>, dirty: Dirty): void {
    const f = this.fieldsOf(kind, key);
    switch (kind) {
      case 'article':
        return this.article(key, f, changed, dirty);
      case 'note':
        return this.note(key, f);
      case 'highlight':
        return this.highlight(key, f, dirty);
      case 'article_tag':
        return this.link(key, f, dirty, this.seqOf(f.get('article')), this.s.link!, this.s.unlink!);
      case 'highlight_tag':
        return this.link(key, f, dirty, this.highlightSeqOf(f.get('highlight')), this.s.linkHighlight!, this.s.unlinkHighlight!);
      case 'tag':
        return this.tag(key, f);
      case 'setting':
        return this.setting(key, f);
    }
  }

  private body(f: Fields): BodyBlob | undefined {
    const name = f.get('body');
    if (typeof name !== 'string' || !this.folder) return undefined;
    const bytes = this.folder.readBlob(name);
    if (!bytes) return undefined;
    const parsed = JSON.parse(bytes.toString('utf8')) as BodyBlob;
    return typeof parsed.html === 'string' && typeof parsed.text === 'string' ? parsed : undefined;
  }

  private article(id: string, f: Fields, changed: Set<string>, dirty: Dirty): void {
    const row = this.s.article!.get(id) as { seq: number; title: string; author: string | null; content_hash: string | null; text: string | null } | undefined;
    if (f.get('deleted') === 1) {
      this.s.unpend!.run('article', id);
      if (!row) return;
      for (const tag of this.s.tagsOfArticle!.pluck().all(row.seq) as string[]) markDirty(dirty, 'tag', tag, 'links');
      for (const tag of this.s.tagsOfArticleHighlights!.pluck().all(row.seq) as string[]) markDirty(dirty, 'tag', tag, 'links');
      unindexArticle(this.db, row.seq);
      this.s.deleteArticle!.run(row.seq);
      this.s.tombstone!.run('article', id, new Date().toISOString());
      return;
    }
    const wantsBody = changed.has('body') || changed.has('*') || !row;
    const body = wantsBody ? this.body(f) : undefined;
    if (!row) {
      const required = ['format', 'title', 'added_at', 'updated_at'];
      if (!body || required.some((c) => typeof f.get(c) !== 'string')) {
        this.s.pend!.run('article', id);
        return;
      }
      const seq = Number(this.s.insertArticle!.run(id, ...ARTICLE_FIELDS.map((c) => f.get(c) ?? defaultOf(c))).lastInsertRowid);
      this.s.insertBody!.run(seq, body.html, body.text, hashOf(body));
      indexArticle(this.db, seq, { title: f.get('title') as string, author: (f.get('author') as string | null) ?? null, text: body.text });
      this.s.dropTombstone!.run('article', id);
      this.s.unpend!.run('article', id);
      this.children(id, dirty);
      return;
    }
    // Put back here (an undone delete): what arrived for it meanwhile is written too.
    if (changed.has('deleted')) this.children(id, dirty);
    const present = ARTICLE_FIELDS.filter((c) => f.has(c));
    if (present.length) this.updateStatement(present).run(...present.map((c) => f.get(c)), row.seq);
    let text = row.text ?? '';
    if (wantsBody && f.has('body')) {
      // A body written again as it was (an undone delete re-publishes it) needs no blob: this library holds it already.
      if (!body && this.holdsBody(row.seq, f.get('body'))) this.s.unpend!.run('article', id);
      else if (!body) this.s.pend!.run('article', id);
      else {
        this.s.unpend!.run('article', id);
        const hash = hashOf(body);
        if (hash !== row.content_hash) {
          this.s.updateBody!.run(body.html, body.text, hash, row.seq);
          text = body.text;
          changed.add('text');
        }
      }
    }
    if (changed.has('text') || (changed.has('title') && f.get('title') !== row.title) || (changed.has('author') && f.get('author') !== row.author)) {
      indexArticle(this.db, row.seq, { title: f.get('title') as string, author: (f.get('author') as string | null) ?? null, text });
    }
  }

  /** Whether the article's stored body is the one that blob holds (its blob name is the hash of what it would publish). */
  private holdsBody(seq: number, name: FieldValue | undefined): boolean {
    const row = this.s.bodyOf!.get(seq) as { html: string; text: string; content_hash: string | null } | undefined;
    return row !== undefined && typeof name === 'string' && blobOf(row).hash === name;
  }

  /** What arrived for an article before it was there: its note, highlights and tag links. */
  private children(id: string, dirty: Dirty): void {
    markDirty(dirty, 'note', id, '*');
    for (const c of this.s.childrenOfArticle!.all(id) as { entity: EntityKind; key: string }[]) markDirty(dirty, c.entity, c.key, '*');
  }

  private updateStatement(columns: readonly string[]): Statement {
    const sig = columns.join(',');
    let st = this.updates.get(sig);
    if (!st) {
      st = this.db.prepare(`UPDATE articles SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`);
      this.updates.set(sig, st);
    }
    return st;
  }

  private note(articleId: string, f: Fields): void {
    const seq = this.seqOf(articleId);
    if (seq === undefined || !f.has('note')) return;
    const text = renderNote(f.get('note'));
    const updatedAt = (f.get('updated_at') as string | undefined) ?? EPOCH;
    const row = this.s.noteRow!.get(seq);
    if (row) this.s.updateNote!.run(text, updatedAt, seq);
    else if (text !== '') this.s.insertNote!.run(seq, text, updatedAt);
  }

  private highlightSeqOf(id: FieldValue | undefined): number | undefined {
    if (typeof id !== 'string') return undefined;
    return (this.s.highlightSeq!.get(id) as { seq: number } | undefined)?.seq;
  }

  private highlight(id: string, f: Fields, dirty: Dirty): void {
    if (f.get('deleted') === 1) {
      for (const tag of this.s.tagsOfHighlight!.pluck().all(id) as string[]) markDirty(dirty, 'tag', tag, 'links');
      this.s.deleteHighlight!.run(id);
      return;
    }
    const seq = this.seqOf(f.get('article'));
    const required = ['color', 'quote', 'start_offset', 'end_offset', 'created_at', 'updated_at'];
    if (seq === undefined || required.some((c) => f.get(c) === undefined || f.get(c) === null)) return;
    const values = HIGHLIGHT_FIELDS.map((c) => (c === 'note' ? renderNote(f.get('note')) : (f.get(c) ?? defaultOf(c))));
    this.s.upsertHighlight!.run(id, seq, ...values);
    for (const c of this.s.childrenOfHighlight!.all(id) as { entity: EntityKind; key: string }[]) markDirty(dirty, c.entity, c.key, '*');
  }

  /** A tag link (of an article or a highlight): present or not, once its owner is there. */
  private link(key: string, f: Fields, dirty: Dirty, seq: number | undefined, link: Statement, unlink: Statement): void {
    const tagKey = key.slice(key.indexOf('/') + 1);
    if (seq === undefined) return;
    markDirty(dirty, 'tag', tagKey, 'links');
    let tag = this.s.tagRow!.get(tagKey) as { seq: number } | undefined;
    if (f.get('present') === 1) {
      if (!tag) {
        const t = this.fieldsOf('tag', tagKey);
        const name = (t.get('name') ?? f.get('tag')) as string | undefined;
        if (typeof name !== 'string') return;
        this.s.insertTag!.run(name, (t.get('created_at') as string | undefined) ?? EPOCH);
        tag = this.s.tagRow!.get(tagKey) as { seq: number };
      }
      link.run(seq, tag.seq);
    } else if (tag) {
      unlink.run(seq, tag.seq);
    }
  }

  private tag(key: string, f: Fields): void {
    const row = this.s.tagRow!.get(key) as { seq: number; name: string; created_at: string } | undefined;
    const name = f.get('name');
    const createdAt = (f.get('created_at') as string | undefined) ?? row?.created_at ?? EPOCH;
    if (f.get('deleted') === 1) {
      if (!row) return;
      if ((this.s.tagLinks!.pluck().get({ seq: row.seq }) as number) === 0) this.s.deleteTag!.run(row.seq);
      else if (typeof name === 'string') this.s.updateTag!.run(name, createdAt, row.seq);
      return;
    }
    if (typeof name !== 'string') return;
    if (row) this.s.updateTag!.run(name, createdAt, row.seq);
    else if (f.get('deleted') === 0) this.s.insertTag!.run(name, createdAt);
  }

  private setting(key: string, f: Fields): void {
    if (f.get('deleted') === 1) this.s.deleteSetting!.run(key);
    else if (typeof f.get('value') === 'string') this.s.upsertSetting!.run(key, f.get('value'), (f.get('updated_at') as string | undefined) ?? EPOCH);
  }
}

/**
 * A stored body as the blob its publishing writes: bytes and name (SHA-256).
 * A body without a content hash keeps `"contentHash":null` (as published so far, so blob names stay the same).
 */
export function blobOf(body: { html: string; text: string; content_hash: string | null }): { bytes: Buffer; hash: string } {
  const bytes = Buffer.from(JSON.stringify({ html: body.html, text: body.text, contentHash: body.content_hash }), 'utf8');
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

function hashOf(body: BodyBlob): string {
  return typeof body.contentHash === 'string' ? body.contentHash : createHash('sha256').update(body.html).digest('hex');
}

/** What a column holds when no operation has set it (an older device's log, a field added later). */
function defaultOf(column: string): FieldValue {
  switch (column) {
    case 'word_count':
    case 'read_progress':
    case 'archived':
    case 'favorite':
    case 'orphaned':
      return 0;
    case 'version':
      return 1;
    case 'read_state':
      return 'unread';
    case 'anchor':
      return 'exact';
    case 'prefix':
    case 'suffix':
    case 'note':
      return '';
    default:
      return null;
  }
}
