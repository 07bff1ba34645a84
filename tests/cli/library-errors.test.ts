/**
 * Every way a library can fail to open gives one line on stderr, no stack
 * trace, exit status 1: the real CLI as a child process on real files.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../src/main/db/open';
import { LATEST_VERSION } from '../../src/main/db/migrations';
import { Library } from '../../src/main/library';
import { damageData, damageSchema } from '../backup/damage';
import { cliArgs } from '../helpers/cli';
import { ROOT, SEED, tempDir } from '../helpers/tmp';

/**
 * Root ignores file permissions, so the permission cases run the CLI as
 * the unprivileged user "nobody" when the tests run as root (as CI does).
 */
const asRoot = process.getuid?.() === 0;

function gloss(args: string[], options: { unprivileged?: boolean } = {}) {
  const spawnOptions: SpawnSyncOptions = {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GLOSS_LIBRARY: '' },
    ...(options.unprivileged && asRoot ? { uid: 65534, gid: 65534 } : {}),
  };
  const result = spawnSync(process.execPath, cliArgs(...args), spawnOptions);
  return { code: result.status, out: String(result.stdout), err: String(result.stderr) };
}

/** Exit 1 and exactly one line on stderr, without a stack trace. */
function expectOneLine(result: { code: number | null; err: string }, pattern: RegExp): void {
  expect(result.err.trim().split('\n'), result.err).toHaveLength(1);
  expect(result.err).toMatch(/^gloss: /);
  expect(result.err).not.toMatch(/\n\s+at /);
  expect(result.err).toMatch(pattern);
  expect(result.code).toBe(1);
}

/** A folder "nobody" can reach (temp folders are private to their owner). */
function sharedDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  return dir;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A real library with a few articles (enough pages to damage some). */
function realLibrary(dir: string): void {
  const library = Library.open(dir);
  for (const title of ['One', 'Two', 'Three']) {
    library.importFile({ fileName: `${title}.txt`, bytes: text(`${title}\n\n${`Text of ${title}. `.repeat(500)}\n`) }, 'new');
  }
  library.close();
}

// Each case spawns the CLI (a few seconds each on a busy machine).
describe('a library that cannot open', { timeout: 120_000 }, () => {
  it('--library is a file', () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'hello');
    expectOneLine(gloss(['list', '--library', file]), /notes\.txt is a file\. The library is a folder/);
    expectOneLine(gloss(['import', SEED, '--library', file]), /is a file/);
  });

  it('a path under a file', () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'hello');
    expectOneLine(gloss(['import', SEED, '--library', join(file, 'sub', 'lib')]), /Cannot create the library folder .*notes\.txt is a file/);
  });

  it('a folder that is not writable', () => {
    const dir = sharedDir();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    expectOneLine(gloss(['import', SEED, '--library', join(locked, 'lib')], { unprivileged: true }), /folder .*locked is not writable/);

    const library = join(dir, 'lib');
    realLibrary(library);
    chmodSync(join(library, DB_FILE_NAME), 0o666);
    chmodSync(library, 0o555);
    expectOneLine(gloss(['list', '--library', library], { unprivileged: true }), /the folder .*lib is not writable/);
  });

  it('a read-only library file: reads work, a write is refused', () => {
    const dir = sharedDir();
    const library = join(dir, 'lib');
    realLibrary(library);
    chmodSync(library, 0o777);
    chmodSync(join(library, DB_FILE_NAME), 0o444);
    const list = gloss(['list', '--library', library, '--json'], { unprivileged: true });
    expect(list.err).toBe('');
    expect(JSON.parse(list.out)).toHaveLength(3);
    expectOneLine(gloss(['import', SEED, '--library', library], { unprivileged: true }), /gloss\.sqlite is read-only: Gloss cannot save changes/);
  });

  it('random bytes where the library file should be', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DB_FILE_NAME), Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 251)));
    expectOneLine(gloss(['list', '--library', dir]), /gloss\.sqlite is not a Gloss library \(it is not an SQLite database\)/);
  });

  it('the SQLite database of another app (recognised by its tables and user_version)', () => {
    const dir = tempDir();
    const db = new BetterSqlite3(join(dir, DB_FILE_NAME));
    db.exec('CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES (\'soup\')');
    db.pragma('user_version = 3');
    db.close();
    expectOneLine(gloss(['import', SEED, '--library', dir]), /is not a Gloss library \(it is an SQLite database of another kind\)/);
    // Left as it was: no Gloss tables added.
    const after = new BetterSqlite3(join(dir, DB_FILE_NAME), { readonly: true });
    expect(after.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all()).toEqual(['recipes']);
    after.close();
  });

  it('a library from a newer Gloss', () => {
    const dir = tempDir();
    realLibrary(dir);
    const db = new BetterSqlite3(join(dir, DB_FILE_NAME));
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expectOneLine(gloss(['list', '--library', dir]), /written by a newer version of Gloss .* Update Gloss to open it/);
  });

  it('a damaged library names the newest good backup to restore', () => {
    const dir = tempDir();
    realLibrary(dir);
    const made = gloss(['backup', '--library', dir, '--json']);
    expect(made.code).toBe(0);
    const backup = JSON.parse(made.out) as { name: string };
    damageData(join(dir, DB_FILE_NAME));
    const list = gloss(['list', '--library', dir]);
    expectOneLine(list, /gloss\.sqlite is damaged \(database disk image is malformed\)/);
    expect(list.err).toContain(`gloss restore ${backup.name} --library "${dir}"`);
    // A write stops before changing anything, with the same way forward.
    expectOneLine(gloss(['import', SEED, '--library', dir]), new RegExp(`gloss restore ${backup.name.replace(/\./g, '\\.')}`));
  });

  it('a library whose schema page is damaged fails at open, and says when there is no good backup', () => {
    const dir = tempDir();
    realLibrary(dir);
    damageSchema(join(dir, DB_FILE_NAME));
    const result = gloss(['list', '--library', dir]);
    expectOneLine(result, /damaged|malformed/);
    expect(result.err).toMatch(/No good backup in /);
  });

  it('gloss serve on a bad library prints the one line and exits 1', () => {
    const dir = tempDir();
    realLibrary(dir);
    copyFileSync(join(dir, DB_FILE_NAME), join(tempDir(), 'spare.sqlite'));
    damageSchema(join(dir, DB_FILE_NAME));
    expectOneLine(gloss(['serve', '--library', dir, '--port', '0']), /damaged|malformed/);
    const file = join(tempDir(), 'file');
    writeFileSync(file, '');
    expectOneLine(gloss(['serve', '--library', file, '--port', '0']), /is a file/);
  });
});

describe('reading a library that does not exist', { timeout: 120_000 }, () => {
  it('says "No library at DIR" and creates nothing, for every read-only command', () => {
    const dir = join(tempDir(), 'nowhere');
    const commands = [
      ['list'],
      ['show', 'abcd1234'],
      ['search', 'word'],
      ['export', '--out', join(tempDir(), 'out'), '--all'],
      ['highlights', 'abcd1234'],
      ['tags'],
      ['backups'],
    ];
    for (const command of commands) {
      const result = gloss([...command, '--library', dir]);
      expectOneLine(result, new RegExp(`No library at ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`, 'm'));
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('a folder without a library file is no library either', () => {
    const dir = tempDir();
    expectOneLine(gloss(['list', '--library', dir]), /No library at /);
    expect(existsSync(join(dir, DB_FILE_NAME))).toBe(false);
  });
});
