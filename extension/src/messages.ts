/** What the popup asks the background, and what it shows. */
export type PopupRequest =
  | { type: 'state' }
  | { type: 'pair'; code: string }
  | { type: 'save'; kind: 'page' | 'selection'; mode?: 'ask' | 'update' };

export interface PopupState {
  paired: boolean;
  /** Saves waiting for Gloss. */
  queued: number;
  /** Queued saves just delivered (the popup opening retries them). */
  delivered: number;
  lastQueueError: string | null;
  /** The page Save page would save. */
  page: { title: string; url: string } | null;
}
