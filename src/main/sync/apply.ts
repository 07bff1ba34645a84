/**
 * Applying: every log in the folder (all devices', conflict copies too) is
 * read from where it was settled, its intact lines merged into the stored
 * state and the touched entities written into the library, in one
 * transaction. The clock moves past every stamp seen, so a later local
 * change wins over what it was made after. A new device starts from a
 * snapshot (snapshot.ts) when there is one.
 */
import type { Database } from 'better-sqlite3';
import type { SyncApplied } from '../../shared/sync';
import type { SyncFolder } from './folder';
import type { Operation } from './line-format';
import { bulkTransaction } from './bulk';
import { materializerOf } from './materialize';
import { mergerOf, markDirty, type Dirty } from './merge';
import type { EntityKind } from './entities';
import { bootstrapFromSnapshot } from './snapshot';

export type ApplyResult = SyncApplied;

export function apply(db: Database, folder: SyncFolder): ApplyResult {
  // A device that has read no one's log yet starts from a snapshot, then reads only the lines after it.
  const boot = bootstrapFromSnapshot(db, folder);
  const result = applyLogs(db, folder);
  return boot ? { ...result, written: result.written + boot.written, failed: result.failed + boot.failed } : result;
}

function applyLogs(db: Database, folder: SyncFolder): ApplyResult {
  const offsets = new Map((db.prepare(`SELECT path, offset FROM sync_files`).all() as { path: string; offset: number }[]).map((r) => [r.path, r.offset]));
  const reads: { path: string; offset: number; ops: Operation[] }[] = [];
  for (const path of folder.logFiles()) {
    let log: { bytes: Buffer; from: number };
    try {
      log = folder.readLog(path, offsets.get(path) ?? 0);
    } catch {
      continue; // gone between listing and reading (the engine replaced it): next round
    }
    if (log.bytes.length === 0 && log.from === (offsets.get(path) ?? 0)) continue;
    const { ops, consumed } = folder.readLines(log.bytes);
    reads.push({ path, offset: log.from + consumed, ops });
  }
  const waiting = db.prepare(`SELECT count(*) FROM sync_pending`).pluck().get() as number;
  if (reads.length === 0 && waiting === 0) return { ops: 0, files: 0, written: 0, pending: 0, failed: 0, rejected: folder.rejected };
  const merger = mergerOf(db);
  return bulkTransaction(db, (guarded): ApplyResult => {
    const dirty: Dirty = new Map();
    let ops = 0;
    let maxClock = 0;
    for (const r of reads) {
      for (const op of r.ops) {
        merger.merge(op, dirty);
        if (op.h > maxClock) maxClock = op.h;
      }
      ops += r.ops.length;
    }
    merger.flush();
    // What waited (a body not there last time) is tried again.
    for (const p of db.prepare(`SELECT entity, key FROM sync_pending`).all() as { entity: EntityKind; key: string }[]) markDirty(dirty, p.entity, p.key, 'body');
    const m = materializerOf(db).run(dirty, folder, guarded);
    db.prepare(`UPDATE sync_clock SET hlc = max(hlc, ?)`).run(maxClock);
    db.prepare(`UPDATE sync_state SET snapshot_ops = snapshot_ops + ?`).run(ops);
    const setOffset = db.prepare(`INSERT INTO sync_files (path, offset) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET offset = excluded.offset`);
    for (const r of reads) setOffset.run(r.path, r.offset);
    return { ops, files: reads.filter((r) => r.ops.length > 0).length, ...m, rejected: folder.rejected };
  });
}
