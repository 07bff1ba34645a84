/**
 * Extraction pools for the tests on the CLI bundle's worker entry
 * (extract-worker.mjs beside the bundle, built once per run): a worker from
 * it starts in well under a second, where one from the TypeScript sources
 * compiles them through tsx first (tests/workers/extract-pool.test.ts runs
 * that one once).
 */
import { pathToFileURL } from 'node:url';
import { afterEach } from 'vitest';
import { ExtractPool, replaceExtractPool } from '../../src/main/workers/pool';
import { extractWorkerEntry, type WorkerEntry } from '../../src/main/workers/worker-entry';
import { cliArgs } from '../helpers/cli';

export function bundledWorkerEntry(): WorkerEntry {
  const entry = extractWorkerEntry(pathToFileURL(cliArgs()[0]!).href);
  if (!entry) throw new Error('no extract-worker.mjs beside the CLI bundle');
  return entry;
}

const made: ExtractPool[] = [];
let original: ExtractPool | undefined;
afterEach(async () => {
  if (original) replaceExtractPool(original);
  original = undefined;
  await Promise.all(made.splice(0).map((p) => p.close()));
});

/** A pool of `size` bundled workers (closed after the test); `install`: the one the imports use during the test. */
export function bundledPool(size: number, options: { install?: boolean; entry?: WorkerEntry; idleMs?: number } = {}): ExtractPool {
  const pool = new ExtractPool(size, options.entry ?? bundledWorkerEntry(), options.idleMs);
  made.push(pool);
  if (options.install) {
    const before = replaceExtractPool(pool);
    original ??= before;
  }
  return pool;
}
