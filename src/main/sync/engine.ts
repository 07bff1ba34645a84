/**
 * One sync round (publish this library's changes, then apply everyone's)
 * and the sync status; the folder and this device's name are remembered in
 * the library's settings (device-only keys: never synced themselves).
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import { newId } from '../db/ids';
import { SettingsStore } from '../db/settings';
import type { SyncRound, SyncStatus } from '../../shared/sync';
import { apply } from './apply';
import type { RememberedKey, ScryptCost } from './crypt';
import { SyncFolder } from './folder';
import { publish } from './publish';
import { writeSnapshotIfDue } from './snapshot';

const FOLDER_KEY = 'syncFolder';
const DEVICE_NAME_KEY = 'syncDeviceName';
const LAST_ROUND_KEY = 'syncLastRound';
/**
 * An encrypted folder's key as this device remembers it (crypt.ts's
 * RememberedKey: the scrypt-derived master key and its salt; never the
 * passphrase). Kept in the library file, whose contents are the plain text
 * the key protects anyway, so the app syncs in the background after the
 * passphrase was entered once; the passphrase itself (perhaps used
 * elsewhere) cannot be recovered from it. Dropped when syncing stops.
 */
const KEY_KEY = 'syncKey';

export interface SyncOptions {
  /** The folder a sync app keeps in step; remembered. Default: the remembered one. */
  folder?: string;
  /** This device's name as other devices list it; remembered. Default: the remembered one, else the host name. */
  deviceName?: string;
  /**
   * The passphrase of an encrypted folder, or one to encrypt a new (empty)
   * folder with. Never stored: the key derived from it is (KEY_KEY), so
   * later rounds need none.
   */
  passphrase?: string;
  /** scrypt's cost for a folder encrypted by this round (tests use a cheap one). */
  scrypt?: ScryptCost;
  now?: () => Date;
  /** Operations merged after which this device writes a snapshot (snapshot.ts; tests use few). */
  snapshotEvery?: number;
}

function state(db: Database): { device: string; library: string | null } {
  return db.prepare(`SELECT device, library FROM sync_state`).get() as { device: string; library: string | null };
}

export function syncNow(db: Database, options: SyncOptions = {}): SyncRound {
  const settings = new SettingsStore(db);
  const chosen = options.folder ?? settings.get<string>(FOLDER_KEY);
  if (!chosen) throw new GlossError('invalid_argument', 'Choose a folder to sync through first (gloss sync --folder DIR); it is remembered.');
  const dir = resolve(chosen);
  const folder = new SyncFolder(dir);
  const { device, library: known } = state(db);
  // The key remembered for the remembered folder only: another folder is opened with its own passphrase.
  const remembered = options.folder === undefined || dir === settings.get<string>(FOLDER_KEY) ? settings.get<RememberedKey>(KEY_KEY) : undefined;
  const library = folder.claim(dir, known, newId, {
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
    ...(remembered ? { remembered } : {}),
    ...(options.scrypt ? { cost: options.scrypt } : {}),
  });
  settings.set(KEY_KEY, folder.rememberedKey());
  if (known === null) db.prepare(`UPDATE sync_state SET library = ?`).run(library);
  const deviceName = options.deviceName ?? settings.get<string>(DEVICE_NAME_KEY) ?? hostname();
  settings.set(FOLDER_KEY, dir);
  settings.set(DEVICE_NAME_KEY, deviceName);
  folder.writeDeviceName(device, deviceName);
  const published = publish(db, folder, device);
  const applied = apply(db, folder);
  writeSnapshotIfDue(db, folder, options.snapshotEvery);
  const round: SyncRound = {
    folder: dir,
    device,
    deviceName,
    library,
    published: { ops: published.ops, blobs: published.blobs },
    applied,
    at: (options.now?.() ?? new Date()).toISOString(),
  };
  settings.set(LAST_ROUND_KEY, round);
  return round;
}

/** Stops syncing through the remembered folder (the library keeps its data; the folder keeps its files). */
export function forgetSyncFolder(db: Database): void {
  const settings = new SettingsStore(db);
  settings.set(FOLDER_KEY, undefined);
  settings.set(KEY_KEY, undefined);
}

export interface SyncStatusOptions {
  /** List the devices too: that reads the folder (library.json, each device's name and log), so only Settings → Sync asks. */
  devices?: boolean;
}

export function syncStatus(db: Database, options: SyncStatusOptions = {}): SyncStatus {
  const settings = new SettingsStore(db);
  const folder = settings.get<string>(FOLDER_KEY) ?? null;
  const { device, library } = state(db);
  let devices: SyncStatus['devices'] = [];
  if (folder && options.devices) {
    try {
      const f = new SyncFolder(folder);
      try {
        f.unlock(folder, settings.get<RememberedKey>(KEY_KEY));
      } catch {
        // an encrypted folder this device cannot open now: its devices are listed without names
      }
      devices = f.devices();
    } catch {
      devices = []; // the folder is not reachable now (an unmounted drive): the status says what is known
    }
  }
  return {
    folder,
    device,
    deviceName: settings.get<string>(DEVICE_NAME_KEY) ?? null,
    library,
    lastRound: settings.get<SyncRound>(LAST_ROUND_KEY) ?? null,
    unpublished: db.prepare(`SELECT count(*) FROM sync_outbox`).pluck().get() as number,
    waiting: db.prepare(`SELECT count(*) FROM sync_pending`).pluck().get() as number,
    ...(options.devices ? { devices } : {}),
  };
}
