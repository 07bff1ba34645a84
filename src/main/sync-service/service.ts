/**
 * Sync in the running app (gloss serve, the desktop app): once a folder is
 * chosen, a round runs shortly after local changes (debounced, and at most
 * maxDelayMs after the first of a stream of them, so steady writes such as a
 * reading position still go out), when the folder changes (another device's
 * log or blob arriving, through FolderWatcher), and every rescanMs as a
 * fallback for folders a watch cannot see (network shares, an unmounted
 * drive coming back). Rounds run one at a time: a request during a round
 * waits for it, and requests without options made meanwhile share the one
 * round that follows. The state (up to date, syncing, waiting for other
 * devices, error with its reason) is kept for getSyncStatus.
 */
import type { Database } from 'better-sqlite3';
import { GlossError, userErrorOf } from '../../shared/errors';
import type { SyncRound } from '../../shared/sync';
import type { SyncOverview, SyncServiceState } from '../../shared/sync-activity';
import { SyncFolder } from '../sync/folder';
import { forgetSyncFolder, syncNow, syncStatus, type SyncOptions, type SyncStatusOptions } from '../sync/engine';
import { FolderWatcher } from './folder-watcher';

export interface SyncServiceOptions {
  /** Quiet time after a local change before a round. */
  debounceMs?: number;
  /** A round at most this long after the first unpublished local change. */
  maxDelayMs?: number;
  /** Quiet time after a change in the folder (a sync app writes files in bursts). */
  folderQuietMs?: number;
  /** The periodic round, whatever the watch saw. */
  rescanMs?: number;
  /** false: no watch, only the rescan (what a folder no watch can see gets). */
  watch?: boolean;
  /** One round (the engine's; a test may wrap it). */
  round?: (db: Database, options: SyncOptions) => SyncRound | Promise<SyncRound>;
}

const DEFAULTS = { debounceMs: 2000, maxDelayMs: 10_000, folderQuietMs: 500, rescanMs: 60_000, watch: true };

