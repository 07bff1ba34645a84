/**
 * Merging operations into the stored state (sync_entities: one row per
 * entity, its fields' values and winning stamps as one JSON object), the
 * same for local and remote ones, in any order, any number of times:
 * - a plain field keeps the value of the highest stamp (clock, then device);
 * - a multi-value field (notes) keeps every version no other version was
 *   based on (its "heads"), so concurrent edits are all kept; its shown text
 *   joins them with conflict marks (renderNote) until someone edits it.
 * Both are commutative, associative and idempotent, which makes every
 * library converge once it has seen the same operations.
 *
 * A batch (an apply, a publish) reads each entity's row once, merges all
 * its operations in memory and writes it once (flush): a highlight's ~15
 * fields cost one read and one write, not one per field.
 */
import type { Database, Statement } from 'better-sqlite3';
import { compareStamps, stampId, stampTime, type Stamp } from './hlc';
import { isEntityKind, MULTI_VALUE_FIELDS, PARENT_FIELD, type EntityKind } from './entities';
import type { FieldValue, Operation } from './line-format';

/** One version of a multi-value field: stamp and text. */
export type Head = [hlc: number, device: string, text: string];

export interface MultiValue {
  heads: Head[];
  /** Versions replaced by a later edit (stampId). */
  gone: string[];
}

/** A field's merged state: its winning stamp and value (a multi-value field's value is its MultiValue as JSON). */
export type FieldState = [hlc: number, device: string, value: FieldValue];

/** An entity's merged state, field by field (sync_entities.fields). */
export type EntityState = Record<string, FieldState>;

/** What changed, per entity kind and key: the fields merged in. */
export type Dirty = Map<EntityKind, Map<string, Set<string>>>;

