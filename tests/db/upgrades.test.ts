/**
 * Every migration upgrades a library holding data in the old shape: a
 * library built at version N-1 (old-libraries.ts) is migrated to N, and every
 * row must still be there with the same values, new columns must hold their
 * documented defaults, and constraints, triggers and search must work on the
 * old rows. Then the whole chain, 1 to the latest, through Library.open.
 *
 * A new migration without an upgrade test here fails the guard at the end.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../src/main/db/migrations';
import { HighlightStore } from '../../src/main/db/highlights';
import { Review } from '../../src/main/review/review';
import { SettingsStore } from '../../src/main/db/settings';
import { search } from '../../src/main/search/search';
import { withAnnotationIndexDeferred } from '../../src/main/search/annotation-index';
import { Library } from '../../src/main/library';
import { tempDir } from '../helpers/tmp';
import { syncNow } from '../../src/main/sync/engine';
import { mergerOf } from '../../src/main/sync/merge';
import { canonicalDump } from '../sync/helpers';
import { allRows, BOOK, BOOK_TEXT, BOOK_WORD, GARDENS, libraryAt, ORCHARD, PNG, PNG_HASH, RIVERS, rowsOf, WORDS } from './old-libraries';

/** Versions with an upgrade test below (filled as the describes are collected). */
const tested = new Set<number>();

/** Declares the upgrade tests of migration `version`. */
function upgradeTo(version: number, body: () => void): void {
  tested.add(version);
  const migration = MIGRATIONS.find((m) => m.version === version);
  describe(`migration ${version} (${migration?.name ?? 'missing'})`, body);
}

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

/** A library at `version - 1`, its rows before, and the same library after migration `version`. */
function upgrade(version: number): { db: Database; before: ReturnType<typeof allRows> } {
  const db = libraryAt(join(tempDir(), 'gloss.sqlite'), version - 1);
  open.push(db);
  const before = allRows(db);
  expect(migrate(db, MIGRATIONS.slice(0, version))).toEqual([version]);
  expect(schemaVersion(db)).toBe(version);
  return { db, before };
}

/** Every table that existed keeps every row, column by column; `except` lists columns a migration rewrites. */
function expectRowsKept(db: Database, before: ReturnType<typeof allRows>, except: Record<string, string[]> = {}): void {
  for (const [table, { columns, rows }] of before) {
    const kept = columns.filter((c) => !except[table]?.includes(c));
    const fts = table.endsWith('_fts');
    const index = (c: string): number => columns.indexOf(c) + (fts ? 1 : 0);
    const expected = rows
      .map((row) => [...(fts ? [row[0]] : []), ...kept.map((c) => row[index(c)])])
      .sort(compareRows);
    expect(rowsOf(db, table, kept, fts).sort(compareRows), table).toEqual(expected);
  }
}

function compareRows(a: unknown[], b: unknown[]): number {
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0;
}

/** The library is sound: integrity, foreign keys, and search indexes that match their content. */
function expectSound(db: Database): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  for (const fts of db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'`)
    .pluck()
    .all() as string[]) {
    expect(() => db.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('integrity-check')`).run(), fts).not.toThrow();
  }
}

function columnsOf(db: Database, table: string): string[] {
  return db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
}

function indexes(db: Database): string[] {
  return db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
}

/** What a search finds, as "kind article highlight?" strings. */
function found(db: Database, query: string): string[] {
  return search(db, query).results.flatMap((r) =>
    r.matches.map((m) => [m.kind === 'text' ? 'article' : m.kind, r.articleId, m.highlightId].filter(Boolean).join(' ')),
  );
}

upgradeTo(2, () => {
  it('keeps every v1 row, marks orphaned highlights orphaned and the rest exact, reports none yet', () => {
    const { db, before } = upgrade(2);
    expectRowsKept(db, before);
    expect(db.prepare('SELECT id, orphaned, anchor FROM highlights ORDER BY id').all()).toEqual([
      { id: 'hl-gone', orphaned: 0, anchor: 'exact' },
      { id: 'hl-live', orphaned: 0, anchor: 'exact' },
      { id: 'hl-orphan', orphaned: 1, anchor: 'orphaned' },
      { id: 'hl-rivers', orphaned: 0, anchor: 'exact' },
    ]);
    expect(db.prepare('SELECT anchor_report FROM articles').pluck().all()).toEqual([null, null, null]);
    expect(() => db.prepare(`UPDATE highlights SET anchor = 'lost'`).run()).toThrow(/CHECK/);
    expect(indexes(db)).toEqual(expect.arrayContaining(['articles_by_source_name', 'highlights_live_by_article']));
    // The new index answers the duplicate lookup by file name on the old rows.
    expect(
      db.prepare(`SELECT id FROM articles INDEXED BY articles_by_source_name WHERE source_name = ? AND title = ?`).pluck().all(
        'rivers.md',
        'Rivers Run',
      ),
    ).toEqual([RIVERS.id]);
    expectSound(db);
  });

  it('leaves a v1 library exactly as it was when a later step of the upgrade fails', () => {
    const db = libraryAt(join(tempDir(), 'gloss.sqlite'), 1);
    open.push(db);
    const before = allRows(db);
    const failing = {
      version: LATEST_VERSION + 1,
      name: 'fails at the end',
      up: () => {
        throw new Error('power cut');
      },
    };
    const broken = [...MIGRATIONS, failing];
    expect(() => migrate(db, broken)).toThrow('power cut');
    expect(schemaVersion(db)).toBe(1);
    expect(columnsOf(db, 'highlights')).not.toContain('anchor');
    expect(allRows(db)).toEqual(before);
  });
});

upgradeTo(3, () => {
  it('keeps every v2 row and adds an empty settings table the settings store reads and writes', () => {
    const { db, before } = upgrade(3);
    expectRowsKept(db, before);
    expect(db.prepare(`SELECT anchor FROM highlights WHERE id = 'hl-moved'`).pluck().get()).toBe('moved');
    expect(JSON.parse(db.prepare('SELECT anchor_report FROM articles WHERE seq = ?').pluck().get(GARDENS.seq) as string)).toEqual({
      exact: 1,
      moved: 1,
      orphaned: 1,
      orphanedIds: ['hl-orphan'],
    });
    expect(db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
    const settings = new SettingsStore(db);
    expect(settings.get('exportTemplate')).toBeUndefined();
    settings.set('exportTemplate', '# {{title}}');
    expect(settings.get('exportTemplate')).toBe('# {{title}}');
    expect(() => db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('x', X'00', 'now')`).run()).toThrow(/cannot store BLOB/);
    expectSound(db);
  });
});

