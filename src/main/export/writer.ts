/**
 * Writing an export's files without ever leaving a partly written one.
 *
 * Every file is first written whole to a temp file beside its target
 * ("staged"); the caller renames the staged files into place only once all
 * of them are written (see folder.ts, which records them in its manifest
 * first). A process killed at any point leaves each target either as it
 * was or as it is now, plus perhaps temp files: those are hidden, named so
 * no user file is taken for one, and removed by the next export.
 *
 * Creating a file is the slow part of a big export: on some systems the
 * kernel spends ~0.3 ms on each new inode, more than rendering the file
 * takes. So a big export hands its temp writes to a worker thread, which
 * creates files while the caller renders the next ones; the caller collects
 * the outcome of every write, synchronously, before it renames anything.
 * A small export writes inline (a worker costs ~50 ms to start).
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Why a staged write failed: the system error code (ENOSPC, …) when there is one, and its message. */
export interface WriteFailure {
  code: string | undefined;
  message: string;
}

export interface StagedWrites {
  /** Target path → its temp file, written whole, for every write that succeeded. */
  staged: Map<string, string>;
  /** Target path → why its temp file could not be written (nothing of it is left). */
  failures: Map<string, WriteFailure>;
}

export interface ExportWriter {
  /** Writes `data` to a temp file beside `path`: now, or queued to the worker. Never throws. */
  stage(path: string, data: Buffer): void;
  /** Waits for every staged write and tells which succeeded. */
  finish(): StagedWrites;
}

const TEMP_SUFFIX = '.gloss-tmp';
/** `.<name>.<pid>-<8 hex>-<n>.gloss-tmp`, as tempPathFor makes them. */
const TEMP_NAME = /^\..+\.(\d+)-[0-9a-f]{8}-\d+\.gloss-tmp$/;

let tempCounter = 0;
/** Unguessable per process; the counter keeps temp names unique within it. */
const tempTag = `${process.pid}-${randomBytes(4).toString('hex')}`;

/** A fresh temp path beside `path`: hidden, and marked as Gloss's own. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${tempTag}-${++tempCounter}${TEMP_SUFFIX}`);
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // the write's own error is the one to report
  }
}

/** Writes `data` to `path` through a temp file in the same folder and a rename. */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  const temp = tempPathFor(path);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (err) {
    removeQuietly(temp);
    throw err;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files that a killed export left in `dir` (`names`: the
 * folder's entries). Those of a process still running are left alone: it
 * may be exporting into the same folder right now.
 */
export function removeStaleTemps(dir: string, names: readonly string[]): void {
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    // This process exports one folder at a time, so its own leftovers are stale too.
    const pid = Number(match?.[1]);
    if (match && (pid === process.pid || !isRunning(pid))) removeQuietly(join(dir, name));
  }
}

/** Whether `name` is one of Gloss's temp files (never a user's file). */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

function failureOf(err: unknown): WriteFailure {
  const code = err !== null && typeof err === 'object' && 'code' in err ? String(err.code) : undefined;
  return { code, message: err instanceof Error ? err.message : String(err) };
}

/** Tracks staged temp files; a path staged twice keeps only its last temp. */
function stagingBook() {
  const staged = new Map<string, string>();
  const failures = new Map<string, WriteFailure>();
  const temps = new Map<string, string>(); // temp → path, in order
  return {
    add(path: string, temp: string): void {
      temps.set(temp, path);
    },
    fail(temp: string, failure: WriteFailure): void {
      const path = temps.get(temp);
      if (path !== undefined) failures.set(path, failure);
      temps.delete(temp);
    },
    result(): StagedWrites {
      // A path whose write failed keeps nothing of this export (an earlier write of it included).
      for (const [temp, path] of temps) {
        const earlier = staged.get(path);
        if (earlier !== undefined) removeQuietly(earlier);
        if (failures.has(path)) {
          removeQuietly(temp);
          staged.delete(path);
        } else staged.set(path, temp);
      }
      return { staged, failures };
    },
  };
}

export function inlineWriter(): ExportWriter {
  const book = stagingBook();
  return {
    stage(path, data) {
      const temp = tempPathFor(path);
      book.add(path, temp);
      try {
        writeFileSync(temp, data);
      } catch (err) {
        removeQuietly(temp);
        book.fail(temp, failureOf(err));
      }
    },
    finish: () => book.result(),
  };
}

// The worker: CommonJS, evaluated from source, so it needs no file of its
// own next to the bundled app. It writes batches of [temp, data] as they
// come; on `null` it reports the failures on its port and raises the
// `done` flag.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { rmSync, writeFileSync } = require('node:fs');
const state = new Int32Array(workerData.state);
const failures = [];
parentPort.on('message', (batch) => {
  if (batch === null) {
    workerData.port.postMessage(failures);
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
    return;
  }
  for (const [temp, data] of batch) {
    try {
      writeFileSync(temp, data);
    } catch (err) {
      try { rmSync(temp, { force: true }); } catch {}
      const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : undefined;
      failures.push([temp, code, err && err.message ? String(err.message) : String(err)]);
    }
    Atomics.add(state, 1, 1);
  }
});
`;

const BATCH = 32;
/** How long the caller waits for a worker that writes nothing at all. */
const STALL_MS = 120_000;

export function backgroundWriter(): ExportWriter {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { state: state.buffer, port: port2 },
    transferList: [port2],
  });
  worker.unref();
  const book = stagingBook();
  let batch: Array<[string, Buffer]> = [];
  const queued: string[] = [];

  return {
    stage(path, data) {
      const temp = tempPathFor(path);
      book.add(path, temp);
      queued.push(temp);
      batch.push([temp, data]);
      if (batch.length >= BATCH) {
        worker.postMessage(batch);
        batch = [];
      }
    },
    finish() {
      if (batch.length) worker.postMessage(batch);
      worker.postMessage(null);
      try {
        let written = -1;
        // Wait for the done flag; give up only when the worker makes no progress at all.
        while (Atomics.wait(state, 0, 0, STALL_MS) === 'timed-out') {
          const now = Atomics.load(state, 1);
          if (now === written) {
            for (const temp of queued.slice(now)) book.fail(temp, { code: 'ETIMEDOUT', message: 'Writing the file timed out.' });
            return book.result();
          }
          written = now;
        }
        const message = receiveMessageOnPort(port1)?.message as Array<[string, string | undefined, string]> | undefined;
        for (const [temp, code, reason] of message ?? []) book.fail(temp, { code, message: reason });
        return book.result();
      } finally {
        port1.close();
        void worker.terminate();
      }
    },
  };
}
