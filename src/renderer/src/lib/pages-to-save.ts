/**
 * Where imports hand over the pages they could not bring themselves (Pocket,
 * Instapaper, Hypothesis, Omnivore items without content): the URL-list job
 * (web-saves.svelte.ts) registers itself here when the app starts, so the
 * library state and the import jobs need not import it (it imports them).
 */
import type { UrlListEntry } from '../../../shared/types';

type Queue = (source: string, entries: UrlListEntry[]) => Promise<void>;
let queue: Queue | undefined;

export function onPagesToSave(handler: Queue): void {
  queue = handler;
}

export async function queuePagesToSave(source: string, entries: UrlListEntry[]): Promise<void> {
  if (!queue) throw new Error('Gloss: the page saver is not running');
  await queue(source, entries);
}