export function markDirty(dirty: Dirty, entity: EntityKind, key: string, field: string): void {
  let keys = dirty.get(entity);
  if (!keys) dirty.set(entity, (keys = new Map()));
  let fields = keys.get(key);
  if (!fields) keys.set(key, (fields = new Set()));
  fields.add(field);
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
const stampOf = (s: FieldState): Stamp => ({ hlc: s[0], device: s[1] });

/** Whether a version stamped (hlc, device) is later than the stored one: compareStamps without a stamp object per field. */
const laterThan = (hlc: number, device: string, stored: FieldState): boolean => (hlc !== stored[0] ? hlc > stored[0] : device > stored[1]);

/** MULTI_VALUE_FIELDS by entity kind: looked up per merged field, without a string made for each. */
const MULTI_BY_KIND = new Map<string, Set<string>>();
for (const id of MULTI_VALUE_FIELDS) {
  const [entity = '', field = ''] = id.split('.');
  let fields = MULTI_BY_KIND.get(entity);
  if (!fields) MULTI_BY_KIND.set(entity, (fields = new Set()));
  fields.add(field);
}
const isMulti = (entity: EntityKind, field: string): boolean => MULTI_BY_KIND.get(entity)?.has(field) === true;

/** The parent an entity's row is found by (its article, its highlight), from its merged state. */
export function parentOf(entity: EntityKind, state: EntityState): string | null {
  const field = PARENT_FIELD[entity];
  const value = field ? state[field]?.[2] : undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * Merges one field's version into an entity's state; answers whether the state changed.
 * `bases` (multi-value fields): the versions the edit replaces.
 */
export function mergeField(state: EntityState, entity: EntityKind, field: string, stamp: Stamp, value: FieldValue, bases: readonly string[] = []): boolean {
  const stored = state[field];
  if (isMulti(entity, field)) {
    const next = mergeMulti(parseMulti(stored?.[2]), stamp, typeof value === 'string' ? value : '', bases);
    if (!next) return false;
    const top = next.heads.length ? headStamp(next.heads[next.heads.length - 1]!) : stamp;
    state[field] = [top.hlc, top.device, JSON.stringify(next)];
    return true;
  }
  if (stored && !laterThan(stamp.hlc, stamp.device, stored)) return false;
  state[field] = [stamp.hlc, stamp.device, value];
  return true;
}

/**
 * Merges another state of the same entity (a snapshot's) into `state`: the join of the two,
 * as if every operation behind either had been merged. Answers the fields that changed.
 */
export function mergeState(state: EntityState, entity: EntityKind, other: EntityState): string[] {
  const changed: string[] = [];
  for (const [field, theirs] of Object.entries(other)) {
    if (isMulti(entity, field)) {
      const ours = parseMulti(state[field]?.[2]);
      const joined = joinMulti(ours, parseMulti(theirs[2]));
      const text = JSON.stringify(joined);
      if (state[field] && state[field][2] === text) continue;
      const top = joined.heads.length ? headStamp(joined.heads[joined.heads.length - 1]!) : stampOf(theirs);
      if (!state[field] && joined.heads.length === 0 && joined.gone.length === 0) continue;
      state[field] = [top.hlc, top.device, text];
      changed.push(field);
    } else if (mergeField(state, entity, field, stampOf(theirs), theirs[2])) {
      changed.push(field);
    }
  }
  return changed;
}

/** The join of two multi-value states: every version either replaced stays replaced. */
export function joinMulti(a: MultiValue, b: MultiValue): MultiValue {
  const gone = new Set([...a.gone, ...b.gone]);
  const heads = new Map<string, Head>();
  for (const h of [...a.heads, ...b.heads]) {
    const id = stampId(headStamp(h));
    if (!gone.has(id)) heads.set(id, h);
  }
  return { heads: [...heads.values()].sort((x, y) => compareStamps(headStamp(x), headStamp(y))), gone: [...gone].sort() };
}

/**
 * The stored form of an entity's state (sync_entities.fields, snapshot lines): most fields share one stamp (an
 * entity is mostly made by one operation), so the earliest stamp is written once, as `"": [hlc, device]`, and each
 * field with that stamp as `[value]`; any other field stays `[hlc, device, value]`. Half the bytes of every field
 * carrying its own stamp, which is most of what an apply writes. The earliest stamp (not the first field's) keeps
 * the stored value the same whatever order the fields were merged in. The full form (every field with its stamp, as
 * stored before) reads the same; a state with a field named "" is stored in it.
 */
export function encodeState(state: EntityState): string {
  let base: FieldState | undefined;
  for (const field in state) {
    const s = state[field]!;
    if (field === '') return JSON.stringify(state);
    if (!base || s[0] < base[0] || (s[0] === base[0] && s[1] < base[1])) base = s;
  }
  if (!base) return '{}';
  const out: Record<string, unknown> = { '': [base[0], base[1]] };
  for (const field in state) {
    const s = state[field]!;
    out[field] = s[0] === base[0] && s[1] === base[1] ? [s[2]] : s;
  }
  return JSON.stringify(out);
}

/**
 * An entity's state from its stored form (encodeState's, or the full one); undefined when it is not one (a
 * snapshot from elsewhere is checked field by field).
 */
export function stateOfStored(value: unknown): EntityState | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const b = o[''];
  const base = Array.isArray(b) && b.length === 2 && Number.isSafeInteger(b[0]) && typeof b[1] === 'string' ? (b as [number, string]) : undefined;
  const state: EntityState = {};
  for (const field in o) {
    const v = o[field];
    if (!Array.isArray(v)) return undefined;
    if (base && field === '') continue;
    if (base && v.length === 1) {
      if (!isValue(v[0])) return undefined;
      state[field] = [base[0], base[1], v[0]];
    } else if (v.length === 3 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string' && isValue(v[2])) {
      state[field] = v as FieldState;
    } else {
      return undefined;
    }
  }
  return state;
}

const isValue = (v: unknown): v is FieldValue => v === null || typeof v === 'string' || typeof v === 'number';

/** A stored row's state (written by this library: not checked beyond its form). */
function decodeState(json: string): EntityState {
  return stateOfStored(JSON.parse(json)) ?? {};
}

const cache = new WeakMap<Database, EntityMerger>();

/** One merger per connection: its statements are prepared once. */
export function mergerOf(db: Database): EntityMerger {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new EntityMerger(db)));
  return m;
}

