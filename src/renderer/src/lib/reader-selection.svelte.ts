/**
 * The reader's selection, highlight popover and keyboard: the selection
 * toolbar follows the selection in the text, a colour or `h` highlights it,
 * a highlight opens its popover, Escape closes what is open (popover, then
 * selection, then the reader).
 *
 * It knows no HTML: a view hands it a TextSurface that reads the selection
 * as text offsets and shows a highlight (the article view's works on its
 * body through the painter; a PDF or EPUB view brings its own).
 */
import type { HighlightColor } from '../../../shared/types';
import type { ReaderHighlights } from './highlights.svelte';
import type { PopoverAnchor } from './popover-placement';
import { lastColor, rememberColor } from './prefs';
import { readerKeyAction, type KeyPress } from './reader-keys';
import { isTextField } from './selection';

const CONTROLS = 'button, input, select, textarea, [contenteditable], [role="dialog"], dialog';

/** The selection in the text: canonical offsets and where on screen it ends. */
export interface TextSelection {
  start: number;
  end: number;
  /** Viewport rectangle of the selection's last line (where the toolbar goes; above `top` when there is no room below). */
  rect: { bottom: number; left: number; top?: number };
}

export interface TextSurface {
  /** The selection inside the text now, or null. */
  current(): TextSelection | null;
  /** Drops the document's selection. */
  clear(): void;
  /** Puts the keyboard back on the text. */
  focus(): void;
  /** Shift+arrows: extends the selection; false when the key was not for the text. */
  extend(event: KeyPress): boolean;
  /**
   * Scrolls a highlight into view and flashes it; where (page px) its
   * popover goes, or null when it is not shown. A view that must first
   * draw the highlight's place (a PDF page) answers later.
   */
  reveal(id: string): PopoverAnchor | null | Promise<PopoverAnchor | null>;
}

export interface Popover extends PopoverAnchor {
  id: string;
  /** Where the keyboard goes back to when the popover closes (null: the text). */
  returnFocus: HTMLElement | null;
}

/** What the selection controller does with highlights (ReaderHighlights has it). */
export type SelectionHighlights = Pick<ReaderHighlights, 'create' | 'reattach' | 'undo' | 'selectedId' | 'error'>;

export interface ReaderSelectionOptions {
  /** A dialog is open: keys are its own. */
  blocked: () => boolean;
  hasArticle: () => boolean;
  /** Escape with nothing open: leave the reader. */
  back: () => void;
  /** Page scroll offsets, for placing the toolbar (page px). */
  scroll?: () => { x: number; y: number };
}

export class ReaderSelection {
  /** The selection the toolbar is shown for. */
  shown = $state.raw<TextSelection | null>(null);
  popover = $state<Popover | null>(null);
  /** The colour `h` uses: the last one picked. */
  color = $state<HighlightColor>(lastColor());
  /** The selection toolbar's element (bound by the view): the keyboard may be in it. */
  toolbarEl = $state<HTMLElement | undefined>();

  /** Where the toolbar goes (page px), below the selection's last line. */
  toolbarPosition = $derived.by(() => {
    const selection = this.shown;
    if (!selection) return null;
    const scroll = this.#scroll();
    const { top, bottom, left } = selection.rect;
    const above = top === undefined ? undefined : { above: top + scroll.y - 8 };
    return { top: bottom + scroll.y + 8, left: left + scroll.x, ...above };
  });

  readonly #highlights: SelectionHighlights;
  readonly #options: ReaderSelectionOptions;
  #surface: TextSurface | null = null;

  constructor(highlights: SelectionHighlights, options: ReaderSelectionOptions) {
    this.#highlights = highlights;
    this.#options = options;
  }

