/** What a sync round and the sync status report (src/main/sync/engine.ts), for every shell. */

export interface SyncApplied {
  /** Operations read (including ones already applied: merging them again changes nothing). */
  ops: number;
  /** Log files that had new lines. */
  files: number;
  /** Entities written into the library. */
  written: number;
  /** Articles waiting for their body to arrive. */
  pending: number;
  /** Entities the library refused (left as they were). */
  failed: number;
  /** An encrypted folder's log lines, blobs and files that did not open (tampered, or sealed with another key): never applied. */
  rejected: number;
}

export interface SyncRound {
  folder: string;
  device: string;
  deviceName: string;
  library: string;
  published: { ops: number; blobs: number };
  applied: SyncApplied;
  at: string;
}

export interface SyncDevice {
  id: string;
  name: string | null;
  /** When its log last changed in the folder. */
  lastSeen: string | null;
}

export interface SyncStatus {
  folder: string | null;
  device: string;
  deviceName: string | null;
  library: string | null;
  lastRound: SyncRound | null;
  /** Local changes not yet published. */
  unpublished: number;
  /** Articles waiting for their body. */
  waiting: number;
  /** The devices syncing through the folder; listed only when asked for (reading them reads the folder). */
  devices?: SyncDevice[];
}
