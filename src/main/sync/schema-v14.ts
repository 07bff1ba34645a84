/**
 * Migration 14's change to the sync tables: the merged state moves from one
 * row per entity field (sync_fields, ~15 rows a highlight) to one row per
 * entity (sync_entities: the fields' values and stamps as one JSON object,
 * and the parent it is found by), so applying reads and writes an entity
 * once. The merged state carries over as it is. Also: how many operations
 * this device merged since its last snapshot (snapshot.ts), and the capture
 * triggers made again from the current entity list.
 */
import type { Database } from 'better-sqlite3';
import { installCaptureTriggers } from './capture';
import { PARENT_FIELD } from './entities';

export function packSyncState(db: Database): void {
  const parents = Object.entries(PARENT_FIELD)
    .map(([entity, field]) => `WHEN entity = '${entity}' AND field = '${field}' THEN value`)
    .join(' ');
  db.exec(`
    -- The merged state: per entity, {"field": [hlc, device, value], ...} (a multi-value
    -- field's value is {"heads": [...], "gone": [...]} as JSON); parent: the article or
    -- highlight it belongs to (what arrives later finds what waited for it).
    CREATE TABLE sync_entities (
      entity TEXT NOT NULL,
      key    TEXT NOT NULL,
      parent TEXT,
      fields TEXT NOT NULL,
      PRIMARY KEY (entity, key)
    ) STRICT;
    CREATE INDEX sync_entities_by_parent ON sync_entities (parent, entity) WHERE parent IS NOT NULL;
    INSERT INTO sync_entities (entity, key, parent, fields)
      SELECT entity, key, max(CASE ${parents} END), json_group_object(field, json_array(hlc, device, value))
      FROM sync_fields GROUP BY entity, key;
    DROP TABLE sync_fields;
    -- Operations merged since this device last wrote a snapshot of the merged state.
    ALTER TABLE sync_state ADD COLUMN snapshot_ops INTEGER NOT NULL DEFAULT 0;
  `);
  installCaptureTriggers(db);
}
