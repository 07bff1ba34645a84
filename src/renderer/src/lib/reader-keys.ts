/**
 * The reader's keyboard: which action a key press means (a pure decision,
 * unit-tested), and Shift+arrow selection inside a text body.
 */

/** What a key press in the reader asks for. */
export type ReaderKeyAction =
  | 'undo'
  | 'extend-selection'
  | 'highlight'
  | 'close-popover'
  | 'clear-selection'
  | 'back';

export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'defaultPrevented'>;

export interface ReaderKeyState {
  /** The key goes to a text field (shortcuts stay out of its way). */
  inTextField: boolean;
  /** An article (or book) is shown. */
  hasArticle: boolean;
  popoverOpen: boolean;
  /** The selection toolbar is shown. */
  selectionShown: boolean;
}

export const ARROWS: Readonly<Record<string, readonly ['forward' | 'backward', 'character' | 'line']>> = {
  ArrowRight: ['forward', 'character'],
  ArrowLeft: ['backward', 'character'],
  ArrowDown: ['forward', 'line'],
  ArrowUp: ['backward', 'line'],
};

/** The action for a key press, or null when the reader leaves it alone. */
export function readerKeyAction(event: KeyPress, state: ReaderKeyState): ReaderKeyAction | null {
  if (event.defaultPrevented) return null;
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'z') {
    return state.inTextField || !state.hasArticle ? null : 'undo';
  }
  if (event.shiftKey && !event.altKey && ARROWS[event.key] && !state.inTextField) return 'extend-selection';
  if (event.key === 'h' && !mod && !event.altKey && !state.inTextField) return 'highlight';
  if (event.key !== 'Escape' || event.altKey || mod || event.shiftKey) return null;
  if (state.popoverOpen) return 'close-popover';
  if (state.selectionShown) return 'clear-selection';
  // Escape in a text field belongs to the field (clear it, close search or a
  // list): leaving the article from there loses what was being typed or read.
  return state.inTextField ? null : 'back';
}

/** A book's chapter keys: Alt+← previous, Alt+→ next (in reading order, whatever the book's direction). */
export type ChapterKeyAction = 'previous-chapter' | 'next-chapter';

/** The chapter action for a key press, or null (typing in a field keeps its keys: Alt+arrows move by words there). */
export function chapterKeyAction(event: KeyPress, inTextField: boolean): ChapterKeyAction | null {
  if (event.defaultPrevented || inTextField || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.key === 'ArrowLeft') return 'previous-chapter';
  if (event.key === 'ArrowRight') return 'next-chapter';
  return null;
}

/**
 * Shift+arrows select text in `body` without caret browsing: from the caret
 * a click left, or from the start of the text when the keyboard is on the
 * body or on `heading`. Ctrl/Cmd+Shift+arrows move by words. False when the
 * key was not for the body.
 */
export function extendSelection(event: KeyPress, body: HTMLElement, heading: HTMLElement | undefined): boolean {
  const sel = document.getSelection();
  const move = ARROWS[event.key];
  if (!sel || !move) return false;
  const inBody = sel.rangeCount > 0 && sel.anchorNode !== null && body.contains(sel.anchorNode);
  if (!inBody) {
    const active = document.activeElement;
    if (!(active === body || active === heading)) return false;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let first = walker.nextNode();
    while (first && !(first as Text).data.trim()) first = walker.nextNode();
    if (!first) return false;
    const text = first as Text;
    sel.collapse(text, text.data.length - text.data.trimStart().length);
  }
  const granularity = (event.ctrlKey || event.metaKey) && move[1] === 'character' ? 'word' : move[1];
  sel.modify('extend', move[0], granularity);
  return true;
}
