/**
 * The JSON format carries every column of the real schema (read with
 * PRAGMA table_info after all migrations), except the ones listed below
 * with the reason they are left out. Migration 5 once added two columns that
 * backups silently dropped: a new table or column now fails here until the
 * fixture fills it and export + import carry it (or it is listed below).
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { exportLibraryJson } from '../../src/main/backup/json-export';
import { importLibraryJson } from '../../src/main/backup/json-import';
import { buildLibrary, closeAll, EXPORTED_AT, openLibrary } from './fixtures';
import { makeEpub } from '../epub/make-epub';

/** Tables the file does not hold at all, and why. */
const TABLES_NOT_EXPORTED: Record<string, string> = {
  settings: 'preferences of this installation (export template, …), not library content; the SQLite backups keep them',
  articles_fts: 'search index: written from articles and bodies on import',
  annotations_fts: 'search index: kept by triggers from highlights and notes',
  annotations_index_deferred: 'search index: set only inside a bulk write that defers annotations_fts to its end (search/annotation-index.ts); empty otherwise',
  annotations_stale: 'search index: what such a bulk write touched, indexed and emptied at its end',
  article_passages: 'search index: the passages of long texts, written from bodies on import (search/search-index.ts)',
  passages_fts: 'search index: the passages of long texts, written from bodies on import',
  review_day_cards: "today's review set: chosen again from the cards and answers after a restore",
  page_save_failures: 'why this device last failed to save the page a highlights-only entry waits for: said again by the next try',
  // Sync state is per device (its id, clock, read offsets in the folder): a restored library is a new device, published whole at its first sync; into a syncing library, what the restore writes is captured and published like any edit.
  sync_clock: 'sync state of this device (its hybrid clock)',
  sync_entities: "sync state of this device (the merged state of the folder's logs), rebuilt from the logs and its own publishing",
  sync_files: 'sync state of this device (how far it read each log of the folder)',
  sync_outbox: 'sync state of this device (changes not yet published)',
  sync_pending: 'sync state of this device (what waits for a blob)',
  sync_state: 'sync state of this device (its device and library ids)',
};

/** Columns of exported tables the file does not hold, and why. */
const COLUMNS_NOT_EXPORTED: Record<string, string> = {
  'articles.seq': 'internal row number: the file names articles by id',
  'tags.seq': 'internal row number: the file names tags by name',
  'highlights.seq': 'internal row number: the file names highlights by id',
  'review_log.seq': 'internal row number: answers are named by highlight and time',
  'review_log.previous': 'the card before an answer, for Undo while the app is open',
};

/** Columns that refer to another table's row number: compared as the public name of that row. */
const REFERENCES: Record<string, 'article' | 'tag' | 'highlight'> = { article_seq: 'article', tag_seq: 'tag', highlight_seq: 'highlight' };

/** FTS5 keeps its index in shadow tables named after the virtual table. */
const FTS_SHADOW = /_(data|idx|content|docsize|config)$/;

function tables(db: Database): string[] {
  return (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
      name: string;
    }[]
  )
    .map((t) => t.name)
    .filter((name) => !Object.keys(TABLES_NOT_EXPORTED).some((fts) => FTS_SHADOW.test(name) && name.startsWith(`${fts}_`)));
}

interface Column {
  name: string;
  dflt_value: string | null;
}

function columns(db: Database, table: string): Column[] {
  return db.prepare(`SELECT name, dflt_value FROM pragma_table_info(?)`).all(table) as Column[];
}

function exportedTables(db: Database): string[] {
  return tables(db).filter((t) => !(t in TABLES_NOT_EXPORTED));
}

function exportedColumns(db: Database, table: string): Column[] {
  return columns(db, table).filter((c) => !(`${table}.${c.name}` in COLUMNS_NOT_EXPORTED));
}

