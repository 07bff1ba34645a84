/**
 * The gloss CLI for the e2e runs: bundled once per run by global-setup.ts
 * (tests/helpers/cli-bundle.ts, as for the unit tests), so each test's
 * `gloss serve` starts in ~0.5 s instead of ~1.2 s through tsx.
 */
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const CLI_BUNDLE = join(ROOT, 'node_modules/.cache/gloss-e2e/cli.mjs');
/** The built renderer `gloss serve` shows. */
export const RENDERER_DIR = process.env.GLOSS_RENDERER_DIR ?? join(ROOT, 'out/renderer');

/** Arguments for `node` to run the gloss command with `args`. */
export function cliArgs(...args: string[]): string[] {
  return [CLI_BUNDLE, ...args];
}

/** The environment a gloss child process runs with. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // Tests' servers leave the browser connector's fixed port alone (the extension test sets its own),
  // and skip the idle warm-up of the HTML importer (~0.6 s of CPU per test; an import loads it anyway).
  return { ...process.env, GLOSS_RENDERER_DIR: RENDERER_DIR, GLOSS_CONNECTOR_PORT: 'off', GLOSS_WARM_UP: 'off', ...extra };
}