upgradeTo(4, () => {
  it('rebuilds highlights with a seq in creation order, keeping every row and constraint', () => {
    const { db, before } = upgrade(4);
    expectRowsKept(db, before);
    expect(columnsOf(db, 'highlights')).toEqual([
      'seq', 'id', 'article_seq', 'color', 'quote', 'prefix', 'suffix', 'start_offset', 'end_offset', 'note',
      'orphaned', 'created_at', 'updated_at', 'deleted_at', 'anchor',
    ]);
    // created_at, then id (hl-gone and hl-live were made in the same instant).
    expect(db.prepare('SELECT seq, id FROM highlights ORDER BY seq').all()).toEqual([
      { seq: 1, id: 'hl-rivers' },
      { seq: 2, id: 'hl-gone' },
      { seq: 3, id: 'hl-live' },
      { seq: 4, id: 'hl-orphan' },
      { seq: 5, id: 'hl-moved' },
    ]);
    const insert = db.prepare(`
      INSERT INTO highlights (id, article_seq, color, quote, start_offset, end_offset, created_at, updated_at, anchor)
      VALUES (?, ?, 'yellow', 'q', ?, ?, 'now', 'now', ?)`);
    expect(() => insert.run('hl-live', GARDENS.seq, 0, 1, 'exact')).toThrow(/UNIQUE/);
    expect(() => insert.run('hl-bad1', GARDENS.seq, 5, 1, 'exact')).toThrow(/CHECK/);
    expect(() => insert.run('hl-bad2', GARDENS.seq, 0, 1, 'lost')).toThrow(/CHECK/);
    expect(() => insert.run('hl-bad3', 99, 0, 1, 'exact')).toThrow(/FOREIGN KEY/);
    expect(insert.run('hl-new', GARDENS.seq, 0, 1, 'exact').lastInsertRowid).toBe(6);
    expect(indexes(db)).toEqual(
      expect.arrayContaining([
        'highlights_by_article', 'highlights_live_by_article', 'articles_by_published', 'articles_by_title',
        'articles_by_progress', 'articles_by_state', 'articles_by_archived', 'articles_favorites',
      ]),
    );
    expectSound(db);
  });

  it('fills the search index with the old live highlights and notes, never a deleted one', () => {
    const { db } = upgrade(4);
    expect(db.prepare('SELECT rowid, quote, note FROM annotations_fts ORDER BY rowid').all()).toEqual([
      { rowid: 1, quote: 'never full', note: '' },
      { rowid: 3, quote: 'teach patience', note: `Remember ${WORDS.liveNote} for later` },
      { rowid: 4, quote: 'a ladder', note: `lost ${WORDS.orphanNote} tree` },
      { rowid: 5, quote: 'one branch a year', note: '' },
      // Only the note with text: the emptied one is not indexed.
      { rowid: 2 ** 40 + GARDENS.seq, quote: '', note: `Plant the ${WORDS.articleNote} early.\n\n- and water it` },
    ]);
    expect(found(db, WORDS.liveNote)).toEqual([`note ${GARDENS.id} hl-live`]);
    expect(found(db, WORDS.liveQuote)).toEqual(expect.arrayContaining([`highlight ${GARDENS.id} hl-live`, `article ${GARDENS.id}`]));
    expect(found(db, WORDS.orphanNote)).toEqual([`note ${GARDENS.id} hl-orphan`]);
    expect(found(db, WORDS.articleNote)).toEqual([`note ${GARDENS.id}`]);
    expect(found(db, WORDS.articleText)).toEqual([`article ${GARDENS.id}`]);
    expect(found(db, WORDS.deletedNote)).toEqual([]);
    expect(found(db, 'full')).toEqual(expect.arrayContaining([`highlight ${RIVERS.id} hl-rivers`, `article ${RIVERS.id}`]));
    expectSound(db);
  });

  it('keeps the index in step afterwards: the triggers follow edits, deletes and cascades on old rows', () => {
    const { db } = upgrade(4);
    const store = new HighlightStore(db);
    store.update('hl-live', { note: 'now about kumquats' });
    expect(found(db, WORDS.liveNote)).toEqual([]);
    expect(found(db, 'kumquats')).toEqual([`note ${GARDENS.id} hl-live`]);
    store.delete('hl-orphan');
    expect(found(db, WORDS.orphanNote)).toEqual([]);
    store.restore('hl-orphan');
    expect(found(db, WORDS.orphanNote)).toEqual([`note ${GARDENS.id} hl-orphan`]);
    store.setNote(GARDENS.id, 'buckwheat instead');
    expect(found(db, WORDS.articleNote)).toEqual([]);
    expect(found(db, 'buckwheat')).toEqual([`note ${GARDENS.id}`]);
    store.setNote(RIVERS.id, 'a delta note');
    expect(found(db, 'delta')).toEqual([`note ${RIVERS.id}`]);
    // Deleting an article cascades to its highlights and note, and out of the index.
    db.prepare('DELETE FROM articles WHERE seq = ?').run(GARDENS.seq);
    expect(db.prepare('SELECT count(*) FROM highlights WHERE article_seq = ?').pluck().get(GARDENS.seq)).toBe(0);
    expect(found(db, 'kumquats')).toEqual([]);
    expect(found(db, 'buckwheat')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM annotations_fts').pluck().get()).toBe(2); // hl-rivers and the rivers note
    expectSound(db);
  });
});

upgradeTo(5, () => {
  it('keeps every v4 row; canonical URL and lead image start empty and hold a value once set', () => {
    const { db, before } = upgrade(5);
    expectRowsKept(db, before);
    expect(db.prepare('SELECT id, canonical_url, lead_image FROM articles ORDER BY seq').all()).toEqual([
      { id: GARDENS.id, canonical_url: null, lead_image: null },
      { id: RIVERS.id, canonical_url: null, lead_image: null },
      { id: ORCHARD.id, canonical_url: null, lead_image: null },
    ]);
    // The v4 highlight and its search row are still in step.
    expect(found(db, 'deltas')).toEqual([`note ${RIVERS.id} hl-v4`]);
    db.prepare('UPDATE articles SET canonical_url = ?, lead_image = ? WHERE seq = ?').run(
      'https://example.org/gardens/',
      PNG_HASH,
      GARDENS.seq,
    );
    expect(db.prepare('SELECT canonical_url, lead_image FROM articles WHERE seq = ?').get(GARDENS.seq)).toEqual({
      canonical_url: 'https://example.org/gardens/',
      lead_image: PNG_HASH,
    });
    expectSound(db);
  });
});

upgradeTo(6, () => {
  it('keeps every v5 row; articles take format pdf (and still refuse others); a PDF file links to an article and goes with it', () => {
    const { db, before } = upgrade(6);
    expectRowsKept(db, before);
    // The widened CHECK: 'pdf' goes in, anything else is still refused, old formats still accepted.
    db.prepare(`UPDATE articles SET format = 'pdf' WHERE seq = ?`).run(GARDENS.seq);
    expect(() => db.prepare(`UPDATE articles SET format = 'epub' WHERE seq = ?`).run(RIVERS.seq)).toThrow(/CHECK constraint/);
    expect(db.prepare('SELECT format FROM articles WHERE seq = ?').pluck().get(RIVERS.seq)).not.toBe('epub');
    const hash = 'a'.repeat(64);
    db.prepare(`INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, 'application/pdf', 5, ?, '2024-01-01T00:00:00.000Z')`).run(
      hash,
      Buffer.from('%PDF-'),
    );
    db.prepare(`INSERT INTO article_documents (article_seq, document_hash, page_count, page_starts, has_text) VALUES (?, ?, 2, '[0,10]', 1)`).run(
      GARDENS.seq,
      hash,
    );
    expect(() => db.prepare(`INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES ('short', 'x', 1, x'00', 'now')`).run()).toThrow(
      /CHECK constraint/,
    );
    // The v4 highlight and its search row are still in step.
    expect(found(db, 'deltas')).toEqual([`note ${RIVERS.id} hl-v4`]);
    db.prepare('DELETE FROM articles WHERE seq = ?').run(GARDENS.seq);
    expect(db.prepare('SELECT count(*) FROM article_documents').pluck().get()).toBe(0);
    expectSound(db);
  });
});

upgradeTo(7, () => {
  it('keeps every v6 row (the PDF article and its file too); articles take format epub; a book links to its file and goes with its article', () => {
    const { db, before } = upgrade(7);
    expectRowsKept(db, before);
    expect(db.prepare('SELECT format FROM articles WHERE seq = ?').pluck().get(ORCHARD.seq)).toBe('pdf');
    // The widened CHECK: 'epub' goes in, every earlier format still does, anything else is still refused.
    db.prepare(`UPDATE articles SET format = 'epub' WHERE seq = ?`).run(GARDENS.seq);
    db.prepare(`UPDATE articles SET format = 'pdf' WHERE seq = ?`).run(RIVERS.seq);
    db.prepare(`UPDATE articles SET format = 'html' WHERE seq = ?`).run(RIVERS.seq);
    expect(() => db.prepare(`UPDATE articles SET format = 'mobi' WHERE seq = ?`).run(RIVERS.seq)).toThrow(/CHECK constraint/);
    const hash = 'b'.repeat(64);
    db.prepare(`INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, 'application/epub+zip', 2, ?, '2024-01-07T00:00:00.000Z')`).run(
      hash,
      Buffer.from('PK'),
    );
    db.prepare(`INSERT INTO article_books (article_seq, document_hash) VALUES (?, ?)`).run(GARDENS.seq, hash);
    expect(db.prepare('SELECT chapters, info FROM article_books WHERE article_seq = ?').get(GARDENS.seq)).toEqual({ chapters: '[]', info: '{}' });
    // STRICT, and the file must exist.
    expect(() => db.prepare(`INSERT INTO article_books (article_seq, document_hash, chapters) VALUES (?, ?, x'00')`).run(RIVERS.seq, hash)).toThrow(
      /cannot store BLOB value in TEXT column/,
    );
    expect(() => db.prepare(`INSERT INTO article_books (article_seq, document_hash) VALUES (?, ?)`).run(RIVERS.seq, 'c'.repeat(64))).toThrow(
      /FOREIGN KEY/,
    );
    db.prepare('DELETE FROM articles WHERE seq = ?').run(GARDENS.seq);
    expect(db.prepare('SELECT count(*) FROM article_books').pluck().get()).toBe(0);
    expectSound(db);
  });
});

upgradeTo(8, () => {
  it('keeps every v7 row; articles take format highlights (sources without text) and still refuse others', () => {
    const { db, before } = upgrade(8);
    expectRowsKept(db, before);
    db.prepare(`UPDATE articles SET format = 'highlights' WHERE seq = ?`).run(GARDENS.seq);
    for (const format of ['text', 'markdown', 'html', 'pdf', 'epub']) db.prepare(`UPDATE articles SET format = ? WHERE seq = ?`).run(format, RIVERS.seq);
    expect(() => db.prepare(`UPDATE articles SET format = 'kindle' WHERE seq = ?`).run(RIVERS.seq)).toThrow(/CHECK constraint/);
    expectSound(db);
  });
});

upgradeTo(9, () => {
  it('keeps every v8 row; the book is indexed by passage (end to end), found in chapter 40 at its place, and leaves the index with its article', () => {
    const { db, before } = upgrade(9);
    expectRowsKept(db, before);
    const passages = db.prepare('SELECT article_seq, start_offset, end_offset FROM article_passages ORDER BY start_offset').all() as {
      article_seq: number;
      start_offset: number;
      end_offset: number;
    }[];
    // Only the long text, cut into passages that cover it end to end.
    expect(new Set(passages.map((p) => p.article_seq))).toEqual(new Set([BOOK.seq]));
    expect(passages.length).toBeGreaterThan(5);
    expect(passages[0]!.start_offset).toBe(0);
    expect(passages.at(-1)!.end_offset).toBe(BOOK_TEXT.length);
    for (let i = 1; i < passages.length; i++) expect(passages[i]!.start_offset).toBe(passages[i - 1]!.end_offset);
    const [result] = search(db, BOOK_WORD).results;
    expect(result).toMatchObject({ articleId: BOOK.id, matches: [{ kind: 'text', offset: BOOK_TEXT.indexOf(BOOK_WORD) }] });
    expect(result!.matches[0]!.snippet.filter((p) => p.match).map((p) => p.text)).toEqual([BOOK_WORD]);
    // The articles are found as before.
    expect(found(db, WORDS.articleText)).toEqual([`article ${GARDENS.id}`]);
    expect(found(db, 'deltas')).toEqual([`note ${RIVERS.id} hl-v4`]);
    db.prepare('DELETE FROM articles WHERE seq = ?').run(BOOK.seq);
    expect(db.prepare('SELECT count(*) FROM article_passages').pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'ship'`).pluck().get()).toBe(0);
    expectSound(db);
  });
});

upgradeTo(10, () => {
  it('keeps every v9 row; old highlights take tags from the tags table (strict, shared with articles) and lose them with their highlight, article or tag', () => {
    const { db, before } = upgrade(10);
    expectRowsKept(db, before);
    expect(db.prepare('SELECT count(*) FROM highlight_tags').pluck().get()).toBe(0);
    const store = new HighlightStore(db);
    // An old highlight and an existing article tag: one vocabulary (the stored spelling is kept).
    const articleTag = db.prepare('SELECT name FROM tags t JOIN article_tags at ON at.tag_seq = t.seq LIMIT 1').pluck().get() as string;
    expect(store.tags!.set('hl-live', [articleTag.toUpperCase(), 'fresh'])).toEqual([articleTag, 'fresh'].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    store.tags!.add(['hl-rivers'], ['fresh']);
    expect(store.get('hl-live')?.tags).toContain('fresh');
    expect(store.tags!.listHighlightTags()).toContainEqual({ name: 'fresh', count: 2 });
    // STRICT, with foreign keys: an unknown highlight or a text seq is refused.
    expect(() => db.prepare('INSERT INTO highlight_tags (highlight_seq, tag_seq) VALUES (999999, 1)').run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO highlight_tags (highlight_seq, tag_seq) VALUES ('x', 1)`).run()).toThrow(/cannot store TEXT/);
    // Cascades: the tag, the highlight's article.
    db.prepare('DELETE FROM articles WHERE seq = ?').run(RIVERS.seq);
    expect(store.tags!.listHighlightTags()).toContainEqual({ name: 'fresh', count: 1 });
    db.prepare(`DELETE FROM tags WHERE name = 'fresh'`).run();
    expect(store.get('hl-live')?.tags).toEqual([articleTag]);
    expect(indexes(db)).toContain('highlight_tags_by_tag');
    expectSound(db);
  });
});

