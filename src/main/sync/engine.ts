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
import { SyncFolder } from './folder';
import { publish } from './publish';

const FOLDER_KEY = 'syncFolder';
const DEVICE_NAME_KEY = 'syncDeviceName';
const LAST_ROUND_KEY = 'syncLastRound';

export interface SyncOptions {
  /** The folder a sync app keeps in step; remembered. Default: the remembered one. */
  folder?: string;
  /** This device's name as other devices list it; remembered. Default: the remembered one, else the host name. */
  deviceName?: string;
  now?: () => Date;
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
  const library = folder.claim(dir, known, newId);
  if (known === null) db.prepare(`UPDATE sync_state SET library = ?`).run(library);
  const deviceName = options.deviceName ?? settings.get<string>(DEVICE_NAME_KEY) ?? hostname();
  settings.set(FOLDER_KEY, dir);
  settings.set(DEVICE_NAME_KEY, deviceName);
  folder.writeDeviceName(device, deviceName);
  const published = publish(db, folder, device);
  const applied = apply(db, folder);
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

export function syncStatus(db: Database): SyncStatus {
  const settings = new SettingsStore(db);
  const folder = settings.get<string>(FOLDER_KEY) ?? null;
  const { device, library } = state(db);
  let devices: SyncStatus['devices'] = [];
  if (folder) {
    try {
      devices = new SyncFolder(folder).devices();
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
    devices,
  };
}
