/**
 * Every keyboard shortcut of the app, in one table: its keys, what it does
 * and where it applies. The Keyboard shortcuts dialog lists this table, and
 * the reading keys (`by: 'shortcuts'`) are matched from it here, so the
 * dialog cannot drift from what the keys do. Shortcuts older than the table
 * keep their own handlers (`by` names them); a unit test checks that each
 * of those handlers answers the keys listed here.
 */

/** One key press: `mod` is Ctrl, or ⌘ on Apple machines. */
export interface KeyStroke {
  key: string;
  mod?: true;
  shift?: true;
  alt?: true;
}

/** Where a shortcut applies (the dialog's groups, in this order). */
export type ShortcutScope = 'anywhere' | 'library' | 'reader' | 'book' | 'pdf' | 'find' | 'review';

/** Who answers the keys: this module's matcher, the browser, or an older handler. */
export type ShortcutHandler =
  | 'shortcuts'
  | 'browser'
  | 'reader-keys'
  | 'find-keys'
  | 'pdf-keys'
  | 'search-box'
  | 'app-messages'
  | 'bulk-actions'
  | 'paste'
  | 'read-aloud'
  | 'review-keys';

export type ShortcutId =
  | 'help'
  | 'search'
  | 'undo'
  | 'paste-link'
  | 'untick-rows'
  | 'line-down'
  | 'line-up'
  | 'screen-down'
  | 'screen-up'
  | 'top'
  | 'bottom'
  | 'next-highlight'
  | 'previous-highlight'
  | 'edit-note'
  | 'highlight'
  | 'extend-selection'
  | 'contents'
  | 'text-settings'
  | 'focus-mode'
  | 'listen'
  | 'leave-focus-mode'
  | 'escape'
  | 'find'
  | 'find-next'
  | 'find-previous'
  | 'previous-chapter'
  | 'next-chapter'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset'
  | 'review-keep'
  | 'review-soon'
  | 'review-later'
  | 'review-retire'
  | 'review-open'
  | 'review-edit';

export interface Shortcut {
  id: ShortcutId;
  /** Alternatives; each one a sequence of strokes (`g` then `g`). */
  keys: readonly (readonly KeyStroke[])[];
  /** More keys that do the same natively (the browser scrolls): listed, never matched. */
  nativeKeys?: readonly (readonly KeyStroke[])[];
  /** What it does, as the dialog says it. */
  does: string;
  scope: ShortcutScope;
  by: ShortcutHandler;
  /** Only while focus mode is on (matched before the key's other meaning). */
  inFocusMode?: true;
}

