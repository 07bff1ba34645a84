/**
 * Merging operations into the stored state (sync_fields), the same for
 * local and remote ones, in any order, any number of times:
 * - a plain field keeps the value of the highest stamp (clock, then device);
 * - a multi-value field (notes) keeps every version no other version was
 *   based on (its "heads"), so concurrent edits are all kept; its shown text
 *   joins them with conflict marks (renderNote) until someone edits it.
 * Both are commutative, associative and idempotent, which makes every
 * library converge once it has seen the same operations.
 */
import type { Database, Statement } from 'better-sqlite3';
import { compareStamps, stampId, stampTime, type Stamp } from './hlc';
import { MULTI_VALUE_FIELDS, type EntityKind } from './entities';
import type { FieldValue, Operation } from './line-format';

/** One version of a multi-value field: stamp and text. */
export type Head = [hlc: number, device: string, text: string];

export interface MultiValue {
  heads: Head[];
  /** Versions replaced by a later edit (stampId). */
  gone: string[];
}

/** What changed, per entity kind and key: the fields merged in. */
export type Dirty = Map<EntityKind, Map<string, Set<string>>>;

export function markDirty(dirty: Dirty, entity: EntityKind, key: string, field: string): void {
  let keys = dirty.get(entity);
  if (!keys) dirty.set(entity, (keys = new Map()));
  let fields = keys.get(key);
  if (!fields) keys.set(key, (fields = new Set()));
  fields.add(field);
}

const ENTITIES: ReadonlySet<string> = new Set<EntityKind>(['article', 'note', 'highlight', 'tag', 'article_tag', 'highlight_tag', 'setting']);

interface StoredField {
  hlc: number;
  device: string;
  value: FieldValue;
}

export function parseMulti(value: FieldValue | undefined): MultiValue {
  if (typeof value !== 'string') return { heads: [], gone: [] };
  try {
    return JSON.parse(value) as MultiValue;
  } catch {
    return { heads: [], gone: [] };
  }
}

const headStamp = (h: Head): Stamp => ({ hlc: h[0], device: h[1] });

const cache = new WeakMap<Database, FieldMerger>();

/** One merger per connection: its statements are prepared once. */
export function mergerOf(db: Database): FieldMerger {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new FieldMerger(db)));
  return m;
}

export class FieldMerger {
  private readonly select: Statement<[string, string, string], StoredField>;
  private readonly upsert: Statement;

  constructor(db: Database) {
    this.select = db.prepare(`SELECT hlc, device, value FROM sync_fields WHERE entity = ? AND key = ? AND field = ?`);
    this.upsert = db.prepare(`
      INSERT INTO sync_fields (entity, key, field, hlc, device, value) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (entity, key, field) DO UPDATE SET hlc = excluded.hlc, device = excluded.device, value = excluded.value`);
  }

  /** The versions a local edit of a multi-value field replaces: the heads it was made on. */
  basesOf(entity: string, key: string, field: string): string[] {
    return parseMulti(this.select.get(entity, key, field)?.value).heads.map((h) => stampId(headStamp(h)));
  }

  /** Merges one operation; marks what changed. Unknown entity kinds (a newer Gloss's) are kept out. */
  merge(op: Operation, dirty: Dirty): void {
    if (!ENTITIES.has(op.e)) return;
    const entity = op.e as EntityKind;
    const stamp: Stamp = { hlc: op.h, device: op.d };
    for (const [field, value] of Object.entries(op.f)) {
      const stored = this.select.get(entity, op.k, field);
      if (MULTI_VALUE_FIELDS.has(`${entity}.${field}`)) {
        const next = mergeMulti(parseMulti(stored?.value), stamp, typeof value === 'string' ? value : '', op.b?.[field] ?? []);
        if (!next) continue;
        const top = next.heads.length ? headStamp(next.heads[next.heads.length - 1]!) : stamp;
        this.upsert.run(entity, op.k, field, top.hlc, top.device, JSON.stringify(next));
      } else {
        if (stored && compareStamps(stamp, stored) <= 0) continue;
        this.upsert.run(entity, op.k, field, op.h, op.d, value);
      }
      markDirty(dirty, entity, op.k, field);
    }
  }
}

/** A multi-value field with one more version; undefined when it changes nothing (seen already, or replaced). */
export function mergeMulti(state: MultiValue, stamp: Stamp, text: string, bases: readonly string[]): MultiValue | undefined {
  const id = stampId(stamp);
  const gone = new Set(state.gone);
  // A version's bases count even when it arrives replaced already: what it replaced stays replaced.
  for (const b of bases) if (b !== id) gone.add(b);
  const known = gone.has(id) || state.heads.some((h) => stampId(headStamp(h)) === id);
  if (known && gone.size === state.gone.length) return undefined;
  const heads = state.heads.filter((h) => !gone.has(stampId(headStamp(h))));
  if (!known) heads.push([stamp.hlc, stamp.device, text]);
  heads.sort((a, b) => compareStamps(headStamp(a), headStamp(b)));
  return { heads, gone: [...gone].sort() };
}

/**
 * A multi-value field as text: the one version, or the newest followed by
 * each other one (newest first) in a marked block, so both show until the
 * user keeps what they want (their edit replaces every version shown).
 * Empty and repeated texts are not shown twice.
 */
export function renderNote(value: FieldValue | undefined): string {
  const { heads } = parseMulti(value);
  const shown: Head[] = [];
  for (const h of [...heads].reverse()) {
    if (h[2] !== '' && !shown.some((s) => s[2] === h[2])) shown.push(h);
  }
  if (shown.length <= 1) return shown[0]?.[2] ?? '';
  const [first, ...others] = shown as [Head, ...Head[]];
  const blocks = others.map(
    (h) => `<<<<<<< Conflict: also edited on device ${h[1]} at ${stampTime(h[0]).toISOString()} (keep what you want, delete the rest)\n${h[2]}\n>>>>>>>`,
  );
  return [first[2], ...blocks].join('\n\n');
}
