import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GlossError } from '../../src/shared/errors';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../src/main/db/migrations';
import { openDatabase, openLibraryDatabase, DB_FILE_NAME } from '../../src/main/db/open';
import { tempDir } from '../helpers/tmp';

describe('opening a library', () => {
  it('creates the file with WAL, foreign keys and the latest schema', () => {
    const dir = join(tempDir(), 'nested', 'library');
    const db = openLibraryDatabase(dir);
    try {
      expect(existsSync(join(dir, DB_FILE_NAME))).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(LATEST_VERSION).toBeGreaterThanOrEqual(1);
    } finally {
      db.close();
    }
  });

  it('makes every ordinary table STRICT and has the tables later features need', () => {
    const db = openDatabase(join(tempDir(), 'g.sqlite'));
    try {
      const tables = db
        .prepare(
          `SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE TABLE%' AND name NOT GLOB '*_fts_*'`,
        )
        .all() as { name: string; sql: string }[];
      const names = tables.map((t) => t.name);
      for (const needed of ['articles', 'article_bodies', 'highlights', 'article_notes', 'tags', 'article_tags', 'assets', 'article_passages']) {
        expect(names).toContain(needed);
      }
      for (const t of tables) expect(t.sql, t.name).toMatch(/\bSTRICT\b/);
      const fts = db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'articles_fts'`).get() as { sql: string };
      expect(fts.sql).toMatch(/fts5/i);
    } finally {
      db.close();
    }
  });

  it('runs no migration on a library that is up to date', () => {
    const file = join(tempDir(), 'g.sqlite');
    openDatabase(file).close();
    const db = new BetterSqlite3(file);
    try {
      expect(migrate(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('runs nothing twice when another connection migrated the library meanwhile', () => {
    // Two processes opening one old library at once: both read version 1,
    // one migrates, the other must not run the same migrations again.
    const file = join(tempDir(), 'g.sqlite');
    const first = new BetterSqlite3(file);
    const second = new BetterSqlite3(file);
    try {
      expect(migrate(first, MIGRATIONS.slice(0, 1))).toEqual([1]);
      const ranByOther = migrate(second, MIGRATIONS, () => {
        // After `second` read version 1, before it takes the write lock.
        expect(migrate(first, MIGRATIONS)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
      });
      expect(ranByOther).toEqual([]);
      expect(schemaVersion(second)).toBe(LATEST_VERSION);
    } finally {
      first.close();
      second.close();
    }
  });

  it('refuses a library written by a newer Gloss, and leaves it untouched', () => {
    const file = join(tempDir(), 'g.sqlite');
    const raw = new BetterSqlite3(file);
    // A Gloss library (it has the core tables) from a future version.
    raw.exec('CREATE TABLE articles (x INTEGER) STRICT; CREATE TABLE article_bodies (x INTEGER) STRICT; CREATE TABLE future (x INTEGER) STRICT');
    raw.pragma(`user_version = ${LATEST_VERSION + 7}`);
    raw.close();

    let error: unknown;
    try {
      openDatabase(file).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GlossError);
    expect((error as GlossError).code).toBe('library_too_new');
    expect((error as GlossError).message).toMatch(/newer version of Gloss/);

    const after = new BetterSqlite3(file);
    try {
      expect(schemaVersion(after)).toBe(LATEST_VERSION + 7);
      const names = after.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all();
      expect(names).toEqual(['articles', 'article_bodies', 'future']);
    } finally {
      after.close();
    }
  });

  it('rolls back every pending migration when one fails', () => {
    const db = new BetterSqlite3(join(tempDir(), 'g.sqlite'));
    try {
      const broken = [
        ...MIGRATIONS,
        {
          version: LATEST_VERSION + 1,
          name: 'half done',
          up: (d: typeof db) => {
            d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
            throw new Error('disk on fire');
          },
        },
      ];
      expect(() => migrate(db, broken)).toThrow('disk on fire');
      expect(schemaVersion(db)).toBe(0);
      const names = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all();
      expect(names).toEqual([]);
    } finally {
      db.close();
    }
  });
});

// Each migration's upgrade of a library with data in the old shape: upgrades.test.ts.
