/**
 * One article's highlights and article note, as the reader shows them:
 * optimistic changes (shown at once, reconciled with main's answer, rolled
 * back with an error on failure) and a small undo stack.
 */
import { anchorSelectors } from '../../../shared/anchoring/anchor';
import { describeTextRange } from '../../../shared/anchoring/selectors';
import type {
  AnchoringReport,
  ArticleNote,
  Highlight,
  HighlightColor,
  PositionSelector,
  QuoteSelector,
} from '../../../shared/types';
import { api } from './api';
import { messageOf } from './errors';
import { messages } from './messages.svelte';
import { COLOR_NAMES } from './prefs';
import { hashFor, router } from './router.svelte';
import { trackWrite } from './writes';

/** A highlight with where it sits in the text the reader shows. */
export interface PlacedHighlight {
  highlight: Highlight;
  start: number;
  end: number;
}

type UndoEntry =
  | { kind: 'create'; id: string }
  | { kind: 'delete'; id: string }
  | { kind: 'edit'; id: string; field: 'color' | 'note'; before: string };

const UNDO_LIMIT = 50;
let tempCounter = 0;

/** Contract-shaped selectors for canonical offsets [start, end) of `text`. */
export function selectorsFor(text: string, start: number, end: number): { quote: QuoteSelector; position: PositionSelector } {
  const { quote, position } = describeTextRange(text, start, end);
  return {
    quote: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
    position: { start: position.start, end: position.end },
  };
}

export function isTemporary(id: string): boolean {
  return id.startsWith('tmp-');
}

export class ReaderHighlights {
  readonly articleId: string;
  items = $state<Highlight[]>([]);
  loaded = $state(false);
  /** The canonical text of the article body as rendered (set by the reader). */
  text = $state<string | null>(null);
  selectedId = $state<string | null>(null);
  error = $state<string | null>(null);
  /** Polite announcements ("Yellow highlight added."); a delete is said in the app's message, with Undo. */
  announcement = $state('');
  note = $state<ArticleNote | null>(null);
  report = $state<AnchoringReport | null>(null);

  /** Highlights placed in the shown text, in document order. */
  placed = $derived.by(() => this.#place());
  /** Highlights that could not be placed ("Not found in text"). */
  orphaned = $derived.by(() => {
    // Before the text is in (a PDF's comes after its first page) nothing is known to be unplaced.
    if (this.text === null) return [];
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const placedIds = new Set(this.placed.map((p) => p.highlight.id));
    return this.items.filter((h) => !placedIds.has(h.id));
  });

  #undo: UndoEntry[] = [];
  // Bookkeeping, not state: never rendered.
  /** Temporary id -> the create call that will give its real id. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #creating = new Map<string, Promise<Highlight>>();
  /** Temporary id -> real id, once known. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #aliases = new Map<string, string>();
  #announceSeq = 0;

  constructor(articleId: string) {
    this.articleId = articleId;
  }

  #place(): PlacedHighlight[] {
    const text = this.text;
    const out: PlacedHighlight[] = [];
    if (text === null) return out;
    for (const h of this.items) {
      if (h.anchor === 'orphaned') continue;
      const { start, end } = h.position;
      if (end <= text.length && start < end && text.slice(start, end) === h.quote.exact) {
        out.push({ highlight: h, start, end });
        continue;
      }
      // Main's offsets do not fit the shown text: anchor the quote here.
      const result = anchorSelectors(text, {
        quote: { type: 'TextQuoteSelector', ...h.quote },
        position: { type: 'TextPositionSelector', ...h.position },
      });
      if (result.status !== 'orphaned') out.push({ highlight: h, start: result.start, end: result.end });
    }
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    return out;
  }

  find(id: string): Highlight | undefined {
    const real = this.#aliases.get(id) ?? id;
    return this.items.find((h) => h.id === real);
  }

  async load(): Promise<void> {
    const id = this.articleId;
    try {
      const [items, note, report] = await Promise.all([
        api.listHighlights({ articleId: id }),
        api.getArticleNote({ articleId: id }),
        api.getAnchoringReport({ articleId: id }),
      ]);
      this.items = items;
      this.note = note;
      this.report = report;
      this.loaded = true;
    } catch (error) {
      this.error = `Could not load highlights: ${messageOf(error)}`;
    }
  }

  announce(message: string): void {
    // Repeat announcements must change the text to be spoken again.
    this.#announceSeq++;
    this.announcement = this.#announceSeq % 2 ? message : `${message}\u00a0`;
  }

  #push(entry: UndoEntry): void {
    this.#undo.push(entry);
    if (this.#undo.length > UNDO_LIMIT) this.#undo.shift();
  }

  #replace(id: string, next: Highlight | null): void {
    const index = this.items.findIndex((h) => h.id === id);
    if (next === null) {
      if (index >= 0) this.items.splice(index, 1);
    } else if (index >= 0) {
      this.items[index] = next;
    } else {
      this.items.push(next);
    }
  }

  /** The real id behind a (possibly temporary) id; waits for its create call. */
  async #realId(id: string): Promise<string> {
    const alias = this.#aliases.get(id);
    if (alias) return alias;
    const creating = this.#creating.get(id);
    if (creating) return (await creating).id;
    return id;
  }

