/**
 * The reading keys of lib/shortcuts.ts, done: scrolling by a line, to the
 * top or bottom, moving through highlights, the focused highlight's note,
 * Contents, Text and theme, and focus mode. Articles, books and PDFs alike
 * (a PDF's pages scroll the window too).
 *
 * The focused highlight (`[` / `]`) is the store's selected one: painted
 * underlined in the text (the painter's selected layer), flashed, scrolled
 * just below the reading line, marked aria-current (an accent border) in the
 * Highlights panel, and announced in the reader's polite live region
 * ("Highlight 2 of 5: …"). It stays the starting point of the next `[`/`]`
 * after its popover closed.
 */
import { tick } from 'svelte';
import { isTextField } from './dom-targets';
import type { FocusMode } from './focus-mode.svelte';
import type { ReaderHighlights } from './highlights.svelte';
import type { PopoverAnchor } from './popover-placement';
import type { ReaderSelection } from './reader-selection.svelte';
import { keysBelongElsewhere, ShortcutMatcher, type ShortcutId } from './shortcuts';

export type ReaderKind = 'article' | 'book' | 'pdf';

/** Room left between the reading line and a highlight moved to it (px). */
const LINE_ROOM_PX = 16;
/** Longest quote said in an announcement. */
const SAID_CHARS = 90;

export interface ReaderShortcutHooks {
  /** What is shown (null: nothing yet, or an error). */
  kind: () => ReaderKind | null;
  highlights: Pick<ReaderHighlights, 'placed' | 'selectedId' | 'announce'>;
  selection: Pick<ReaderSelection, 'popover' | 'shown' | 'reveal' | 'openPopover'>;
  /** The text offset at the reading line (null: the view cannot tell; `[`/`]` then start at the first or last). */
  readingOffset: () => number | null;
  /** The reading line (viewport px). */
  topLine: () => number;
  /** A modal dialog is open: keys are its own. */
  blocked: () => boolean;
  /** Opens or closes the Contents; false when there are none. */
  contents: () => boolean;
  focusMode: FocusMode;
  /** The reader moved the view on purpose (saved as the reading place). */
  navigated: () => void;
  /** Where the page is (a test's own window). */
  root?: Document;
  now?: () => number;
}

export class ReaderShortcuts {
  readonly #hooks: ReaderShortcutHooks;
  readonly #matcher: ShortcutMatcher;
  /** The focused highlight once its popover closed (the store forgets it then). */
  #focused: string | null = null;
  /** The window's scroll when a highlight was last focused by `[`/`]` (null: never). */
  #focusedAtY: number | null = null;

  constructor(hooks: ReaderShortcutHooks) {
    this.#hooks = hooks;
    this.#matcher = new ShortcutMatcher(hooks.now ? { now: hooks.now } : {});
  }

