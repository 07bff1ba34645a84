/**
 * Libraries as older Gloss versions left them, for the upgrade tests: the
 * schema of version N (the real migrations 1..N) holding rows written the
 * way that version wrote them. Each version adds the rows only its shape
 * can hold, so a library built at N carries data from every earlier
 * version too, like a library used across several releases.
 *
 * Seeds are raw SQL on purpose: today's stores write today's shape.
 */
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS, migrate, schemaVersion } from '../../src/main/db/migrations';

/** Article ids and their seqs (rowids of articles_fts). */
export const GARDENS = { seq: 1, id: 'gardens000000001' };
export const RIVERS = { seq: 2, id: 'rivers0000000002' };
export const ORCHARD = { seq: 3, id: 'orchard000000003' };
export const BOOK = { seq: 4, id: 'voyage0000000004' };

/** A 1×1 PNG, stored as an asset. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
export const PNG_HASH = createHash('sha256').update(PNG).digest('hex');

/** Words that exist in exactly one place of the seeded library, for search. */
export const WORDS = {
  /** In the text of GARDENS. */
  articleText: 'espalier',
  /** Quote of the live highlight hl-live. */
  liveQuote: 'patience',
  /** Note of the live highlight hl-live. */
  liveNote: 'zanzibar',
  /** Note of the orphaned highlight hl-orphan (still live: orphaned is not deleted). */
  orphanNote: 'quince',
  /** Note of the deleted highlight hl-gone: must never be found. */
  deletedNote: 'marmalade',
  /** The article note of GARDENS. */
  articleNote: 'quinoa',
} as const;

