import type { Server } from 'node:http';

/**
 * Runs `task` once, when `server` has had no new request for `quietMs`.
 * Work that blocks the event loop (loading the HTML importer) then waits
 * until the app's first screen has loaded instead of slowing it down.
 */
export function onceIdle(server: Server, quietMs: number, task: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    server.off('request', arm);
    server.off('close', cancel);
    task();
  };
  function arm(): void {
    clearTimeout(timer);
    timer = setTimeout(run, quietMs).unref();
  }
  function cancel(): void {
    clearTimeout(timer);
    server.off('request', arm);
  }
  server.on('request', arm);
  server.once('close', cancel);
  arm();
}
