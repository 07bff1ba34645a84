/**
 * Saves a text as the user types: debounced, serialized (one save in flight
 * at a time, always the newest text last), and flushed on blur, on
 * pagehide / visibilitychange and when the view goes away, so no keystroke
 * is lost.
 */
import { messageOf } from './errors';
import { trackWrite } from './writes';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

// Not state: a registry for flushing, never rendered.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const savers = new Set<AutoSaver>();

/** Sends every pending text now. */
export function flushAllSavers(): Promise<void> {
  return Promise.allSettled([...savers].map((s) => s.flush())).then(() => undefined);
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => void flushAllSavers());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void flushAllSavers();
  });
}

export class AutoSaver {
  status = $state<SaveStatus>('idle');
  error = $state<string | null>(null);

  #save: (value: string) => Promise<void>;
  #delay: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: string | null = null;
  #chain: Promise<void> = Promise.resolve();

  constructor(save: (value: string) => Promise<void>, delay = 400) {
    this.#save = save;
    this.#delay = delay;
    savers.add(this);
  }

  /** True while text typed has not reached main yet. */
  get dirty(): boolean {
    return this.#pending !== null || this.status === 'saving' || this.status === 'pending';
  }

  input(value: string): void {
    this.#pending = value;
    this.status = 'pending';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.#delay);
  }

  /** Sends the pending text (if any) now; resolves when it is saved or failed. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#chain = this.#chain.then(() => this.#drain());
    return trackWrite(this.#chain);
  }

  async #drain(): Promise<void> {
    while (this.#pending !== null) {
      const value = this.#pending;
      this.#pending = null;
      this.status = 'saving';
      try {
        await this.#save(value);
        this.error = null;
      } catch (error) {
        // Keep the text: the next keystroke or flush tries again.
        if (this.#pending === null) this.#pending = value;
        this.error = messageOf(error);
        this.status = 'error';
        return;
      }
    }
    this.status = 'saved';
  }

  /** Flushes, then forgets this saver. */
  dispose(): Promise<void> {
    const done = this.flush();
    void done.finally(() => savers.delete(this));
    return done;
  }
}
