/** The reader's keyboard: which action each key press means, in which state. */
import { describe, expect, it } from 'vitest';

import { readerKeyAction, type KeyPress, type ReaderKeyState } from '../../src/renderer/src/lib/reader-keys';

function key(k: string, mods: Partial<KeyPress> = {}): KeyPress {
  return { key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, defaultPrevented: false, ...mods };
}

const reading: ReaderKeyState = { inTextField: false, hasArticle: true, popoverOpen: false, selectionShown: false };

describe('readerKeyAction', () => {
  it('Ctrl/Cmd+Z undoes, except in a text field or without an article', () => {
    expect(readerKeyAction(key('z', { ctrlKey: true }), reading)).toBe('undo');
    expect(readerKeyAction(key('Z', { metaKey: true }), reading)).toBe('undo');
    expect(readerKeyAction(key('z', { ctrlKey: true }), { ...reading, inTextField: true })).toBeNull();
    expect(readerKeyAction(key('z', { ctrlKey: true }), { ...reading, hasArticle: false })).toBeNull();
    // Ctrl+Shift+Z and Ctrl+Alt+Z are someone else's.
    expect(readerKeyAction(key('z', { ctrlKey: true, shiftKey: true }), reading)).toBeNull();
    expect(readerKeyAction(key('z', { ctrlKey: true, altKey: true }), reading)).toBeNull();
  });

  it('Shift+arrows (with or without Ctrl) extend the selection, not in a text field', () => {
    for (const arrow of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']) {
      expect(readerKeyAction(key(arrow, { shiftKey: true }), reading)).toBe('extend-selection');
      expect(readerKeyAction(key(arrow, { shiftKey: true, ctrlKey: true }), reading)).toBe('extend-selection');
    }
    expect(readerKeyAction(key('ArrowLeft', { shiftKey: true }), { ...reading, inTextField: true })).toBeNull();
    expect(readerKeyAction(key('ArrowLeft', { shiftKey: true, altKey: true }), reading)).toBeNull();
    expect(readerKeyAction(key('ArrowLeft'), reading)).toBeNull();
  });

  it('h highlights, but not with a modifier or in a text field', () => {
    expect(readerKeyAction(key('h'), reading)).toBe('highlight');
    expect(readerKeyAction(key('h', { ctrlKey: true }), reading)).toBeNull();
    expect(readerKeyAction(key('h', { altKey: true }), reading)).toBeNull();
    expect(readerKeyAction(key('h'), { ...reading, inTextField: true })).toBeNull();
    expect(readerKeyAction(key('H', { shiftKey: true }), reading)).toBeNull();
  });

  it('Escape closes the popover, then the selection, then the reader (never from a text field)', () => {
    const escape = key('Escape');
    expect(readerKeyAction(escape, { ...reading, popoverOpen: true, selectionShown: true })).toBe('close-popover');
    expect(readerKeyAction(escape, { ...reading, selectionShown: true })).toBe('clear-selection');
    expect(readerKeyAction(escape, reading)).toBe('back');
    // Escape in a text field (an empty search box, the tags field, a note) never leaves the article;
    // a popover still closes from its note box.
    expect(readerKeyAction(escape, { ...reading, inTextField: true })).toBeNull();
    expect(readerKeyAction(escape, { ...reading, inTextField: true, popoverOpen: true })).toBe('close-popover');
    for (const mods of [{ shiftKey: true }, { altKey: true }, { ctrlKey: true }, { metaKey: true }]) {
      expect(readerKeyAction(key('Escape', mods), { ...reading, popoverOpen: true })).toBeNull();
    }
  });

  it('leaves alone what another handler took, and other keys', () => {
    expect(readerKeyAction(key('Escape', { defaultPrevented: true }), reading)).toBeNull();
    expect(readerKeyAction(key('z', { ctrlKey: true, defaultPrevented: true }), reading)).toBeNull();
    expect(readerKeyAction(key('j'), reading)).toBeNull();
    expect(readerKeyAction(key('Enter'), reading)).toBeNull();
  });
});