const k = (key: string, extra: Omit<KeyStroke, 'key'> = {}): readonly KeyStroke[] => [{ key, ...extra }];

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'help', keys: [k('?')], does: 'Show the keyboard shortcuts', scope: 'anywhere', by: 'shortcuts' },
  { id: 'search', keys: [k('k', { mod: true }), k('/')], does: 'Search titles, text, highlights and notes', scope: 'anywhere', by: 'search-box' },
  { id: 'undo', keys: [k('z', { mod: true })], does: 'Undo a delete or archive, or a highlight change in the reader', scope: 'anywhere', by: 'app-messages' },
  { id: 'paste-link', keys: [k('v', { mod: true })], does: 'Save the web page of a copied link', scope: 'library', by: 'paste' },
  { id: 'untick-rows', keys: [k('Escape')], does: 'Untick the ticked rows', scope: 'library', by: 'bulk-actions' },

  { id: 'line-down', keys: [k('j')], nativeKeys: [k('ArrowDown')], does: 'Scroll down a line', scope: 'reader', by: 'shortcuts' },
  { id: 'line-up', keys: [k('k')], nativeKeys: [k('ArrowUp')], does: 'Scroll up a line', scope: 'reader', by: 'shortcuts' },
  { id: 'screen-down', keys: [k(' ')], does: 'Scroll down a screen', scope: 'reader', by: 'browser' },
  { id: 'screen-up', keys: [k(' ', { shift: true })], does: 'Scroll up a screen', scope: 'reader', by: 'browser' },
  { id: 'top', keys: [[{ key: 'g' }, { key: 'g' }]], nativeKeys: [k('Home')], does: 'Go to the top', scope: 'reader', by: 'shortcuts' },
  { id: 'bottom', keys: [k('G')], nativeKeys: [k('End')], does: 'Go to the bottom', scope: 'reader', by: 'shortcuts' },
  { id: 'next-highlight', keys: [k(']')], does: 'Next highlight (it becomes the focused highlight)', scope: 'reader', by: 'shortcuts' },
  { id: 'previous-highlight', keys: [k('[')], does: 'Previous highlight (it becomes the focused highlight)', scope: 'reader', by: 'shortcuts' },
  { id: 'edit-note', keys: [k('n')], does: 'Edit the note of the focused highlight', scope: 'reader', by: 'shortcuts' },
  { id: 'highlight', keys: [k('h')], does: 'Highlight the selected text', scope: 'reader', by: 'reader-keys' },
  {
    id: 'extend-selection',
    keys: [k('ArrowRight', { shift: true }), k('ArrowLeft', { shift: true }), k('ArrowDown', { shift: true }), k('ArrowUp', { shift: true })],
    does: 'Select text (with Ctrl or ⌘ too: by words)',
    scope: 'reader',
    by: 'reader-keys',
  },
  { id: 'contents', keys: [k('t')], does: 'Open or close the Contents', scope: 'reader', by: 'shortcuts' },
  { id: 'text-settings', keys: [k('a')], does: 'Open or close Text and theme', scope: 'reader', by: 'shortcuts' },
  { id: 'listen', keys: [k('l')], does: 'Read aloud from the reading line (again: pause or resume)', scope: 'reader', by: 'read-aloud' },
  { id: 'focus-mode', keys: [k('f')], does: 'Focus mode: only the text (turn it on or off)', scope: 'reader', by: 'shortcuts' },
  { id: 'leave-focus-mode', keys: [k('Escape')], does: 'Leave focus mode', scope: 'reader', by: 'shortcuts', inFocusMode: true },
  { id: 'escape', keys: [k('Escape')], does: 'Close the popover or the selection, else back to the library', scope: 'reader', by: 'reader-keys' },

  { id: 'find', keys: [k('f', { mod: true })], does: 'Find in the document', scope: 'find', by: 'find-keys' },
  { id: 'find-next', keys: [k('F3'), k('g', { mod: true })], does: 'Next match', scope: 'find', by: 'find-keys' },
  { id: 'find-previous', keys: [k('F3', { shift: true }), k('g', { mod: true, shift: true })], does: 'Previous match', scope: 'find', by: 'find-keys' },

  { id: 'previous-chapter', keys: [k('ArrowLeft', { alt: true })], does: 'Previous chapter', scope: 'book', by: 'reader-keys' },
  { id: 'next-chapter', keys: [k('ArrowRight', { alt: true })], does: 'Next chapter', scope: 'book', by: 'reader-keys' },

  { id: 'zoom-in', keys: [k('+', { mod: true }), k('=', { mod: true })], does: 'Zoom in', scope: 'pdf', by: 'pdf-keys' },
  { id: 'zoom-out', keys: [k('-', { mod: true })], does: 'Zoom out', scope: 'pdf', by: 'pdf-keys' },
  { id: 'zoom-reset', keys: [k('0', { mod: true })], does: 'Fit the width', scope: 'pdf', by: 'pdf-keys' },

  // The daily review (lib/review-keys.ts answers them).
  { id: 'review-keep', keys: [k('1')], does: 'Keep: see it again later', scope: 'review', by: 'review-keys' },
  { id: 'review-soon', keys: [k('2')], does: 'Soon: see it again in a few days', scope: 'review', by: 'review-keys' },
  { id: 'review-later', keys: [k('3')], does: 'Later: see it again much later', scope: 'review', by: 'review-keys' },
  { id: 'review-retire', keys: [k('4')], does: 'Retire: never again', scope: 'review', by: 'review-keys' },
  { id: 'review-open', keys: [k('o')], does: 'Open the highlight in its source', scope: 'review', by: 'review-keys' },
  { id: 'review-edit', keys: [k('e')], does: 'Edit the note', scope: 'review', by: 'review-keys' },
];

export const SCOPE_TITLES: Readonly<Record<ShortcutScope, string>> = {
  anywhere: 'Anywhere',
  library: 'Library',
  reader: 'Reading (articles, books and PDFs)',
  find: 'Find in the document',
  book: 'Books',
  pdf: 'PDFs',
  review: 'Daily review',
};

/** The table in the dialog's groups, in order. */
export function shortcutGroups(): { scope: ShortcutScope; title: string; shortcuts: Shortcut[] }[] {
  const order: ShortcutScope[] = ['anywhere', 'library', 'reader', 'find', 'book', 'pdf', 'review'];
  return order.map((scope) => ({ scope, title: SCOPE_TITLES[scope], shortcuts: SHORTCUTS.filter((s) => s.scope === scope) }));
}

const KEY_NAMES: Readonly<Record<string, string>> = {
  ' ': 'Space',
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
};

