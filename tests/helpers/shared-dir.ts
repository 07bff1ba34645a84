/**
 * Where the shared test material lives (`corpus/seed`, `corpus/web`):
 * `../shared` beside the project, as in the team's checkout. A clone kept
 * elsewhere can point at it with GLOSS_SHARED_DIR; failing both, the
 * folders above the project are searched.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

function findSharedDir(): string {
  const fromEnv = process.env.GLOSS_SHARED_DIR;
  if (fromEnv) return resolve(fromEnv);
  for (let dir = PROJECT_ROOT; ; dir = dirname(dir)) {
    const candidate = join(dir, '..', 'shared');
    if (existsSync(join(candidate, 'corpus'))) return resolve(candidate);
    if (dirname(dir) === dir) break;
  }
  for (const fallback of ['/work/shared']) if (existsSync(join(fallback, 'corpus'))) return fallback;
  return resolve(PROJECT_ROOT, '..', 'shared');
}

export const SHARED_DIR = findSharedDir();
export const SEED_FILE = join(SHARED_DIR, 'corpus', 'seed', '000_f7a549f89111a0be.txt');
export const WEB_CORPUS_DIR = join(SHARED_DIR, 'corpus', 'web');
