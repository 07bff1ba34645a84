/**
 * Settings → Sync and the header's sync status: what main's sync service
 * reports (src/main/sync-service/), polled as import jobs are (every few
 * seconds while sync is set up; main does the syncing on its own). A round
 * that wrote other devices' changes reloads the library list and an open
 * article, so they show without a reload by hand.
 */
import type { SyncActivity, SyncOverview } from '../../../shared/sync-activity';
import { api, shellKind } from './api';
import { messageOf } from './errors';
import { library } from './library.svelte';
import { router } from './router.svelte';
import { settings } from './settings.svelte';

/** How often the status is asked for while sync is set up (main syncs within seconds of a change). */
const POLL_MS = 3000;

const ACTIVITY_LABELS: Record<SyncActivity, string> = {
  off: 'off',
  up_to_date: 'up to date',
  syncing: 'syncing',
  waiting: 'waiting for other devices',
  error: 'error',
};

export function activityLabel(activity: SyncActivity): string {
  return ACTIVITY_LABELS[activity];
}

/** "27 Nov 2026, 10:04" in the reader's own time zone. */
const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function syncDateLabel(iso: string | null): string {
  return iso ? DATE_FORMAT.format(Date.parse(iso)) : 'never';
}

type Busy = 'saving' | 'syncing' | 'stopping' | 'choosing';

class SyncState {
  status = $state<SyncOverview | null>(null);
  /** What an action in Settings → Sync did, for its status line. */
  message = $state('');
  /** Why an action in Settings → Sync failed (shown there). */
  error = $state<string | null>(null);
  busy = $state<Busy | null>(null);
  /** The desktop app picks the folder with its dialog; the browser host takes a typed path. */
  readonly canChooseFolder = shellKind === 'electron';
  /**
   * Set while Settings → Sync is open: only then does the status list the
   * devices, which reads the sync folder; the header's poll needs only what
   * main's sync service knows.
   */
  listDevices = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastRoundAt: string | null | undefined;

  get enabled(): boolean {
    return !!this.status?.folder;
  }

  /** The header's words: "Sync: up to date". */
  get summary(): string {
    return `Sync: ${activityLabel(this.status?.activity ?? 'off')}`;
  }

  /** Reads the status now, and again every POLL_MS while sync is set up. */
  async load(): Promise<void> {
    try {
      this.#apply(await api.getSyncStatus(this.listDevices ? { devices: true } : {}));
    } catch {
      // The library closed or main is gone: the next look (Settings, a poll) tries again.
      this.#schedule();
    }
  }

  /** Header → Settings, scrolled to the Sync section. */
  async openSettings(): Promise<void> {
    await settings.show();
    requestAnimationFrame(() => {
      const section = document.getElementById('settings-sync');
      section?.scrollIntoView({ block: 'start' });
      // Sync now when it is set up, else the folder to choose.
      (document.getElementById('sync-now') ?? section?.querySelector<HTMLElement>('input, button'))?.focus();
    });
  }

  /** Saves the folder, this device's name and a passphrase (a round checks them first). */
  async save(folder: string, deviceName: string, passphrase = ''): Promise<boolean> {
    const args: { folder?: string; deviceName?: string; passphrase?: string } = {};
    if (passphrase) args.passphrase = passphrase;
    if (folder.trim() && folder.trim() !== this.status?.folder) args.folder = folder.trim();
    if (deviceName.trim() && deviceName.trim() !== this.status?.deviceName) args.deviceName = deviceName.trim();
    if (!args.folder && !this.status?.folder) {
      this.error = 'Enter the folder to sync through (one your sync app keeps in step).';
      return false;
    }
    return this.#act('saving', async () => {
      this.#apply(await api.setSyncSettings(args));
      return 'Saved. Gloss keeps this library in step through the folder.';
    });
  }

  async syncNow(): Promise<boolean> {
    return this.#act('syncing', async () => {
      await api.syncNow({});
      await this.load();
      return `Synced at ${syncDateLabel(this.status?.lastRound?.at ?? null)}.`;
    });
  }

  async stop(): Promise<boolean> {
    return this.#act('stopping', async () => {
      this.#apply(await api.stopSync({}));
      return 'Stopped syncing. The library keeps everything it has; the folder keeps its files.';
    });
  }

  /** Desktop: the system's folder dialog; the choice is saved at once. */
  async chooseFolder(deviceName: string, passphrase = ''): Promise<boolean> {
    let dir: string | null = null;
    const chosen = await this.#act('choosing', async () => {
      dir = (await api.chooseSyncFolder({}))?.dir ?? null;
      return '';
    });
    if (!chosen || dir === null) return false;
    return this.save(dir, deviceName, passphrase);
  }

  async #act(busy: Busy, action: () => Promise<string>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = busy;
    this.message = '';
    this.error = null;
    try {
      this.message = await action();
      return true;
    } catch (err) {
      this.error = messageOf(err);
      await this.load();
      return false;
    } finally {
      this.busy = null;
    }
  }

  #apply(status: SyncOverview): void {
    // A poll sent before Settings opened answers without the devices: the list shown stays until the next one.
    if (this.listDevices && !status.devices && this.status?.devices) status = { ...status, devices: this.status.devices };
    const at = status.lastRound?.at ?? null;
    const wrote = this.#lastRoundAt !== undefined && at !== this.#lastRoundAt && (status.lastRound?.applied.written ?? 0) > 0;
    this.#lastRoundAt = at;
    this.status = status;
    this.#schedule();
    if (wrote) this.#showArrivals();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = this.enabled ? setTimeout(() => void this.load(), POLL_MS) : undefined;
  }

  /** Other devices' changes were written: the list and an open article are read again. */
  #showArrivals(): void {
    void library.refresh();
    const route = router.route;
    if (route.name === 'article') library.revisions[route.id] = (library.revisions[route.id] ?? 0) + 1;
  }
}

export const sync = new SyncState();
