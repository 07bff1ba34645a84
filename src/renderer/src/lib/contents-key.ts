/**
 * The `t` key: opens or closes the reader's Contents, wherever they are.
 * A drawer (narrow windows) opens and closes as a dialog. Beside the
 * article, `t` brings the keyboard to the entry being read (unfolding the
 * list), and from inside the Contents folds them and gives the keyboard back
 * to the text. A PDF's outline (a disclosure in its toolbar) opens or closes.
 */
import { tick } from 'svelte';
import { readingText } from './reading-text';

interface Drawer {
  readonly active: boolean;
  toggle(): void;
}

/** False when the reader has no Contents. */
export function toggleContents(doc: Document, drawer: Drawer | null): boolean {
  if (drawer?.active) {
    drawer.toggle();
    return true;
  }
  const nav = doc.querySelector<HTMLElement>('main nav[aria-label="Contents"]');
  if (!nav) return false;
  const text = readingText(doc);
  const outline = nav.closest('details');
  if (outline) {
    outline.open = !outline.open;
    if (outline.open) nav.querySelector<HTMLElement>('a, button')?.focus();
    else outline.querySelector<HTMLElement>('summary')?.focus();
    return true;
  }
  const fold = nav.querySelector<HTMLButtonElement>('h2 button[aria-expanded]');
  if (nav.contains(doc.activeElement)) {
    if (fold?.getAttribute('aria-expanded') === 'true') fold.click();
    text?.focus({ preventScroll: true });
    return true;
  }
  if (fold?.getAttribute('aria-expanded') === 'false') fold.click();
  // The list renders on unfolding: the entry being read once it is there.
  void tick().then(() => {
    const entry = nav.querySelector<HTMLElement>('a[aria-current]') ?? nav.querySelector<HTMLElement>('ol a');
    (entry ?? fold)?.focus();
  });
  return true;
}