upgradeTo(11, () => {
  it('keeps every v10 row; old highlights enter the daily review as new cards, answers are stored (strict) and go with their highlight', () => {
    const { db, before } = upgrade(11);
    expectRowsKept(db, before);
    for (const table of ['review_cards', 'review_log', 'review_day_cards']) expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    const live = db.prepare('SELECT id FROM highlights WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[];
    const review = new Review(db, { now: () => new Date(2026, 0, 5, 9), seed: 'upgrade' });
    const session = review.session();
    expect(session.cards.map((c) => c.highlight.id).sort()).toEqual(live);
    expect(session.cards.every((c) => c.status === 'new')).toBe(true);
    const answered = review.answer('hl-live', 'keep');
    expect(answered).toMatchObject({ done: 1, streak: 1 });
    expect(db.prepare(`SELECT answer FROM review_log WHERE highlight_id = 'hl-live'`).pluck().get()).toBe('keep');
    // STRICT, checked and tied to highlights.
    expect(() => db.prepare(`INSERT INTO review_log (highlight_id, answer, reviewed_at, day) VALUES ('hl-live', 'again', 'x', 'y')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO review_log (highlight_id, answer, reviewed_at, day) VALUES ('nope', 'keep', 'x', 'y')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`UPDATE review_cards SET reps = 'many'`).run()).toThrow(/cannot store TEXT/);
    // The highlight's article deleted: its card, answers and place in today's set go too.
    db.prepare(`DELETE FROM articles WHERE seq = (SELECT article_seq FROM highlights WHERE id = 'hl-live')`).run();
    expect(db.prepare(`SELECT count(*) FROM review_cards`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM review_log`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM review_day_cards WHERE highlight_id = 'hl-live'`).pluck().get()).toBe(0);
    expect(indexes(db)).toEqual(expect.arrayContaining(['review_cards_by_due', 'review_log_by_day', 'review_log_by_highlight']));
    expectSound(db);
  });
});

upgradeTo(12, () => {
  it('keeps every v11 row; capture stays off until the first sync, which publishes the whole library to a new device', () => {
    const { db, before } = upgrade(12);
    expectRowsKept(db, before);
    expect(db.prepare(`SELECT capture, library FROM sync_state`).get()).toEqual({ capture: 0, library: null });
    // Never synced: writes leave no outbox behind.
    db.prepare(`UPDATE articles SET favorite = 1 WHERE id = ?`).run(GARDENS.id);
    expect(db.prepare(`SELECT count(*) FROM sync_outbox`).pluck().get()).toBe(0);
    // Today's sync runs on today's tables (migration 14 packs the merged state): the rest of the upgrade first.
    migrate(db);
    const folder = tempDir();
    const round = syncNow(db, { folder, deviceName: 'old' });
    expect(round.published.ops).toBeGreaterThan(0);
    const fresh = Library.open(tempDir());
    try {
      syncNow(fresh.db, { folder, deviceName: 'new' });
      const { articles: oldArticles, ...oldRest } = canonicalDump(db);
      const { articles: newArticles, ...newRest } = canonicalDump(fresh.db);
      expect(newRest).toEqual(oldRest);
      expect(newArticles).toEqual(oldArticles);
      // From now on every change is captured.
      db.prepare(`UPDATE articles SET favorite = 0 WHERE id = ?`).run(GARDENS.id);
      expect(db.prepare(`SELECT entity, key, data FROM sync_outbox`).all()).toEqual([{ entity: 'article', key: GARDENS.id, data: '{"favorite":0}' }]);
    } finally {
      fresh.close();
    }
    expectSound(db);
  });
});

upgradeTo(13, () => {
  it('keeps every v12 row; the Highlights view walks the new index, newest first, live highlights only', () => {
    const { db, before } = upgrade(13);
    expectRowsKept(db, before);
    const sql = `SELECT seq FROM highlights WHERE deleted_at IS NULL ORDER BY created_at DESC, seq DESC LIMIT 10`;
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toContain('highlights_live_by_created');
    expect(plan).not.toContain('TEMP B-TREE');
    const live = db.prepare(`SELECT seq FROM highlights WHERE deleted_at IS NULL ORDER BY created_at DESC, seq DESC`).pluck().all();
    expect(db.prepare(sql.replace(' LIMIT 10', '')).pluck().all()).toEqual(live);
    expectSound(db);
  });
});

upgradeTo(14, () => {
  it('keeps every v13 row; the merged sync state moves to one row per entity (tests/sync/migration-14.test.ts carries real state over)', () => {
    const { db, before } = upgrade(14);
    // sync_fields is folded into sync_entities (empty here: this library never synced).
    expect(before.get('sync_fields')?.rows).toEqual([]);
    before.delete('sync_fields');
    expectRowsKept(db, before);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'sync_fields'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM sync_entities`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT snapshot_ops FROM sync_state`).pluck().get()).toBe(0);
    expect(indexes(db)).toContain('sync_entities_by_parent');
    expectSound(db);
  });
});

describe('the whole chain on a v1 library', () => {
  it('opens through Library: backed up first, then every article, highlight, note, tag and asset reads as before', () => {
    const dir = tempDir();
    const v1 = libraryAt(join(dir, 'gloss.sqlite'), 1);
    const v1Rows = allRows(v1);
    v1.close();
    const library = Library.open(dir, { now: () => new Date('2024-02-01T10:00:00Z') });
    // The copy taken before the upgrade is the v1 library, row for row.
    const backups = library.listBackups();
    expect(backups.map((b) => b.reason)).toEqual(['pre-migration']);
    const copy = new BetterSqlite3(backups[0]!.file, { readonly: true });
    try {
      expect(schemaVersion(copy)).toBe(1);
      expect(allRows(copy)).toEqual(v1Rows);
    } finally {
      copy.close();
    }
    expect(schemaVersion(library.db)).toBe(LATEST_VERSION);
    try {
      const gardens = library.getArticle(GARDENS.id);
      expect(gardens).toMatchObject({
        id: GARDENS.id,
        format: 'html',
        title: 'Gardens of Patience',
        author: 'Ada Gardener',
        siteName: 'The Walled Garden',
        sourceUrl: 'https://example.org/gardens',
        sourceName: null,
        publishedAt: '2023-12-24',
        language: 'en',
        wordCount: 16,
        addedAt: '2024-01-01T00:00:00.000Z',
        readProgress: 0.4,
        readPosition: '{"v":1,"o":24,"f":0.5}',
        readState: 'reading',
        archived: false,
        favorite: true,
        highlightCount: 2,
        tags: ['Garden', 'to read'],
      });
      expect(gardens.text).toContain(WORDS.articleText);
      expect(gardens).not.toHaveProperty('canonicalUrl');
      expect(library.getArticle(RIVERS.id)).toMatchObject({ readState: 'finished', archived: true, tags: ['to read'] });
      expect(library.listArticles().map((a) => a.id)).toEqual([ORCHARD.id, RIVERS.id, GARDENS.id]);

      expect(library.listHighlights(GARDENS.id).map((h) => [h.id, h.anchor, h.position.start, h.note])).toEqual([
        ['hl-live', 'exact', 8, `Remember ${WORDS.liveNote} for later`],
        // Orphans after the placed ones.
        ['hl-orphan', 'orphaned', 0, `lost ${WORDS.orphanNote} tree`],
      ]);
      expect(library.getArticleNote(GARDENS.id).note).toBe(`Plant the ${WORDS.articleNote} early.\n\n- and water it`);
      expect(library.listTags().map((t) => [t.name, t.count])).toEqual(
        expect.arrayContaining([['Garden', 1], ['to read', 2]]),
      );
      expect(Buffer.from(library.assets.get(PNG_HASH)!.bytes)).toEqual(PNG);

      expect(library.search(WORDS.liveNote).results.flatMap((r) => r.matches.map((m) => m.highlightId))).toEqual(['hl-live']);
      expect(library.search(WORDS.articleNote).results.flatMap((r) => r.matches.map((m) => m.kind))).toEqual(['note']);
      expect(library.search(WORDS.deletedNote).results).toEqual([]);

      // Writing works on the upgraded rows: a highlight, then deleting the article it is on.
      const made = library.createHighlight({
        articleId: RIVERS.id,
        color: 'yellow',
        quote: { exact: 'the sea', prefix: 'run to ', suffix: ', and' },
        position: { start: 14, end: 21 },
        note: 'salt and wind',
      });
      expect(library.search('salt').results.flatMap((r) => r.matches.map((m) => m.highlightId))).toEqual([made.id]);
      library.deleteArticle(RIVERS.id);
      expect(library.search('salt').results).toEqual([]);
      expectSound(library.db);
    } finally {
      library.close();
    }
  });
});

upgradeTo(15, () => {
  it('keeps every v14 row; why a waiting page could not be saved is kept per entry (strict) and goes with it', () => {
    const { db, before } = upgrade(15);
    expectRowsKept(db, before);
    expect(db.prepare('SELECT count(*) FROM page_save_failures').pluck().get()).toBe(0);
    const put = db.prepare('INSERT INTO page_save_failures (article_seq, reason, failed_at) VALUES (?, ?, ?)');
    put.run(GARDENS.seq, 'the server answered 404 Not Found.', '2026-01-05T09:00:00.000Z');
    // One per entry, STRICT, tied to its article.
    expect(() => put.run(GARDENS.seq, 'again', 'x')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => put.run(999999, 'x', 'y')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO page_save_failures (article_seq, reason, failed_at) VALUES ('x', 'r', 't')`).run()).toThrow(/datatype mismatch/);
    db.prepare('DELETE FROM articles WHERE seq = ?').run(GARDENS.seq);
    expect(db.prepare('SELECT count(*) FROM page_save_failures').pluck().get()).toBe(0);
    expectSound(db);
  });
});

upgradeTo(16, () => {
  it('keeps every v15 row and index entry; the annotation triggers index as before, and a bulk writer can defer them to its end', () => {
    const { db, before } = upgrade(16);
    expectRowsKept(db, before);
    expect(db.prepare('SELECT count(*) FROM annotations_stale').pluck().get()).toBe(0);
    expect(found(db, WORDS.liveNote)).toEqual([`note ${GARDENS.id} hl-live`]);
    expect(found(db, WORDS.articleNote)).toEqual([`note ${GARDENS.id}`]);
    expect(found(db, WORDS.deletedNote)).toEqual([]);

    // Row by row, as migration 4's triggers: a note edited, an article note replaced, a highlight deleted.
    db.prepare(`UPDATE highlights SET note = 'persimmon' WHERE id = 'hl-live'`).run();
    db.prepare(`UPDATE article_notes SET note = 'loquat' WHERE article_seq = ?`).run(GARDENS.seq);
    db.prepare(`DELETE FROM highlights WHERE id = 'hl-orphan'`).run();
    expect(found(db, 'persimmon')).toEqual([`note ${GARDENS.id} hl-live`]);
    expect(found(db, WORDS.liveNote)).toEqual([]);
    expect(found(db, 'loquat')).toEqual([`note ${GARDENS.id}`]);
    expect(found(db, WORDS.orphanNote)).toEqual([]);

    // Deferred: nothing indexed meanwhile, then exactly the touched rows at the end.
    const index = (): unknown[] => db.prepare('SELECT rowid, quote, note FROM annotations_fts ORDER BY rowid').raw().all();
    db.transaction(() => {
      withAnnotationIndexDeferred(db, () => {
        const before = index();
        db.prepare(`UPDATE highlights SET note = 'tamarind' WHERE id = 'hl-live'`).run();
        db.prepare(`INSERT INTO highlights (id, article_seq, color, quote, start_offset, end_offset, note, created_at, updated_at)
          VALUES ('hl-new', ?, 'blue', 'walled garden', 0, 13, 'kumquat', 'x', 'x')`).run(RIVERS.seq);
        db.prepare(`DELETE FROM article_notes WHERE article_seq = ?`).run(GARDENS.seq);
        db.prepare(`INSERT INTO article_notes (article_seq, note, updated_at) VALUES (?, 'feijoa', 'x')`).run(ORCHARD.seq);
        expect(index()).toEqual(before);
      });
    })();
    expect(found(db, 'tamarind')).toEqual([`note ${GARDENS.id} hl-live`]);
    expect(found(db, 'persimmon')).toEqual([]);
    expect(found(db, 'kumquat')).toEqual([`note ${RIVERS.id} hl-new`]);
    expect(found(db, 'loquat')).toEqual([]);
    expect(found(db, 'feijoa')).toEqual([`note ${ORCHARD.id}`]);
    expect(db.prepare('SELECT count(*) FROM annotations_stale').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM annotations_index_deferred').pluck().get()).toBe(0);
    expect(index()).toEqual(
      db
        .prepare(`SELECT seq, quote, note FROM highlights WHERE deleted_at IS NULL
          UNION ALL SELECT 1099511627776 + article_seq, '', note FROM article_notes WHERE note <> '' ORDER BY 1`)
        .raw()
        .all(),
    );

    // A deferred writer that throws takes its writes and the deferral back.
    expect(() =>
      db.transaction(() => {
        withAnnotationIndexDeferred(db, () => {
          db.prepare(`UPDATE highlights SET note = 'durian' WHERE id = 'hl-live'`).run();
          throw new Error('refused');
        });
      })(),
    ).toThrow('refused');
    expect(db.prepare('SELECT count(*) FROM annotations_index_deferred').pluck().get()).toBe(0);
    db.prepare(`UPDATE highlights SET note = 'lychee' WHERE id = 'hl-live'`).run();
    expect(found(db, 'lychee')).toEqual([`note ${GARDENS.id} hl-live`]);
    expectSound(db);
  });
});

upgradeTo(17, () => {
  it('keeps every v16 row; the file and version tables get capture triggers; a library that never synced queues nothing (tests/sync/migration-17.test.ts: one that did)', () => {
    const { db, before } = upgrade(17);
    expectRowsKept(db, before);
    const triggers = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN ('article_assets', 'article_documents', 'article_books', 'article_versions')`).pluck().all();
    expect(triggers).toEqual(expect.arrayContaining(['sync_article_assets_insert', 'sync_article_documents_update', 'sync_article_books_delete', 'sync_article_versions_insert']));
    expect(db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    expectSound(db);
  });
});

describe('upgrade tests', () => {
  it('cover every migration after the first, up to the latest', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
    // Migration N is tested on a library built at N-1: add an upgradeTo(N) above, and a
    // seed in old-libraries.ts when version N-1 can hold rows earlier versions could not.
    expect([...tested].sort((a, b) => a - b)).toEqual(versions.slice(1));
  });
});

upgradeTo(18, () => {
  it('keeps every v17 row; fills the author sort key of old rows (a book by its file-as) and keeps it up to date after', () => {
    // An old book whose package gave a file-as (stored in its info since migration 7).
    const db = libraryAt(join(tempDir(), 'gloss.sqlite'), 17);
    open.push(db);
    const creators = [{ name: 'Ed Itor', role: 'edt', fileAs: 'Itor, Ed' }, { name: 'Ann Sailor', role: 'aut', fileAs: 'Sailor, Ann' }];
    db.prepare(`UPDATE article_books SET info = ? WHERE article_seq = ?`).run(JSON.stringify({ creators }), BOOK.seq);
    const before = allRows(db);
    expect(migrate(db, MIGRATIONS.slice(0, 18))).toEqual([18]);
    expectRowsKept(db, before);
    const keys = (): unknown[] => db.prepare(`SELECT id, author_sort FROM articles ORDER BY seq`).raw().all();
    expect(keys()).toEqual([
      [GARDENS.id, 'Ada Gardener'],
      [RIVERS.id, null],
      [ORCHARD.id, null],
      [BOOK.id, 'Sailor, Ann'],
    ]);
    expect(indexes(db)).toEqual(expect.arrayContaining(['articles_by_author', 'articles_by_archived_author']));
    // The triggers keep it: a byline set, a book's creators gone (back to its byline).
    db.prepare(`UPDATE articles SET author = ' Rita Rivers ' WHERE seq = ?`).run(RIVERS.seq);
    db.prepare(`UPDATE article_books SET info = '{}' WHERE article_seq = ?`).run(BOOK.seq);
    expect(keys()).toEqual([
      [GARDENS.id, 'Ada Gardener'],
      [RIVERS.id, 'Rita Rivers'],
      [ORCHARD.id, null],
      [BOOK.id, 'Ann Sailor'],
    ]);
    expect(db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    expectSound(db);
  });
});

upgradeTo(19, () => {
  it('keeps every v18 row; a merged state stored before (every field with its stamp) reads the same and is written compactly after; a Gloss before 19 refuses the library', () => {
    const db = libraryAt(join(tempDir(), 'gloss.sqlite'), 18);
    open.push(db);
    const full = { color: [5, 'dev-a', 'yellow'], note: [7, 'dev-b', 'mine'] };
    db.prepare(`INSERT INTO sync_entities (entity, key, parent, fields) VALUES ('highlight', 'hl-old', NULL, ?)`).run(JSON.stringify(full));
    const before = allRows(db);
    expect(migrate(db, MIGRATIONS.slice(0, 19))).toEqual([19]);
    expectRowsKept(db, before);
    const merger = mergerOf(db);
    expect(merger.stateOf('highlight', 'hl-old')).toEqual(full);
    db.transaction(() => {
      merger.merge({ h: 9, d: 'dev-c', e: 'highlight', k: 'hl-old', f: { color: 'blue' } }, new Map());
      merger.flush();
    })();
    merger.end();
    const stored = db.prepare(`SELECT fields FROM sync_entities WHERE key = 'hl-old'`).pluck().get() as string;
    expect(JSON.parse(stored)).toEqual({ '': [7, 'dev-b'], color: [9, 'dev-c', 'blue'], note: ['mine'] });
    expect(mergerOf(db).stateOf('highlight', 'hl-old')).toEqual({ color: [9, 'dev-c', 'blue'], note: [7, 'dev-b', 'mine'] });
    expect(() => migrate(db, MIGRATIONS.slice(0, 18))).toThrow(/newer version of Gloss/);
    expectSound(db);
  });
});
