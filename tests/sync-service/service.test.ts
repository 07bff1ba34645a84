/**
 * The running app's sync service, on real libraries and a real folder:
 * local changes through the API go out debounced, rounds never overlap,
 * another device's new log is picked up by the watch (or, with no watch,
 * by the rescan), and a failing folder is an error state with its reason
 * that clears once the folder is back.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createDispatcher, type Dispatch } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import { importJobsOf } from '../../src/main/migrate/import-jobs';
import { syncNow, type SyncOptions } from '../../src/main/sync/engine';
import { syncServiceOf, type SyncService, type SyncServiceOptions } from '../../src/main/sync-service/service';
import type { SyncRound } from '../../src/shared/sync';
import type { SyncOverview } from '../../src/shared/sync-activity';
import { tempDir } from '../helpers/tmp';
import { articleHtml, omnivoreHighlight, omnivoreZip } from '../migrate/omnivore-zip';

const TEXT = 'Gardens\n\nPatience is the gardener\u2019s first tool. Water is the second.';

interface Side {
  library: Library;
  dispatch: Dispatch;
  service: SyncService;
  rounds: { at: number; options: SyncOptions }[];
}

const open: Side[] = [];
afterEach(() => {
  for (const side of open.splice(0)) {
    side.service.stop();
    side.library.close();
  }
});

/** A library served as `gloss serve` serves it, its service made with test timings and counting rounds. */
function side(options: SyncServiceOptions = {}, round?: (db: Database, o: SyncOptions) => SyncRound | Promise<SyncRound>): Side {
  const library = Library.open(tempDir());
  const rounds: Side['rounds'] = [];
  const service = syncServiceOf(library, {
    debounceMs: 100,
    maxDelayMs: 1000,
    folderQuietMs: 50,
    rescanMs: 60_000,
    ...options,
    round: (db, o) => {
      rounds.push({ at: Date.now(), options: o });
      return (round ?? syncNow)(db, o);
    },
  });
  const s = { library, dispatch: createDispatcher(createHandlers(library, 'browser')), service, rounds };
  open.push(s);
  return s;
}

async function call<T>(s: Side, method: string, args: unknown = {}): Promise<T> {
  const answer = await s.dispatch(method as never, args as never);
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

function importArticle(s: Side): string {
  const r = s.library.importFile({ fileName: 'gardens.txt', bytes: new TextEncoder().encode(TEXT) }, 'new');
  if (r.status !== 'imported') throw new Error(r.status);
  return r.article.id;
}

function highlightArgs(s: Side, articleId: string, exact: string, note?: string): unknown {
  const text = s.library.getArticle(articleId).text;
  const start = text.indexOf(exact);
  return {
    articleId,
    quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + exact.length, start + exact.length + 32) },
    position: { start, end: start + exact.length },
    color: 'yellow',
    ...(note ? { note } : {}),
  };
}

function notesOf(s: Side, articleId: string): string[] {
  try {
    return s.library.listHighlights(articleId).map((h) => h.note ?? '');
  } catch {
    return []; // the article has not arrived yet
  }
}