const T = (day: number, hour = 0): string => `2024-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

const GARDENS_TEXT = 'Gardens teach patience. An espalier pear grows flat against a warm wall, one branch a year.';
const RIVERS_TEXT = 'Rivers run to the sea, and the sea is never full.';
const ORCHARD_TEXT = 'An orchard without notes.';

/** Version 1: articles (every optional field used somewhere), bodies, a kept version, highlights, notes, tags, assets, tombstones, search rows. */
function seedV1(db: Database): void {
  const article = db.prepare(`
    INSERT INTO articles (seq, id, format, title, author, site_name, source_url, source_name, published_at, language,
      excerpt, word_count, added_at, updated_at, version, read_progress, read_position, read_state, archived, favorite)
    VALUES (@seq, @id, @format, @title, @author, @site_name, @source_url, @source_name, @published_at, @language,
      @excerpt, @word_count, @added_at, @updated_at, @version, @read_progress, @read_position, @read_state, @archived, @favorite)`);
  const body = db.prepare(`INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, ?)`);
  const fts = db.prepare(`INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, ?, ?, ?)`);
  const rows = [
    {
      ...GARDENS, format: 'html', title: 'Gardens of Patience', author: 'Ada Gardener', site_name: 'The Walled Garden',
      source_url: 'https://example.org/gardens', source_name: null, published_at: '2023-12-24', language: 'en',
      excerpt: 'Gardens teach patience.', word_count: 16, added_at: T(1), updated_at: T(5), version: 2,
      read_progress: 0.4, read_position: '{"v":1,"o":24,"f":0.5}', read_state: 'reading', archived: 0, favorite: 1,
      text: GARDENS_TEXT,
    },
    {
      ...RIVERS, format: 'markdown', title: 'Rivers Run', author: null, site_name: null, source_url: null,
      source_name: 'rivers.md', published_at: null, language: null, excerpt: null, word_count: 11, added_at: T(2),
      updated_at: T(2), version: 1, read_progress: 1, read_position: null, read_state: 'finished', archived: 1, favorite: 0,
      text: RIVERS_TEXT,
    },
    {
      ...ORCHARD, format: 'text', title: 'Orchard', author: null, site_name: null, source_url: null,
      source_name: 'orchard.txt', published_at: null, language: null, excerpt: null, word_count: 4, added_at: T(3),
      updated_at: T(3), version: 1, read_progress: 0, read_position: null, read_state: 'unread', archived: 0, favorite: 0,
      text: ORCHARD_TEXT,
    },
  ];
  for (const { text, ...row } of rows) {
    article.run(row);
    body.run(row.seq, `<p>${text}</p>`, text, `hash-${row.id}`);
    fts.run(row.seq, row.title, row.author, text);
  }
  db.prepare(`
    INSERT INTO article_versions (article_seq, version, html, text, content_hash, replaced_at)
    VALUES (?, 1, '<p>Gardens teach patience.</p>', 'Gardens teach patience.', 'hash-gardens-v1', ?)`).run(GARDENS.seq, T(5));

  // Inserted out of creation order on purpose: migration 4 numbers them by created_at, then id.
  const highlight = db.prepare(`
    INSERT INTO highlights (id, article_seq, color, quote, prefix, suffix, start_offset, end_offset, note, orphaned,
      created_at, updated_at, deleted_at)
    VALUES (@id, @article_seq, @color, @quote, @prefix, @suffix, @start, @end, @note, @orphaned, @created, @updated, @deleted)`);
  const highlights = [
    { id: 'hl-orphan', article_seq: GARDENS.seq, color: 'blue', quote: 'a ladder', prefix: 'with ', suffix: '', start: 0, end: 8,
      note: `lost ${WORDS.orphanNote} tree`, orphaned: 1, created: T(4, 1), updated: T(5), deleted: null },
    { id: 'hl-live', article_seq: GARDENS.seq, color: 'yellow', quote: 'teach patience', prefix: 'Gardens ', suffix: '. An',
      start: 8, end: 22, note: `Remember ${WORDS.liveNote} for later`, orphaned: 0, created: T(4), updated: T(4, 2), deleted: null },
    { id: 'hl-gone', article_seq: GARDENS.seq, color: 'pink', quote: 'warm wall', prefix: 'against a ', suffix: ', one',
      start: 62, end: 71, note: `${WORDS.deletedNote} on toast`, orphaned: 0, created: T(4), updated: T(6), deleted: T(6) },
    { id: 'hl-rivers', article_seq: RIVERS.seq, color: 'green', quote: 'never full', prefix: 'the sea is ', suffix: '.',
      start: 38, end: 48, note: '', orphaned: 0, created: T(2, 3), updated: T(2, 3), deleted: null },
  ];
  for (const h of highlights) highlight.run(h);

  const note = db.prepare(`INSERT INTO article_notes (article_seq, note, updated_at) VALUES (?, ?, ?)`);
  note.run(GARDENS.seq, `Plant the ${WORDS.articleNote} early.\n\n- and water it`, T(4, 5));
  note.run(RIVERS.seq, '', T(2, 4)); // emptied note: a row, but nothing to search

  db.exec(`
    INSERT INTO tags (seq, name, created_at) VALUES (1, 'Garden', '${T(1)}'), (2, 'to read', '${T(2)}'), (3, 'unused', '${T(3)}');
    INSERT INTO article_tags (article_seq, tag_seq) VALUES (${GARDENS.seq}, 1), (${GARDENS.seq}, 2), (${RIVERS.seq}, 2);
    INSERT INTO tombstones (entity, id, deleted_at) VALUES
      ('article', 'deleted000000009', '${T(3)}'), ('highlight', 'hl-erased', '${T(3)}'), ('tag', 'old tag', '${T(3)}');
  `);
  db.prepare(`INSERT INTO assets (hash, mime, size, bytes, created_at) VALUES (?, 'image/png', ?, ?, ?)`).run(
    PNG_HASH,
    PNG.length,
    PNG,
    T(1),
  );
  db.prepare(`INSERT INTO article_assets (article_seq, asset_hash, source_url) VALUES (?, ?, ?)`).run(
    GARDENS.seq,
    PNG_HASH,
    'https://example.org/img/pear.png',
  );
}

/** Version 2: a highlight a re-anchoring moved, and the report of that update. */
function seedV2(db: Database): void {
  db.prepare(`
    INSERT INTO highlights (id, article_seq, color, quote, prefix, suffix, start_offset, end_offset, note, orphaned,
      created_at, updated_at, anchor)
    VALUES ('hl-moved', ?, 'purple', 'one branch a year', 'wall, ', '.', 73, 90, '', 0, ?, ?, 'moved')`).run(
    GARDENS.seq,
    T(4, 3),
    T(5),
  );
  db.prepare(`UPDATE articles SET anchor_report = ? WHERE seq = ?`).run(
    JSON.stringify({ exact: 1, moved: 1, orphaned: 1, orphanedIds: ['hl-orphan'] }),
    GARDENS.seq,
  );
}

/** Version 3: a custom export template. */
function seedV3(db: Database): void {
  db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('exportTemplate', ?, ?)`).run(
    JSON.stringify('# {{title}}\n\n{{#highlights}}> {{quote}}\n{{/highlights}}'),
    T(7),
  );
}

/** Version 4: a highlight written through the search triggers (it has a seq). */
function seedV4(db: Database): void {
  db.prepare(`
    INSERT INTO highlights (id, article_seq, color, quote, prefix, suffix, start_offset, end_offset, note,
      created_at, updated_at)
    VALUES ('hl-v4', ?, 'green', 'Rivers run', '', ' to the', 0, 10, 'a v4 note about deltas', ?, ?)`).run(
    RIVERS.seq,
    T(8),
    T(8),
  );
}

/** A PDF file, kept in documents (version 6). */
export const PDF_FILE = Buffer.from('%PDF-1.4\n%%EOF\n');
export const PDF_FILE_HASH = createHash('sha256').update(PDF_FILE).digest('hex');

