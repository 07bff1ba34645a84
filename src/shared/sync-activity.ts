/** What the running app's sync service is doing (src/main/sync-service/), for every shell. */
import type { SyncStatus } from './sync';

/**
 * off: no folder chosen; up_to_date: the last round went through and nothing
 * waits; syncing: a round is running; waiting: the last round went through
 * but something waits on other devices (no other device has joined yet, or
 * articles wait for their text); error: the last round failed (reason says why).
 */
export const SYNC_ACTIVITIES = ['off', 'up_to_date', 'syncing', 'waiting', 'error'] as const;
export type SyncActivity = (typeof SYNC_ACTIVITIES)[number];

export interface SyncServiceState {
  activity: SyncActivity;
  /** One line for the user: why it waits, or what failed. */
  reason: string | null;
  /** True while the folder is watched (false: only the periodic rescan picks up changes). */
  watching: boolean;
}

/** The sync status with what the service is doing now (getSyncStatus). */
export type SyncOverview = SyncStatus & SyncServiceState;