describe('the sync service', () => {
  it('publishes local changes made through the API once, debounced, and never runs two rounds at once', async () => {
    const folder = tempDir();
    const a = side();
    const b = side();
    const articleId = importArticle(a);
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop' });
    await call(b, 'setSyncSettings', { folder, deviceName: 'desktop' });
    expect(b.library.getArticle(articleId).title).toBe('Gardens');
    a.service.start();
    await vi.waitFor(() => expect(a.rounds.length).toBe(2), { timeout: 5000 }); // settings, then start-up
    const before = a.rounds.length;

    // Three quick writes through the API: one round, after they stop.
    await call(a, 'createHighlight', highlightArgs(a, articleId, 'Patience', 'first'));
    await call(a, 'createHighlight', highlightArgs(a, articleId, 'Water', 'second'));
    const lastWrite = Date.now();
    await call(a, 'setFavorite', { id: articleId, favorite: true });
    await vi.waitFor(() => expect(a.rounds.length).toBe(before + 1), { timeout: 5000 });
    expect(a.rounds[before]!.at - lastWrite).toBeGreaterThanOrEqual(90);
    // Nothing more is scheduled by its own round, which wrote nothing back (the app reloads an open article only for others' changes).
    await new Promise((r) => setTimeout(r, 400));
    expect(a.rounds.length).toBe(before + 1);
    const last = a.service.overview().lastRound;
    expect(last?.published.ops).toBeGreaterThanOrEqual(3);
    expect(last?.applied.written).toBe(0);

    await call(b, 'syncNow', {});
    expect(notesOf(b, articleId).sort()).toEqual(['first', 'second']);
    expect(b.library.getArticle(articleId).favorite).toBe(true);
  }, 20_000);

  it('a stream of changes still goes out within maxDelayMs; requests during a round wait and share the next one', async () => {
    const folder = tempDir();
    let inRound = 0;
    let most = 0;
    let release: () => void = () => undefined;
    let gate: Promise<void> | null = null;
    const a = side({ debounceMs: 200, maxDelayMs: 500 }, async (db, o) => {
      inRound += 1;
      most = Math.max(most, inRound);
      try {
        if (gate) await gate;
        return syncNow(db, o);
      } finally {
        inRound -= 1;
      }
    });
    const articleId = importArticle(a);
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop' });
    a.service.start();
    await vi.waitFor(() => expect(a.rounds.length).toBe(2));

    // A write every 50 ms for 1.2 s: the debounce alone would wait for the end.
    const started = Date.now();
    let streaming = true;
    const stream = (async () => {
      for (let i = 0; Date.now() - started < 1200; i++) {
        await call(a, 'setReadingPosition', { id: articleId, progress: (i % 90) / 100, position: String(i * 10) });
        await new Promise((r) => setTimeout(r, 50));
      }
      streaming = false;
    })();
    await vi.waitFor(() => expect(a.rounds.length).toBeGreaterThan(2), { timeout: 5000 });
    expect(streaming).toBe(true);
    await stream;

    // A slow round: Sync now, a background round and a settings change ask meanwhile.
    gate = new Promise((r) => (release = r));
    await vi.waitFor(() => expect(inRound).toBe(0), { timeout: 5000 });
    const count = a.rounds.length;
    const first = a.service.run();
    await vi.waitFor(() => expect(inRound).toBe(1));
    const second = a.service.run();
    const third = a.service.run();
    const named = a.service.run({ deviceName: 'laptop 2' });
    expect(third).toBe(second);
    gate = null;
    release();
    await Promise.all([first, second, named]);
    expect(most).toBe(1);
    expect(a.rounds.length - count).toBe(3); // first, the shared one, the named one
    expect(a.service.overview().deviceName).toBe('laptop 2');
  }, 20_000);

  it("picks up another device's new log through the watch, and without a watch through the rescan", async () => {
    const folder = tempDir();
    const a = side();
    const watched = side({ rescanMs: 600_000 });
    const rescanned = side({ watch: false, rescanMs: 300 });
    const articleId = importArticle(a);
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop' });
    await call(watched, 'setSyncSettings', { folder, deviceName: 'desktop' });
    await call(rescanned, 'setSyncSettings', { folder, deviceName: 'tablet' });
    watched.service.start();
    rescanned.service.start();
    await vi.waitFor(() => expect(watched.service.state.activity).toBe('up_to_date'));
    expect(watched.service.state.watching).toBe(true);
    expect(rescanned.service.state.watching).toBe(false);

    // The laptop highlights and syncs (as its own Sync now would): the others pick it up.
    await call(a, 'createHighlight', highlightArgs(a, articleId, 'Patience', 'from the laptop'));
    await call(a, 'syncNow', {});
    await vi.waitFor(() => expect(notesOf(watched, articleId)).toEqual(['from the laptop']), { timeout: 5000 });
    await vi.waitFor(() => expect(notesOf(rescanned, articleId)).toEqual(['from the laptop']), { timeout: 5000 });

    // A device joining later is watched too (its folder appeared after the start).
    const late = side();
    await call(late, 'setSyncSettings', { folder, deviceName: 'phone' });
    const lateArticle = importArticle(late); // the same text: its own article
    await call(late, 'createHighlight', highlightArgs(late, lateArticle, 'Water', 'from the phone'));
    await call(late, 'syncNow', {});
    await vi.waitFor(() => expect(notesOf(watched, lateArticle)).toEqual(['from the phone']), { timeout: 5000 });
  }, 30_000);

  it('reports a folder that went away as an error with its reason, syncs again once it is back, and stops on request', async () => {
    const parent = tempDir();
    const folder = join(parent, 'Sync');
    mkdirSync(folder);
    const a = side({ rescanMs: 200 });
    importArticle(a);
    expect(a.service.overview()).toMatchObject({ activity: 'off', folder: null });
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop' });
    a.service.start();
    expect(a.service.overview()).toMatchObject({ activity: 'waiting', reason: 'No other device syncs through this folder yet.' });

    rmSync(folder, { recursive: true });
    await vi.waitFor(() => expect(a.service.state.activity).toBe('error'), { timeout: 5000 });
    expect(a.service.state.reason).toMatch(/^The sync folder .*Sync does not exist/);
    await expect(call(a, 'syncNow', {})).rejects.toThrow(/^not_found: The sync folder/);

    mkdirSync(folder);
    await vi.waitFor(() => expect(a.service.state.activity).toBe('waiting'), { timeout: 5000 });

    // A missing folder chosen in Settings is refused and nothing is remembered.
    await expect(call(a, 'setSyncSettings', { folder: join(parent, 'nowhere') })).rejects.toThrow(/does not exist/);
    expect(a.service.overview().folder).toBe(folder);

    const stopped = await call<{ activity: string; folder: string | null }>(a, 'stopSync');
    expect(stopped).toMatchObject({ activity: 'off', folder: null });
    const count = a.rounds.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(a.rounds.length).toBe(count); // no rescan any more
    expect(a.library.listArticles()).toHaveLength(1); // the library keeps its data
  }, 20_000);

  it('takes a passphrase with the settings: a wrong one is refused and nothing remembered; the right one is kept as a key', async () => {
    const folder = tempDir();
    // A cheap scrypt cost: the test is about the settings, not the key derivation.
    const cheap = (db: Database, o: SyncOptions): SyncRound => syncNow(db, { ...o, scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    const a = side({}, cheap);
    const b = side({}, cheap);
    const articleId = importArticle(a);
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop', passphrase: 'correct horse' });

    await expect(call(b, 'setSyncSettings', { folder, deviceName: 'desktop' })).rejects.toThrow(/^password_required: /);
    await expect(call(b, 'setSyncSettings', { folder, deviceName: 'desktop', passphrase: 'wrong horse' })).rejects.toThrow(/^wrong_password: Wrong passphrase/);
    expect(b.service.overview()).toMatchObject({ folder: null, activity: 'off' });
    expect(b.service.state).toMatchObject({ activity: 'error', reason: expect.stringMatching(/^Wrong passphrase/) as unknown });

    await call(b, 'setSyncSettings', { folder, deviceName: 'desktop', passphrase: 'correct horse' });
    expect(b.library.getArticle(articleId).title).toBe('Gardens');
    // Later rounds need no passphrase (the key is remembered).
    await call(a, 'createHighlight', highlightArgs(a, articleId, 'Patience', 'sealed'));
    await call(a, 'syncNow', {});
    await call(b, 'syncNow', {});
    expect(notesOf(b, articleId)).toEqual(['sealed']);
  }, 20_000);

  it('follows a restored backup: its library file (here one that never synced) decides, and the status still answers', async () => {
    const folder = tempDir();
    const a = side({ rescanMs: 200 });
    importArticle(a);
    const backup = await call<{ name: string }>(a, 'backupNow');
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop' });
    a.service.start();
    await vi.waitFor(() => expect(a.rounds.length).toBe(2));

    await call(a, 'restoreBackup', { name: backup.name });
    expect(await call(a, 'getSyncStatus')).toMatchObject({ folder: null, activity: 'off' });
    const count = a.rounds.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(a.rounds.length).toBe(count); // no rescan of a folder the restored library does not sync through
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop' });
    expect(a.service.state.watching).toBe(true);
  }, 20_000);

  it("answers the status from the library and memory: the folder's devices are read only when asked for", async () => {
    const folder = tempDir();
    const a = side();
    const b = side();
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop' });
    await call(b, 'setSyncSettings', { folder, deviceName: 'desktop' });
    await call(a, 'syncNow', {});
    const listed = await call<SyncOverview>(a, 'getSyncStatus', { devices: true });
    expect(listed.devices?.map((d) => d.name).sort()).toEqual(['desktop', 'laptop']);
    const polled = await call<SyncOverview>(a, 'getSyncStatus', {});
    expect(polled).not.toHaveProperty('devices');
    expect(polled).toMatchObject({ folder, deviceName: 'laptop', activity: 'up_to_date' });

    // The folder gone (an unmounted drive): the header's poll answers as before, not having read it; asked, no device is found.
    rmSync(folder, { recursive: true, force: true });
    expect(await call<SyncOverview>(a, 'getSyncStatus', {})).toEqual(polled);
    expect((await call<SyncOverview>(a, 'getSyncStatus', { devices: true })).devices).toEqual([]);
    await expect(call(a, 'getSyncStatus', { devices: 'yes' })).rejects.toThrow(/invalid_argument/);
  });

  it('publishes what a background import job brings, as it does writes through the API', async () => {
    const folder = tempDir();
    const a = side();
    const b = side();
    await call(a, 'setSyncSettings', { folder, deviceName: 'laptop' });
    await call(b, 'setSyncSettings', { folder, deviceName: 'desktop' });
    a.service.start();
    await vi.waitFor(() => expect(a.rounds.length).toBe(2), { timeout: 5000 }); // settings, then start-up
    const items = [0, 1, 2].map((n) => ({
      id: `id-${n}`,
      slug: `orchard-${n}`,
      title: `Orchard letter ${n}`,
      content: articleHtml([`Letter ${n} from the orchard, long enough to be kept as the body of the article by the extractor.`]),
      highlights: omnivoreHighlight(`from the orchard`),
    }));
    // Started on the jobs themselves, not through the API (whose answer would note a change of its own).
    const jobs = importJobsOf(a.library, a.library.dir);
    const job = jobs.start('omnivore.zip', omnivoreZip(items));
    await jobs.idle();
    expect(jobs.list().find((j) => j.id === job.id)?.state).toBe('done');
    // Without a note from the job, nothing would go out before the 60 s rescan.
    await vi.waitFor(() => expect(a.service.overview()).toMatchObject({ unpublished: 0, activity: 'up_to_date' }), { timeout: 5000 });
    await call(b, 'syncNow', {});
    expect(b.library.listArticles().map((x) => x.title).sort()).toEqual(['Orchard letter 0', 'Orchard letter 1', 'Orchard letter 2']);
  }, 20_000);

  it('the desktop app takes only a folder picked in its dialog', async () => {
    const folder = tempDir();
    const library = Library.open(tempDir());
    try {
      let picked: string | null = folder;
      const dispatch = createDispatcher(createHandlers(library, 'electron', { chooseFolder: () => Promise.resolve(picked) }));
      const refused = await dispatch('setSyncSettings', { folder });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await dispatch('chooseSyncFolder', {})).toEqual({ ok: true, value: { dir: folder } });
      expect(await dispatch('setSyncSettings', { folder, deviceName: 'desk' })).toMatchObject({ ok: true, value: { folder, deviceName: 'desk' } });
      picked = null;
      expect(await dispatch('chooseSyncFolder', {})).toEqual({ ok: true, value: null });
    } finally {
      syncServiceOf(library).stop();
      library.close();
    }
  });
});
