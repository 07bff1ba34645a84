/**
 * Capturing every change in one place: SQLite triggers on each synced table
 * (entities.ts) write operations into sync_outbox, stamped by the one-row
 * hybrid clock in SQL. No write path (import, highlight, note, tag, reading
 * position, delete, undo, JSON merge, migration) can forget to log, and the
 * stores stay unaware of sync. The triggers are quiet until the library
 * first syncs (sync_state.capture = 0: no outbox grows for a library that
 * never syncs; the first publish emits the whole library instead) and
 * while remote operations are applied (the same flag).
 */
import type { Database } from 'better-sqlite3';
import { TICK_CLOCK_SQL } from './hlc';
import { SOURCES, type Expr, type SyncSource } from './entities';

const CAPTURING = `(SELECT capture FROM sync_state) = 1`;

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function jsonObject(entries: [string, string][]): string {
  return entries.length ? `json_object(${entries.map(([k, v]) => `${quote(k)}, ${v}`).join(', ')})` : `'{}'`;
}

function allFields(s: SyncSource, r: string): string {
  const entries: [string, string][] = Object.entries(s.fields).map(([k, e]) => [k, e(r)]);
  for (const [k, v] of Object.entries(s.constants ?? {})) entries.push([k, String(v)]);
  return jsonObject(entries);
}

function deleteFields(s: SyncSource): string {
  return jsonObject(Object.entries(s.onDelete ?? {}).map(([k, v]) => [k, typeof v === 'number' ? String(v) : quote(v)]));
}

function outboxInsert(s: SyncSource, key: string, data: string): string {
  return `${TICK_CLOCK_SQL};
  INSERT INTO sync_outbox (hlc, entity, key, data)
    SELECT hlc, ${quote(s.entity)}, ${key}, ${data} FROM sync_clock WHERE ${key} IS NOT NULL;`;
}

const where = (s: SyncSource, r: string): string => (s.where ? ` AND ${s.where(r)}` : '');

/**
 * A field's value changed. Compared byte for byte: a column's own collation
 * (tags.name is NOCASE) would call a rename from "Science" to "science" no change.
 */
const changed = (e: Expr): string => `${e('old')} IS NOT ${e('new')} COLLATE BINARY`;

/** The changed fields of an update, as a JSON object. */
function changedFields(s: SyncSource): string {
  const parts = Object.entries(s.fields).map(([k, e]: [string, Expr]) => `SELECT ${quote(k)} AS f, ${e('new')} AS v WHERE ${changed(e)}`);
  return `(SELECT json_group_object(f, v) FROM (${parts.join(' UNION ALL ')}))`;
}

function triggersOf(s: SyncSource): string[] {
  const anyChange = Object.values(s.fields).map(changed).join(' OR ');
  const out = [
    `CREATE TRIGGER sync_${s.name}_insert AFTER INSERT ON ${s.table} WHEN ${CAPTURING}${where(s, 'new')}
BEGIN
  ${outboxInsert(s, s.key('new'), allFields(s, 'new'))}
END`,
    `CREATE TRIGGER sync_${s.name}_update AFTER UPDATE ON ${s.table}
WHEN ${CAPTURING}${where(s, 'new')} AND ${s.key('old')} IS ${s.key('new')} AND (${anyChange})
BEGIN
  ${outboxInsert(s, s.key('new'), changedFields(s))}
END`,
    // A row whose key changes (a renamed tag, a link moved to another tag) leaves one entity for another.
    `CREATE TRIGGER sync_${s.name}_rekey AFTER UPDATE ON ${s.table}
WHEN ${CAPTURING} AND ${s.key('old')} IS NOT ${s.key('new')}
BEGIN
  ${s.onDelete ? outboxInsert(s, s.key('old'), deleteFields(s)) : ''}
  ${outboxInsert(s, s.key('new'), allFields(s, 'new'))}
END`,
  ];
  if (s.onDelete) {
    out.push(`CREATE TRIGGER sync_${s.name}_delete AFTER DELETE ON ${s.table} WHEN ${CAPTURING}${where(s, 'old')}
BEGIN
  ${outboxInsert(s, s.key('old'), deleteFields(s))}
END`);
  }
  return out;
}

/**
 * A tag's links, when the tag is deleted or renamed: article_tags rows that
 * go by cascade can no longer name their tag, so the tag says it for them.
 */
const LINKS = [
  { entity: 'article_tag', table: 'article_tags', column: 'article_seq', parent: 'articles', field: 'article' },
  { entity: 'highlight_tag', table: 'highlight_tags', column: 'highlight_seq', parent: 'highlights', field: 'highlight' },
];

function linkOps(tag: 'old' | 'new', seq: string, fields: (p: string) => string): string {
  return LINKS.map(
    (l) => `${TICK_CLOCK_SQL};
  INSERT INTO sync_outbox (hlc, entity, key, data)
    SELECT c.hlc, '${l.entity}', p.id || '/' || lower(${tag}.name), ${fields(`'${l.field}', p.id, `)}
    FROM sync_clock c, ${l.table} l JOIN ${l.parent} p ON p.seq = l.${l.column} WHERE l.tag_seq = ${seq};`,
  ).join('\n  ');
}

const TAG_LINK_TRIGGERS = [
  `CREATE TRIGGER sync_tag_links_delete BEFORE DELETE ON tags WHEN ${CAPTURING}
BEGIN
  ${linkOps('old', 'old.seq', () => `json_object('present', 0)`)}
END`,
  `CREATE TRIGGER sync_tag_links_rename AFTER UPDATE OF name ON tags WHEN ${CAPTURING} AND lower(old.name) IS NOT lower(new.name)
BEGIN
  ${linkOps('old', 'new.seq', () => `json_object('present', 0)`)}
  ${linkOps('new', 'new.seq', (parent) => `json_object(${parent}'tag', new.name, 'present', 1)`)}
END`,
];

/** Every capture trigger's CREATE statement. */
export function captureTriggerSql(): string[] {
  return [...SOURCES.flatMap(triggersOf), ...TAG_LINK_TRIGGERS];
}

/** (Re)creates the capture triggers: called by the migration that adds sync and by any that adds a synced table. */
export function installCaptureTriggers(db: Database): void {
  const names = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'`).pluck().all() as string[];
  for (const name of names) db.exec(`DROP TRIGGER ${name}`);
  for (const sql of captureTriggerSql()) db.exec(sql);
}

/**
 * The whole library as operations in the outbox, stamped now: the first
 * publish of a library (one that existed before sync, or never synced).
 * Call in a transaction.
 */
export function emitWholeLibrary(db: Database): number {
  return emitSources(db, SOURCES);
}

/** The rows of these sources as operations in the outbox, stamped now (a migration that syncs more). Call in a transaction. */
export function emitSources(db: Database, sources: readonly SyncSource[]): number {
  let n = 0;
  for (const s of sources) {
    db.exec(TICK_CLOCK_SQL);
    n += db
      .prepare(
        `INSERT INTO sync_outbox (hlc, entity, key, data)
         SELECT c.hlc, ${quote(s.entity)}, k, d FROM sync_clock c,
           (SELECT ${s.key('r')} AS k, ${allFields(s, 'r')} AS d FROM ${s.table} r WHERE 1${where(s, 'r')}) WHERE k IS NOT NULL`,
      )
      .run().changes;
  }
  return n;
}
