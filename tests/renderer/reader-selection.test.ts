// @vitest-environment jsdom
/**
 * The reader's selection controller (runes, compiled by the Svelte plugin)
 * in jsdom: the toolbar follows the selection, a colour or `h` highlights
 * it, Escape closes the popover, then the selection, then the reader. The
 * text is a stand-in surface (the article view's needs the CSS Highlight API,
 * which jsdom lacks: e2e/highlights.spec.ts drives that one in Chromium).
 */
import { beforeEach, describe, expect, it } from 'vitest';

import type { HighlightColor } from '../../src/shared/types';
import {
  ReaderSelection,
  type SelectionHighlights,
  type TextSelection,
  type TextSurface,
} from '../../src/renderer/src/lib/reader-selection.svelte';

function setup({ blocked = false, hasArticle = true } = {}) {
  const created: { start: number; end: number; color: HighlightColor }[] = [];
  const reattached: { id: string; start: number; end: number }[] = [];
  let undos = 0;
  const highlights: SelectionHighlights = {
    selectedId: null,
    error: null,
    create(start, end, color) {
      created.push({ start, end, color });
      return `tmp-${created.length}`;
    },
    async reattach(id, start, end) {
      reattached.push({ id, start, end });
    },
    async undo() {
      undos++;
    },
  };
  const text = document.createElement('div');
  text.tabIndex = -1;
  document.body.replaceChildren(text);
  let current: TextSelection | null = null;
  const calls: string[] = [];
  const surface: TextSurface = {
    current: () => current,
    clear: () => {
      current = null;
      calls.push('clear');
    },
    focus: () => text.focus(),
    extend: () => {
      calls.push('extend');
      return true;
    },
    // 'later': a highlight on a PDF page that must be drawn first (the surface answers later).
    reveal: (id) => (id === 'h1' ? { top: 300, left: 40 } : id === 'later' ? Promise.resolve({ top: 500, left: 10 }) : null),
  };
  let backs = 0;
  const selection = new ReaderSelection(highlights, {
    blocked: () => blocked,
    hasArticle: () => hasArticle,
    back: () => backs++,
    scroll: () => ({ x: 0, y: 1000 }),
  });
  selection.setSurface(surface);
  const select = (start: number, end: number): void => {
    current = { start, end, rect: { bottom: 120, left: 60 } };
    selection.selectionChanged();
  };
  /** The document's selection collapses (as when focus moves to a button). */
  const collapse = (): void => {
    current = null;
    selection.selectionChanged();
  };
  const press = (key: string, init: KeyboardEventInit = {}): KeyboardEvent => {
    const event = new KeyboardEvent('keydown', { key, cancelable: true, ...init });
    selection.onKeydown(event);
    return event;
  };
  return {
    selection,
    highlights,
    created,
    reattached,
    calls,
    text,
    select,
    collapse,
    press,
    undos: () => undos,
    backs: () => backs,
  };
}

