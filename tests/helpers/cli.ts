import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import { ROOT } from './tmp';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI bundled once per run (tests/helpers/global-setup.ts). */
    glossCliBundle: string;
  }
}

/** `node` arguments that run the real CLI with `args`, as `npm run gloss --` does (bundled: see cli-bundle.ts). */
export function cliArgs(...args: string[]): string[] {
  return [inject('glossCliBundle'), ...args];
}

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs the real CLI (as `npm run gloss --` does) without blocking this
 * process, so a server in the same test can answer it.
 */
export function gloss(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(...args), {
      cwd: ROOT,
      env: { ...process.env, GLOSS_LIBRARY: '' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