/** Every row of `table`, exported columns only, references as public names, in a stable order. */
function rowsOf(db: Database, table: string): string[] {
  const articleIds = new Map((db.prepare(`SELECT seq, id FROM articles`).all() as { seq: number; id: string }[]).map((r) => [r.seq, r.id]));
  const tagNames = new Map((db.prepare(`SELECT seq, name FROM tags`).all() as { seq: number; name: string }[]).map((r) => [r.seq, r.name]));
  const highlightIds = new Map((db.prepare(`SELECT seq, id FROM highlights`).all() as { seq: number; id: string }[]).map((r) => [r.seq, r.id]));
  const cols = exportedColumns(db, table).map((c) => c.name);
  const rows = db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).all() as Record<string, unknown>[];
  return rows
    .map((row) =>
      JSON.stringify(
        cols.map((c) => {
          const v = row[c];
          if (REFERENCES[c] === 'article') return articleIds.get(v as number);
          if (REFERENCES[c] === 'tag') return tagNames.get(v as number);
          if (REFERENCES[c] === 'highlight') return highlightIds.get(v as number);
          return Buffer.isBuffer(v) ? v.toString('base64') : v;
        }),
      ),
    )
    .sort();
}

/** The fixture library, with the columns the realistic build leaves at their defaults filled in. */
function fullLibrary(): Database {
  const built = buildLibrary();
  const { db } = built.lib;
  const hash = (db.prepare(`SELECT hash FROM assets`).get() as { hash: string }).hash;
  db.prepare(`UPDATE articles SET canonical_url = 'https://example.com/canonical', lead_image = ?, archived = 1 WHERE id = ?`).run(
    hash,
    built.webIds[0],
  );
  // A PDF article's file and pages, as the (asynchronous) PDF import writes them (src/main/pdf/store.ts).
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const pdfHash = createHash('sha256').update(pdf).digest('hex');
  db.prepare(`INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, 'application/pdf', ?, ?, '2024-03-01T10:00:00.000Z')`).run(
    pdfHash,
    pdf.length,
    pdf,
  );
  db.prepare(`UPDATE articles SET format = 'pdf' WHERE id = ?`).run(built.mdId);
  const info = { subject: 'S', keywords: ['k'], creator: 'C', producer: 'P', createdAt: '2024-01-01', modifiedAt: '2024-01-02', outline: [{ title: 'One', page: 1, items: [] }] };
  db.prepare(
    `INSERT INTO article_documents (article_seq, document_hash, page_count, page_starts, has_text, info)
     VALUES ((SELECT seq FROM articles WHERE id = ?), ?, 2, '[0,5]', 1, ?)`,
  ).run(built.mdId, pdfHash, JSON.stringify(info));
  // A book's file, chapters and metadata, as the EPUB import writes them (src/main/epub/store.ts).
  const epub = Buffer.from(makeEpub({ chapters: [{ title: 'One', body: '<p>One.</p>' }] }));
  const epubHash = createHash('sha256').update(epub).digest('hex');
  db.prepare(`INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, 'application/epub+zip', ?, ?, '2024-03-02T10:00:00.000Z')`).run(
    epubHash,
    epub.length,
    epub,
  );
  const bookId = built.webIds[1]!;
  db.prepare(`UPDATE articles SET format = 'epub' WHERE id = ?`).run(bookId);
  const bookInfo = {
    creators: [{ name: 'Ann Author', role: 'aut', fileAs: 'Author, Ann' }],
    publisher: 'P',
    date: '2001-02-03',
    identifiers: [{ scheme: 'ISBN', value: '9780306406157' }],
    isbn: '9780306406157',
    description: 'D',
    subjects: ['S'],
    series: { name: 'Series', position: 2 },
    direction: 'ltr',
    cover: null,
    toc: [{ title: 'One', target: '#c1', items: [] }],
  };
  db.prepare(
    `INSERT INTO article_books (article_seq, document_hash, chapters, info) VALUES ((SELECT seq FROM articles WHERE id = ?), ?, ?, ?)`,
  ).run(bookId, epubHash, JSON.stringify([{ id: 'c1', title: 'One', start: 0, writingMode: 'vertical-rl' }]), JSON.stringify(bookInfo));
  // Tags on highlights (migration 10): one shared with an article, one of their own, on a deleted highlight too.
  const tagHighlight = db.prepare(`INSERT INTO highlight_tags (highlight_seq, tag_seq) SELECT h.seq, t.seq FROM highlights h, tags t WHERE h.id = ? AND t.name = ?`);
  db.prepare(`INSERT INTO tags (name, created_at) VALUES ('on highlights', '2024-03-05T09:00:00.000Z')`).run();
  const someTag = db.prepare(`SELECT name FROM tags ORDER BY seq LIMIT 1`).pluck().get() as string;
  for (const id of db.prepare(`SELECT id FROM highlights ORDER BY id`).pluck().all() as string[]) {
    tagHighlight.run(id, 'on highlights');
    tagHighlight.run(id, someTag);
  }
  // The daily review's cards and answers (src/main/review), one card retired.
  const [kept, retired] = db.prepare(`SELECT id FROM highlights WHERE deleted_at IS NULL ORDER BY id LIMIT 2`).pluck().all() as [string, string];
  const card = db.prepare(`INSERT INTO review_cards (highlight_id, state, due, stability, difficulty, scheduled_days, learning_steps,
    reps, lapses, last_review, retired_at, updated_at) VALUES (?, 2, '2024-03-10T09:00:00.000Z', 3.5, 5.25, 7, 1, 3, 1,
    '2024-03-03T09:00:00.000Z', ?, '2024-03-03T09:00:00.000Z')`);
  card.run(kept, null);
  card.run(retired, '2024-03-04T09:00:00.000Z');
  const answer = db.prepare(`INSERT INTO review_log (highlight_id, answer, reviewed_at, day) VALUES (?, ?, ?, ?)`);
  answer.run(kept, 'keep', '2024-03-03T09:00:00.000Z', '2024-03-03');
  answer.run(retired, 'retire', '2024-03-04T09:00:00.000Z', '2024-03-04');
  return db;
}

