/**
 * Paged rows the user selects and changes together (the library, the
 * Highlights view): the multi-selection with Shift+click ranges, and bulk
 * actions that say what they did in the app's message (with Undo when they
 * can be undone), then show the list as it now is.
 */
import { SvelteSet } from 'svelte/reactivity';
import { messageOf } from './errors';
import { messages } from './messages.svelte';
import { PagedRows } from './paged-rows.svelte';

/** The most rows one Shift+click selects (each needs its page loaded). */
export const MAX_RANGE_ROWS = 5_000;

/** "1 article", "5,000 highlights". */
export function plural(count: number, word: string): string {
  return `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;
}

/** What a finished bulk action says, with its undo when it has one. */
export interface BulkOutcome {
  text: string;
  undo?: () => Promise<unknown>;
  /** Keep the selection afterwards (an export leaves the rows as they were). */
  keepSelection?: boolean;
}

export abstract class SelectableRows<T extends { id: string }> extends PagedRows<T> {
  readonly selected = new SvelteSet<string>();
  /** The row last (de)selected by a click, for Shift+click ranges (an id: rows move). */
  anchorId: string | null = null;
  busy = $state(false);

  /**
   * @param rowsName what the rows are, in the plural ("articles"), for messages
   * @param scope the view the messages belong to: they go when it does
   */
  constructor(
    private readonly rowsName: string,
    private readonly scope: string,
  ) {
    super();
  }

  /** A row's checkbox: toggles it, or with Shift the range from the last clicked row. */
  async toggleSelected(index: number, on: boolean, range: boolean): Promise<void> {
    const item = this.itemAt(index);
    if (!item) return;
    const anchor = range && this.anchorId ? this.indexOf(this.anchorId) : -1;
    this.anchorId = item.id;
    if (anchor < 0) {
      if (on) this.selected.add(item.id);
      else this.selected.delete(item.id);
      return;
    }
    const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
    if (to - from + 1 > MAX_RANGE_ROWS) {
      messages.error(`Shift+click selects at most ${MAX_RANGE_ROWS.toLocaleString()} ${this.rowsName} at once.`, {
        scope: this.scope,
      });
      return;
    }
    // Every row of the range must be known before it is (de)selected.
    await this.load(from, to);
    for (let i = from; i <= to; i++) {
      const id = this.itemAt(i)?.id;
      if (!id) continue;
      if (on) this.selected.add(id);
      else this.selected.delete(id);
    }
  }

  clearSelection(): void {
    this.selected.clear();
    this.anchorId = null;
  }

  /**
   * Runs a bulk action and says what it did (with Undo when it can be
   * undone). Answers null, or the error's message: in the app's message line,
   * or only to the caller with `quiet` (a dialog that shows it itself).
   */
  protected async bulk(run: () => Promise<BulkOutcome>, quiet = false): Promise<string | null> {
    if (this.busy) return 'Another change to the selection is under way.';
    this.busy = true;
    try {
      const { text, undo, keepSelection } = await run();
      messages.success(text, { scope: this.scope, undo: undo && { run: () => this.#afterUndo(undo) } });
      if (!keepSelection) this.clearSelection();
      return null;
    } catch (error) {
      const message = messageOf(error);
      if (!quiet) messages.error(message, { scope: this.scope });
      return message;
    } finally {
      this.busy = false;
      await this.reload();
    }
  }

  /** An undo, then the list as it now is (also when the undo failed). */
  async #afterUndo(undo: () => Promise<unknown>): Promise<void> {
    try {
      await undo();
    } finally {
      await this.reload();
    }
  }
}
