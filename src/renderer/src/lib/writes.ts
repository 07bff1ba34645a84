/**
 * Tracks writes still on their way to main, so views that read counts
 * (the library's highlight counts) can wait for them to land first.
 */
const inFlight = new Set<Promise<unknown>>();

/** Registers a write; returns it unchanged. */
export function trackWrite<T>(promise: Promise<T>): Promise<T> {
  inFlight.add(promise);
  const done = (): void => {
    inFlight.delete(promise);
  };
  promise.then(done, done);
  return promise;
}

/** Resolves once every write registered so far has settled. */
export async function writesSettled(): Promise<void> {
  while (inFlight.size > 0) {
    await Promise.allSettled([...inFlight]);
  }
}