afterEach(closeAll);

describe('the JSON format covers the schema', () => {
  it('lists every table as exported or not exported (with a reason), and nothing that is gone', () => {
    const db = openLibrary().db;
    const all = tables(db);
    for (const t of Object.keys(TABLES_NOT_EXPORTED)) expect(all, `${t} is listed but not in the schema`).toContain(t);
    for (const c of Object.keys(COLUMNS_NOT_EXPORTED)) {
      const [table, column] = c.split('.') as [string, string];
      expect(columns(db, table).map((col) => col.name), `${c} is listed but not in the schema`).toContain(column);
    }
    expect(exportedTables(db)).toEqual([
      'article_assets',
      'article_bodies',
      'article_books',
      'article_documents',
      'article_notes',
      'article_tags',
      'article_versions',
      'articles',
      'assets',
      'documents',
      'highlight_tags',
      'highlights',
      'review_cards',
      'review_log',
      'tags',
      'tombstones',
    ]);
  });

  it('has a fixture with a value other than the default in every exported column', () => {
    const db = fullLibrary();
    const empty: string[] = [];
    for (const table of exportedTables(db)) {
      for (const c of exportedColumns(db, table)) {
        const differs = c.dflt_value === null ? `"${c.name}" IS NOT NULL` : `"${c.name}" IS NOT NULL AND "${c.name}" IS NOT (${c.dflt_value})`;
        const n = (db.prepare(`SELECT count(*) AS n FROM "${table}" WHERE ${differs}`).get() as { n: number }).n;
        if (n === 0) empty.push(`${table}.${c.name}`);
      }
    }
    // A column here is one the round trip below cannot check: fill it in fullLibrary().
    expect(empty).toEqual([]);
  });

  it('carries every exported column through export and import into an empty library', () => {
    const source = fullLibrary();
    const file = exportLibraryJson(source, { now: EXPORTED_AT });
    const target = openLibrary().db;
    const report = importLibraryJson(target, file);
    expect(report.issues).toEqual([]);
    for (const table of exportedTables(source)) {
      expect(rowsOf(target, table), table).toEqual(rowsOf(source, table));
    }
  });
});
