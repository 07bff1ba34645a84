/**
 * The Highlights panel as a drawer in narrow windows (800 px and below):
 * opened by the reader toolbar's Highlights button, a modal dialog that
 * Escape closes, giving the keyboard back to the button. Wider windows show
 * the panel beside the article and have no button.
 */
import { windowWidth } from './window-width.svelte';

export const DRAWER_ID = 'highlights-drawer';

export class HighlightsDrawer {
  /** Whether the dialog is open. */
  open = $state(false);
  button: HTMLElement | undefined = $state();
  dialog: HTMLDialogElement | undefined = $state();
  /** Closing hands the keyboard back to the button (unless a highlight took it). */
  #refocus = true;

  /** Whether the panel is a drawer (the window is narrow). */
  get active(): boolean {
    return windowWidth.narrow;
  }

  show(): void {
    if (!this.dialog || this.dialog.open) return;
    this.#refocus = true;
    this.dialog.showModal();
    this.open = true;
  }

  close(): void {
    this.dialog?.close();
  }

  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  /** The dialog closed (Close, Escape, the backdrop, or a highlight chosen). */
  closed(): void {
    this.open = false;
    if (this.#refocus) this.button?.focus();
    this.#refocus = true;
  }

  /**
   * A highlight in the panel was chosen: the drawer gets out of the way of
   * the article, and its popover gives the keyboard back to the button
   * (what opened it is hidden with the drawer).
   */
  handOff(trigger: HTMLElement): HTMLElement {
    if (!this.dialog?.open || !this.dialog.contains(trigger)) return trigger;
    this.#refocus = false;
    this.open = false;
    this.dialog.close();
    return this.button ?? trigger;
  }
}
