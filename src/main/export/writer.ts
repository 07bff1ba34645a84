/**
 * Writing an export's files, each atomically (temp file + rename).
 *
 * Creating a file is the slow part of a big export: on some systems the
 * kernel spends ~0.3 ms on each new inode, more than rendering the file
 * takes. So a big export hands its writes to a worker thread, which creates
 * files while the caller renders the next ones, and the caller collects
 * the outcome of every write, synchronously, before it writes the manifest.
 * A small export writes inline (a worker costs ~50 ms to start).
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

export interface ExportWriter {
  /**
   * Writes `data` to `path` atomically. The inline writer writes now and
   * throws on failure; the background writer queues the write, and its
   * failure is reported by finish().
   */
  write(path: string, data: Buffer): void;
  /** Waits for every queued write; the paths whose write failed, with why. */
  finish(): Map<string, string>;
}

let tempCounter = 0;
/** Unguessable per process; the counter keeps temp names unique within it. */
const tempTag = `${process.pid}-${randomBytes(4).toString('hex')}`;

/** Writes `data` to `path` through a temp file in the same folder and a rename. */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  const temp = `${path}.${tempTag}-${++tempCounter}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (err) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the write's own error is the one to report
    }
    throw err;
  }
}

export function inlineWriter(): ExportWriter {
  return {
    write: (path, data) => writeFileAtomic(path, data),
    finish: () => new Map(),
  };
}

// The worker: CommonJS, evaluated from source, so it needs no file of its
// own next to the bundled app. It writes batches as they come; on `null`
// it reports the failures on its port and raises the `done` flag.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { renameSync, rmSync, writeFileSync } = require('node:fs');
const state = new Int32Array(workerData.state);
const failures = [];
let counter = 0;
parentPort.on('message', (batch) => {
  if (batch === null) {
    workerData.port.postMessage(failures);
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
    return;
  }
  for (const [path, data] of batch) {
    const temp = path + '.' + workerData.tag + '-w' + (++counter) + '.tmp';
    try {
      writeFileSync(temp, data);
      renameSync(temp, path);
    } catch (err) {
      try { rmSync(temp, { force: true }); } catch {}
      failures.push([path, err && err.message ? String(err.message) : String(err)]);
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
    workerData: { state: state.buffer, port: port2, tag: tempTag },
    transferList: [port2],
  });
  worker.unref();
  let batch: Array<[string, Buffer]> = [];
  const queued: string[] = [];

  return {
    write(path, data) {
      queued.push(path);
      batch.push([path, data]);
      if (batch.length >= BATCH) {
        worker.postMessage(batch);
        batch = [];
      }
    },
    finish() {
      if (batch.length) worker.postMessage(batch);
      worker.postMessage(null);
      const failures = new Map<string, string>();
      try {
        let written = -1;
        // Wait for the done flag; give up only when the worker makes no progress at all.
        while (Atomics.wait(state, 0, 0, STALL_MS) === 'timed-out') {
          const now = Atomics.load(state, 1);
          if (now === written) {
            for (const path of queued.slice(now)) failures.set(path, 'Writing the file timed out.');
            return failures;
          }
          written = now;
        }
        const message = receiveMessageOnPort(port1)?.message as Array<[string, string]> | undefined;
        for (const [path, reason] of message ?? []) failures.set(path, reason);
        return failures;
      } finally {
        port1.close();
        void worker.terminate();
      }
    },
  };
}