/** A stroke's keys as shown (each one a <kbd>): `['Ctrl', 'F']`, `['Shift', 'Space']`, `['G']`. */
export function strokeLabel(stroke: KeyStroke, apple: boolean): string[] {
  const parts: string[] = [];
  if (stroke.mod) parts.push(apple ? '⌘' : 'Ctrl');
  if (stroke.alt) parts.push(apple ? '⌥' : 'Alt');
  if (stroke.shift) parts.push('Shift');
  const name = KEY_NAMES[stroke.key] ?? stroke.key;
  // `G` is Shift+g: said so, since a capital alone reads like `g`.
  if (/^[A-Z]$/.test(stroke.key)) parts.push('Shift', name);
  else parts.push(name);
  return parts;
}

/** Where a key press happens: shortcuts never fire while typing or in another dialog. */
export interface KeyContext {
  view: 'library' | 'reader';
  /** What the reader shows (null: nothing yet). */
  kind?: 'article' | 'book' | 'pdf' | null;
  /** The key goes to a text field, a contenteditable, or a dialog or popover of its own. */
  typing: boolean;
  focusMode?: boolean;
}

export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & { isComposing?: boolean };

/**
 * Whether a key press is this stroke. Characters carry Shift in the key
 * itself (`?`, `G`, `]` on any layout), so Shift is only compared for named
 * keys (Space, arrows, Escape); Ctrl/⌘ and Alt must be exactly as asked.
 */
export function strokeMatches(event: KeyPress, stroke: KeyStroke): boolean {
  if (event.key !== stroke.key) return false;
  if ((event.ctrlKey || event.metaKey) !== !!stroke.mod || event.altKey !== !!stroke.alt) return false;
  const named = stroke.key.length > 1 || stroke.key === ' ';
  return !named || event.shiftKey === !!stroke.shift;
}

function applies(shortcut: Shortcut, context: KeyContext): boolean {
  if (shortcut.by !== 'shortcuts') return false;
  if (shortcut.inFocusMode && !context.focusMode) return false;
  switch (shortcut.scope) {
    case 'anywhere':
      return true;
    case 'library':
      return context.view === 'library';
    case 'reader':
      return context.view === 'reader' && !!context.kind;
    case 'book':
      return context.view === 'reader' && context.kind === 'book';
    case 'pdf':
      return context.view === 'reader' && context.kind === 'pdf';
    case 'find':
      return context.view === 'reader' && !!context.kind;
    case 'review':
      return false; // answered by the Review screen (lib/review-keys.ts)
  }
}

/** How long the second key of a sequence (`g g`) may wait. */
export const SEQUENCE_MS = 1000;

export type KeyMatch = { id: ShortcutId } | { pending: true } | null;

/**
 * Matches key presses against the table's own shortcuts (`by: 'shortcuts'`),
 * sequences included: the first `g` of `g g` is pending for SEQUENCE_MS
 * (by the injected clock), then forgotten.
 */
export class ShortcutMatcher {
  readonly #now: () => number;
  readonly #table: readonly Shortcut[];
  #pending: { strokes: KeyPress[]; at: number } | null = null;

  constructor({ now = () => Date.now(), table = SHORTCUTS }: { now?: () => number; table?: readonly Shortcut[] } = {}) {
    this.#now = now;
    this.#table = table;
  }

  match(event: KeyPress, context: KeyContext): KeyMatch {
    if (context.typing || event.isComposing) {
      this.#pending = null;
      return null;
    }
    // Modifier keys alone (Shift before `?`) neither match nor break a sequence.
    if (['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock'].includes(event.key)) return null;
    const now = this.#now();
    const pending = this.#pending && now - this.#pending.at <= SEQUENCE_MS ? this.#pending.strokes : [];
    this.#pending = null;
    const candidates = this.#table.filter((s) => applies(s, context));
    // A sequence continued, else the key on its own.
    for (const sofar of pending.length > 0 ? [[...pending, event], [event]] : [[event]]) {
      let prefix = false;
      for (const shortcut of candidates) {
        for (const strokes of shortcut.keys) {
          if (strokes.length < sofar.length || !sofar.every((press, i) => strokeMatches(press, strokes[i]!))) continue;
          if (strokes.length === sofar.length) return { id: shortcut.id };
          prefix = true;
        }
      }
      if (prefix) {
        this.#pending = { strokes: sofar, at: now };
        return { pending: true };
      }
    }
    return null;
  }

  /** Forgets a started sequence (focus went elsewhere). */
  reset(): void {
    this.#pending = null;
  }
}

/** True when the keyboard is in something that takes its own keys: a text field, a contenteditable, a dialog or popover. */
export function keysBelongElsewhere(target: EventTarget | null, isTextField: (target: EventTarget | null) => boolean): boolean {
  if (isTextField(target)) return true;
  if (!(target instanceof Element)) return false;
  return !!target.closest('dialog, [role="dialog"], [role="alertdialog"], [role="listbox"], [role="menu"]');
}
