/**
 * Writing the merged state (sync_fields) into the library's own tables, for
 * the entities an operation touched. Each entity's rows are a function of
 * its merged fields (and its parent article's presence) only, so every
 * library that merged the same operations holds the same content. Runs with
 * capture off (the writes are not local changes).
 *
 * Rules:
 * - an article is created once its body blob and the blobs of its files and
 *   earlier versions (files.ts) are in the folder (until then it waits in
 *   sync_pending); deleted = 1 deletes it with everything on it.
 *   A delete on one device and an edit on another: the delete wins (the edit
 *   stays in the merged state, so restoring the article brings it back);
 * - highlights, notes and tag links wait for their article: they are
 *   written when it arrives;
 * - a tag exists while it is not deleted or some article still carries it
 *   (a concurrent "add tag to X" survives the tag's deletion elsewhere).
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { indexStoredArticles, unindexArticle } from '../search/search-index';
import { ARTICLE_FIELDS, HIGHLIGHT_FIELDS, PARENT_FIELD, REVIEW_CARD_FIELDS, type EntityKind } from './entities';
import type { FieldValue } from './line-format';
import { markDirty, mergerOf, renderNote, type Dirty, type EntityMerger, type EntityState } from './merge';
import type { SyncFolder } from './folder';
import { fileReceiverOf, type FileReceiver } from './files';
import { rowCheckOf, type RowCheck } from './valid';

/** An entity's merged values, field by field. */
interface Fields {
  get(field: string): FieldValue | undefined;
  has(field: string): boolean;
}

/** The merged state read in place (one Map per entity written was much of the pass's garbage). */
class StateFields implements Fields {
  constructor(private readonly state: EntityState) {}
  get(field: string): FieldValue | undefined {
    return Object.hasOwn(this.state, field) ? this.state[field]![2] : undefined;
  }
  has(field: string): boolean {
    return Object.hasOwn(this.state, field);
  }
}

/** A body blob: the article's HTML and canonical text. */
export interface BodyBlob {
  html: string;
  text: string;
  /** As the writing library stored it (sha256 of the HTML for bodies Gloss made). */
  contentHash?: string;
}

/** A highlight's fields without which it is not written (yet). */
const HIGHLIGHT_REQUIRED = ['color', 'quote', 'start_offset', 'end_offset', 'created_at', 'updated_at'] as const;

/** The kinds whose parent is a highlight (its tag links, review card and answers). */
const HIGHLIGHT_CHILDREN = (Object.keys(PARENT_FIELD) as EntityKind[]).filter((k) => PARENT_FIELD[k] === 'highlight');

