import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export { CORPUS_DIR, SEED_FILE as SEED } from './corpus';

const dirs: string[] = [];
const toClose: { close(): void }[] = [];

/** Closes what closeAfterTest was given, then removes the folders tempDir made; after every test of every file (tests/helpers/each-file.ts). */
export function removeTempDirs(): void {
  for (const item of toClose.splice(0)) item.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Closed after the test, before its temporary folders go (a library whose files live in one). */
export function closeAfterTest<T extends { close(): void }>(item: T): T {
  toClose.push(item);
  return item;
}

/** A fresh folder, removed after the test. */
export function tempDir(prefix = 'gloss-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
