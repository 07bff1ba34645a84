/**
 * What the reliability tests check on a library file: a checksum of its
 * logical content, and every consistency rule a half-written change would
 * break (read with SQL, on the real file).
 */
import { createHash } from 'node:crypto';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { join } from 'node:path';
import { DB_FILE_NAME } from '../../src/main/db/open';

const FTS_SHADOWS = ['_data', '_idx', '_docsize', '_config', '_content'];
/** Which copy of a library this file is (its sync device id, made when it was created), not its content. */
const IDENTITY_TABLES = new Set(['sync_state']);

/** Opens a library's file as the app would after a crash (WAL recovery included). */
export function openLibraryFile(dir: string): Database {
  const db = new BetterSqlite3(join(dir, DB_FILE_NAME));
  db.pragma('busy_timeout = 5000');
  return db;
}

function rowKey(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : v));
}

/**
 * A hash of every row of every table (search indexes read through their
 * virtual tables, not their storage), in a stable order: equal hashes mean
 * the same logical content. A library's own identity (its sync device id)
 * is left out: two libraries with the same content compare equal.
 */
export function logicalChecksum(db: Database): string {
  const tables = db
    .prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all();
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const shadow = (name: string): boolean => virtual.some((v) => FTS_SHADOWS.some((s) => name === v + s));
  const hash = createHash('sha256');
  for (const { name } of tables) {
    if (shadow(name) || IDENTITY_TABLES.has(name)) continue;
    const select = virtual.includes(name) ? `SELECT rowid AS _rowid, * FROM "${name}"` : `SELECT * FROM "${name}"`;
    const rows = db.prepare<[], Record<string, unknown>>(select).all().map(rowKey).sort();
    hash.update(`${name}\n${rows.join('\n')}\n`);
  }
  hash.update(`user_version ${String(db.pragma('user_version', { simple: true }))}`);
  return hash.digest('hex');
}

function count(db: Database, sql: string): number {
  return db.prepare<[], { n: number }>(sql).get()!.n;
}

/**
 * Everything wrong with the library's consistency; [] when sound. An
 * article must have its body and search row, its highlights and notes
 * their search rows, every asset its true hash; nothing may point nowhere.
 */
export function consistencyProblems(db: Database): string[] {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk).slice(0, 300)}`);
  const rules: Array<[string, string]> = [
    ['articles without a body', `SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_bodies b WHERE b.article_seq = a.seq)`],
    ['bodies without an article', `SELECT count(*) AS n FROM article_bodies b WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.seq = b.article_seq)`],
    ['articles without a search row', `SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM articles_fts f WHERE f.rowid = a.seq)`],
    ['search rows without an article', `SELECT count(*) AS n FROM articles_fts f WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.seq = f.rowid)`],
    ['articles with an empty text', `SELECT count(*) AS n FROM article_bodies WHERE text = ''`],
    [
      'highlights and notes out of step with their search rows',
      `SELECT abs((SELECT count(*) FROM highlights WHERE deleted_at IS NULL) + (SELECT count(*) FROM article_notes WHERE note <> '')
              - (SELECT count(*) FROM annotations_fts)) AS n`,
    ],
    ['assets whose size is wrong', `SELECT count(*) AS n FROM assets WHERE size <> length(bytes)`],
    ['tag links to no tag', `SELECT count(*) AS n FROM article_tags t WHERE NOT EXISTS (SELECT 1 FROM tags g WHERE g.seq = t.tag_seq)`],
  ];
  for (const [what, sql] of rules) {
    const n = count(db, sql);
    if (n) problems.push(`${what}: ${n}`);
  }
  for (const row of db.prepare<[], { hash: string; bytes: Buffer }>(`SELECT hash, bytes FROM assets`).all()) {
    if (createHash('sha256').update(row.bytes).digest('hex') !== row.hash) problems.push(`asset ${row.hash} does not match its bytes`);
  }
  for (const fts of ['articles_fts', 'annotations_fts']) {
    try {
      db.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('integrity-check')`).run();
    } catch (err) {
      problems.push(`${fts}: ${(err as Error).message}`);
    }
  }
  return problems;
}

/** Text of each article by id. */
export function textsById(db: Database): Map<string, string> {
  const rows = db
    .prepare<[], { id: string; text: string }>(`SELECT a.id, b.text FROM articles a JOIN article_bodies b ON b.article_seq = a.seq`)
    .all();
  return new Map(rows.map((r) => [r.id, r.text]));
}
