/**
 * Building blocks of the crash tests: a seeded random source, a small pool
 * to run children two at a time, and killing a child at a chosen moment.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Running } from './spawn';

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Kill delays spread over an operation of `durationMs`: run i of n is
 * killed at a random point of the i-th n-th of it (stratified, so early,
 * middle and late points are all covered).
 */
export function killDelays(durationMs: number, runs: number, random: () => number): number[] {
  return Array.from({ length: runs }, (_, i) => Math.round((durationMs * (i + random())) / runs));
}

export interface KillOutcome {
  /** Whether the kill landed before the child finished by itself. */
  killed: boolean;
}

/** Sends SIGKILL `delayMs` after the child said `ready`; resolves once it is gone and its output read. */
export async function killAfter(run: Running, delayMs: number): Promise<KillOutcome> {
  const readyAt = await run.ready;
  const wait = Math.max(0, readyAt + delayMs - performance.now());
  const timer = setTimeout(() => run.child.kill('SIGKILL'), wait);
  const { signal } = await run.exit;
  clearTimeout(timer);
  return { killed: signal === 'SIGKILL' };
}

/** Runs a full operation and measures it from `ready` to exit. */
export async function timed(run: Running): Promise<{ ms: number; code: number | null }> {
  const readyAt = await run.ready;
  const { code } = await run.exit;
  return { ms: performance.now() - readyAt, code };
}

/** Runs `tasks` at most `limit` at a time; results in task order. */
export async function inPool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

/** A copy of folder `from` at `to` (a library folder, an export folder). */
export function copyFolder(from: string, to: string): string {
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true });
  return to;
}

export const runDir = (root: string, scenario: string, i: number): string => join(root, `${scenario}-${i}`);
