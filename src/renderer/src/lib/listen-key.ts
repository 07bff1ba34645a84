/**
 * The Listen shortcut, as lib/shortcuts.ts lists it (`l`): starts, pauses
 * or resumes reading aloud; never while typing or in a dialog.
 */
import { isTextField } from './dom-targets';
import { keysBelongElsewhere, SHORTCUTS, strokeMatches, type KeyPress } from './shortcuts';

const LISTEN = SHORTCUTS.find((s) => s.id === 'listen');

/** The keys as `aria-keyshortcuts` says them. */
export const LISTEN_ARIA_KEYS = LISTEN?.keys.map((strokes) => strokes.map((s) => s.key).join(' ')).join(' ') ?? '';

export function isListenKey(event: KeyPress & { defaultPrevented: boolean }, target: EventTarget | null): boolean {
  if (event.defaultPrevented || !LISTEN || keysBelongElsewhere(target, isTextField)) return false;
  return LISTEN.keys.some((strokes) => strokes.length === 1 && strokeMatches(event, strokes[0]!));
}
