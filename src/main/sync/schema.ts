/**
 * Migration 12's tables: the hybrid clock, the outbox the capture triggers
 * fill, the merged state of every synced field (the CRDT: value and winning
 * stamp per entity field), what waits for a blob, and how far each log file
 * of the folder has been read. (Migration 14 packs sync_fields into one
 * row per entity: schema-v14.ts.)
 */
import type { Database } from 'better-sqlite3';
import { newId } from '../db/ids';
import { installCaptureTriggers } from './capture';

export function createSyncSchema(db: Database): void {
  db.exec(`
    -- capture: 1 once the library syncs (0 before, and while remote operations are applied).
    -- device: this library's id in sync folders; library: the synced library's id, from its first sync.
    CREATE TABLE sync_state (
      id      INTEGER PRIMARY KEY CHECK (id = 1),
      capture INTEGER NOT NULL DEFAULT 0 CHECK (capture IN (0, 1)),
      device  TEXT NOT NULL,
      library TEXT
    ) STRICT;
    -- The hybrid logical clock (hlc.ts), advanced by the triggers in SQL.
    CREATE TABLE sync_clock (
      id  INTEGER PRIMARY KEY CHECK (id = 1),
      hlc INTEGER NOT NULL
    ) STRICT;
    INSERT INTO sync_clock (id, hlc) VALUES (1, 0);
    -- Local changes not yet published: data is a JSON object of the fields written.
    CREATE TABLE sync_outbox (
      seq    INTEGER PRIMARY KEY,
      hlc    INTEGER NOT NULL,
      entity TEXT NOT NULL,
      key    TEXT NOT NULL,
      data   TEXT NOT NULL
    ) STRICT;
    -- The merged state: per entity field, the winning value and its stamp
    -- (a multi-value field holds {"heads": [...], "gone": [...]} as JSON).
    CREATE TABLE sync_fields (
      entity TEXT NOT NULL,
      key    TEXT NOT NULL,
      field  TEXT NOT NULL,
      hlc    INTEGER NOT NULL,
      device TEXT NOT NULL,
      value  ANY,
      PRIMARY KEY (entity, key, field)
    ) STRICT, WITHOUT ROWID;
    -- Finding what waits for an article or a highlight when it arrives (its highlights, tag links).
    CREATE INDEX sync_fields_by_article ON sync_fields (value, entity) WHERE field = 'article';
    CREATE INDEX sync_fields_by_highlight ON sync_fields (value, entity) WHERE field = 'highlight';
    -- Entities whose materializing waits (an article whose body blob has not arrived).
    CREATE TABLE sync_pending (
      entity TEXT NOT NULL,
      key    TEXT NOT NULL,
      PRIMARY KEY (entity, key)
    ) STRICT, WITHOUT ROWID;
    -- How many bytes of each log file (relative path in the folder) are settled.
    CREATE TABLE sync_files (
      path   TEXT PRIMARY KEY,
      offset INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
  `);
  db.prepare(`INSERT INTO sync_state (id, capture, device) VALUES (1, 0, ?)`).run(newId());
  installCaptureTriggers(db);
}
