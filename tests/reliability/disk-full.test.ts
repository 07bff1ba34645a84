/**
 * Running out of disk space, for real: the library (or the export folder)
 * sits on a small tmpfs. An import or an export that does not fit gives
 * one clear line ("Not enough disk space…", code disk_full) and leaves the
 * library (and the folder) as they were.
 *
 * Mounting needs root; where it is refused the tmpfs tests are skipped
 * (with the reason) and the import case still runs on a size-limited
 * database (PRAGMA max_page_count: SQLite's own "disk full").
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import { SEED, tempDir } from '../helpers/tmp';
import { consistencyProblems, logicalChecksum, openLibraryFile } from './library-state';
import { startCli } from './spawn';

const MOUNT_SIZE = '8m';

/** Mounts a tmpfs of MOUNT_SIZE at a fresh folder; the reason when it cannot. */
function mountTmpfs(): { dir: string } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_SIZE}`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `cannot mount a tmpfs here (${String((err as Error).message).split('\n')[0]})` };
  }
}

const mounted = mountTmpfs();
const mountPoint = 'dir' in mounted ? mounted.dir : '';
if ('reason' in mounted) console.warn(`disk-full tests on tmpfs skipped: ${mounted.reason}`);

afterAll(() => {
  if (!mountPoint) return;
  execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** The library's logical content and soundness, read from its file. */
function state(dir: string): { checksum: string; problems: string[] } {
  const db = openLibraryFile(dir);
  try {
    return { checksum: logicalChecksum(db), problems: consistencyProblems(db) };
  } finally {
    db.close();
  }
}

/** Fills the file system of `dir` until `leave` bytes (about) are free. */
function fill(dir: string, leave: number): void {
  const free = Number(execFileSync('df', ['--output=avail', '-B1', dir], { encoding: 'utf8' }).trim().split('\n').pop());
  expect(free, 'free space before filling').toBeGreaterThan(leave);
  writeFileSync(join(dir, 'filler'), Buffer.alloc(free - leave));
}

/** A long plain-text article (about `bytes` of text) that still imports. */
function bigArticle(bytes: number): Uint8Array {
  const paragraph = 'The river ran under the old mill, and the miller counted the sacks twice before the frost came down the valley. ';
  const parts = ['A Long Winter\n'];
  for (let n = 0; parts.join('').length < bytes; n++) parts.push(`\n${paragraph.repeat(8)}(${n})\n`);
  return new TextEncoder().encode(parts.join(''));
}

// Skipped only where no tmpfs can be mounted (mounting needs root): a full disk cannot be made safely otherwise.
describe.skipIf(!mountPoint)('out of disk space (tmpfs)', () => {
  let libraryDir: string;
  beforeAll(async () => {
    libraryDir = join(mountPoint, 'library');
    const library = Library.open(libraryDir);
    library.importFile({ fileName: 'seed.txt', bytes: readFileSync(SEED) }, 'new');
    // Today's backup is taken while there is room: these tests are about the writes.
    await library.beforeWrite();
    library.close();
  });

  it('an import that does not fit: one clear line, the library as it was (CLI and dispatcher)', async () => {
    fill(mountPoint, 256 * 1024);
    const before = state(libraryDir);
    const big = join(tempDir(), 'winter.txt');
    writeFileSync(big, bigArticle(400 * 1024));

    const cli = startCli(['import', big, '--library', libraryDir]);
    const { code } = await cli.exit;
    expect(code).toBe(1);
    const lines = cli.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^failed {3}.*winter\.txt: Not enough disk space/);
    expect(state(libraryDir)).toEqual(before);

    const library = Library.open(libraryDir);
    const internal: unknown[] = [];
    const dispatch = createDispatcher(createHandlers(library, 'browser'), (err) => internal.push(err));
    const answer = await dispatch('importFile', { name: 'winter.txt', data: readFileSync(big), mode: 'new' });
    expect(answer).toEqual({ ok: false, error: { code: 'disk_full', message: expect.stringMatching(/^Not enough disk space[^\n]*$/) as string } });
    expect(internal).toEqual([]);
    library.close();
    expect(state(libraryDir)).toEqual(before);
    expect(before.problems).toEqual([]);

    // With space again, the same import works.
    rmSync(join(mountPoint, 'filler'));
    const again = startCli(['import', big, '--library', libraryDir, '--json']);
    expect((await again.exit).code, again.lines.join('\n')).toBe(0);
  }, 60_000);

  it('an export that does not fit: one clear line, the folder and the library as they were', async () => {
    const out = join(mountPoint, 'export');
    const library = Library.open(libraryDir);
    const id = library.listArticles().at(-1)!.id;
    library.setArticleNote(id, 'A first note.');
    library.exportToFolder(out, [id]);
    library.setArticleNote(id, `A long note.\n\n${'Words, words, words. '.repeat(20_000)}`);
    library.close();
    const folder = (): Record<string, string> =>
      Object.fromEntries(readdirSync(out).map((f) => [f, createHash('sha256').update(readFileSync(join(out, f))).digest('hex')]));
    const filesBefore = folder();
    const before = state(libraryDir);
    fill(mountPoint, 64 * 1024);

    const cli = startCli(['export', '--all', '--out', out, '--library', libraryDir]);
    const { code } = await cli.exit;
    expect(code).toBe(1);
    expect(cli.stderr().trim()).toMatch(/^gloss: Not enough disk space[^\n]*$/);
    expect(folder()).toEqual(filesBefore);
    expect(state(libraryDir)).toEqual(before);
    rmSync(join(mountPoint, 'filler'));
  }, 60_000);
});

describe('out of space in the database file (max_page_count, runs everywhere)', () => {
  it('an import that does not fit: disk_full, the library as it was', async () => {
    const dir = tempDir();
    const library = Library.open(dir);
    library.importFile({ fileName: 'seed.txt', bytes: readFileSync(SEED) }, 'new');
    const pages = library.db.pragma('page_count', { simple: true }) as number;
    library.db.pragma(`max_page_count = ${pages + 8}`);
    const before = logicalChecksum(library.db);
    const dispatch = createDispatcher(createHandlers(library, 'browser'));
    const answer = await dispatch('importFile', { name: 'winter.txt', data: bigArticle(200 * 1024), mode: 'new' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(logicalChecksum(library.db)).toBe(before);
    expect(consistencyProblems(library.db)).toEqual([]);
    library.close();
  });
});

