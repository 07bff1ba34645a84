/**
 * The search index of highlights and article notes (annotations_fts, rowid =
 * highlights.seq or NOTE_ROWID_BASE + articles.seq) is kept by triggers
 * (migration 4; this form since migration 16), so every writer keeps it right.
 *
 * A bulk writer (a sync apply of 100,000 operations) defers them: row by
 * row, FTS5 flushes its pending terms at every statement's savepoint (any
 * statement with a trigger or an upsert opens one), so each highlight became
 * a tiny index segment to merge, most of a highlight write's cost. Deferred,
 * the triggers only note which rowids went stale (annotations_stale), and
 * the end of the writer's transaction indexes them in a few statements.
 */
import type { Database } from 'better-sqlite3';
import { NOTE_ROWID_BASE } from './search';

const DEFERRED = `EXISTS (SELECT 1 FROM annotations_index_deferred)`;
const NOTE_ROWID = (r: string): string => `${NOTE_ROWID_BASE} + ${r}.article_seq`;

/** The index's current triggers (migration 16): as migration 4's, except while a bulk writer defers them. */
export function createAnnotationIndexTriggers(db: Database): void {
  db.exec(`
    -- A row means a bulk writer defers the annotation index to its end (annotation-index.ts).
    CREATE TABLE annotations_index_deferred (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;
    -- annotations_fts rowids written while deferred: indexed again at the writer's end.
    CREATE TABLE annotations_stale (id INTEGER PRIMARY KEY) STRICT;

    DROP TRIGGER highlights_fts_insert;
    DROP TRIGGER highlights_fts_update;
    DROP TRIGGER highlights_fts_delete;
    DROP TRIGGER article_notes_fts_insert;
    DROP TRIGGER article_notes_fts_update;
    DROP TRIGGER article_notes_fts_delete;

    CREATE TRIGGER highlights_fts_insert AFTER INSERT ON highlights WHEN new.deleted_at IS NULL
    BEGIN
      INSERT INTO annotations_fts (rowid, quote, note) SELECT new.seq, new.quote, new.note WHERE NOT ${DEFERRED};
      INSERT OR IGNORE INTO annotations_stale (id) SELECT new.seq WHERE ${DEFERRED};
    END;
    CREATE TRIGGER highlights_fts_update AFTER UPDATE ON highlights
    WHEN old.quote IS NOT new.quote OR old.note IS NOT new.note
      OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) OR old.seq <> new.seq
    BEGIN
      DELETE FROM annotations_fts WHERE rowid = old.seq AND NOT ${DEFERRED};
      INSERT INTO annotations_fts (rowid, quote, note)
        SELECT new.seq, new.quote, new.note WHERE new.deleted_at IS NULL AND NOT ${DEFERRED};
      INSERT OR IGNORE INTO annotations_stale (id) SELECT old.seq WHERE ${DEFERRED} UNION SELECT new.seq WHERE ${DEFERRED};
    END;
    CREATE TRIGGER highlights_fts_delete AFTER DELETE ON highlights
    BEGIN
      DELETE FROM annotations_fts WHERE rowid = old.seq AND NOT ${DEFERRED};
      INSERT OR IGNORE INTO annotations_stale (id) SELECT old.seq WHERE ${DEFERRED};
    END;
    CREATE TRIGGER article_notes_fts_insert AFTER INSERT ON article_notes WHEN new.note <> ''
    BEGIN
      INSERT INTO annotations_fts (rowid, quote, note) SELECT ${NOTE_ROWID('new')}, '', new.note WHERE NOT ${DEFERRED};
      INSERT OR IGNORE INTO annotations_stale (id) SELECT ${NOTE_ROWID('new')} WHERE ${DEFERRED};
    END;
    CREATE TRIGGER article_notes_fts_update AFTER UPDATE ON article_notes
    WHEN old.note IS NOT new.note OR old.article_seq <> new.article_seq
    BEGIN
      DELETE FROM annotations_fts WHERE rowid = ${NOTE_ROWID('old')} AND NOT ${DEFERRED};
      INSERT INTO annotations_fts (rowid, quote, note)
        SELECT ${NOTE_ROWID('new')}, '', new.note WHERE new.note <> '' AND NOT ${DEFERRED};
      INSERT OR IGNORE INTO annotations_stale (id)
        SELECT ${NOTE_ROWID('old')} WHERE ${DEFERRED} UNION SELECT ${NOTE_ROWID('new')} WHERE ${DEFERRED};
    END;
    CREATE TRIGGER article_notes_fts_delete AFTER DELETE ON article_notes
    BEGIN
      DELETE FROM annotations_fts WHERE rowid = ${NOTE_ROWID('old')} AND NOT ${DEFERRED};
      INSERT OR IGNORE INTO annotations_stale (id) SELECT ${NOTE_ROWID('old')} WHERE ${DEFERRED};
    END;
  `);
}

/**
 * Runs `write` (inside the caller's transaction) with the annotation index
 * deferred, then indexes what it touched, as the triggers would have: the
 * same rows, in the same transaction. In a savepoint of its own, so a
 * `write` that throws takes the deferral back with its writes.
 */
export function withAnnotationIndexDeferred<T>(db: Database, write: () => T): T {
  if (!db.inTransaction) throw new Error('the annotation index is deferred inside a transaction only');
  // Nested (a bulk writer inside another): the outer one indexes at its end.
  if (db.prepare(`SELECT 1 FROM annotations_index_deferred`).get()) return write();
  return db.transaction(() => {
    db.prepare(`INSERT INTO annotations_index_deferred (id) VALUES (1)`).run();
    const result = write();
    db.exec(`
      DELETE FROM annotations_index_deferred;
      DELETE FROM annotations_fts WHERE rowid IN (SELECT id FROM annotations_stale);
      INSERT INTO annotations_fts (rowid, quote, note)
        SELECT seq, quote, note FROM highlights
        WHERE seq IN (SELECT id FROM annotations_stale WHERE id < ${NOTE_ROWID_BASE}) AND deleted_at IS NULL;
      INSERT INTO annotations_fts (rowid, quote, note)
        SELECT ${NOTE_ROWID('article_notes')}, '', note FROM article_notes
        WHERE article_seq IN (SELECT id - ${NOTE_ROWID_BASE} FROM annotations_stale WHERE id >= ${NOTE_ROWID_BASE}) AND note <> '';
      DELETE FROM annotations_stale;
    `);
    return result;
  })();
}
