// @vitest-environment jsdom
/**
 * The one table of keyboard shortcuts: what its matcher answers (typing and
 * other dialogs ignored, modifiers exact, `g g` within its time by an
 * injected clock), that the older handlers answer the keys the table lists
 * for them (so the Keyboard shortcuts dialog never lists a key that does
 * something else), and that no key means two things in one place.
 */
import { describe, expect, it } from 'vitest';

import { isTextField } from '../../src/renderer/src/lib/dom-targets';
import { findKeyAction } from '../../src/renderer/src/lib/find-keys';
import { pdfZoomKey } from '../../src/renderer/src/lib/pdf-keys';
import { chapterKeyAction, readerKeyAction, type ReaderKeyState } from '../../src/renderer/src/lib/reader-keys';
import {
  keysBelongElsewhere,
  SEQUENCE_MS,
  SHORTCUTS,
  shortcutGroups,
  ShortcutMatcher,
  strokeLabel,
  strokeMatches,
  type KeyContext,
  type KeyPress,
  type KeyStroke,
  type ShortcutId,
} from '../../src/renderer/src/lib/shortcuts';

function press(key: string, mods: Partial<KeyPress> = {}): KeyPress {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods };
}

/** The key press a stroke describes (Shift as a keyboard gives it: `G` and `?` are typed with Shift). */
function pressOf(stroke: KeyStroke, mod: 'ctrlKey' | 'metaKey' = 'ctrlKey'): KeyPress {
  const shifted = !!stroke.shift || /^[A-Z?]$/.test(stroke.key);
  return press(stroke.key, { [mod]: !!stroke.mod, altKey: !!stroke.alt, shiftKey: shifted });
}

const article: KeyContext = { view: 'reader', kind: 'article', typing: false };

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function idOf(matcher: ShortcutMatcher, event: KeyPress, context: KeyContext = article): ShortcutId | 'pending' | null {
  const found = matcher.match(event, context);
  return found === null ? null : 'pending' in found ? 'pending' : found.id;
}

