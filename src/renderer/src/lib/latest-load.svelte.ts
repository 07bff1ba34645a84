/**
 * A load whose answer counts only while no later load has started (Settings
 * opened again, Try again pressed): an older, slower answer never replaces a
 * newer one, nor clears its "loading" or its error.
 */
import { messageOf } from './errors';

export class LatestLoad {
  loading = $state(false);
  /** "<failure>: <why>", or null. */
  error = $state<string | null>(null);
  #seq = 0;

  async run<T>(fetch: () => Promise<T>, apply: (value: T) => void, failure: string): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    try {
      const value = await fetch();
      if (seq === this.#seq) apply(value);
    } catch (error) {
      if (seq === this.#seq) this.error = `${failure}: ${messageOf(error)}`;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
