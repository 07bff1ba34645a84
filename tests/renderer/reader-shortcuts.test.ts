// @vitest-environment jsdom
/**
 * The reader's keys done (lib/reader-shortcuts.svelte.ts) in jsdom, with
 * stand-ins for the highlight store and the text surface (the real ones need
 * the CSS Highlight API: e2e/reading-keys.spec.ts drives them in Chromium):
 * `]`/`[` in document order from the focused highlight or the reading line,
 * what the live region says, `n`, focus mode's Escape, and keys that belong
 * to a field or a dialog.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { FocusMode } from '../../src/renderer/src/lib/focus-mode.svelte';
import { ReaderShortcuts, type ReaderShortcutHooks } from '../../src/renderer/src/lib/reader-shortcuts.svelte';

interface Placed {
  highlight: { id: string; quote: { exact: string } };
  start: number;
}

function placedAt(...starts: number[]): Placed[] {
  return starts.map((start, i) => ({ highlight: { id: `h${i + 1}`, quote: { exact: `quote number ${i + 1}` } }, start }));
}

let scrollY = 0;
beforeEach(() => {
  scrollY = 0;
  Object.defineProperty(window, 'scrollY', { configurable: true, get: () => scrollY });
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: 800 });
  window.scrollTo = ((options: ScrollToOptions) => {
    scrollY = options.top ?? scrollY;
  }) as typeof window.scrollTo;
  window.scrollBy = ((options: ScrollToOptions) => {
    scrollY += options.top ?? 0;
  }) as typeof window.scrollBy;
  document.body.innerHTML = '<main><article><div data-article-body tabindex="-1">Text</div></article></main><input id="field">';
});

function setup({ starts = [100, 200, 300], readingOffset = 0 as number | null, blocked = false } = {}) {
  const said: string[] = [];
  const opened: string[] = [];
  let now = 0;
  const highlights = {
    placed: placedAt(...starts),
    selectedId: null as string | null,
    announce: (message: string) => said.push(message),
  };
  const selection = {
    popover: null as { id: string } | null,
    shown: null,
    // Each highlight sits 1,000 px down the page per 100 offsets.
    reveal: (id: string) => {
      const start = highlights.placed.find((p) => p.highlight.id === id)!.start;
      return Promise.resolve({ top: start * 10 + 30, above: start * 10 - 8, left: 10 });
    },
    openPopover: (id: string) => opened.push(id),
  };
  const focusMode = new FocusMode();
  const keys = new ReaderShortcuts({
    kind: () => 'article',
    highlights: highlights as unknown as ReaderShortcutHooks['highlights'],
    selection: selection as unknown as ReaderShortcutHooks['selection'],
    topLine: () => 100,
    readingOffset: () => readingOffset,
    blocked: () => blocked,
    contents: () => false,
    focusMode,
    navigated: () => {},
    now: () => now,
  });
  const text = document.querySelector<HTMLElement>('[data-article-body]')!;
  /** Presses a key with the keyboard on `target`; whether the reader took it. */
  const press = async (key: string, target: HTMLElement = text, init: KeyboardEventInit = {}): Promise<boolean> => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    const listener = (e: Event): void => keys.onKeydown(e as KeyboardEvent);
    target.addEventListener('keydown', listener);
    target.dispatchEvent(event);
    target.removeEventListener('keydown', listener);
    // The reveal is a promise: let it finish.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return event.defaultPrevented;
  };
  return { keys, highlights, selection, focusMode, said, opened, press, advance: (ms: number) => (now += ms) };
}

describe('ReaderShortcuts', () => {
  it('] and [ move the focused highlight in document order, to just below the reading line, and say it', async () => {
    const { highlights, said, press } = setup();
    expect(await press(']')).toBe(true);
    expect(highlights.selectedId).toBe('h1');
    expect(said.at(-1)).toBe('Highlight 1 of 3: quote number 1');
    // Its top (1,000 px) a little below the reading line (100 px).
    expect(scrollY).toBe(1000 - 100 - 16);
    await press(']');
    expect(highlights.selectedId).toBe('h2');
    await press('[');
    expect(highlights.selectedId).toBe('h1');
    expect(said.at(-1)).toBe('Highlight 1 of 3: quote number 1');
    await press('[');
    expect(highlights.selectedId).toBe('h1');
    expect(said.at(-1)).toBe('No highlights before this point.');
  });

  it('without a focused highlight, or far from it, starts from the reading line', async () => {
    const down = setup({ readingOffset: 250 });
    await down.press(']');
    expect(down.highlights.selectedId).toBe('h3');
    await down.press(']');
    expect(down.said.at(-1)).toBe('No more highlights after this point.');

    const up = setup({ readingOffset: 250 });
    await up.press('[');
    expect(up.highlights.selectedId).toBe('h2');
    // The reader scrolled two screens away: the reading line again (250 there).
    scrollY += 1600;
    await up.press('[');
    expect(up.highlights.selectedId).toBe('h2');
    // Near it: on from it.
    await up.press('[');
    expect(up.highlights.selectedId).toBe('h1');
  });

  it('still focused after its popover closed (the store forgot it): n opens it, ] goes on', async () => {
    const { highlights, opened, said, press } = setup();
    await press('n');
    expect(opened).toEqual([]);
    expect(said.at(-1)).toMatch(/press \] or \[/);
    await press(']');
    highlights.selectedId = null;
    await press('n');
    expect(opened).toEqual(['h1']);
    await press(']');
    expect(highlights.selectedId).toBe('h2');
  });

  it('keys typed in a field, with a modifier or under a dialog are left alone', async () => {
    const { highlights, press } = setup();
    const field = document.getElementById('field')!;
    expect(await press('j', field)).toBe(false);
    expect(await press(']', field)).toBe(false);
    expect(highlights.selectedId).toBeNull();
    expect(await press(']', undefined, { ctrlKey: true })).toBe(false);
    expect(scrollY).toBe(0);
    const blocked = setup({ blocked: true });
    expect(await blocked.press('j')).toBe(false);
  });

  it('j/k scroll a line, G the bottom, g g the top within its time', async () => {
    const { press, advance } = setup();
    await press('j');
    expect(scrollY).toBeGreaterThan(0);
    await press('k');
    expect(scrollY).toBe(0);
    scrollY = 500;
    await press('g');
    advance(2000);
    await press('g');
    expect(scrollY).toBe(500);
    await press('g');
    expect(scrollY).toBe(0);
  });

  it('Escape leaves focus mode, but a popover or selection closes first', async () => {
    const { focusMode, selection, press } = setup();
    expect(await press('f')).toBe(true);
    expect(focusMode.on).toBe(true);
    selection.popover = { id: 'h1' };
    expect(await press('Escape')).toBe(false);
    expect(focusMode.on).toBe(true);
    selection.popover = null;
    expect(await press('Escape')).toBe(true);
    expect(focusMode.on).toBe(false);
    // Off: Escape is not the reader's shortcut any more (it goes back, elsewhere).
    expect(await press('Escape')).toBe(false);
  });
});
