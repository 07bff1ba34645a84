/**
 * The sync figures (#19):
 * - sync_apply_ops_per_s: a new device applying 100,000 operations from one
 *   log (2,000 articles with their bodies and 49 highlights each, every
 *   fifth with a note): reading and checking the lines, merging them into
 *   the stored state and writing the articles, highlights and notes into
 *   the library;
 * - sync_bootstrap_10k_ms: a new device joining a 10,000-article library
 *   (5 highlights each) from the snapshot its first device wrote, then
 *   reading the log lines after it (here: none).
 * - sync_snapshot_ms: the snapshot the applying device writes after that
 *   round (its whole merged state, for devices joining later). The round
 *   writes it once enough operations were merged, after the apply has
 *   committed (the highlights are there before it starts); it is measured
 *   on its own, not hidden: sync_apply_* is the round up to the commit.
 * Each source library is generated directly in SQLite and published once
 * (its first publish emits the whole library); only the new device's round
 * is measured. CPU time is reported beside wall time: on a shared machine
 * the wall time mostly measures the others.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Library } from '../src/main/library';
import { syncNow } from '../src/main/sync/engine';
import { SyncFolder } from '../src/main/sync/folder';
import { writeSnapshotIfDue } from '../src/main/sync/snapshot';
import { HIGHLIGHT_COLORS } from '../src/shared/types';
import { TextFactory } from './synthetic';

export const SYNC_OPS = 100_000;
const APPLY_ARTICLES = 2_000;
export const BOOTSTRAP_ARTICLES = 10_000;
const BOOTSTRAP_HIGHLIGHTS = 5;

function generate(dir: string, articles: number, highlightsPerArticle: number): void {
  const library = Library.open(dir);
  const db = library.db;
  const factory = new TextFactory(1919);
  const insertArticle = db.prepare(`INSERT INTO articles (id, title, format, added_at, updated_at) VALUES (?, ?, 'text', ?, ?)`);
  const insertBody = db.prepare(`INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, ?)`);
  const insertHighlight = db.prepare(`
    INSERT INTO highlights (id, article_seq, color, quote, prefix, suffix, start_offset, end_offset, note, created_at, updated_at)
    VALUES (?, ?, ?, ?, '', '', ?, ?, ?, ?, ?)`);
  const now = '2026-01-01T00:00:00.000Z';
  db.transaction(() => {
    for (let a = 0; a < articles; a++) {
      const article = factory.article(300);
      const text = article.paragraphs.join('\n\n');
      const seq = Number(insertArticle.run(`sync${String(a).padStart(12, '0')}`, article.title, now, now).lastInsertRowid);
      insertBody.run(seq, `<p>${text}</p>`, text, `hash${a}`);
      for (let h = 0; h < highlightsPerArticle; h++) {
        insertHighlight.run(`h${a}x${h}`, seq, HIGHLIGHT_COLORS[h % HIGHLIGHT_COLORS.length], text.slice(h, h + 20), h, h + 20, h % 5 === 0 ? `note ${h}` : '', now, now);
      }
    }
  })();
  library.close();
}

/** A generated library published into a new folder; answers the folder and the operations published. */
function publishedLibrary(dir: string, name: string, articles: number, highlightsPerArticle: number): { folder: string; ops: number } {
  const folder = join(dir, `${name}-folder`);
  const source = join(dir, `${name}-source`);
  generate(source, articles, highlightsPerArticle);
  mkdirSync(folder, { recursive: true });
  const from = Library.open(source);
  try {
    return { folder, ops: syncNow(from.db, { folder, deviceName: 'source' }).published.ops };
  } finally {
    from.close();
  }
}

interface Timed {
  ms: number;
  cpuMs: number;
}

function timed(fn: () => void): Timed {
  const cpu = process.cpuUsage();
  const start = performance.now();
  fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * A new device's first round on `folder`, timed (wall and CPU); checks every highlight arrived. With `snapshot`,
 * the round leaves the snapshot out and it is written (as the round would have) and timed on its own.
 */
function firstRound(dir: string, name: string, folder: string, highlights: number, withoutSnapshots = false, snapshot?: (t: Timed) => void): { ms: number; cpuMs: number; ops: number } {
  if (withoutSnapshots) rmSync(join(folder, 'Gloss', 'snapshots'), { recursive: true, force: true });
  const to = Library.open(join(dir, `${name}-new-device`));
  try {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const round = syncNow(to.db, { folder, deviceName: 'new', ...(snapshot ? { snapshotEvery: Number.POSITIVE_INFINITY } : {}) });
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (snapshot) {
      const f = new SyncFolder(folder);
      f.unlock(folder, undefined);
      let wrote = false;
      snapshot(timed(() => (wrote = writeSnapshotIfDue(to.db, f))));
      if (!wrote) throw new Error('sync bench: the round merged too few operations for a snapshot');
    }
    const arrived = to.db.prepare(`SELECT count(*) FROM highlights`).pluck().get() as number;
    if (round.applied.pending || round.applied.failed || arrived !== highlights) {
      throw new Error(`sync bench: ${arrived} of ${highlights} highlights arrived, ${round.applied.pending} articles waiting, ${round.applied.failed} failed`);
    }
    return { ms, cpuMs: (used.user + used.system) / 1000, ops: round.applied.ops };
  } finally {
    to.close();
  }
}

export function benchSyncApply(dir: string): Record<string, number> {
  const perArticle = SYNC_OPS / APPLY_ARTICLES - 1; // one operation per article (its row and body), the rest highlights
  const { folder, ops: published } = publishedLibrary(dir, 'apply', APPLY_ARTICLES, perArticle);
  // The source's first round wrote a snapshot (it merged more than enough operations): set aside, the logs are measured.
  let snapshot: Timed = { ms: 0, cpuMs: 0 };
  const r = firstRound(dir, 'apply', folder, APPLY_ARTICLES * perArticle, true, (t) => (snapshot = t));
  return {
    sync_published_ops: published,
    sync_apply_ops: r.ops,
    sync_apply_ms: Math.round(r.ms),
    sync_apply_cpu_ms: Math.round(r.cpuMs),
    sync_apply_ops_per_s: Math.round((r.ops / r.ms) * 1000),
    sync_snapshot_ms: Math.round(snapshot.ms),
    sync_snapshot_cpu_ms: Math.round(snapshot.cpuMs),
  };
}

export function benchSyncBootstrap(dir: string): Record<string, number> {
  const { folder } = publishedLibrary(dir, 'bootstrap', BOOTSTRAP_ARTICLES, BOOTSTRAP_HIGHLIGHTS);
  const r = firstRound(dir, 'bootstrap', folder, BOOTSTRAP_ARTICLES * BOOTSTRAP_HIGHLIGHTS);
  return { sync_bootstrap_10k_ms: Math.round(r.ms), sync_bootstrap_10k_cpu_ms: Math.round(r.cpuMs) };
}