  #fail(prefix: string, error: unknown): void {
    this.error = `${prefix}: ${messageOf(error)}`;
  }

  dismissError(): void {
    this.error = null;
  }

  /** Highlights canonical characters [start, end) of the shown text. Returns the (temporary) id. */
  create(start: number, end: number, color: HighlightColor): string | null {
    const text = this.text;
    if (text === null) return null;
    let selectors: { quote: QuoteSelector; position: PositionSelector };
    try {
      selectors = selectorsFor(text, start, end);
    } catch {
      return null;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp string
    const now = new Date().toISOString();
    const tempId = `tmp-${++tempCounter}`;
    const optimistic: Highlight = {
      id: tempId,
      articleId: this.articleId,
      color,
      quote: selectors.quote,
      position: selectors.position,
      note: '',
      anchor: 'exact',
      createdAt: now,
      updatedAt: now,
    };
    this.items.push(optimistic);
    this.error = null;
    const request = trackWrite(
      api.createHighlight({ articleId: this.articleId, quote: selectors.quote, position: selectors.position, color }),
    );
    this.#creating.set(tempId, request);
    request.then(
      (saved) => {
        this.#creating.delete(tempId);
        this.#aliases.set(tempId, saved.id);
        const current = this.items.find((h) => h.id === tempId);
        // Edits made meanwhile (colour) are kept on screen; they are sent on their own.
        // Deleted meanwhile: stays deleted (its delete call waits for this id).
        if (current) this.#replace(tempId, { ...saved, color: current.color, note: current.note });
        if (this.selectedId === tempId) this.selectedId = saved.id;
        for (const entry of this.#undo) if (entry.id === tempId) entry.id = saved.id;
      },
      (error: unknown) => {
        this.#creating.delete(tempId);
        this.#replace(tempId, null);
        if (this.selectedId === tempId) this.selectedId = null;
        this.#undo = this.#undo.filter((e) => e.id !== tempId);
        this.#fail('Could not save the highlight', error);
      },
    );
    this.#push({ kind: 'create', id: tempId });
    this.announce(`${COLOR_NAMES[color]} highlight added.`);
    return tempId;
  }

  async setColor(id: string, color: HighlightColor, recordUndo = true): Promise<void> {
    const h = this.find(id);
    if (!h || h.color === color) return;
    const before = h.color;
    h.color = color;
    if (recordUndo) this.#push({ kind: 'edit', id: h.id, field: 'color', before });
    try {
      const realId = await this.#realId(h.id);
      const saved = await trackWrite(api.updateHighlight({ id: realId, color }));
      const current = this.find(realId);
      if (current && current.color === color) current.updatedAt = saved.updatedAt;
    } catch (error) {
      const current = this.find(id);
      if (current && current.color === color) current.color = before;
      this.#fail('Could not change the colour', error);
    }
  }

  /** Saves a note (called by the note editor's autosaver). */
  async saveNote(id: string, note: string): Promise<void> {
    const h = this.find(id);
    if (!h) throw new Error('This highlight is gone.');
    const before = h.note;
    if (before === note) return;
    h.note = note;
    // Consecutive saves of one note are one undo step.
    const top = this.#undo[this.#undo.length - 1];
    if (!(top && top.kind === 'edit' && top.field === 'note' && top.id === h.id)) {
      this.#push({ kind: 'edit', id: h.id, field: 'note', before });
    }
    try {
      const realId = await this.#realId(h.id);
      const saved = await trackWrite(api.updateHighlight({ id: realId, note }));
      // `#tag` words leading the note became tags and left it (src/shared/note-tags.ts).
      const current = this.find(realId);
      if (current) {
        current.tags = saved.tags ?? [];
        if (current.note === note) current.note = saved.note;
      }
    } catch (error) {
      this.error = `Could not save the note: ${messageOf(error)}`;
      throw error;
    }
  }

  /** Replaces a highlight's tags (the popover's Tags box; its Undo re-adds a removed one). Rejects on failure. */
  async setTags(id: string, tags: string[]): Promise<void> {
    const h = this.find(id);
    if (!h) throw new Error('This highlight is gone.');
    const realId = await this.#realId(h.id);
    const saved = await trackWrite(api.setHighlightTags({ id: realId, tags }));
    const current = this.find(realId);
    if (current) current.tags = saved.tags;
  }

  async remove(id: string, recordUndo = true): Promise<void> {
    const h = this.find(id);
    if (!h) return;
    const snapshot = $state.snapshot(h) as Highlight;
    const index = this.items.indexOf(h);
    this.items.splice(index, 1);
    if (this.selectedId === h.id || this.selectedId === id) this.selectedId = null;
    if (recordUndo) {
      this.#push({ kind: 'delete', id: h.id });
      // Seen as well as heard, with an Undo button (Ctrl+Z does the same, from the stack).
      const deletedId = h.id;
      messages.success('Highlight deleted. Undo with Ctrl+Z.', {
        scope: hashFor(router.route),
        undo: { run: () => this.restoreDeleted(deletedId), done: 'Highlight restored.' },
      });
    }
    try {
      const realId = await this.#realId(h.id);
      await trackWrite(api.deleteHighlight({ id: realId }));
    } catch (error) {
      this.items.splice(Math.min(index, this.items.length), 0, snapshot);
      this.#undo = this.#undo.filter((e) => !(e.kind === 'delete' && e.id === h.id));
      this.#fail('Could not delete the highlight', error);
    }
  }

  /** True when the highlight is back. */
  async #restore(id: string): Promise<boolean> {
    try {
      const realId = await this.#realId(id);
      const restored = await trackWrite(api.restoreHighlight({ id: realId }));
      this.#replace(restored.id, restored);
      return true;
    } catch (error) {
      this.#fail('Could not restore the highlight', error);
      return false;
    }
  }

  /**
   * Undoes the deletion of this highlight (the message's Undo button),
   * wherever it sits in the undo stack; it leaves the stack.
   */
  async restoreDeleted(id: string): Promise<void> {
    const real = this.#aliases.get(id) ?? id;
    const index = this.#undo.findLastIndex((e) => e.kind === 'delete' && (e.id === id || e.id === real));
    if (index < 0) return;
    const [entry] = this.#undo.splice(index, 1);
    try {
      const restored = await trackWrite(api.restoreHighlight({ id: await this.#realId(real) }));
      this.#replace(restored.id, restored);
    } catch (error) {
      // Still deleted: Ctrl+Z may try again. The message says what went wrong.
      if (entry) this.#undo.splice(index, 0, entry);
      throw error;
    }
  }

  /** Re-attaches an orphaned highlight to canonical characters [start, end). */
  async reattach(id: string, start: number, end: number): Promise<void> {
    const h = this.find(id);
    const text = this.text;
    if (!h || text === null) return;
    const selectors = selectorsFor(text, start, end);
    try {
      const saved = await trackWrite(api.updateHighlight({ id: h.id, ...selectors }));
      this.#replace(h.id, { ...saved, anchor: saved.anchor === 'orphaned' ? 'exact' : saved.anchor });
      this.announce('Highlight placed.');
    } catch (error) {
      this.#fail('Could not re-attach the highlight', error);
    }
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }

  /** Undoes the last create, edit or delete. */
  async undo(): Promise<void> {
    const entry = this.#undo.pop();
    if (!entry) {
      this.announce('Nothing to undo.');
      return;
    }
    if (entry.kind === 'create') {
      await this.remove(entry.id, false);
      this.announce('Highlight removed.');
    } else if (entry.kind === 'delete') {
      // Said where the deletion was said (the app's message), replacing its Undo.
      if (await this.#restore(entry.id)) messages.success('Highlight restored.', { scope: hashFor(router.route) });
    } else if (entry.field === 'color') {
      await this.setColor(entry.id, entry.before as HighlightColor, false);
      this.announce('Colour change undone.');
    } else {
      const h = this.find(entry.id);
      if (!h) return;
      const note = entry.before;
      h.note = note;
      try {
        await trackWrite(api.updateHighlight({ id: await this.#realId(h.id), note }));
        this.announce('Note change undone.');
      } catch (error) {
        this.#fail('Could not undo', error);
      }
    }
  }

  async saveArticleNote(note: string): Promise<void> {
    try {
      this.note = await trackWrite(api.setArticleNote({ articleId: this.articleId, note }));
    } catch (error) {
      this.error = `Could not save the article note: ${messageOf(error)}`;
      throw error;
    }
  }
}