  #scroll(): { x: number; y: number } {
    return this.#options.scroll?.() ?? { x: window.scrollX, y: window.scrollY };
  }

  /** The text the selection is read from (null while the view has none). */
  setSurface(surface: TextSurface | null): void {
    this.#surface = surface;
  }

  #toolbarHasFocus(): boolean {
    const toolbar = this.toolbarEl;
    return !!toolbar && toolbar.contains(document.activeElement);
  }

  /** A mouse button is down on the page: a selection may be growing under the pointer. */
  #dragging = false;

  /**
   * Follows the document's selection until the returned cleanup. While a
   * mouse drag selects, the toolbar stays hidden and appears when the button
   * is released: shown under the growing selection, near the window's
   * bottom it caught the pointer and ended the drag.
   */
  follow(): () => void {
    const changed = (): void => this.selectionChanged();
    const down = (event: PointerEvent): void => {
      if (event.pointerType === 'touch' || event.button !== 0) return;
      const target = event.target instanceof Element ? event.target : null;
      // Presses on the toolbar's buttons (or any control) select nothing.
      if (target?.closest(CONTROLS) || (target && this.toolbarEl?.contains(target))) return;
      this.#dragging = true;
    };
    const up = (): void => {
      if (!this.#dragging) return;
      this.#dragging = false;
      this.selectionChanged();
    };
    document.addEventListener('selectionchange', changed);
    document.addEventListener('pointerdown', down, true);
    window.addEventListener('pointerup', up, true);
    window.addEventListener('pointercancel', up, true);
    return () => {
      document.removeEventListener('selectionchange', changed);
      document.removeEventListener('pointerdown', down, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', up, true);
      this.#dragging = false;
    };
  }

  /** The document's selection changed: the toolbar follows it. */
  selectionChanged(): void {
    if (this.#dragging) {
      this.shown = null;
      return;
    }
    const next = this.#surface?.current() ?? null;
    // Keep the toolbar while the keyboard is in it (the selection stays put).
    if (!next && this.#toolbarHasFocus()) return;
    this.shown = next;
  }

  #dropSelection(): void {
    this.#surface?.clear();
    this.shown = null;
  }

  /** Highlights the selection in `pick` (and remembers the colour). */
  highlightSelection(pick: HighlightColor): void {
    const surface = this.#surface;
    if (!surface) return;
    const current = surface.current() ?? this.shown;
    if (!current) return;
    const hadFocus = this.#toolbarHasFocus();
    this.color = pick;
    rememberColor(pick);
    this.#highlights.create(current.start, current.end, pick);
    this.#dropSelection();
    if (hadFocus) surface.focus();
  }

  /** Re-attaches an orphaned highlight to the selection. */
  reattach(id: string): void {
    const current = this.#surface ? (this.#surface.current() ?? this.shown) : null;
    if (!current) {
      this.#highlights.error = 'Select the passage in the article first, then choose Place here.';
      return;
    }
    void this.#highlights.reattach(id, current.start, current.end);
    this.#dropSelection();
  }

  openPopover(id: string, at: PopoverAnchor, returnFocus: HTMLElement | null): void {
    this.#highlights.selectedId = id;
    this.popover = { id, top: at.top, left: at.left, above: at.above, returnFocus };
  }

  closePopover(reason: 'escape' | 'outside' | 'done'): void {
    const current = this.popover;
    if (!current) return;
    this.popover = null;
    this.#highlights.selectedId = null;
    if (reason === 'outside') return;
    const back = current.returnFocus;
    if (back && back.isConnected) back.focus();
    else this.#surface?.focus();
  }

  /** Scrolls to a highlight and flashes it (the `[`/`]` keys); where its popover would go, or null. */
  async reveal(id: string): Promise<PopoverAnchor | null> {
    return (await this.#surface?.reveal(id)) ?? null;
  }

  /** From the Highlights panel: scroll to it, flash it, open its popover. */
  activate(id: string, trigger: HTMLElement): void {
    const at = this.#surface?.reveal(id);
    if (at instanceof Promise) {
      void at.then((place) => {
        if (place) this.openPopover(id, place, trigger);
      });
    } else if (at) this.openPopover(id, at, trigger);
  }

  onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || this.#options.blocked()) return;
    const action = readerKeyAction(event, {
      inTextField: isTextField(event.target),
      hasArticle: this.#options.hasArticle(),
      popoverOpen: !!this.popover,
      selectionShown: !!this.shown,
    });
    switch (action) {
      case 'undo':
        event.preventDefault();
        void this.#highlights.undo();
        return;
      case 'extend-selection':
        if (this.#surface?.extend(event)) event.preventDefault();
        return;
      case 'highlight':
        if (!this.#surface?.current()) return;
        event.preventDefault();
        this.highlightSelection(this.color);
        return;
      case 'close-popover':
        event.preventDefault();
        this.closePopover('escape');
        return;
      case 'clear-selection':
        event.preventDefault();
        document.getSelection()?.removeAllRanges();
        this.shown = null;
        return;
      case 'back':
        event.preventDefault();
        this.#options.back();
        return;
      case null:
        return;
    }
  }
}
