/**
 * The app's one message line for what an action did: "Deleted 3 articles."
 * with Undo, "Highlight deleted." with Undo, an error in one line. Every
 * action that reports back posts here, and AppMessages shows it (one at a
 * time, the newest wins), so success, errors and Undo look and behave the
 * same everywhere.
 *
 * The rule for destructive actions: do it, then post a message with `undo`;
 * never ask first.
 */
import { messageOf } from './errors';

/** The message's Undo button: an action whose own button goes away focuses it. */
export const UNDO_ID = 'app-message-undo';

export type MessageKind = 'success' | 'info' | 'error' | 'progress';

export interface Undo {
  /** Puts things back; a rejection is shown as "Could not undo: …". */
  run: () => Promise<unknown>;
  /** Said once it worked (default "Undone."). */
  done?: string;
}

export interface AppMessageData {
  /** Distinguishes two messages with the same text (a repeat is announced again). */
  id: number;
  kind: MessageKind;
  text: string;
  undo?: Undo;
  /** The view it belongs to (a route key): moving to another view retires it. */
  scope: string | null;
}

export interface ShowOptions {
  undo?: Undo;
  /** The view it belongs to; default: none (it stays until replaced or dismissed). */
  scope?: string | null;
}

let nextId = 0;

class Messages {
  current = $state<AppMessageData | null>(null);
  /** True while an undo runs (its button is disabled). */
  busy = $state(false);

  show(kind: MessageKind, text: string, options: ShowOptions = {}): void {
    this.current = { id: ++nextId, kind, text, undo: options.undo, scope: options.scope ?? null };
  }

  success(text: string, options?: ShowOptions): void {
    this.show('success', text, options);
  }

  error(text: string, options?: ShowOptions): void {
    this.show('error', text, options);
  }

  dismiss(): void {
    this.current = null;
  }

  /** Retires a message that belongs to another view: an Undo from there must not be a keystroke away here. */
  retireOutside(scope: string): void {
    const current = this.current;
    if (current && current.scope !== null && current.scope !== scope) this.current = null;
  }

  /** Runs the current message's undo once; true when it worked. */
  async undo(): Promise<boolean> {
    const message = this.current;
    const undo = message?.undo;
    if (!message || !undo || this.busy) return false;
    this.busy = true;
    try {
      await undo.run();
      // A newer message posted meanwhile (by the undo itself, say) wins.
      if (this.current === message) this.show('success', undo.done ?? 'Undone.', { scope: message.scope });
      return true;
    } catch (error) {
      this.show('error', `Could not undo: ${messageOf(error)}`, { scope: message.scope });
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const messages = new Messages();
