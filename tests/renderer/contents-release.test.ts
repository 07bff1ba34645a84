// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { movesThePage } from '../../src/renderer/src/lib/contents-tracker.svelte';

/** An event of `type` dispatched at `target`, as the tracker's capture listener receives it. */
function fired(type: string, target: Element, init: KeyboardEventInit = {}): Event {
  let seen: Event | undefined;
  const listen = (event: Event): void => {
    seen = event;
  };
  window.addEventListener(type, listen, { capture: true });
  target.dispatchEvent(type === 'keydown' ? new KeyboardEvent(type, { bubbles: true, ...init }) : new Event(type, { bubbles: true }));
  window.removeEventListener(type, listen, { capture: true });
  if (!seen) throw new Error(`no ${type} seen`);
  return seen;
}

describe('what ends a jump to a Contents entry', () => {
  document.body.innerHTML = `
    <header><button id="contents">Contents</button><input id="search"></header>
    <article><p id="text">Text <a id="link" href="#c2">link</a></p></article>`;
  const byId = (id: string): Element => document.getElementById(id)!;

  it('pressing a control or focusing a field keeps the entry jumped to', () => {
    // The flake this fixes: pressing Contents again marked the chapter above the one jumped to.
    expect(movesThePage(fired('pointerdown', byId('contents')))).toBe(false);
    expect(movesThePage(fired('pointerdown', byId('link')))).toBe(false);
    expect(movesThePage(fired('keydown', byId('search'), { key: 'j' }))).toBe(false);
    expect(movesThePage(fired('keydown', byId('text'), { key: 'Tab' }))).toBe(false);
    expect(movesThePage(fired('keydown', byId('contents'), { key: 'Enter' }))).toBe(false);
  });

  it('a press on the page, a wheel or a scrolling key hands the view back to the reader', () => {
    expect(movesThePage(fired('pointerdown', byId('text')))).toBe(true);
    expect(movesThePage(fired('pointerdown', document.documentElement))).toBe(true);
    expect(movesThePage(fired('wheel', byId('text')))).toBe(true);
    expect(movesThePage(fired('keydown', byId('text'), { key: 'PageDown' }))).toBe(true);
    expect(movesThePage(fired('keydown', byId('link'), { key: 'ArrowDown' }))).toBe(true);
  });
});
