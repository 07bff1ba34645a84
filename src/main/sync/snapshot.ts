/**
 * Snapshots, so a new device does not replay years of changes: a device
 * that has merged SNAPSHOT_EVERY_OPS operations since its last snapshot
 * writes its whole merged state (sync_entities), the clock, and how far it
 * had read each log (the lines the state covers) to
 * `snapshots/<device>.gz` through the folder's generic files (checksummed;
 * sealed in an encrypted folder). A device that has read no other device's
 * log yet starts from the newest snapshot it can read: it merges the state
 * (a join, so its own published changes stay), writes the library from it,
 * and then reads only the log lines after the covered offsets. Reading a
 * line twice is harmless (merging is idempotent), so an offset a copy of
 * the folder does not reach yet only costs re-reading.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Database } from 'better-sqlite3';
import { isEntityKind } from './entities';
import { bulkTransaction } from './bulk';
import type { SyncFolder } from './folder';
import { materializerOf, type MaterializeResult } from './materialize';
import { mergerOf, stateOfStored, type Dirty, type EntityState } from './merge';

/** Operations merged (published or applied) after which a device writes a new snapshot. */
export const SNAPSHOT_EVERY_OPS = 10_000;

const FORMAT = 'gloss-snapshot';
/** 2: entity states in merge.ts's stored form (encodeState); a version-1 snapshot (every field with its stamp) reads too. */
const VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

interface SnapshotHeader {
  format: string;
  version: number;
  library: string;
  device: string;
  /** The writer's clock: later snapshots have higher ones. */
  clock: number;
  /** Log file (relative path) → bytes the state covers. */
  covers: Record<string, number>;
  entities: number;
}

export const snapshotPath = (device: string): string => `snapshots/${device}.gz`;

function syncState(db: Database): { device: string; library: string | null; snapshot_ops: number } {
  return db.prepare(`SELECT device, library, snapshot_ops FROM sync_state`).get() as { device: string; library: string | null; snapshot_ops: number };
}

/** Text gzipped as one member of the snapshot file: big enough to compress well, small enough to leave no huge string behind. */
const MEMBER_CHARS = 4 << 20;

/**
 * A snapshot's text, gzipped piece by piece as it is made: the pieces are
 * members of one gzip file (RFC 1952 allows several; gunzip reads them as
 * one text), so the whole text is never one string or one buffer.
 */
class GzipMembers {
  private readonly parts: Buffer[] = [];
  private pending: string[] = [];
  private chars = 0;

  constructor(private readonly memberChars: number) {}

  add(line: string): void {
    this.pending.push(line);
    this.chars += line.length + 1;
    if (this.chars >= this.memberChars) this.cut();
  }

  private cut(): void {
    if (this.pending.length === 0) return;
    this.parts.push(gzipSync(`${this.pending.join('\n')}\n`));
    this.pending = [];
    this.chars = 0;
  }

  done(): Buffer {
    this.cut();
    return Buffer.concat(this.parts);
  }
}

/** Writes this device's snapshot now; answers the entities it holds. `memberChars`: text per gzip member (tests use little). */
export function writeSnapshot(db: Database, folder: SyncFolder, memberChars = MEMBER_CHARS): number {
  return db.transaction((): number => {
    const { device, library } = syncState(db);
    const covers = Object.fromEntries((db.prepare(`SELECT path, offset FROM sync_files`).raw().all() as [string, number][]).map(([p, o]) => [p, o]));
    const clock = db.prepare(`SELECT hlc FROM sync_clock`).pluck().get() as number;
    const entities = db.prepare(`SELECT count(*) FROM sync_entities`).pluck().get() as number;
    const header: SnapshotHeader = { format: FORMAT, version: VERSION, library: library ?? '', device, clock, covers, entities };
    const text = new GzipMembers(memberChars);
    text.add(JSON.stringify(header));
    // The line is made by SQLite (json_quote is JSON's string syntax): one string per entity reaches JS, not four.
    const lines = db.prepare(`SELECT '[' || json_quote(entity) || ',' || json_quote(key) || ',' || fields || ']' FROM sync_entities ORDER BY entity, key`).pluck();
    for (const line of lines.iterate() as IterableIterator<string>) text.add(line);
    folder.writeFile(snapshotPath(device), text.done());
    db.prepare(`UPDATE sync_state SET snapshot_ops = 0`).run();
    return entities;
  }).immediate();
}