describe('ReaderSelection', () => {
  beforeEach(() => localStorage.clear());

  it('shows the toolbar below the selection, in page coordinates, and hides it when the selection goes', () => {
    const { selection, select } = setup();
    expect(selection.toolbarPosition).toBeNull();
    select(10, 20);
    expect(selection.shown).toMatchObject({ start: 10, end: 20 });
    expect(selection.toolbarPosition).toEqual({ top: 1128, left: 60 });
    selection.setSurface(null);
    selection.selectionChanged();
    expect(selection.shown).toBeNull();
  });

  it('keeps the toolbar while the keyboard is in it, then highlights and gives the keyboard back to the text', () => {
    const { selection, select, collapse, created, text, calls } = setup();
    select(5, 9);
    const toolbar = document.createElement('div');
    const button = document.createElement('button');
    toolbar.append(button);
    document.body.append(toolbar);
    selection.toolbarEl = toolbar;
    button.focus();
    collapse();
    expect(selection.shown).toMatchObject({ start: 5, end: 9 });

    selection.highlightSelection('green');
    expect(created).toEqual([{ start: 5, end: 9, color: 'green' }]);
    expect(selection.color).toBe('green');
    expect(selection.shown).toBeNull();
    expect(calls).toEqual(['clear']);
    expect(document.activeElement).toBe(text);
    // The colour is remembered for the next reader.
    expect(setup().selection.color).toBe('green');
  });

  it('without the keyboard in the toolbar, a collapsed selection hides it', () => {
    const { selection, select, collapse } = setup();
    select(5, 9);
    collapse();
    expect(selection.shown).toBeNull();
  });

  it('h highlights the selection in the last colour; without a selection it leaves the key alone', () => {
    const { select, press, created } = setup();
    const idle = press('h');
    expect(idle.defaultPrevented).toBe(false);
    expect(created).toEqual([]);
    select(0, 4);
    const used = press('h');
    expect(used.defaultPrevented).toBe(true);
    expect(created).toEqual([{ start: 0, end: 4, color: 'yellow' }]);
  });

  it('Escape closes the popover, then drops the selection, then leaves the reader', () => {
    const { selection, highlights, select, press, backs } = setup();
    select(3, 8);
    selection.openPopover('h1', { top: 10, left: 20 }, null);
    expect(highlights.selectedId).toBe('h1');
    expect(press('Escape').defaultPrevented).toBe(true);
    expect(selection.popover).toBeNull();
    expect(highlights.selectedId).toBeNull();
    expect(selection.shown).not.toBeNull();
    press('Escape');
    expect(selection.shown).toBeNull();
    expect(backs()).toBe(0);
    press('Escape');
    expect(backs()).toBe(1);
  });

  it('closing the popover gives the keyboard back to what opened it, or to the text', () => {
    const { selection, text } = setup();
    const trigger = document.createElement('button');
    document.body.append(trigger);
    selection.activate('h1', trigger);
    expect(selection.popover).toMatchObject({ id: 'h1', top: 300, left: 40 });
    selection.closePopover('done');
    expect(document.activeElement).toBe(trigger);

    selection.activate('h1', trigger);
    trigger.remove();
    selection.closePopover('escape');
    expect(document.activeElement).toBe(text);

    // A highlight that is not shown opens nothing.
    selection.activate('gone', trigger);
    expect(selection.popover).toBeNull();
  });

  it('opens the popover of a highlight the view shows later (a PDF page drawn first) once it is shown', async () => {
    const { selection } = setup();
    const trigger = document.createElement('button');
    document.body.append(trigger);
    selection.activate('later', trigger);
    expect(selection.popover).toBeNull();
    await Promise.resolve();
    expect(selection.popover).toMatchObject({ id: 'later', top: 500, left: 10, returnFocus: trigger });
  });

  it('a click outside closes the popover without moving the keyboard', () => {
    const { selection } = setup();
    const other = document.createElement('button');
    document.body.append(other);
    other.focus();
    selection.openPopover('h1', { top: 1, left: 1 }, null);
    selection.closePopover('outside');
    expect(selection.popover).toBeNull();
    expect(document.activeElement).toBe(other);
  });

  it('re-attaches to the selection, or says to select first', () => {
    const { selection, highlights, reattached, select } = setup();
    selection.reattach('h9');
    expect(highlights.error).toMatch(/Select the passage/);
    expect(reattached).toEqual([]);
    select(40, 50);
    selection.reattach('h9');
    expect(reattached).toEqual([{ id: 'h9', start: 40, end: 50 }]);
    expect(selection.shown).toBeNull();
  });

  it('Ctrl+Z undoes and Shift+arrows extend, but never while a dialog is open or in a text field', () => {
    const a = setup();
    expect(a.press('z', { ctrlKey: true }).defaultPrevented).toBe(true);
    expect(a.undos()).toBe(1);
    expect(a.press('ArrowRight', { shiftKey: true }).defaultPrevented).toBe(true);
    expect(a.calls).toEqual(['extend']);

    const field = document.createElement('input');
    document.body.append(field);
    const inField = new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, cancelable: true });
    field.dispatchEvent(inField); // sets event.target
    a.selection.onKeydown(inField);
    expect(a.undos()).toBe(1);

    const b = setup({ blocked: true });
    b.press('z', { ctrlKey: true });
    b.press('Escape');
    expect(b.undos()).toBe(0);
    expect(b.backs()).toBe(0);
  });
  it('while a mouse drag selects, the toolbar waits for the button to be released', () => {
    // Shown under a growing selection near the window's bottom, it caught the pointer and ended the drag.
    const { selection, select, text } = setup();
    const stop = selection.follow();
    text.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, button: 0 }));
    select(3, 8);
    expect(selection.shown).toBeNull();
    select(3, 30);
    expect(selection.shown).toBeNull();
    window.dispatchEvent(new MouseEvent('pointerup', { button: 0 }));
    expect(selection.shown).toMatchObject({ start: 3, end: 30 });

    // A press on a control (the toolbar's colour buttons) selects nothing: the toolbar stays.
    const button = document.createElement('button');
    document.body.append(button);
    button.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, button: 0 }));
    select(3, 30);
    expect(selection.shown).toMatchObject({ start: 3, end: 30 });
    window.dispatchEvent(new MouseEvent('pointerup', { button: 0 }));

    // Keyboard selections are shown at once, and after the cleanup the drag rule is gone.
    stop();
    text.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, button: 0 }));
    select(1, 2);
    expect(selection.shown).toMatchObject({ start: 1, end: 2 });
  });
});