interface Loaded {
  state: EntityState;
  /** Merged into since it was read: written by flush(). */
  changed: boolean;
}

export class EntityMerger {
  private readonly select: Statement<[string, string], string>;
  private readonly upsert: Statement;
  /** The batch's entities, read once (cleared by end()). */
  private readonly batch = new Map<string, Loaded>();
  /**
   * Whether the stored state holds any entity of a kind, asked once per kind until the next write (flush, end):
   * a new device's first apply then reads no row per entity only to find it absent.
   */
  private readonly kindStored = new Map<EntityKind, boolean>();
  private readonly anyOfKind: Statement<[string], number>;

  constructor(db: Database) {
    this.select = db.prepare<[string, string], string>(`SELECT fields FROM sync_entities WHERE entity = ? AND key = ?`).pluck();
    this.anyOfKind = db.prepare<[string], number>(`SELECT EXISTS (SELECT 1 FROM sync_entities WHERE entity = ?)`).pluck();
    this.upsert = db.prepare(`
      INSERT INTO sync_entities (entity, key, parent, fields) VALUES (?, ?, ?, ?)
      ON CONFLICT (entity, key) DO UPDATE SET parent = excluded.parent, fields = excluded.fields`);
  }

  private load(entity: EntityKind, key: string): Loaded {
    const id = `${entity}\u0000${key}`;
    let l = this.batch.get(id);
    if (!l) {
      let stored = this.kindStored.get(entity);
      if (stored === undefined) this.kindStored.set(entity, (stored = this.anyOfKind.get(entity) === 1));
      const json = stored ? this.select.get(entity, key) : undefined;
      this.batch.set(id, (l = { state: json ? decodeState(json) : {}, changed: false }));
    }
    return l;
  }

  /** An entity's merged state (the batch's, else the stored one). */
  stateOf(entity: EntityKind, key: string): EntityState {
    return this.load(entity, key).state;
  }

  /** The versions a local edit of a multi-value field replaces: the heads it was made on. */
  basesOf(entity: EntityKind, key: string, field: string): string[] {
    return parseMulti(this.stateOf(entity, key)[field]?.[2]).heads.map((h) => stampId(headStamp(h)));
  }

  /** Merges one operation into the batch; marks what changed. Unknown entity kinds (a newer Gloss's) are kept out. */
  merge(op: Operation, dirty: Dirty): void {
    if (!isEntityKind(op.e)) return;
    const entity = op.e;
    const loaded = this.load(entity, op.k);
    const stamp: Stamp = { hlc: op.h, device: op.d };
    let marked: Set<string> | undefined; // the entity's dirty fields, looked up once per operation
    for (const field in op.f) {
      if (!mergeField(loaded.state, entity, field, stamp, op.f[field] as FieldValue, op.b?.[field])) continue;
      loaded.changed = true;
      if (!marked) {
        markDirty(dirty, entity, op.k, field);
        marked = dirty.get(entity)!.get(op.k)!;
      } else {
        marked.add(field);
      }
    }
  }

  /** Merges another device's state of an entity (a snapshot's) into the batch; marks what changed. */
  mergeEntity(entity: EntityKind, key: string, other: EntityState, dirty: Dirty): void {
    const loaded = this.load(entity, key);
    for (const field of mergeState(loaded.state, entity, other)) {
      loaded.changed = true;
      markDirty(dirty, entity, key, field);
    }
  }

  /** Writes every entity the batch changed (one row each). The batch stays readable until end(). */
  flush(): void {
    this.kindStored.clear();
    for (const [id, l] of this.batch) {
      if (!l.changed) continue;
      const cut = id.indexOf('\u0000');
      const entity = id.slice(0, cut) as EntityKind;
      this.upsert.run(entity, id.slice(cut + 1), parentOf(entity, l.state), encodeState(l.state));
      l.changed = false;
    }
  }

  /** Forgets the batch (after its transaction, committed or not: the stored rows are the truth again). */
  end(): void {
    this.batch.clear();
    this.kindStored.clear();
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
