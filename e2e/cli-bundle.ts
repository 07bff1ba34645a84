/**
 * The gloss CLI as one ES module for the e2e runs. Every test starts its own
 * `gloss serve`; through tsx each start paid ~1.2 s (more on a loaded
 * machine) compiling TypeScript, bundled once per run it takes ~0.5 s. Only
 * Gloss's own code is bundled (packages stay imports), and the file lives
 * under node_modules/ so those imports resolve as from the source; the
 * Electron app is bundled the same way by electron-vite.
 */
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const CLI_BUNDLE = join(ROOT, 'node_modules/.cache/gloss-e2e/cli.mjs');
/** The built renderer `gloss serve` shows (the bundle cannot find it relative to itself). */
export const RENDERER_DIR = process.env.GLOSS_RENDERER_DIR ?? join(ROOT, 'out/renderer');

export async function bundleCli(): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'src/main/cli/main.ts')],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

/** Arguments for `node` to run the gloss command with `args`. */
export function cliArgs(...args: string[]): string[] {
  return [CLI_BUNDLE, ...args];
}

/** The environment a gloss child process runs with. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, GLOSS_RENDERER_DIR: RENDERER_DIR, ...extra };
}