/** Writes a snapshot when this device has merged enough operations since its last one; answers whether it did. */
export function writeSnapshotIfDue(db: Database, folder: SyncFolder, every = SNAPSHOT_EVERY_OPS): boolean {
  if (syncState(db).snapshot_ops < every) return false;
  writeSnapshot(db, folder);
  return true;
}

interface Snapshot {
  header: SnapshotHeader;
  entities: [string, string, EntityState][];
}

/** A snapshot's entity line, or undefined when it is not one (the whole snapshot is then not used). */
function entityOf(line: string): [string, string, EntityState] | undefined {
  try {
    const v: unknown = JSON.parse(line);
    if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'string' || typeof v[1] !== 'string') return undefined;
    const state = stateOfStored(v[2]);
    return state ? [v[0], v[1], state] : undefined;
  } catch {
    return undefined;
  }
}

function readSnapshot(folder: SyncFolder, device: string, library: string): Snapshot | undefined {
  const bytes = folder.readFile(snapshotPath(device));
  if (!bytes) return undefined;
  let text: string;
  try {
    text = gunzipSync(bytes).toString('utf8');
  } catch {
    return undefined;
  }
  const [first = '', ...lines] = text.split('\n');
  let header: SnapshotHeader;
  try {
    header = JSON.parse(first) as SnapshotHeader;
  } catch {
    return undefined;
  }
  if (header.format !== FORMAT || !READABLE_VERSIONS.includes(header.version) || header.library !== library || typeof header.covers !== 'object' || header.covers === null) return undefined;
  const entities: [string, string, EntityState][] = [];
  for (const line of lines) {
    if (!line) continue;
    const e = entityOf(line);
    if (!e) return undefined;
    entities.push(e);
  }
  return entities.length === header.entities ? { header, entities } : undefined;
}

export interface BootstrapResult extends MaterializeResult {
  /** The device whose snapshot was read. */
  from: string;
  entities: number;
}

/**
 * Starts a device that has read no other device's log from the newest
 * snapshot in the folder; undefined when there is none to start from (or
 * the device has read other logs already: it is past bootstrapping).
 */
export function bootstrapFromSnapshot(db: Database, folder: SyncFolder): BootstrapResult | undefined {
  const { device, library } = syncState(db);
  if (library === null) return undefined;
  const others = db.prepare(`SELECT count(*) FROM sync_files WHERE substr(path, 1, ?) <> ?`).pluck().get(`devices/${device}/`.length, `devices/${device}/`) as number;
  if (others > 0) return undefined;
  let best: Snapshot | undefined;
  for (const d of folder.devices()) {
    if (d.id === device) continue;
    const s = readSnapshot(folder, d.id, library);
    if (s && (!best || s.header.clock > best.header.clock)) best = s;
  }
  if (!best) return undefined;
  const snapshot = best;
  const merger = mergerOf(db);
  return bulkTransaction(db, (guarded): BootstrapResult => {
    const dirty: Dirty = new Map();
    let entities = 0;
    for (const [entity, key, fields] of snapshot.entities) {
      if (!isEntityKind(entity)) continue; // a newer Gloss's kind: its log lines are not read by this version either
      merger.mergeEntity(entity, key, fields, dirty);
      entities++;
    }
    merger.flush();
    const m = materializerOf(db).run(dirty, folder, guarded);
    db.prepare(`UPDATE sync_clock SET hlc = max(hlc, ?)`).run(snapshot.header.clock);
    const cover = db.prepare(`INSERT INTO sync_files (path, offset) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET offset = max(offset, excluded.offset)`);
    for (const [path, offset] of Object.entries(snapshot.header.covers)) if (Number.isSafeInteger(offset) && offset > 0) cover.run(path, offset);
    return { ...m, from: snapshot.header.device, entities };
  });
}
