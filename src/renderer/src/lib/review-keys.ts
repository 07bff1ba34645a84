/**
 * The Review screen's keys: 1–4 answer (Keep, Soon, Later, Retire), `o`
 * opens the highlight in its source, `e` edits its note. Never while typing
 * (the note, a tag), in a dialog, or with Ctrl/⌘/Alt held. Pure, so the
 * rule is tested without a window.
 */
import { REVIEW_ANSWERS, type ReviewAnswer } from '../../../shared/review';

export type ReviewKeyAction = { answer: ReviewAnswer } | { action: 'open' | 'edit' } | null;

export interface ReviewKeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
}

export function reviewKeyAction(event: ReviewKeyPress, typing: boolean): ReviewKeyAction {
  if (typing || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return null;
  const n = ['1', '2', '3', '4'].indexOf(event.key);
  if (n >= 0) return { answer: REVIEW_ANSWERS[n]! };
  if (event.key === 'o') return { action: 'open' };
  if (event.key === 'e') return { action: 'edit' };
  return null;
}

/** True when the key goes to a text field, or to a dialog or popover of its own. */
export function keysTakenBy(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) {
    return true;
  }
  if (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'reset', 'submit'].includes(target.type)) return true;
  return !!target.closest('dialog, [role="dialog"], [role="alertdialog"], [role="listbox"], [role="menu"]');
}
