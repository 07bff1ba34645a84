/**
 * The gloss CLI as one ES module for the unit tests' child processes. Each
 * `node --import tsx src/main/cli/main.ts` start compiled the CLI's
 * TypeScript again (~1 s, more on a loaded machine, ~100 starts a run);
 * bundled once per run by the global setup (tests/helpers/global-setup.ts)
 * a start takes about half that. Only Gloss's own code is bundled (packages
 * stay imports) and the file lives under node_modules/, at the depth of
 * src/main/cli/, so packages and `out/renderer` resolve as from the source.
 * One file per run (the runner's pid): runs in the same tree do not race.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

// Not from ./tmp: this runs in the runner's process, not in a test file's.
const ROOT = resolve(import.meta.dirname, '..', '..');

export function cliBundlePath(runnerPid: number): string {
  return join(ROOT, 'node_modules', '.cache', 'gloss-unit', `cli-${runnerPid}.mjs`);
}

const OPTIONS = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' } as const;

/**
 * The CLI, and beside it the import workers' entry (extract-worker.mjs,
 * where src/main/workers/worker-entry.ts looks for it). One worker file
 * for every bundle in the folder, so it is replaced atomically (a rename):
 * a run in the same tree reads the old file or the new one, never half.
 */
export async function bundleCli(outfile: string): Promise<void> {
  await build({ ...OPTIONS, entryPoints: [join(ROOT, 'src/main/cli/main.ts')], outfile });
  const worker = await build({ ...OPTIONS, entryPoints: [join(ROOT, 'src/main/workers/extract-worker.ts')], write: false, outfile: 'extract-worker.mjs' });
  const target = join(dirname(outfile), 'extract-worker.mjs');
  const temp = `${outfile}.worker-tmp`;
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(temp, worker.outputFiles[0]!.contents);
  renameSync(temp, target);
}

export function removeCliBundle(outfile: string): void {
  rmSync(outfile, { force: true });
}
