/**
 * The extraction pool: the CPU-heavy steps of an import (extract-jobs.ts) on
 * up to `size` worker threads, first come first served. A busy worker is
 * sent its next job before it finishes this one (up to PER_WORKER), so it
 * never waits for this thread (storing the item before) to hand it more
 * work. Workers start when there is work and end after IDLE_MS
 * without any; an idle worker never keeps the process alive (the CLI exits
 * as soon as its work is done).
 *
 * Where no worker can run (one core, no entry file beside the bundle, a
 * worker that fails to start), jobs run in the calling thread: the same
 * functions, the same results, only not in parallel. A worker that dies
 * during a job (out of memory on a hostile file, a crash) rejects that job
 * with a plain Error, which callers treat as they treat a parser's error:
 * the file is damaged, nothing is stored.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runExtractJob, type ExtractJob, type ExtractResult } from './extract-jobs';
import { extractWorkerEntry, type WorkerEntry } from './worker-entry';
import { errorFromWire, type WireError } from './wire';

/** More threads than this cost more memory (a copy of each file's parser state) than they gain. */
const MAX_WORKERS = 4;
/** Long enough to stay warm between the files of one import (pdf.js and jsdom load again in a new worker). */
const IDLE_MS = 10_000;
/** Jobs sent to one worker at a time: the one it runs and the next. */
const PER_WORKER = 2;

interface Pending {
  id: number;
  job: ExtractJob;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  jobs: Map<number, Pending>;
  idle: NodeJS.Timeout | null;
  retired: boolean;
  error: Error | null;
}

type WorkerMessage = { ready: true } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

export class ExtractPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private broken = false;

  constructor(
    /** Worker threads at most; 0: every job runs in the calling thread. */
    readonly size: number,
    private readonly entry: WorkerEntry | undefined = extractWorkerEntry(),
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Whether jobs run in worker threads (else in the calling thread). */
  get parallel(): boolean {
    return this.size > 0 && this.entry !== undefined && !this.broken;
  }

  /** Worker threads running now (started, busy or idle). */
  get threads(): number {
    return this.slots.length;
  }

  run<J extends ExtractJob>(job: J): Promise<ExtractResult<J>> {
    if (!this.parallel) return runExtractJob(job);
    return new Promise<ExtractResult<J>>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });
  }

  /** Ends every worker now (jobs in flight are rejected). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.retire(slot)));
  }

  private pump(): void {
    const starting = this.slots.filter((s) => !s.ready).length;
    // A free worker first; a second job for a busy one only when no other worker can take it sooner.
    const depth = starting === 0 && this.slots.length >= this.size ? PER_WORKER : 1;
    while (this.queue.length > 0) {
      const open = this.slots.filter((s) => s.ready && !s.retired && s.jobs.size < depth);
      if (open.length === 0) break;
      const slot = open.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      this.dispatch(slot, this.queue.shift()!);
    }
    for (let n = this.queue.length - starting; n > 0 && this.slots.length < this.size && !this.broken; n--) this.spawn();
  }

  private spawn(): void {
    const entry = this.entry!;
    let worker: Worker;
    try {
      worker = new Worker(entry.source, { eval: entry.eval, execArgv: entry.execArgv });
    } catch {
      this.fallBack();
      return;
    }
    const slot: Slot = { worker, ready: false, jobs: new Map(), idle: null, retired: false, error: null };
    this.slots.push(slot);
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    // Without a listener an 'error' event would be thrown in this thread; 'exit' follows it.
    worker.on('error', (err) => (slot.error = err));
    worker.on('exit', () => this.onExit(slot));
  }

  private dispatch(slot: Slot, pending: Pending): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.jobs.set(pending.id, pending);
    slot.worker.ref(); // a job in flight keeps the process alive until it is answered
    slot.worker.postMessage({ id: pending.id, job: pending.job });
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if ('ready' in message) slot.ready = true;
    else {
      const pending = slot.jobs.get(message.id);
      slot.jobs.delete(message.id);
      if (pending && message.ok) pending.resolve(message.value);
      else if (pending && !message.ok) pending.reject(errorFromWire(message.error));
    }
    this.pump();
    if (slot.jobs.size === 0 && !slot.retired) this.goIdle(slot);
  }

  private goIdle(slot: Slot): void {
    slot.worker.unref();
    slot.idle = setTimeout(() => void this.retire(slot), this.idleMs);
    slot.idle.unref();
  }

  private async retire(slot: Slot): Promise<void> {
    slot.retired = true;
    if (slot.idle) clearTimeout(slot.idle);
    await slot.worker.terminate();
  }

  private onExit(slot: Slot): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    if (slot.idle) clearTimeout(slot.idle);
    const pending = [...slot.jobs.values()];
    slot.jobs.clear();
    if (!slot.ready && !slot.retired) {
      // It never started (no loader, an entry that cannot load here): this thread does the work.
      this.fallBack();
      return;
    }
    for (const job of pending) {
      if (this.broken) runExtractJob(job.job).then(job.resolve, job.reject); // retired by fallBack() mid-job
      else job.reject(new Error(`The extraction worker failed: ${slot.error?.message ?? 'it stopped'}`));
    }
    this.pump();
  }

  private fallBack(): void {
    this.broken = true;
    for (const slot of this.slots) void this.retire(slot);
    for (const pending of this.queue.splice(0)) runExtractJob(pending.job).then(pending.resolve, pending.reject);
  }
}

/** Worker threads for extraction: one per core up to MAX_WORKERS, none on one core; GLOSS_EXTRACT_WORKERS overrides (0: none). */
export function extractWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.GLOSS_EXTRACT_WORKERS;
  if (set !== undefined && /^\d+$/.test(set)) return Math.min(Number(set), MAX_WORKERS);
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, MAX_WORKERS);
}

let shared: ExtractPool | undefined;

/** The process's pool, made on first use. */
export function extractPool(): ExtractPool {
  shared ??= new ExtractPool(extractWorkerCount());
  return shared;
}

/** Tests and the bench: the pool the imports use from now on; answers the one it replaces. */
export function replaceExtractPool(pool: ExtractPool): ExtractPool {
  const before = extractPool();
  shared = pool;
  return before;
}
