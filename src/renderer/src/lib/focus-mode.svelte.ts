/**
 * Focus mode: the reader shows only the text. The app's header, the
 * reader's toolbar and its side panels leave the page (styles/focus-mode.css,
 * keyed on `data-focus-mode` on the root); the header and toolbar slide back
 * while the pointer is near the top of the window or the keyboard is in them
 * (Tab reaches them: focus stays visible), and slide away a few seconds
 * after the pointer leaves. Remembered for the session (this window, across
 * articles and reloads), not per article.
 */
import { readingText } from './reading-text';

const SESSION_KEY = 'gloss.focus-mode';
/** The band at the top of the window where the pointer brings the toolbar back (px). */
export const PEEK_ZONE_PX = 48;
/** How long the toolbar stays after the pointer left it (ms). */
export const PEEK_MS = 3000;

function remembered(): boolean {
  try {
    return sessionStorage.getItem(SESSION_KEY) === '1';
  } catch {
    return false;
  }
}

function remember(on: boolean): void {
  try {
    if (on) sessionStorage.setItem(SESSION_KEY, '1');
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage refused (private mode): remembered for this view only.
  }
}

export class FocusMode {
  on = $state(false);
  /** The header and toolbar are shown for a moment (the pointer came near the top). */
  peek = $state(false);
  #root: HTMLElement | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #overChrome = false;
  #loaded = false;

  /** Turns focus mode on or off (and remembers it for the session). */
  set(on: boolean): void {
    this.on = on;
    remember(on);
    this.#apply();
  }

  /** On or off; turning it on puts the keyboard on the text when it was in the chrome sliding away. */
  toggle(): void {
    this.set(!this.on);
    const doc = this.#root?.ownerDocument;
    const active = doc?.activeElement;
    if (this.on && active instanceof Element && active.closest('[data-page-chrome]')) {
      if (doc) readingText(doc)?.focus({ preventScroll: true });
    }
  }

  /**
   * The reader shows an article: focus mode applies to `root` (the page)
   * while it is on. Returns the cleanup (leaving the reader shows the chrome).
   */
  attach(root: HTMLElement = document.documentElement): () => void {
    if (!this.#loaded) {
      this.#loaded = true;
      this.on = remembered();
    }
    this.#root = root;
    this.#apply();
    const win = root.ownerDocument.defaultView ?? window;
    const onMove = (event: PointerEvent): void => this.#pointerAt(event);
    win.addEventListener('pointermove', onMove, { passive: true });
    return () => {
      win.removeEventListener('pointermove', onMove);
      clearTimeout(this.#timer);
      this.peek = false;
      root.removeAttribute('data-focus-mode');
      root.removeAttribute('data-focus-peek');
      if (this.#root === root) this.#root = null;
    };
  }

  #pointerAt(event: PointerEvent): void {
    if (!this.on) return;
    this.#overChrome = event.target instanceof Element && !!event.target.closest('[data-page-chrome]');
    if (event.clientY > PEEK_ZONE_PX && !this.#overChrome) return;
    this.#showChrome();
  }

  #showChrome(): void {
    this.peek = true;
    this.#root?.setAttribute('data-focus-peek', '');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      // Still on the toolbar: it stays until the pointer leaves it.
      if (this.#overChrome) return this.#showChrome();
      this.peek = false;
      this.#root?.removeAttribute('data-focus-peek');
    }, PEEK_MS);
  }

  /**
   * The page loses or gains the chrome above the text: keep the text where
   * it was on screen (the header and toolbar stop taking room at the top).
   */
  #apply(): void {
    const root = this.#root;
    if (!root) return;
    if (root.hasAttribute('data-focus-mode') === this.on) return;
    const article = root.querySelector('main article');
    const before = article?.getBoundingClientRect().top;
    root.toggleAttribute('data-focus-mode', this.on);
    if (!this.on) {
      clearTimeout(this.#timer);
      this.peek = false;
      root.removeAttribute('data-focus-peek');
    }
    const after = article?.getBoundingClientRect().top;
    if (before !== undefined && after !== undefined && Math.abs(after - before) >= 1) {
      (root.ownerDocument.defaultView ?? window).scrollBy(0, after - before);
    }
  }
}

/** The one focus mode of this window. */
export const focusMode = new FocusMode();
