/**
 * The extraction worker's entry (pool.ts starts it): runs one job at a time
 * and answers with its result or its error. "ready" first, once this module
 * and its imports loaded: a worker that never says it could not start
 * (pool.ts then does the work in its own thread).
 */
import { parentPort } from 'node:worker_threads';
import { runExtractJob, type ExtractJob } from './extract-jobs';
import { errorToWire } from './wire';

const port = parentPort;
if (port) {
  port.on('message', (message: { id: number; job: ExtractJob }) => {
    runExtractJob(message.job).then(
      (value) => port.postMessage({ id: message.id, ok: true, value }),
      (err: unknown) => port.postMessage({ id: message.id, ok: false, error: errorToWire(err) }),
    );
  });
  port.postMessage({ ready: true });
}
