/**
 * Publishing: the outbox's operations become lines of this device's log
 * (bodies, files and earlier versions written as blobs first), then are
 * merged into the stored state like anyone else's. The file is written and
 * flushed before the outbox is emptied (same transaction as the merge): a
 * crash in between publishes the same operations twice, which is harmless.
 */
import type { Database } from 'better-sqlite3';
import { emitWholeLibrary } from './capture';
import { ARTICLE_BLOB_FIELDS, MULTI_VALUE_FIELDS, type EntityKind } from './entities';
import { filePublisherOf } from './files';
import type { SyncFolder } from './folder';
import type { FieldValue, Operation } from './line-format';
import { withMemoryTemp } from './bulk';
import { blobOf, materializerOf, Refused } from './materialize';
import { mergerOf, type Dirty } from './merge';

interface OutboxRow {
  seq: number;
  hlc: number;
  entity: EntityKind;
  key: string;
  data: string;
}

export interface PublishResult {
  ops: number;
  blobs: number;
  /** The log segment written (relative path), and its size after. */
  segment?: { path: string; before: number; after: number };
}

/**
 * Operations from outbox rows: each field keeps only its last local write
 * (earlier ones are superseded by the same device at once), grouped back
 * into one operation per entity and clock.
 */
function coalesce(rows: readonly OutboxRow[]): { entity: EntityKind; key: string; hlc: number; fields: Record<string, FieldValue> }[] {
  const last = new Map<string, { entity: EntityKind; key: string; fields: Map<string, { hlc: number; value: FieldValue }> }>();
  for (const row of rows) {
    const id = `${row.entity}\u0000${row.key}`;
    let e = last.get(id);
    if (!e) last.set(id, (e = { entity: row.entity, key: row.key, fields: new Map() }));
    for (const [field, value] of Object.entries(JSON.parse(row.data) as Record<string, FieldValue>)) e.fields.set(field, { hlc: row.hlc, value });
  }
  const out: { entity: EntityKind; key: string; hlc: number; fields: Record<string, FieldValue> }[] = [];
  for (const e of last.values()) {
    const byClock = new Map<number, Record<string, FieldValue>>();
    for (const [field, { hlc, value }] of e.fields) {
      let fields = byClock.get(hlc);
      if (!fields) byClock.set(hlc, (fields = {}));
      fields[field] = value;
    }
    for (const [hlc, fields] of [...byClock].sort((a, b) => a[0] - b[0])) out.push({ entity: e.entity, key: e.key, hlc, fields });
  }
  return out.sort((a, b) => a.hlc - b.hlc);
}

export function publish(db: Database, folder: SyncFolder, device: string): PublishResult {
  try {
    return withMemoryTemp(db, () => publishInTransaction(db, folder, device));
  } finally {
    mergerOf(db).end();
  }
}

function publishInTransaction(db: Database, folder: SyncFolder, device: string): PublishResult {
  return db.transaction((): PublishResult => {
    const state = db.prepare(`SELECT capture FROM sync_state`).pluck().get() as number;
    // The first publish: the library as it is (an upgraded or never-synced library), then every change as it happens.
    if (state === 0) {
      emitWholeLibrary(db);
      db.prepare(`UPDATE sync_state SET capture = 1`).run();
    }
    const rows = db.prepare(`SELECT seq, hlc, entity, key, data FROM sync_outbox ORDER BY seq`).all() as OutboxRow[];
    if (rows.length === 0) return { ops: 0, blobs: 0 };
    const merger = mergerOf(db);
    const bodyOf = db.prepare(`SELECT b.html, b.text, b.content_hash FROM article_bodies b JOIN articles a ON a.seq = b.article_seq WHERE a.id = ?`);
    const files = filePublisherOf(db, blobOf);
    const ops: Operation[] = [];
    let blobs = 0;
    for (const c of coalesce(rows)) {
      const op: Operation = { h: c.hlc, d: device, e: c.entity, k: c.key, f: c.fields };
      if (c.entity === 'article' && 'body' in c.fields) {
        // The body as it is now (a later write of it, if any, is this same one after coalescing).
        const body = bodyOf.get(c.key) as { html: string; text: string; content_hash: string | null } | undefined;
        if (body) {
          const blob = folder.writeBlob(blobOf(body).bytes);
          if (blob.written) blobs++;
          op.f = { ...c.fields, body: blob.hash };
        } else {
          const { body: _gone, ...rest } = c.fields;
          op.f = rest;
        }
      }
      if (c.entity === 'article') {
        // The article's files and earlier versions as they are now, listed by their blobs (files.ts).
        for (const field of ARTICLE_BLOB_FIELDS) {
          if (!(field in op.f)) continue;
          const list = files.listOf(field, c.key, folder);
          const { [field]: _mark, ...rest } = op.f;
          op.f = list ? { ...rest, [field]: list.value } : rest;
          blobs += list?.written ?? 0;
        }
      }
      for (const field of Object.keys(op.f)) {
        if (MULTI_VALUE_FIELDS.has(`${c.entity}.${field}`)) (op.b ??= {})[field] = merger.basesOf(c.entity, c.key, field);
      }
      if (Object.keys(op.f).length) ops.push(op);
    }
    const segment = ops.length ? folder.append(device, folder.encodeLines(ops)) : undefined;
    const dirty: Dirty = new Map();
    for (const op of ops) merger.merge(op, dirty);
    merger.flush();
    // Local rows already hold these values, except what depends on several entities (a tag without links).
    for (const keys of dirty.values()) {
      for (const fields of keys.values()) {
        fields.delete('body');
        for (const field of ARTICLE_BLOB_FIELDS) fields.delete(field);
      }
    }
    // Fast, in one savepoint (the log is written already: this transaction is not made again); guarded if refused.
    const materializer = materializerOf(db);
    try {
      db.transaction(() => materializer.run(dirty, folder))();
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      materializer.run(dirty, folder, true);
    }
    db.prepare(`DELETE FROM sync_outbox WHERE seq <= ?`).run(rows[rows.length - 1]!.seq);
    db.prepare(`UPDATE sync_state SET snapshot_ops = snapshot_ops + ?`).run(ops.length);
    if (segment) {
      // This device's own lines need no reading back.
      const known = db.prepare(`SELECT offset FROM sync_files WHERE path = ?`).pluck().get(segment.path) as number | undefined;
      if ((known ?? 0) === segment.before) {
        db.prepare(`INSERT INTO sync_files (path, offset) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET offset = excluded.offset`).run(segment.path, segment.after);
      }
    }
    return { ops: ops.length, blobs, ...(segment ? { segment } : {}) };
  })();
}
