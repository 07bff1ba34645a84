/**
 * Settings → Backups: the library's backups (automatic and manual), Back up
 * now, and restoring one after a confirmation. After a restore the whole
 * app reloads, so nothing shown from the replaced library stays on screen.
 */
import type { BackupInfo } from '../../../shared/types';
import { api } from './api';
import { messageOf } from './errors';
import { LatestLoad } from './latest-load.svelte';
import { formatBytes } from './format';

const REASONS: Record<BackupInfo['reason'], string> = {
  daily: 'Daily',
  manual: 'Backed up by hand',
  'pre-migration': 'Before an upgrade',
  'before-restore': 'Before a restore',
  other: 'Other',
};

export function reasonLabel(reason: BackupInfo['reason']): string {
  return REASONS[reason];
}

/** The date in the reader's own time zone: "25 Nov 2026, 14:04". */
const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function backupDateLabel(info: BackupInfo): string {
  return DATE_FORMAT.format(Date.parse(info.date));
}

/** Loads the app again from the library view (the restored library is read afresh). */
function reloadApp(): void {
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  window.location.reload();
}

class BackupsState {
  items = $state<BackupInfo[]>([]);
  /** Reading it from the library: loading, and why it failed. */
  readonly reading = new LatestLoad();
  backingUp = $state(false);
  /** The outcome of Back up now or Back up library…, for the status line. */
  message = $state('');
  error = $state<string | null>(null);
  /** The backup the confirmation dialog asks about. */
  confirming = $state<BackupInfo | null>(null);
  restoring = $state(false);
  restoreError = $state<string | null>(null);

  /** Settings opened: the list is read afresh, earlier outcomes are cleared. */
  async show(): Promise<void> {
    this.message = '';
    this.error = null;
    await this.load();
  }

  load(): Promise<void> {
    return this.reading.run(() => api.listBackups({}), (items) => (this.items = items), 'Could not list the backups');
  }

  /** Back up now: a copy in the library's backups folder. */
  backupNow(): Promise<void> {
    return this.#backUp(async () => {
      const made = await api.backupNow({});
      return `Backed up: ${made.name}`;
    });
  }

  /** Back up library…: a copy where the user chooses (null when they cancel). */
  saveCopy(): Promise<void> {
    return this.#backUp(async () => {
      const result = await api.backupLibrary({});
      return result ? `Library backed up to ${result.file} (${formatBytes(result.bytes)})` : '';
    });
  }

  /** One backup at a time; what it made goes to the status line, and the list is read again. */
  async #backUp(make: () => Promise<string>): Promise<void> {
    if (this.backingUp) return;
    this.backingUp = true;
    this.error = null;
    this.message = '';
    try {
      this.message = await make();
      await this.load();
    } catch (error) {
      this.error = `Could not back up the library: ${messageOf(error)}`;
    } finally {
      this.backingUp = false;
    }
  }

  askRestore(info: BackupInfo): void {
    this.restoreError = null;
    this.confirming = info;
  }

  cancelRestore(): void {
    if (!this.restoring) this.confirming = null;
  }

  /** Restores the backup being confirmed; on success the app reloads. */
  async confirmRestore(): Promise<void> {
    const info = this.confirming;
    if (!info || this.restoring) return;
    this.restoring = true;
    this.restoreError = null;
    try {
      await api.restoreBackup({ name: info.name });
      reloadApp();
    } catch (error) {
      this.restoreError = messageOf(error);
      this.restoring = false;
    }
  }
}

export const backups = new BackupsState();