describe('the shortcut matcher', () => {
  it('answers each reading key in the reader', () => {
    const matcher = new ShortcutMatcher();
    const expected: [KeyPress, ShortcutId][] = [
      [press('j'), 'line-down'],
      [press('k'), 'line-up'],
      [press('G', { shiftKey: true }), 'bottom'],
      [press(']'), 'next-highlight'],
      [press('['), 'previous-highlight'],
      [press('n'), 'edit-note'],
      [press('t'), 'contents'],
      [press('a'), 'text-settings'],
      [press('f'), 'focus-mode'],
      [press('?', { shiftKey: true }), 'help'],
    ];
    for (const [event, id] of expected) expect(idOf(matcher, event), event.key).toBe(id);
    for (const kind of ['book', 'pdf'] as const) expect(idOf(matcher, press('j'), { ...article, kind })).toBe('line-down');
  });

  it('never fires while typing (a field, a contenteditable, a dialog) or composing', () => {
    const matcher = new ShortcutMatcher();
    for (const key of ['j', 'k', 'G', ']', '[', 'n', 't', 'a', 'f', '?']) {
      expect(idOf(matcher, press(key), { ...article, typing: true }), key).toBeNull();
    }
    expect(idOf(matcher, { ...press('j'), isComposing: true })).toBeNull();
  });

  it('needs the modifiers it asks for, and no others', () => {
    const matcher = new ShortcutMatcher();
    for (const mods of [{ ctrlKey: true }, { metaKey: true }, { altKey: true }]) {
      for (const key of ['j', 'k', 'G', ']', 'n', 't', 'a', 'f', '?']) expect(idOf(matcher, press(key, mods)), `${key} ${JSON.stringify(mods)}`).toBeNull();
    }
    // Shift+j types J: not `j`.
    expect(idOf(matcher, press('J', { shiftKey: true }))).toBeNull();
    // Caps Lock gives G without Shift: still the bottom.
    expect(idOf(matcher, press('G'))).toBe('bottom');
    // Named keys compare Shift: Shift+Escape is not Escape.
    expect(strokeMatches(press('Escape', { shiftKey: true }), { key: 'Escape' })).toBe(false);
    expect(strokeMatches(press('Escape'), { key: 'Escape' })).toBe(true);
  });

  it('keeps reading keys to the reader and `?` everywhere', () => {
    const matcher = new ShortcutMatcher();
    const library: KeyContext = { view: 'library', typing: false };
    expect(idOf(matcher, press('j'), library)).toBeNull();
    expect(idOf(matcher, press(']'), library)).toBeNull();
    expect(idOf(matcher, press('?', { shiftKey: true }), library)).toBe('help');
    // Nothing shown yet (loading, an error): no reading keys.
    expect(idOf(matcher, press('j'), { ...article, kind: null })).toBeNull();
  });

  it('g g goes to the top when the second g comes within the time, by the injected clock', () => {
    const time = clock();
    const matcher = new ShortcutMatcher({ now: time.now });
    expect(idOf(matcher, press('g'))).toBe('pending');
    time.advance(SEQUENCE_MS - 1);
    expect(idOf(matcher, press('g'))).toBe('top');
    // Too slow: the second g starts a new sequence.
    expect(idOf(matcher, press('g'))).toBe('pending');
    time.advance(SEQUENCE_MS + 1);
    expect(idOf(matcher, press('g'))).toBe('pending');
    time.advance(10);
    expect(idOf(matcher, press('g'))).toBe('top');
  });

  it('another key breaks a sequence and still counts; Shift alone does not break it; typing forgets it', () => {
    const time = clock();
    const matcher = new ShortcutMatcher({ now: time.now });
    expect(idOf(matcher, press('g'))).toBe('pending');
    expect(idOf(matcher, press('j'))).toBe('line-down');
    expect(idOf(matcher, press('g'))).toBe('pending');
    expect(idOf(matcher, press('x'))).toBeNull();
    expect(idOf(matcher, press('g'))).toBe('pending');
    expect(idOf(matcher, press('Shift', { shiftKey: true }))).toBeNull();
    expect(idOf(matcher, press('g'))).toBe('top');
    expect(idOf(matcher, press('g'))).toBe('pending');
    expect(idOf(matcher, press('g'), { ...article, typing: true })).toBeNull();
    expect(idOf(matcher, press('g'))).toBe('pending');
  });

  it('Escape leaves focus mode only while it is on', () => {
    const matcher = new ShortcutMatcher();
    expect(idOf(matcher, press('Escape'))).toBeNull();
    expect(idOf(matcher, press('Escape'), { ...article, focusMode: true })).toBe('leave-focus-mode');
    expect(idOf(matcher, press('Escape'), { ...article, focusMode: true, typing: true })).toBeNull();
  });
});

describe('where keys belong', () => {
  it('fields, contenteditables, dialogs and popovers keep their keys; buttons and the text do not', () => {
    document.body.innerHTML = `
      <input id="search" type="search"><textarea id="note"></textarea><div id="edit" contenteditable="true"></div>
      <div role="dialog" aria-label="Highlight"><button id="colour">Yellow</button></div>
      <dialog open><button id="in-dialog">Close</button></dialog>
      <button id="plain">Back</button><div id="text" tabindex="-1">Text</div><input id="box" type="checkbox">`;
    const el = (id: string): Element => document.getElementById(id)!;
    // jsdom has no isContentEditable: the real check is driven in Chromium by the e2e.
    Object.defineProperty(el('edit'), 'isContentEditable', { value: true });
    for (const id of ['search', 'note', 'edit', 'colour', 'in-dialog']) expect(keysBelongElsewhere(el(id), isTextField), id).toBe(true);
    for (const id of ['plain', 'text', 'box']) expect(keysBelongElsewhere(el(id), isTextField), id).toBe(false);
    expect(keysBelongElsewhere(window, isTextField)).toBe(false);
  });
});

