/** Starting the reliability child (child.ts) and the real CLI, and watching their output line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { cliArgs } from '../helpers/cli';
import { ROOT } from '../helpers/tmp';

/**
 * child.ts bundled once per test process: a child then starts in about
 * half the time it takes through tsx, which matters for the crash tests'
 * 80 children. It lives under node_modules so its packages resolve.
 */
const BUNDLE = join(ROOT, 'node_modules', '.cache', 'gloss-reliability', `child-${process.pid}.mjs`);
let bundled: Promise<void> | undefined;

export function bundleChild(): Promise<void> {
  mkdirSync(join(BUNDLE, '..'), { recursive: true });
  bundled ??= build({
    entryPoints: [join(ROOT, 'tests/reliability/child.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  }).then(() => undefined);
  return bundled;
}

export function removeChildBundle(): void {
  rmSync(BUNDLE, { force: true });
  bundled = undefined;
}

export interface Running {
  child: ChildProcess;
  /** stdout lines so far (complete lines only). */
  lines: string[];
  stderr: () => string;
  /** Resolves with the time (performance.now()) the child printed `ready`. */
  ready: Promise<number>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function watch(child: ChildProcess): Running {
  const lines: string[] = [];
  let err = '';
  let partial = '';
  let onReady: (t: number) => void = () => {};
  const ready = new Promise<number>((resolve) => (onReady = resolve));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      if (line === 'ready') onReady(performance.now());
      else lines.push(line);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    // 'close': every byte the child wrote before dying has been read.
    child.on('close', (code, signal) => {
      onReady(performance.now());
      resolve({ code, signal });
    });
  });
  return { child, lines, stderr: () => err, ready, exit };
}

/** Runs tests/reliability/child.ts (bundled: call bundleChild() first) with `op` on the library in `dir`. */
export function startChild(op: string, dir: string, args: readonly string[] = []): Running {
  if (!bundled) throw new Error('call bundleChild() in beforeAll');
  const child = spawn(process.execPath, [BUNDLE, op, dir, ...args], {
    cwd: ROOT,
    env: { ...process.env, GLOSS_LIBRARY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child);
}

/** Runs the real CLI (src/main/cli/main.ts, bundled once per run), as `npm run gloss --` does. */
export function startCli(args: readonly string[]): Running {
  const child = spawn(process.execPath, cliArgs(...args), {
    cwd: ROOT,
    env: { ...process.env, GLOSS_LIBRARY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child);
}

/** JSON records among the lines. */
export function records<T = Record<string, unknown>>(lines: readonly string[]): T[] {
  return lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as T);
}
