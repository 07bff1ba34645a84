/**
 * The library's Author sort key (articles.author_sort, migration 18), the
 * one rule for it: a book's first creator whose role is `aut` or not given,
 * by its `file-as` ("Brontë, Charlotte") when the package has one, else by
 * the name as written; any other document (or a book with no such creator)
 * by its byline as written — a list of authors thus sorts by its first one.
 * Blank is no author (NULL: listed last). Kept by triggers on articles and
 * article_books, so every writer (import, replace, JSON restore, undo,
 * sync's materialize, CLI) keeps it without code of its own; it is derived
 * on each device and never synced (not in sync/entities.ts ARTICLE_FIELDS).
 */
import type { Database } from 'better-sqlite3';

/** The key of the article with seq `seq` (an SQL expression over the stored rows). */
function keyOf(seq: string): string {
  // CASE guards json_extract: a hand-made info whose creators are not objects is skipped, not an error.
  return `coalesce(
    (SELECT coalesce(nullif(trim(json_extract(c.value, '$.fileAs')), ''), nullif(trim(json_extract(c.value, '$.name')), ''))
       FROM article_books b, json_each(CASE WHEN json_valid(b.info) THEN b.info ELSE '{}' END, '$.creators') c
       WHERE b.article_seq = ${seq}
         AND CASE WHEN c.type = 'object' THEN coalesce(lower(json_extract(c.value, '$.role')), 'aut') END = 'aut'
         AND CASE WHEN c.type = 'object' THEN coalesce(nullif(trim(json_extract(c.value, '$.fileAs')), ''), nullif(trim(json_extract(c.value, '$.name')), '')) END IS NOT NULL
       ORDER BY c.key LIMIT 1),
    (SELECT nullif(trim(author), '') FROM articles WHERE seq = ${seq}))`;
}

/** Sets the key of one article when it differs (no write, no update trigger, otherwise). */
function refresh(seq: string): string {
  return `UPDATE articles SET author_sort = ${keyOf(seq)} WHERE seq = ${seq} AND author_sort IS NOT ${keyOf(seq)} COLLATE BINARY;`;
}

/** The column, its index, the triggers that keep it, and the key of every existing row. */
export function createAuthorSort(db: Database): void {
  db.exec(`
    ALTER TABLE articles ADD COLUMN author_sort TEXT COLLATE NOCASE;
    -- Author sort: authors A–Z, no author last, then by title (src/main/db/reading.ts); the
    -- second index serves the library's default view (archived = 0) without sorting every row.
    CREATE INDEX articles_by_author ON articles (author_sort IS NULL, author_sort, title COLLATE NOCASE, seq);
    CREATE INDEX articles_by_archived_author ON articles (archived, author_sort IS NULL, author_sort, title COLLATE NOCASE, seq);
    CREATE TRIGGER articles_author_sort_insert AFTER INSERT ON articles
    BEGIN
      ${refresh('new.seq')}
    END;
    CREATE TRIGGER articles_author_sort_update AFTER UPDATE OF author, author_sort ON articles
    BEGIN
      ${refresh('new.seq')}
    END;
    CREATE TRIGGER article_books_author_sort_insert AFTER INSERT ON article_books
    BEGIN
      ${refresh('new.article_seq')}
    END;
    CREATE TRIGGER article_books_author_sort_update AFTER UPDATE OF info, article_seq ON article_books
    BEGIN
      ${refresh('old.article_seq')}
      ${refresh('new.article_seq')}
    END;
    CREATE TRIGGER article_books_author_sort_delete AFTER DELETE ON article_books
    BEGIN
      ${refresh('old.article_seq')}
    END;
    UPDATE articles SET author_sort = ${keyOf('articles.seq')};
  `);
}
