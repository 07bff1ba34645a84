/**
 * Numbered schema migrations. PRAGMA user_version holds the number of the
 * last one applied; all pending ones run in one transaction, so a crash
 * mid-way leaves the library as it was. A library written by a newer Gloss
 * is refused rather than guessed at.
 */
import type { Database } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import { PASSAGE_INDEX_MIN_CHARS } from '../search/passages';
import { createAnnotationIndexTriggers } from '../search/annotation-index';
import { indexPassages } from '../search/search-index';
import { createSyncSchema } from '../sync/schema';
import { packSyncState } from '../sync/schema-v14';
import { syncArticleFiles } from '../sync/schema-v17';
import { createReviewTables } from '../review/schema';
import { createAuthorSort } from './author-sort';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, bodies, versions, highlights, notes, tags, assets, search',
    up: (db) => {
      db.exec(`
        CREATE TABLE articles (
          seq           INTEGER PRIMARY KEY,
          id            TEXT NOT NULL UNIQUE,
          format        TEXT NOT NULL CHECK (format IN ('text', 'markdown', 'html')),
          title         TEXT NOT NULL,
          author        TEXT,
          site_name     TEXT,
          source_url    TEXT,
          source_name   TEXT,
          published_at  TEXT,
          language      TEXT,
          excerpt       TEXT,
          word_count    INTEGER NOT NULL DEFAULT 0 CHECK (word_count >= 0),
          added_at      TEXT NOT NULL,
          updated_at    TEXT NOT NULL,
          version       INTEGER NOT NULL DEFAULT 1,
          read_progress REAL NOT NULL DEFAULT 0,
          read_position TEXT,
          read_state    TEXT NOT NULL DEFAULT 'unread'
                        CHECK (read_state IN ('unread', 'reading', 'finished')),
          archived      INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
          favorite      INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0, 1))
        ) STRICT;
        CREATE INDEX articles_by_added ON articles (added_at DESC, seq DESC);
        CREATE INDEX articles_by_source_url ON articles (source_url) WHERE source_url IS NOT NULL;

        -- The current text, apart from the list row so listing stays light.
        CREATE TABLE article_bodies (
          article_seq  INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
          html         TEXT NOT NULL,
          text         TEXT NOT NULL,
          content_hash TEXT NOT NULL
        ) STRICT;

        -- Earlier texts, kept when an article is updated from a new version.
        CREATE TABLE article_versions (
          article_seq  INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
          version      INTEGER NOT NULL,
          html         TEXT NOT NULL,
          text         TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          replaced_at  TEXT NOT NULL,
          PRIMARY KEY (article_seq, version)
        ) STRICT;

        -- W3C Web Annotation selectors over the canonical text:
        -- TextQuote (quote, prefix, suffix) and TextPosition (start, end).
        CREATE TABLE highlights (
          id           TEXT PRIMARY KEY,
          article_seq  INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
          color        TEXT NOT NULL,
          quote        TEXT NOT NULL,
          prefix       TEXT NOT NULL DEFAULT '',
          suffix       TEXT NOT NULL DEFAULT '',
          start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
          end_offset   INTEGER NOT NULL CHECK (end_offset >= start_offset),
          note         TEXT NOT NULL DEFAULT '',
          orphaned     INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
          created_at   TEXT NOT NULL,
          updated_at   TEXT NOT NULL,
          deleted_at   TEXT
        ) STRICT;
        CREATE INDEX highlights_by_article ON highlights (article_seq, start_offset);

        CREATE TABLE article_notes (
          article_seq INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
          note        TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        ) STRICT;

        CREATE TABLE tags (
          seq        INTEGER PRIMARY KEY,
          name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE article_tags (
          article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
          tag_seq     INTEGER NOT NULL REFERENCES tags (seq) ON DELETE CASCADE,
          PRIMARY KEY (article_seq, tag_seq)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX article_tags_by_tag ON article_tags (tag_seq, article_seq);

        -- Images and other files, stored once by content hash.
        CREATE TABLE assets (
          hash       TEXT PRIMARY KEY,
          mime       TEXT NOT NULL,
          size       INTEGER NOT NULL,
          bytes      BLOB NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE article_assets (
          article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
          asset_hash  TEXT NOT NULL REFERENCES assets (hash),
          source_url  TEXT,
          PRIMARY KEY (article_seq, asset_hash)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX article_assets_by_asset ON article_assets (asset_hash);

        -- Deletions remembered, so merges and re-imports do not bring things back.
        CREATE TABLE tombstones (
          entity     TEXT NOT NULL CHECK (entity IN ('article', 'highlight', 'tag')),
          id         TEXT NOT NULL,
          deleted_at TEXT NOT NULL,
          PRIMARY KEY (entity, id)
        ) STRICT, WITHOUT ROWID;

        -- Full-text search; rowid = articles.seq, kept in sync by the store.
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
          title, author, text,
          tokenize = 'unicode61 remove_diacritics 2',
          prefix = '2 3'
        );
      `);
    },
  },
  {
    version: 2,
    name: 'highlight anchor status, anchoring reports, duplicate lookup by source',
    up: (db) => {
      db.exec(`
        -- How a highlight sits on the current text. 'orphaned' mirrors the
        -- v1 column highlights.orphaned, which the store keeps in step
        -- (orphaned = 1 exactly when anchor = 'orphaned').
        ALTER TABLE highlights ADD COLUMN anchor TEXT NOT NULL DEFAULT 'exact'
          CHECK (anchor IN ('exact', 'moved', 'orphaned'));
        UPDATE highlights SET anchor = 'orphaned' WHERE orphaned = 1;

        -- JSON of the AnchoringReport of the last text replacement.
        ALTER TABLE articles ADD COLUMN anchor_report TEXT;

        -- Finding an earlier import of the same file (same name and title).
        CREATE INDEX articles_by_source_name ON articles (source_name, title)
          WHERE source_name IS NOT NULL;

        -- Listing the live highlights of an article in document order.
        CREATE INDEX highlights_live_by_article ON highlights (article_seq, start_offset, end_offset)
          WHERE deleted_at IS NULL;
      `);
    },
  },
  {
    version: 3,
    name: 'settings',
    up: (db) => {
      db.exec(`
        -- User settings (export template, ...): one JSON value per key.
        CREATE TABLE settings (
          key        TEXT PRIMARY KEY,
          value      TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 4,
    name: 'search over highlights and notes, library paging indexes',
    up: (db) => {
      db.exec(`
        -- Highlights get a stable integer key (an implicit rowid may change
        -- on VACUUM), so the search index can refer to them.
        CREATE TABLE highlights_v4 (
          seq          INTEGER PRIMARY KEY,
          id           TEXT NOT NULL UNIQUE,
          article_seq  INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
          color        TEXT NOT NULL,
          quote        TEXT NOT NULL,
          prefix       TEXT NOT NULL DEFAULT '',
          suffix       TEXT NOT NULL DEFAULT '',
          start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
          end_offset   INTEGER NOT NULL CHECK (end_offset >= start_offset),
          note         TEXT NOT NULL DEFAULT '',
          orphaned     INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
          created_at   TEXT NOT NULL,
          updated_at   TEXT NOT NULL,
          deleted_at   TEXT,
          anchor       TEXT NOT NULL DEFAULT 'exact' CHECK (anchor IN ('exact', 'moved', 'orphaned'))
        ) STRICT;
        INSERT INTO highlights_v4 (id, article_seq, color, quote, prefix, suffix, start_offset, end_offset,
            note, orphaned, created_at, updated_at, deleted_at, anchor)
          SELECT id, article_seq, color, quote, prefix, suffix, start_offset, end_offset,
            note, orphaned, created_at, updated_at, deleted_at, anchor
          FROM highlights ORDER BY created_at, id;
        DROP TABLE highlights;
        ALTER TABLE highlights_v4 RENAME TO highlights;
        CREATE INDEX highlights_by_article ON highlights (article_seq, start_offset);
        CREATE INDEX highlights_live_by_article ON highlights (article_seq, start_offset, end_offset)
          WHERE deleted_at IS NULL;

        -- Full-text search over live highlights (rowid = highlights.seq) and
        -- article notes (rowid = 2^40 + articles.seq; FTS5 rowid lookups go
        -- wrong with negative rowids). Kept in sync by triggers, so every
        -- writer (stores, JSON import, cascading deletes) keeps it right.
        CREATE VIRTUAL TABLE annotations_fts USING fts5 (
          quote, note,
          tokenize = 'unicode61 remove_diacritics 2',
          prefix = '2 3'
        );
        INSERT INTO annotations_fts (rowid, quote, note)
          SELECT seq, quote, note FROM highlights WHERE deleted_at IS NULL;
        INSERT INTO annotations_fts (rowid, quote, note)
          SELECT 1099511627776 + article_seq, '', note FROM article_notes WHERE note <> '';

        CREATE TRIGGER highlights_fts_insert AFTER INSERT ON highlights WHEN new.deleted_at IS NULL
        BEGIN
          INSERT INTO annotations_fts (rowid, quote, note) VALUES (new.seq, new.quote, new.note);
        END;
        CREATE TRIGGER highlights_fts_update AFTER UPDATE ON highlights
        WHEN old.quote IS NOT new.quote OR old.note IS NOT new.note
          OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) OR old.seq <> new.seq
        BEGIN
          DELETE FROM annotations_fts WHERE rowid = old.seq;
          INSERT INTO annotations_fts (rowid, quote, note)
            SELECT new.seq, new.quote, new.note WHERE new.deleted_at IS NULL;
        END;
        CREATE TRIGGER highlights_fts_delete AFTER DELETE ON highlights
        BEGIN
          DELETE FROM annotations_fts WHERE rowid = old.seq;
        END;
        CREATE TRIGGER article_notes_fts_insert AFTER INSERT ON article_notes WHEN new.note <> ''
        BEGIN
          INSERT INTO annotations_fts (rowid, quote, note) VALUES (1099511627776 + new.article_seq, '', new.note);
        END;
        CREATE TRIGGER article_notes_fts_update AFTER UPDATE ON article_notes
        WHEN old.note IS NOT new.note OR old.article_seq <> new.article_seq
        BEGIN
          DELETE FROM annotations_fts WHERE rowid = 1099511627776 + old.article_seq;
          INSERT INTO annotations_fts (rowid, quote, note)
            SELECT 1099511627776 + new.article_seq, '', new.note WHERE new.note <> '';
        END;
        CREATE TRIGGER article_notes_fts_delete AFTER DELETE ON article_notes
        BEGIN
          DELETE FROM annotations_fts WHERE rowid = 1099511627776 + old.article_seq;
        END;

        -- Library paging: one index per sort order (ascending or descending
        -- alike), and the common filters with the default sort.
        CREATE INDEX articles_by_published ON articles (published_at, seq);
        CREATE INDEX articles_by_title ON articles (title COLLATE NOCASE, seq);
        CREATE INDEX articles_by_progress ON articles (read_progress, seq);
        CREATE INDEX articles_by_state ON articles (read_state, added_at, seq);
        CREATE INDEX articles_by_archived ON articles (archived, added_at, seq);
        CREATE INDEX articles_favorites ON articles (added_at, seq) WHERE favorite = 1;
      `);
    },
  },
  {
    version: 5,
    name: 'canonical URL and lead image of saved web pages',
    up: (db) => {
      db.exec(`
        ALTER TABLE articles ADD COLUMN canonical_url TEXT;
        -- An asset hash (the image is stored in assets with the page's images).
        ALTER TABLE articles ADD COLUMN lead_image TEXT;
      `);
    },
  },
  {
    version: 6,
    name: 'PDF articles: the files, their pages and metadata',
    up: (db) => {
      allowPdfFormat(db);
      db.exec(`
        -- Document files (PDFs), stored once by SHA-256 of their bytes.
        CREATE TABLE documents (
          hash       TEXT PRIMARY KEY CHECK (length(hash) = 64),
          mime       TEXT NOT NULL,
          size       INTEGER NOT NULL CHECK (size >= 0),
          bytes      BLOB NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        -- The file of a PDF article, with what its text alone does not say.
        CREATE TABLE article_documents (
          article_seq   INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
          document_hash TEXT NOT NULL REFERENCES documents (hash),
          page_count    INTEGER NOT NULL CHECK (page_count >= 0),
          -- JSON array: the canonical-text offset each page starts at.
          page_starts   TEXT NOT NULL,
          has_text      INTEGER NOT NULL CHECK (has_text IN (0, 1)),
          -- JSON: subject, keywords, creator, producer, dates, outline.
          info          TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX article_documents_by_document ON article_documents (document_hash);
      `);
    },
  },
  {
    version: 7,
    name: 'EPUB articles: the files, their metadata, contents and chapters',
    up: (db) => {
      widenFormatCheck(db, "'text', 'markdown', 'html', 'pdf'", "'text', 'markdown', 'html', 'pdf', 'epub'");
      db.exec(`
        -- The EPUB file of a book article (kept in documents like a PDF), with
        -- what the article's text alone does not say.
        CREATE TABLE article_books (
          article_seq   INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
          document_hash TEXT NOT NULL REFERENCES documents (hash),
          -- JSON array: per spine item {id, title, start (canonical-text offset), writingMode}.
          chapters      TEXT NOT NULL DEFAULT '[]',
          -- JSON: creators, publisher, date, identifiers, isbn, description,
          -- subjects, series, direction, cover, toc.
          info          TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX article_books_by_document ON article_books (document_hash);
      `);
    },
  },
  {
    version: 8,
    name: 'Sources without text: articles take format highlights',
    up: (db) => {
      // A Kindle or Readwise book whose text Gloss does not hold (src/main/migrate):
      // an ordinary article whose body is its quotes, so nothing else changes.
      widenFormatCheck(db, "'text', 'markdown', 'html', 'pdf', 'epub'", "'text', 'markdown', 'html', 'pdf', 'epub', 'highlights'");
    },
  },
  {
    version: 9,
    name: 'search by passage in long texts (books, long PDFs)',
    up: (db) => {
      db.exec(`
        -- The passages of a long text (src/main/search/passages.ts): where
        -- each starts and ends in the canonical text; seq = passages_fts rowid.
        CREATE TABLE article_passages (
          seq          INTEGER PRIMARY KEY,
          article_seq  INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
          start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
          end_offset   INTEGER NOT NULL CHECK (end_offset > start_offset)
        ) STRICT;
        CREATE INDEX article_passages_by_article ON article_passages (article_seq, start_offset);

        -- The passage's text is kept (not contentless): a search result reads
        -- its few KB for the snippet instead of the whole book's body. No
        -- prefix index: passages are only looked up within one book's range
        -- (search.ts), where a prefix term scan is cheap, and it would
        -- double the cost of importing a book.
        CREATE VIRTUAL TABLE passages_fts USING fts5 (
          text,
          tokenize = 'unicode61 remove_diacritics 2'
        );
        -- A passage leaves the index with its row, also when its article's
        -- deletion cascades; rows are added by src/main/search/search-index.ts.
        CREATE TRIGGER article_passages_fts_delete AFTER DELETE ON article_passages
        BEGIN
          DELETE FROM passages_fts WHERE rowid = old.seq;
        END;
      `);
      // The long texts already in the library (books, long PDFs), as an import now indexes them.
      // (length() counts characters, which a JS length, in UTF-16 units, is at least.)
      const seqs = db.prepare(`SELECT article_seq FROM article_bodies WHERE length(text) >= ?`).pluck().all(PASSAGE_INDEX_MIN_CHARS / 2) as number[];
      const textOf = db.prepare(`SELECT text FROM article_bodies WHERE article_seq = ?`).pluck();
      for (const seq of seqs) indexPassages(db, seq, textOf.get(seq) as string);
    },
  },
  {
    version: 10,
    name: 'highlight tags',
    up: (db) => {
      db.exec(`
        -- Tags on highlights share the tags table with articles: one
        -- vocabulary (completion, rename, merge, delete act on both).
        CREATE TABLE highlight_tags (
          highlight_seq INTEGER NOT NULL REFERENCES highlights (seq) ON DELETE CASCADE,
          tag_seq       INTEGER NOT NULL REFERENCES tags (seq) ON DELETE CASCADE,
          PRIMARY KEY (highlight_seq, tag_seq)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX highlight_tags_by_tag ON highlight_tags (tag_seq, highlight_seq);
      `);
    },
  },
  {
    version: 11,
    name: 'daily review: cards, log and the day\'s set',
    up: (db) => {
      createReviewTables(db);
    },
  },
  {
    version: 12,
    name: 'sync: clock, outbox, merged state and capture triggers',
    up: (db) => {
      // src/main/sync/schema.ts; existing data is published whole at the first sync.
      createSyncSchema(db);
    },
  },
  {
    version: 13,
    name: 'Highlights view: live highlights by date',
    up: (db) => {
      // Newest (or oldest) first across the library is a walk of this index, a deep page too
      // (src/main/highlights/query.ts): 100,000 highlights are not sorted for each page.
      db.exec(`CREATE INDEX highlights_live_by_created ON highlights (created_at, seq) WHERE deleted_at IS NULL;`);
    },
  },
  {
    version: 14,
    name: 'sync: one merged-state row per entity, snapshots',
    up: (db) => {
      // src/main/sync/schema-v14.ts: the merged state carries over, packed.
      packSyncState(db);
    },
  },
  {
    version: 15,
    name: 'why a waiting page could not be saved',
    up: (db) => {
      db.exec(`
        -- The last failed save of the page a highlights-only entry waits for
        -- (Pocket, Instapaper, Hypothesis; src/main/migrate/waiting.ts), shown
        -- on the entry with Try again. Gone with the entry when its page is saved.
        CREATE TABLE page_save_failures (
          article_seq INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
          reason      TEXT NOT NULL,
          failed_at   TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 16,
    name: 'search: a bulk writer can defer the highlight and note index to its end',
    up: (db) => {
      // src/main/search/annotation-index.ts: the six triggers of migration 4, deferrable.
      createAnnotationIndexTriggers(db);
    },
  },
  {
    version: 17,
    name: 'sync: articles\' files and earlier versions',
    up: (db) => {
      // src/main/sync/schema-v17.ts: capture triggers on the file and version tables; a syncing library publishes what they hold.
      syncArticleFiles(db);
    },
  },
  {
    version: 18,
    name: 'library: sort by author (a book by its creator\'s file-as)',
    up: (db) => {
      // src/main/db/author-sort.ts: a derived column kept by triggers, indexed, filled for existing rows.
      createAuthorSort(db);
    },
  },
  {
    version: 19,
    name: 'sync: the merged state stored compactly (one shared stamp per entity)',
    up: () => {
      // Nothing to convert: src/main/sync/merge.ts reads both forms and writes the compact one from now on. The
      // version is what matters: a Gloss before this one would misread a compact row, so it refuses the library.
    },
  },
];

/**
 * articles.format's CHECK gains 'pdf'. SQLite cannot alter a CHECK, and
 * rebuilding articles would cascade-delete every row that refers to it
 * (foreign keys cannot be switched off inside the migration's
 * transaction), so the constraint's text is edited in place: the
 * procedure SQLite documents for changing a CHECK (writable_schema, then
 * a new schema_version), safe because no stored row changes meaning.
 * better-sqlite3's defensive mode forbids it, so that is lifted for these
 * few statements only.
 */
function allowPdfFormat(db: Database): void {
  widenFormatCheck(db, "'text', 'markdown', 'html'", "'text', 'markdown', 'html', 'pdf'");
}

/** Edits articles.format's CHECK in place, from one list of formats to a longer one (see allowPdfFormat). */
function widenFormatCheck(db: Database, formats: string, widened: string): void {
  const from = `CHECK (format IN (${formats}))`;
  const to = `CHECK (format IN (${widened}))`;
  const version = db.pragma('schema_version', { simple: true }) as number;
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    const changed = db
      .prepare(`UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'articles' AND instr(sql, ?) > 0`)
      .run(from, to, from).changes;
    if (changed !== 1) throw new Error(`articles.format constraint not found: cannot widen it to ${widened}`);
    db.pragma(`schema_version = ${version + 1}`);
  } finally {
    db.pragma('writable_schema = OFF');
    db.unsafeMode(false);
  }
}

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Called once before pending migrations run on a library that already has
 * a schema (never on a brand-new empty one), outside any transaction: the
 * place to back the library up. Throwing stops the upgrade.
 */
export type BeforeMigrate = (db: Database, from: number, to: number) => void;

/** Brings `db` up to LATEST_VERSION; returns the versions applied. */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  beforeMigrate?: BeforeMigrate,
): number[] {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new GlossError(
      'library_too_new',
      `This library was written by a newer version of Gloss (schema ${current}; this version knows up to ${latest}). Update Gloss to open it.`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  if (current > 0) beforeMigrate?.(db, current, latest);
  return db.transaction(() => {
    // Read again under the write lock: another process opening the same
    // library (the app and the CLI at once) may have migrated it meanwhile.
    const now = schemaVersion(db);
    const todo = migrations.filter((m) => m.version > now);
    for (const m of todo) {
      m.up(db);
      // user_version lives in the database header and is part of the transaction.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    }
    return todo.map((m) => m.version);
  }).immediate();
}