  get #doc(): Document {
    return this.#hooks.root ?? document;
  }

  /** The highlight `n` and `[`/`]` start from. */
  get focusedId(): string | null {
    return this.#hooks.highlights.selectedId ?? this.#focused;
  }

  /** A key press in the reader; the ones handled are prevented. */
  onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || this.#hooks.blocked()) return;
    const kind = this.#hooks.kind();
    if (!kind) return;
    const found = this.#matcher.match(event, {
      view: 'reader',
      kind,
      typing: keysBelongElsewhere(event.target, isTextField),
      focusMode: this.#hooks.focusMode.on,
    });
    if (!found || 'pending' in found) return;
    if (this.run(found.id)) event.preventDefault();
  }

  /** Does a shortcut's action; false when it did nothing (the key keeps its default). */
  run(id: ShortcutId): boolean {
    const win = this.#doc.defaultView ?? window;
    switch (id) {
      case 'line-down':
      case 'line-up':
        win.scrollBy({ top: (id === 'line-down' ? 1 : -1) * this.#lineHeight(), behavior: 'instant' });
        return true;
      case 'top':
        win.scrollTo({ top: 0, behavior: 'instant' });
        return true;
      case 'bottom':
        win.scrollTo({ top: this.#doc.documentElement.scrollHeight, behavior: 'instant' });
        return true;
      case 'next-highlight':
      case 'previous-highlight':
        void this.step(id === 'next-highlight' ? 1 : -1);
        return true;
      case 'edit-note':
        void this.editNote();
        return true;
      case 'contents':
        return this.#hooks.contents();
      case 'text-settings':
        return this.#click('[data-reader-toolbar] button[title="Text and theme"]');
      case 'focus-mode':
        this.#hooks.focusMode.toggle();
        return true;
      case 'leave-focus-mode': {
        // A popover or a selection closes first, as Escape always did.
        const selection = this.#hooks.selection;
        if (selection.popover || selection.shown) return false;
        this.#hooks.focusMode.toggle();
        return true;
      }
      default:
        // `?` belongs to the Keyboard shortcuts dialog; the rest to older handlers.
        return false;
    }
  }

  /** `]` / `[`: the next or previous highlight in document order becomes the focused one. */
  async step(direction: 1 | -1): Promise<void> {
    const { highlights } = this.#hooks;
    const placed = highlights.placed;
    if (placed.length === 0) {
      highlights.announce('No highlights here yet.');
      return;
    }
    const index = this.#nextIndex(placed, direction);
    const target = placed[index];
    if (!target) {
      highlights.announce(direction > 0 ? 'No more highlights after this point.' : 'No highlights before this point.');
      return;
    }
    const id = target.highlight.id;
    this.#focused = id;
    highlights.selectedId = id;
    await this.#reveal(id);
    this.#focusedAtY = (this.#doc.defaultView ?? window).scrollY;
    const quote = target.highlight.quote.exact.replace(/\s+/g, ' ').trim();
    const said = quote.length > SAID_CHARS ? `${quote.slice(0, SAID_CHARS - 1)}…` : quote;
    highlights.announce(`Highlight ${index + 1} of ${placed.length}: ${said}`);
    await tick();
    this.#panelShows();
  }

  /**
   * Where `[`/`]` go: on from the focused highlight while the reader is still
   * near it, else from the reading line (the first highlight below it, the
   * last above it).
   */
  #nextIndex(placed: readonly { highlight: { id: string }; start: number }[], direction: 1 | -1): number {
    const win = this.#doc.defaultView ?? window;
    const from = placed.findIndex((p) => p.highlight.id === this.focusedId);
    const near = this.#focusedAtY !== null && Math.abs(win.scrollY - this.#focusedAtY) <= win.innerHeight;
    if (from >= 0 && near) return from + direction;
    const at = this.#hooks.readingOffset();
    if (at === null) return direction > 0 ? 0 : placed.length - 1;
    return direction > 0 ? placed.findIndex((p) => p.start >= at) : placed.findLastIndex((p) => p.start < at);
  }

  /** `n`: the focused highlight's popover, with the keyboard in its note. */
  async editNote(): Promise<void> {
    const { highlights, selection } = this.#hooks;
    const id = this.focusedId;
    if (!id || !highlights.placed.some((p) => p.highlight.id === id)) {
      highlights.announce('No highlight chosen: press ] or [ to move to one.');
      return;
    }
    const at = await this.#reveal(id);
    if (!at) return;
    selection.openPopover(id, at, null);
    await tick();
    // After the popover's own focus (its colour) has gone in.
    const note = this.#doc.querySelector<HTMLTextAreaElement>('[role="dialog"][aria-label="Highlight"] textarea');
    note?.focus({ preventScroll: true });
  }

  /** Scrolls a highlight to just below the reading line (the surface centres and flashes it); its popover's place (page px). */
  async #reveal(id: string): Promise<PopoverAnchor | null> {
    const at = await this.#hooks.selection.reveal(id);
    if (!at) return null;
    if (at.above !== undefined) {
      // `above` is the highlight's top (page px) less the popover's gap of 8.
      const y = Math.max(0, at.above + 8 - this.#hooks.topLine() - LINE_ROOM_PX);
      (this.#doc.defaultView ?? window).scrollTo({ top: y, behavior: 'instant' });
    }
    this.#hooks.navigated();
    return at;
  }

  /** The Highlights panel scrolls its marked item into its own view (never the page). */
  #panelShows(): void {
    const item = this.#doc.querySelector<HTMLElement>('aside[aria-label="Highlights"] li[aria-current="true"]');
    if (!item) return;
    for (let box = item.parentElement; box; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (!/(auto|scroll)/.test(style.overflowY) || box.scrollHeight <= box.clientHeight) continue;
      const itemBox = item.getBoundingClientRect();
      const boxRect = box.getBoundingClientRect();
      if (itemBox.top < boxRect.top) box.scrollTop += itemBox.top - boxRect.top - 8;
      else if (itemBox.bottom > boxRect.bottom) box.scrollTop += itemBox.bottom - boxRect.bottom + 8;
      return;
    }
  }

  /** One line of the text (its line height), for `j` / `k`. */
  #lineHeight(): number {
    const text = this.#doc.querySelector('main article');
    const line = text ? parseFloat(getComputedStyle(text).lineHeight) : NaN;
    return Number.isFinite(line) && line > 0 ? line : 32;
  }

  #click(selector: string): boolean {
    const button = this.#doc.querySelector<HTMLElement>(selector);
    if (!button) return false;
    button.click();
    return true;
  }
}
