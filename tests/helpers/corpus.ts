/**
 * The test corpus, kept in the repository (`tests/fixtures/corpus`) so a
 * fresh clone passes its own tests with nothing beside it. See
 * `tests/fixtures/corpus/README.md` for where the pages come from and their
 * licence.
 */
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const CORPUS_DIR = join(PROJECT_ROOT, 'tests', 'fixtures', 'corpus');
export const SEED_FILE = join(CORPUS_DIR, 'seed', '000_f7a549f89111a0be.txt');
export const WEB_CORPUS_DIR = join(CORPUS_DIR, 'web');