describe('the table and the older handlers agree', () => {
  const reading: ReaderKeyState = { inTextField: false, hasArticle: true, popoverOpen: false, selectionShown: false };
  /** What each older handler answers for a key press the table gives it. */
  const answers: Partial<Record<ShortcutId, (event: KeyPress) => unknown>> = {
    highlight: (e) => readerKeyAction({ ...e, defaultPrevented: false }, reading) === 'highlight',
    'extend-selection': (e) => readerKeyAction({ ...e, defaultPrevented: false }, reading) === 'extend-selection',
    escape: (e) => readerKeyAction({ ...e, defaultPrevented: false }, reading) === 'back',
    undo: (e) => readerKeyAction({ ...e, defaultPrevented: false }, reading) === 'undo',
    'previous-chapter': (e) => chapterKeyAction({ ...e, defaultPrevented: false }, false) === 'previous-chapter',
    'next-chapter': (e) => chapterKeyAction({ ...e, defaultPrevented: false }, false) === 'next-chapter',
    find: (e) => findKeyAction({ ...e, defaultPrevented: false }) === 'open',
    'find-next': (e) => findKeyAction({ ...e, defaultPrevented: false }) === 'next',
    'find-previous': (e) => findKeyAction({ ...e, defaultPrevented: false }) === 'previous',
    'zoom-in': (e) => pdfZoomKey({ ...e, defaultPrevented: false }) === 'in',
    'zoom-out': (e) => pdfZoomKey({ ...e, defaultPrevented: false }) === 'out',
    'zoom-reset': (e) => pdfZoomKey({ ...e, defaultPrevented: false }) === 'reset',
  };

  it('every key the table gives reader-keys, find-keys and pdf-keys does what the table says', () => {
    const checked: string[] = [];
    for (const shortcut of SHORTCUTS) {
      if (!['reader-keys', 'find-keys', 'pdf-keys'].includes(shortcut.by)) continue;
      const answer = answers[shortcut.id];
      expect(answer, `no check for ${shortcut.id}`).toBeDefined();
      for (const strokes of shortcut.keys) {
        for (const mod of ['ctrlKey', 'metaKey'] as const) {
          expect(answer!(pressOf(strokes[0]!, mod)), `${shortcut.id}: ${JSON.stringify(strokes)}`).toBe(true);
        }
        checked.push(shortcut.id);
      }
    }
    expect(new Set(checked).size).toBeGreaterThanOrEqual(10);
  });

  it('the reader-keys actions are all in the table', () => {
    // `h`, Escape, Ctrl+Z, Shift+arrows, Alt+arrows: each one listed.
    for (const event of [press('h'), press('Escape'), press('z', { ctrlKey: true }), press('ArrowLeft', { shiftKey: true })]) {
      const listed = SHORTCUTS.some((s) => s.keys.some((strokes) => strokes.length === 1 && strokeMatches(event, strokes[0]!)));
      expect(listed, event.key).toBe(true);
    }
  });
});

describe('the table', () => {
  it('has no key meaning two things in one place (focus mode’s Escape goes first on purpose)', () => {
    const seen = new Map<string, ShortcutId>();
    const overlaps = (a: string, b: string): boolean => a === b || a === 'anywhere' || b === 'anywhere' || (a === 'reader' && b !== 'library') || (b === 'reader' && a !== 'library');
    for (const shortcut of SHORTCUTS) {
      if (shortcut.inFocusMode) continue;
      for (const strokes of [...shortcut.keys, ...(shortcut.nativeKeys ?? [])]) {
        const key = JSON.stringify(strokes);
        for (const [other, id] of seen) {
          if (!other.startsWith(`${key}|`)) continue;
          const scope = other.slice(key.length + 1);
          expect(overlaps(scope, shortcut.scope), `${key}: ${id} and ${shortcut.id}`).toBe(false);
        }
        seen.set(`${key}|${shortcut.scope}`, shortcut.id);
      }
    }
  });

  it('the dialog lists every shortcut once, in its groups, with the keys spelled out', () => {
    const listed = shortcutGroups().flatMap((g) => g.shortcuts.map((s) => s.id));
    expect(listed.sort()).toEqual(SHORTCUTS.map((s) => s.id).sort());
    expect(strokeLabel({ key: 'f', mod: true }, false)).toEqual(['Ctrl', 'f']);
    expect(strokeLabel({ key: 'f', mod: true }, true)).toEqual(['⌘', 'f']);
    expect(strokeLabel({ key: 'G' }, false)).toEqual(['Shift', 'G']);
    expect(strokeLabel({ key: ' ', shift: true }, false)).toEqual(['Shift', 'Space']);
    expect(strokeLabel({ key: 'ArrowLeft', alt: true }, false)).toEqual(['Alt', '←']);
  });
});
