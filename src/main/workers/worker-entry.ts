/**
 * Where the extraction worker's entry is, in each of the four places the
 * core runs:
 *
 * - from source (Vitest, tsx: `npm run gloss`, `npm run bench`): this module
 *   is TypeScript, so is the entry beside it; the worker registers tsx's
 *   CommonJS hooks and requires it (Node 20 runs no --import loader in a
 *   worker before its entry, and module.register does not reach its imports);
 * - bundled (electron-vite's main build, the CLI's esbuild bundle): the
 *   entry is emitted as its own file beside the bundle that holds this code
 *   (`extract-worker.js` in out/main/, `extract-worker.mjs` beside cli.mjs).
 *
 * Undefined when there is none (a bundle built without it): the work is then
 * done in the calling thread, as before workers.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  /** The entry file, or (from source) the code that loads it. */
  source: URL | string;
  eval: boolean;
  execArgv: string[];
}

export const WORKER_ENTRY_NAMES = ['extract-worker.js', 'extract-worker.mjs'] as const;

export function extractWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry | undefined {
  if (moduleUrl.endsWith('.ts')) {
    const entry = fileURLToPath(new URL('./extract-worker.ts', moduleUrl));
    if (!existsSync(entry)) return undefined;
    let tsx: string;
    try {
      tsx = createRequire(moduleUrl).resolve('tsx/cjs/api');
    } catch {
      return undefined; // TypeScript sources without tsx: no workers
    }
    return { source: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(entry)});`, eval: true, execArgv: [] };
  }
  for (const name of WORKER_ENTRY_NAMES) {
    const url = new URL(`./${name}`, moduleUrl);
    // No inherited flags (an --inspect port would be taken twice).
    if (existsSync(fileURLToPath(url))) return { source: url, eval: false, execArgv: [] };
  }
  return undefined;
}
