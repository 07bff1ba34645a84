/**
 * Find in the document's keys, as browsers have them: Ctrl/Cmd+F opens the
 * find bar, F3 / Ctrl/Cmd+G go to the next match and Shift with them to the
 * previous one. Only the reader listens, so outside it the browser's own
 * find is left alone.
 */
import type { KeyPress } from './reader-keys';

export type FindKeyAction = 'open' | 'next' | 'previous';

export function findKeyAction(event: KeyPress): FindKeyAction | null {
  if (event.defaultPrevented || event.altKey) return null;
  const mod = event.ctrlKey || event.metaKey;
  if (event.key === 'F3' && !mod) return event.shiftKey ? 'previous' : 'next';
  if (!mod) return null;
  const key = event.key.toLowerCase();
  if (key === 'f' && !event.shiftKey) return 'open';
  if (key === 'g') return event.shiftKey ? 'previous' : 'next';
  return null;
}