const ORDER: readonly EntityKind[] = ['article', 'note', 'highlight', 'article_tag', 'highlight_tag', 'tag', 'setting', 'review_card', 'review_answer'];
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
  private readonly validArticle: RowCheck;
  private readonly validHighlight: RowCheck;
  private readonly validCard: RowCheck;
  private readonly validAnswer: RowCheck;
  private readonly files: FileReceiver;
  private folder: SyncFolder | undefined;
  private merger: EntityMerger | undefined;
  /** Article id → row number during a pass (undefined: not in the library). */
  private readonly seqs = new Map<string, number | undefined>();
  /** Articles whose search entry is written at the pass's end (search-index.ts indexStoredArticles: at once, not one by one). */
  private readonly toIndex = new Set<number>();
  /**
   * Whether some entity whose parent is a highlight is outside the pass's dirty set (so a highlight written
   * may have one waiting for it). When every one is in the set (always on a device's first apply), they are
   * written after the highlights anyway (ORDER) and no highlight needs its children looked up.
   */
  private highlightChildrenOutside = true;

  constructor(private readonly db: Database) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.validArticle = rowCheckOf(db, 'articles');
    this.validHighlight = rowCheckOf(db, 'highlights');
    this.validCard = rowCheckOf(db, 'review_cards');
    this.validAnswer = rowCheckOf(db, 'review_log');
    this.files = fileReceiverOf(db);
    this.s = {
      capture: p(`SELECT capture FROM sync_state`),
      setCapture: p(`UPDATE sync_state SET capture = ?`),
      // Named: without statistics the planner could scan the primary key (all of an entity kind).
      childrenOf: p(`SELECT entity, key FROM sync_entities INDEXED BY sync_entities_by_parent WHERE parent = ?`),
      highlightSeq: p(`SELECT seq FROM highlights WHERE id = ?`),
      countOfKinds: p(`SELECT count(*) FROM sync_entities WHERE entity IN (SELECT value FROM json_each(?))`),
      tagsOfHighlight: p(`SELECT lower(t.name) FROM highlight_tags l JOIN tags t ON t.seq = l.tag_seq JOIN highlights h ON h.seq = l.highlight_seq WHERE h.id = ?`),
      tagsOfArticleHighlights: p(`SELECT lower(t.name) FROM highlight_tags l JOIN tags t ON t.seq = l.tag_seq JOIN highlights h ON h.seq = l.highlight_seq WHERE h.article_seq = ?`),
      linkHighlight: p(`INSERT OR IGNORE INTO highlight_tags (highlight_seq, tag_seq) VALUES (?, ?)`),
      unlinkHighlight: p(`DELETE FROM highlight_tags WHERE highlight_seq = ? AND tag_seq = ?`),
      article: p(`SELECT a.seq, a.title, a.author, b.content_hash FROM articles a LEFT JOIN article_bodies b ON b.article_seq = a.seq WHERE a.id = ?`),
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
        VALUES (@id, @article_seq, ${HIGHLIGHT_FIELDS.map((f) => `@${f}`).join(', ')})
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
      highlightExists: p(`SELECT 1 FROM highlights WHERE id = ?`),
      upsertCard: p(`INSERT INTO review_cards (highlight_id, ${REVIEW_CARD_FIELDS.join(', ')}) VALUES (?, ${REVIEW_CARD_FIELDS.map(() => '?').join(', ')})
        ON CONFLICT (highlight_id) DO UPDATE SET ${REVIEW_CARD_FIELDS.map((f) => `${f} = excluded.${f}`).join(', ')}`),
      deleteCard: p(`DELETE FROM review_cards WHERE highlight_id = ?`),
      // review_log has no key of its own beyond its row number: an answer is its highlight and time.
      logAnswer: p(`INSERT INTO review_log (highlight_id, answer, reviewed_at, day, previous)
        SELECT @highlight, @answer, @reviewed_at, @day, NULL WHERE NOT EXISTS (SELECT 1 FROM review_log WHERE highlight_id = @highlight AND reviewed_at = @reviewed_at)`),
      unlogAnswer: p(`DELETE FROM review_log WHERE highlight_id = ? AND reviewed_at = ?`),
    };
  }

  /**
   * Writes every dirty entity (and what waits), in dependency order. Call in the apply transaction, after the
   * merger's flush(): the entities' states are read from its batch.
   *
   * Fast (guarded false): one pass without a savepoint per entity (they cost more than the writes); every
   * entity's values are checked before anything is written (valid()), so a bad operation is skipped, not
   * written. Should the library still refuse something, this throws Refused and the caller makes the whole
   * transaction again guarded (bulk.ts): each entity in its own savepoint, so one refused entity never takes
   * the others with it.
   */
  run(dirty: Dirty, folder: SyncFolder | undefined, guarded = false): MaterializeResult {
    this.folder = folder;
    this.merger = mergerOf(this.db);
    const result: MaterializeResult = { written: 0, pending: 0, failed: 0 };
    const capture = this.s.capture!.pluck().get() as number;
    this.s.setCapture!.run(0);
    this.highlightChildrenOutside = this.childrenOutside(dirty, HIGHLIGHT_CHILDREN);
    try {
      this.all(dirty, result, guarded);
      indexStoredArticles(this.db, this.toIndex);
    } finally {
      this.s.setCapture!.run(capture);
      this.seqs.clear();
      this.toIndex.clear();
    }
    result.pending = this.s.countPending!.pluck().get() as number;
    return result;
  }

  /** Whether the merged state holds entities of `kinds` that `dirty` does not name (it names only stored ones: they were flushed). */
  private childrenOutside(dirty: Dirty, kinds: readonly EntityKind[]): boolean {
    let inBatch = 0;
    for (const k of kinds) inBatch += dirty.get(k)?.size ?? 0;
    return (this.s.countOfKinds!.pluck().get(JSON.stringify(kinds)) as number) > inBatch;
  }

  private all(dirty: Dirty, result: MaterializeResult, guarded: boolean): void {
    for (const kind of ORDER) {
      const keys = dirty.get(kind);
      if (!keys) continue;
      // Materializing an article may add its children to later kinds' sets (the Map is read live).
      for (const [key, fields] of keys) {
        if (!guarded) {
          try {
            if (this.one(kind, key, fields, dirty)) result.written++;
            else result.failed++;
          } catch (err) {
            throw new Refused(err);
          }
          continue;
        }
        try {
          if (this.db.transaction(() => this.one(kind, key, fields, dirty))()) result.written++;
          else result.failed++;
        } catch {
          this.seqs.clear();
          result.failed++;
        }
      }
    }
  }

  private fieldsOf(entity: EntityKind, key: string): Fields {
    return new StateFields(this.merger!.stateOf(entity, key));
  }

  /** An article's row number (remembered for the pass: a highlight's article is looked up once). */
  private seqOf(articleId: FieldValue | undefined): number | undefined {
    if (typeof articleId !== 'string') return undefined;
    if (this.seqs.has(articleId)) return this.seqs.get(articleId);
    const seq = (this.s.seq!.get(articleId) as { seq: number } | undefined)?.seq;
    this.seqs.set(articleId, seq);
    return seq;
  }

  /** Writes one entity; false when its values do not fit the library (nothing written). */
  private one(kind: EntityKind, key: string, changed: Set<string>, dirty: Dirty): boolean {
    const f = this.fieldsOf(kind, key);
    switch (kind) {
      case 'article':
        return this.article(key, f, changed, dirty);
      case 'note':
        this.note(key, f);
        return true;
      case 'highlight':
        return this.highlight(key, f, dirty);
      case 'article_tag':
        this.link(key, f, dirty, this.seqOf(f.get('article')), this.s.link!, this.s.unlink!);
        return true;
      case 'highlight_tag':
        this.link(key, f, dirty, this.highlightSeqOf(f.get('highlight')), this.s.linkHighlight!, this.s.unlinkHighlight!);
        return true;
      case 'tag':
        this.tag(key, f);
        return true;
      case 'setting':
        this.setting(key, f);
        return true;
      case 'review_card':
        return this.reviewCard(key, f);
      case 'review_answer':
        return this.reviewAnswer(f);
    }
  }

  /** A highlight's review card, once the highlight is there. */
  private reviewCard(highlightId: string, f: Fields): boolean {
    if (f.get('deleted') === 1) {
      this.s.deleteCard!.run(highlightId);
      return true;
    }
    const required = ['state', 'due', 'stability', 'difficulty', 'scheduled_days', 'updated_at'];
    if (!this.s.highlightExists!.get(highlightId) || required.some((c) => f.get(c) === undefined || f.get(c) === null)) return true;
    const values = REVIEW_CARD_FIELDS.map((c) => f.get(c) ?? defaultOf(c));
    if (!this.validCard(Object.fromEntries(REVIEW_CARD_FIELDS.map((c, i) => [c, values[i] as FieldValue])))) return false;
    this.s.upsertCard!.run(highlightId, ...values);
    return true;
  }

  /** One answer of the review history, present or undone, once its highlight is there. */
  private reviewAnswer(f: Fields): boolean {
    const [highlight, answer, reviewedAt, day] = ['highlight', 'answer', 'reviewed_at', 'day'].map((c) => f.get(c));
    if (typeof highlight !== 'string' || typeof reviewedAt !== 'string') return true;
    if (f.get('present') !== 1) {
      this.s.unlogAnswer!.run(highlight, reviewedAt);
      return true;
    }
    if (!this.s.highlightExists!.get(highlight)) return true;
    if (!this.validAnswer({ answer: answer ?? null, day: day ?? null })) return false;
    this.s.logAnswer!.run({ highlight, answer, reviewed_at: reviewedAt, day });
    return true;
  }

  private body(f: Fields): BodyBlob | undefined {
    const name = f.get('body');
    if (typeof name !== 'string' || !this.folder) return undefined;
    const bytes = this.folder.readBlob(name);
    if (!bytes) return undefined;
    const parsed = JSON.parse(bytes.toString('utf8')) as BodyBlob;
    return typeof parsed.html === 'string' && typeof parsed.text === 'string' ? parsed : undefined;
  }

  private article(id: string, f: Fields, changed: Set<string>, dirty: Dirty): boolean {
    const row = this.s.article!.get(id) as { seq: number; title: string; author: string | null; content_hash: string | null } | undefined;
    if (f.get('deleted') === 1) {
      this.s.unpend!.run('article', id);
      if (!row) return true;
      for (const tag of this.s.tagsOfArticle!.pluck().all(row.seq) as string[]) markDirty(dirty, 'tag', tag, 'links');
      for (const tag of this.s.tagsOfArticleHighlights!.pluck().all(row.seq) as string[]) markDirty(dirty, 'tag', tag, 'links');
      unindexArticle(this.db, row.seq);
      this.toIndex.delete(row.seq);
      this.s.deleteArticle!.run(row.seq);
      this.seqs.set(id, undefined);
      this.s.tombstone!.run('article', id, new Date().toISOString());
      return true;
    }
    const wantsBody = changed.has('body') || changed.has('*') || !row;
    const body = wantsBody ? this.body(f) : undefined;
    // Its files and earlier versions (files.ts): read when listed anew, or retried with what waited (marked 'body').
    const wantsFiles = wantsBody || changed.has('files') || changed.has('versions');
    const files = wantsFiles ? this.files.prepare(f.get('files'), f.get('versions'), row?.seq, this.folder) : undefined;
    if (!row) {
      const required = ['format', 'title', 'added_at', 'updated_at'];
      if (!body || !files || required.some((c) => typeof f.get(c) !== 'string')) {
        this.s.pend!.run('article', id);
        return true;
      }
      const values = ARTICLE_FIELDS.map((c) => f.get(c) ?? defaultOf(c));
      if (!this.validArticle(Object.fromEntries(ARTICLE_FIELDS.map((c, i) => [c, values[i] as FieldValue])))) return false;
      const seq = Number(this.s.insertArticle!.run(id, ...values).lastInsertRowid);
      this.seqs.set(id, seq);
      this.s.insertBody!.run(seq, body.html, body.text, hashOf(body));
      this.files.write(seq, files, new Date().toISOString());
      this.toIndex.add(seq);
      this.s.dropTombstone!.run('article', id);
      this.s.unpend!.run('article', id);
      this.children(id, dirty);
      return true;
    }
    const present = ARTICLE_FIELDS.filter((c) => f.has(c));
    if (!this.validArticle(Object.fromEntries(present.map((c) => [c, f.get(c) as FieldValue])))) return false;
    // Put back here (an undone delete): what arrived for it meanwhile is written too.
    if (changed.has('deleted')) this.children(id, dirty);
    if (present.length) this.updateStatement(present).run(...present.map((c) => f.get(c)), row.seq);
    // The article waits while its body's or its files' blobs are missing (what is there is written meanwhile).
    let waits = wantsFiles && !files;
    if (files) this.files.write(row.seq, files, new Date().toISOString());
    if (wantsBody && f.has('body')) {
      // A body written again as it was (an undone delete re-publishes it) needs no blob: this library holds it already.
      if (!body && !this.holdsBody(row.seq, f.get('body'))) waits = true;
      else if (body) {
        const hash = hashOf(body);
        if (hash !== row.content_hash) {
          this.s.updateBody!.run(body.html, body.text, hash, row.seq);
          changed.add('text');
        }
      }
    }
    if (wantsFiles) this.s[waits ? 'pend' : 'unpend']!.run('article', id);
    if (changed.has('text') || (changed.has('title') && f.get('title') !== row.title) || (changed.has('author') && f.get('author') !== row.author)) {
      this.toIndex.add(row.seq);
    }
    return true;
  }

  /** Whether the article's stored body is the one that blob holds (its blob name is the folder's name of what it would publish). */
  private holdsBody(seq: number, name: FieldValue | undefined): boolean {
    const row = this.s.bodyOf!.get(seq) as { html: string; text: string; content_hash: string | null } | undefined;
    if (row === undefined || typeof name !== 'string') return false;
    const blob = blobOf(row);
    return (this.folder ? this.folder.blobNameOf(blob.bytes) : blob.hash) === name;
  }

  /** What arrived for an article before it was there: its note, highlights and tag links. */
  private children(id: string, dirty: Dirty): void {
    markDirty(dirty, 'note', id, '*');
    for (const c of this.s.childrenOf!.all(id) as { entity: EntityKind; key: string }[]) markDirty(dirty, c.entity, c.key, '*');
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

  private highlight(id: string, f: Fields, dirty: Dirty): boolean {
    if (f.get('deleted') === 1) {
      for (const tag of this.s.tagsOfHighlight!.pluck().all(id) as string[]) markDirty(dirty, 'tag', tag, 'links');
      this.s.deleteHighlight!.run(id);
      return true;
    }
    const seq = this.seqOf(f.get('article'));
    if (seq === undefined || HIGHLIGHT_REQUIRED.some((c) => f.get(c) === undefined || f.get(c) === null)) return true;
    // One object is both the row checked and the statement's named values.
    const row: Record<string, FieldValue> = { id, article_seq: seq };
    for (const c of HIGHLIGHT_FIELDS) row[c] = c === 'note' ? renderNote(f.get('note')) : (f.get(c) ?? defaultOf(c));
    if (!this.validHighlight(row)) return false;
    this.s.upsertHighlight!.run(row);
    if (this.highlightChildrenOutside) for (const c of this.s.childrenOf!.all(id) as { entity: EntityKind; key: string }[]) markDirty(dirty, c.entity, c.key, '*');
    return true;
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

/** The library refused an entity in a pass without savepoints: the transaction is made again, guarded. */
export class Refused extends Error {
  constructor(readonly reason: unknown) {
    super(`the library refused a synced entity: ${reason instanceof Error ? reason.message : String(reason)}`);
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
    case 'learning_steps':
    case 'reps':
    case 'lapses':
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