function reasonOf(err: unknown): string {
  const known = userErrorOf(err);
  if (known) return known.message;
  return `Sync failed: ${err instanceof Error ? err.message : String(err)}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the service syncs: a library whose connection may be replaced (a restored backup reopens it). */
export interface SyncedLibrary {
  readonly db: Database;
}

export class SyncService {
  readonly #library: SyncedLibrary;
  readonly #options: typeof DEFAULTS;
  readonly #round: NonNullable<SyncServiceOptions['round']>;
  #state: SyncServiceState;
  #started = false;
  #watcher: FolderWatcher | undefined;
  #rescan: ReturnType<typeof setInterval> | undefined;
  #localTimer: ReturnType<typeof setTimeout> | undefined;
  #firstLocalChange: number | undefined;
  #folderTimer: ReturnType<typeof setTimeout> | undefined;
  #watcherRoot: string | undefined;
  /** The last round asked for (rounds chain on it). */
  #tail: Promise<unknown> = Promise.resolve();
  /** A round without options waiting its turn: later plain requests share it. */
  #queued: Promise<SyncRound> | null = null;

  constructor(library: SyncedLibrary, options: SyncServiceOptions = {}) {
    this.#library = library;
    this.#options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => k !== 'round' && v !== undefined)) };
    this.#round = options.round ?? syncNow;
    // As far as is known until a round says otherwise; without a folder, overview() answers off.
    this.#state = { activity: 'up_to_date', reason: null, watching: false };
  }

  /** Starts the background work (idempotent); it idles until a folder is chosen. */
  start(): void {
    this.#started = true;
    if (!this.#folder()) return;
    this.#arm();
    this.#soon('folder', 0); // what arrived while the app was closed
  }

  /** The library file was replaced (a restored backup): its own sync settings apply from now on. */
  reload(): void {
    if (!this.#started) return;
    this.#disarm();
    this.#setState({ activity: 'up_to_date', reason: null });
    this.start();
  }

  /** Stops the background work; the settings stay. */
  stop(): void {
    this.#started = false;
    this.#disarm();
  }

  /** The library changed here: a round soon. */
  localChange(): void {
    if (!this.#started || !this.#rescan) return;
    const now = Date.now();
    this.#firstLocalChange ??= now;
    const latest = this.#firstLocalChange + this.#options.maxDelayMs;
    this.#soon('local', Math.max(0, Math.min(this.#options.debounceMs, latest - now)));
  }

  /**
   * One round now (Sync now, or new settings: a round checks the folder
   * before anything is remembered). Never two at once.
   */
  run(options: SyncOptions = {}): Promise<SyncRound> {
    const plain = Object.keys(options).length === 0;
    if (plain && this.#queued) return this.#queued;
    const turn: Promise<SyncRound> = this.#tail.then(() => {
      if (this.#queued === turn) this.#queued = null;
      return this.#runRound(options);
    });
    this.#tail = turn.catch(() => undefined);
    if (plain) this.#queued = turn;
    return turn;
  }

  /** Stops syncing: the folder is forgotten (what the library holds stays, and so does the folder). */
  async forget(): Promise<void> {
    await this.#tail; // not in the middle of a round
    this.#disarm();
    forgetSyncFolder(this.#db);
    this.#setState({ activity: 'off', reason: null });
  }

  get state(): SyncServiceState {
    return { ...this.#state };
  }

  /** The status and what the service does now: from the library and memory, the folder read only for the devices when asked. */
  overview(options: SyncStatusOptions = {}): SyncOverview {
    const status = syncStatus(this.#db, options);
    const state = status.folder ? this.state : { activity: 'off' as const, reason: null, watching: false };
    return { ...status, ...state };
  }

  get #db(): Database {
    return this.#library.db;
  }

  #folder(): string | null {
    return syncStatus(this.#db).folder;
  }

  async #runRound(options: SyncOptions): Promise<SyncRound> {
    if (!this.#db.open) throw new GlossError('library_unavailable', 'The library is closed.');
    this.#setState({ activity: 'syncing', reason: null });
    this.#firstLocalChange = undefined;
    clearTimeout(this.#localTimer);
    let round: SyncRound;
    try {
      round = await this.#round(this.#db, options);
    } catch (err) {
      this.#setState({ activity: 'error', reason: reasonOf(err) });
      throw err;
    }
    if (this.#started) this.#arm();
    this.#setState(this.#settled(round));
    return round;
  }

  /** After a round: up to date, or what it waits for. */
  #settled(round: SyncRound): Pick<SyncServiceState, 'activity' | 'reason'> {
    const status = syncStatus(this.#db, { devices: true });
    if (status.waiting > 0) {
      return { activity: 'waiting', reason: `${plural(status.waiting, 'article waits', 'articles wait')} for its text from another device.` };
    }
    if (!status.devices?.some((d) => d.id !== round.device)) {
      return { activity: 'waiting', reason: 'No other device syncs through this folder yet.' };
    }
    return { activity: 'up_to_date', reason: null };
  }

  /** Watches the folder and starts the rescan (again after a round: new devices, a folder back). */
  #arm(): void {
    const folder = this.#folder();
    if (!folder) return;
    this.#rescan ??= setInterval(() => this.#background(), this.#options.rescanMs);
    this.#rescan.unref();
    if (!this.#options.watch) return;
    const root = new SyncFolder(folder).root;
    if (this.#watcher && this.#watcherRoot !== root) this.#watcher.close();
    if (!this.#watcher || this.#watcherRoot !== root) {
      this.#watcher = new FolderWatcher(root, syncStatus(this.#db).device, () => this.#soon('folder', this.#options.folderQuietMs));
      this.#watcherRoot = root;
    }
    this.#state.watching = this.#watcher.refresh();
  }

  #disarm(): void {
    clearInterval(this.#rescan);
    clearTimeout(this.#localTimer);
    clearTimeout(this.#folderTimer);
    this.#rescan = this.#localTimer = this.#folderTimer = this.#firstLocalChange = undefined;
    this.#watcher?.close();
    this.#watcher = this.#watcherRoot = undefined;
    this.#state.watching = false;
  }

  #soon(kind: 'local' | 'folder', delay: number): void {
    const fire = (): void => {
      if (kind === 'local') this.#localTimer = undefined;
      else this.#folderTimer = undefined;
      this.#background();
    };
    if (kind === 'local') {
      clearTimeout(this.#localTimer);
      this.#localTimer = setTimeout(fire, delay);
      this.#localTimer.unref();
    } else {
      clearTimeout(this.#folderTimer);
      this.#folderTimer = setTimeout(fire, delay);
      this.#folderTimer.unref();
    }
  }

  /** A round nobody waits for: its failure is the state's error. */
  #background(): void {
    if (!this.#started || !this.#db.open) return;
    if (!this.#folder()) {
      this.#disarm(); // syncing was stopped elsewhere (the command line, a restored backup)
      this.#setState({ activity: 'off', reason: null });
      return;
    }
    this.run().catch(() => undefined);
  }

  #setState(next: Pick<SyncServiceState, 'activity' | 'reason'>): void {
    this.#state = { ...this.#state, ...next };
  }
}

const services = new WeakMap<SyncedLibrary, SyncService>();

/**
 * The one sync service of a library (every shell serving it shares it, so
 * rounds never overlap); options apply when it is made (tests make it first).
 */
export function syncServiceOf(library: SyncedLibrary, options?: SyncServiceOptions): SyncService {
  let service = services.get(library);
  if (!service) services.set(library, (service = new SyncService(library, options)));
  return service;
}

/** A write went through the API: the library's running service (if any) publishes it soon. */
export function noteLocalChange(library: SyncedLibrary): void {
  services.get(library)?.localChange();
}