/** Version 6: ORCHARD becomes a PDF article with its file and page map. */
function seedV6(db: Database): void {
  db.prepare(`UPDATE articles SET format = 'pdf' WHERE seq = ?`).run(ORCHARD.seq);
  db.prepare(`INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, 'application/pdf', ?, ?, '2024-01-06T00:00:00.000Z')`).run(
    PDF_FILE_HASH,
    PDF_FILE.length,
    PDF_FILE,
  );
  db.prepare(`INSERT INTO article_documents (article_seq, document_hash, page_count, page_starts, has_text, info) VALUES (?, ?, 1, '[0]', 1, '{}')`).run(
    ORCHARD.seq,
    PDF_FILE_HASH,
  );
}

/** A book's text: 60 chapters of about 1,000 characters, BOOK_WORD only in chapter 40. */
export const BOOK_WORD = 'marzipan';
export const BOOK_TEXT = Array.from({ length: 60 }, (_, i) => {
  const line = `Chapter ${i + 1}\n\n${'The ship sailed on through the grey water and the crew sang. '.repeat(16)}`;
  return i + 1 === 40 ? `${line}The cook baked ${BOOK_WORD} at dawn.` : line;
}).join('\n\n');
const EPUB_FILE = Buffer.from('PK\u0003\u0004 a book');

/** Version 7: a book (an EPUB article with its file and chapters), its text long enough to be searched by passage (9). */
function seedV7(db: Database): void {
  db.prepare(`
    INSERT INTO articles (seq, id, format, title, author, word_count, added_at, updated_at)
    VALUES (?, ?, 'epub', 'The Long Voyage', 'Ann Sailor', ?, ?, ?)`).run(BOOK.seq, BOOK.id, BOOK_TEXT.split(/\s+/).length, T(9), T(9));
  db.prepare(`INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, 'h-book')`).run(
    BOOK.seq,
    `<p>${BOOK_TEXT}</p>`,
    BOOK_TEXT,
  );
  db.prepare(`INSERT INTO articles_fts (rowid, title, author, text) VALUES (?, 'The Long Voyage', 'Ann Sailor', ?)`).run(BOOK.seq, BOOK_TEXT);
  const hash = createHash('sha256').update(EPUB_FILE).digest('hex');
  db.prepare(`INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, 'application/epub+zip', ?, ?, ?)`).run(
    hash,
    EPUB_FILE.length,
    EPUB_FILE,
    T(9),
  );
  const chapters = Array.from({ length: 60 }, (_, i) => ({ id: `c${i + 1}`, title: `Chapter ${i + 1}`, start: BOOK_TEXT.indexOf(`Chapter ${i + 1}\n`), writingMode: null }));
  db.prepare(`INSERT INTO article_books (article_seq, document_hash, chapters, info) VALUES (?, ?, ?, '{}')`).run(BOOK.seq, hash, JSON.stringify(chapters));
}

/**
 * Rows added at each version. A library built at N ran seeds 1..N, each right
 * after its migration. A new migration N+1 needs seedV<N>... only if version
 * N can hold something earlier versions could not.
 */
export const SEEDS: Readonly<Record<number, (db: Database) => void>> = { 1: seedV1, 2: seedV2, 3: seedV3, 4: seedV4, 6: seedV6, 7: seedV7 };

/** A library file at schema `version`, with the rows of every version up to it. */
export function libraryAt(file: string, version: number): Database {
  const db = new BetterSqlite3(file);
  db.pragma('foreign_keys = ON');
  for (let v = 1; v <= version; v++) {
    migrate(db, MIGRATIONS.slice(0, v));
    SEEDS[v]?.(db);
  }
  if (schemaVersion(db) !== version) throw new Error(`built a library at ${schemaVersion(db)}, not ${version}`);
  return db;
}

/**
 * Every row of every table (search indexes by rowid, their shadow tables
 * left out), by column, in a stable order: what an upgrade must keep.
 */
export function allRows(db: Database): Map<string, { columns: string[]; rows: unknown[][] }> {
  const tables = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name NOT GLOB '*_fts_*' ORDER BY name`,
    )
    .all() as { name: string; sql: string }[];
  const out = new Map<string, { columns: string[]; rows: unknown[][] }>();
  for (const { name, sql } of tables) {
    const fts = /VIRTUAL TABLE/i.test(sql);
    const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(name) as string[];
    out.set(name, { columns, rows: rowsOf(db, name, columns, fts) });
  }
  return out;
}

/** Rows of `columns` of table `name` (with the rowid for a search index), sorted. */
export function rowsOf(db: Database, name: string, columns: readonly string[], fts = false): unknown[][] {
  const list = [...(fts ? ['rowid'] : []), ...columns].map((c) => `"${c}"`).join(', ');
  const order = [...(fts ? ['rowid'] : []), ...columns].map((_, i) => String(i + 1)).join(', ');
  return db.prepare(`SELECT ${list} FROM "${name}" ORDER BY ${order}`).raw().all() as unknown[][];
}
