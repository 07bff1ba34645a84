/** The user's selection inside the article body, as canonical offsets. */
import type { TextMap } from '../../../shared/text/canonical';
import { rangeToTextOffsets } from '../../../shared/anchoring/dom-range';

export interface BodySelection {
  start: number;
  end: number;
  /** Viewport rectangle of the selection's last line (where the toolbar goes). */
  rect: DOMRect;
}

/** The current selection clipped to `body`, or null when it covers no text there. */
export function bodySelection(body: HTMLElement, map: TextMap): BodySelection | null {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(body)) return null;
  const clipped = range.cloneRange();
  if (!body.contains(clipped.startContainer)) clipped.setStart(body, 0);
  if (!body.contains(clipped.endContainer)) clipped.setEnd(body, body.childNodes.length);
  const offsets = rangeToTextOffsets(map, clipped);
  if (!offsets) return null;
  const rects = clipped.getClientRects();
  const rect = rects.length > 0 ? rects[rects.length - 1]! : clipped.getBoundingClientRect();
  return { start: offsets.start, end: offsets.end, rect };
}

/** Whether keyboard input goes to a text field (shortcuts must then stay out of the way). */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
  }
  return false;
}
