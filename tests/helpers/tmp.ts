import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export { CORPUS_DIR, SEED_FILE as SEED } from './corpus';

const dirs: string[] = [];

/** Removes the folders tempDir made; after every test of every file (tests/helpers/each-file.ts). */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh folder, removed after the test. */
export function tempDir(prefix = 'gloss-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
