/**
 * Convergence, property-based: three real libraries, each syncing through
 * its own copy of the folder; a simulated sync engine copies files between
 * the copies in random order, twice, cut short, and as conflict copies.
 * Random changes of every synced kind happen on every library between
 * rounds. Once everything is delivered and every library has synced, all
 * three hold the same logical content (checksum over a canonical dump), and
 * no note text was lost: every text ever written to a note is still in it,
 * unless a later edit was made on a device that showed that text.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../src/main/db/open';
import { newId } from '../../src/main/db/ids';
import { Library } from '../../src/main/library';
import { syncNow } from '../../src/main/sync/engine';
import { Review } from '../../src/main/review/review';
import { HIGHLIGHT_COLORS } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';
import { canonicalDump, checksum } from './helpers';

const WORDS = ['river', 'garden', 'stone', 'lantern', 'harbour', 'meadow', 'copper', 'willow', 'thistle', 'ember', 'quarry', 'orchard'];
const TAGS = ['Science', 'science', 'History', 'later', 'Art'];

type Action =
  | { t: 'change'; device: number; kind: number; a: number; b: number; c: number }
  | { t: 'deliver'; from: number; to: number; file: number; how: 'whole' | 'cut' | 'conflict'; cut: number; thenSync?: boolean }
  | { t: 'sync'; device: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('change' as const), device: fc.nat(2), kind: fc.nat(21), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('deliver' as const), from: fc.nat(2), to: fc.nat(2), file: fc.nat(1000), how: fc.constantFrom('whole' as const, 'cut' as const, 'cut' as const, 'conflict' as const), cut: fc.double({ min: 0, max: 1, noNaN: true }), thenSync: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('sync' as const), device: fc.nat(2) }) },
);

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else out.push(join(dir, e.name).slice(root.length + 1));
    }
  };
  walk(root);
  return out.sort();
}

/** A blob file whose bytes match its name (their SHA-256). */
function intactBlob(path: string): boolean {
  return createHash('sha256').update(readFileSync(path)).digest('hex') === basename(path);
}

let templateFile: string | undefined;
function template(): string {
  // Made again after a test's folders were removed (each test's temporary folders go when it ends).
  if (!templateFile || !existsSync(templateFile)) {
    const dir = tempDir('gloss-sync-template-');
    Library.open(dir).close();
    templateFile = join(dir, DB_FILE_NAME);
  }
  return templateFile;
}

class World {
  readonly libs: Library[];
  readonly folders: string[];
  /** Device id of each library. */
  readonly devices: string[];
  /** Every marker written to each note ("note:<article>" or "hl:<highlight>"). */
  readonly written = new Map<string, Set<string>>();
  /** Markers a device showed when a new text replaced them. */
  readonly replaced = new Map<string, Set<string>>();
  private marker = 0;
  /** Review answers' clock: distinct times across devices. */
  private tick = 0;
  private conflicts = 0;

  constructor() {
    this.libs = [0, 1, 2].map(() => {
      // A copy of one migrated library (migrating three per run would be most of the time), each its own device.
      const dir = tempDir('gloss-sync-lib-');
      copyFileSync(template(), join(dir, DB_FILE_NAME));
      const lib = Library.open(dir);
      lib.db.prepare(`UPDATE sync_state SET device = ?`).run(newId());
      return lib;
    });
    this.folders = [0, 1, 2].map(() => tempDir('gloss-sync-folder-'));
    this.devices = this.libs.map((l) => (l.db.prepare(`SELECT device FROM sync_state`).pluck().get() as string));
    // The first device makes the folder; the engine brings library.json to the others.
    syncNow(this.libs[0]!.db, { folder: this.folders[0]!, deviceName: 'd0' });
    for (const i of [1, 2]) {
      mkdirSync(join(this.folders[i]!, 'Gloss'), { recursive: true });
      copyFileSync(join(this.folders[0]!, 'Gloss', 'library.json'), join(this.folders[i]!, 'Gloss', 'library.json'));
      syncNow(this.libs[i]!.db, { folder: this.folders[i]!, deviceName: `d${i}` });
    }
    // A shared start (two articles with a highlight each on every device), so concurrent edits meet.
    for (const n of [1, 2]) {
      this.change({ t: 'change', device: 0, kind: 0, a: n, b: 0, c: 0 });
      this.change({ t: 'change', device: 0, kind: 7, a: 0, b: n, c: n });
    }
    this.settle();
  }

  /** Everything delivered everywhere and every library synced, until nothing moves. */
  settle(): void {
    for (let round = 0; round < 2; round++) {
      for (const d of [0, 1, 2]) this.sync(d);
      this.deliverEverything();
    }
    for (const d of [0, 1, 2]) this.sync(d);
  }

  close(): void {
    for (const l of this.libs) l.close();
  }

  /** Files a device wrote itself (its log and device.json) and blobs, in its own folder copy. */
  ownFiles(device: number): string[] {
    const root = this.folders[device]!;
    return files(root).filter((f) => f.startsWith(join('Gloss', 'devices', this.devices[device]!)) || f.startsWith(join('Gloss', 'blobs')));
  }

  deliver(a: Extract<Action, { t: 'deliver' }>): void {
    if (a.from === a.to) return;
    const list = this.ownFiles(a.from).filter((f) => !f.includes('sync-conflict') && !f.endsWith('.tmp'));
    if (list.length === 0) return;
    const rel = list[a.file % list.length]!;
    const bytes = readFileSync(join(this.folders[a.from]!, rel));
    let target = join(this.folders[a.to]!, rel);
    let data = bytes;
    if (a.how === 'cut') data = bytes.subarray(0, Math.floor(bytes.length * a.cut));
    if (a.how === 'conflict') target = target.replace(/\.jsonl$/, `.sync-conflict-20261127-0000${this.conflicts++}-ABCDEFG.jsonl`);
    // An engine never swaps a whole file for a shorter copy of it, except a cut one arriving.
    if (a.how !== 'cut' && existsSync(target) && statSync(target).size > data.length) return;
    // Nor does it bring a blob again over an intact copy: a blob never changes, so there is no newer version to bring
    // (a cut copy travelling back over the writer's whole one left no intact copy anywhere, which no engine does).
    if (rel.startsWith(join('Gloss', 'blobs')) && existsSync(target) && intactBlob(target)) return;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }

  deliverEverything(): void {
    for (const from of [0, 1, 2]) {
      for (const to of [0, 1, 2]) {
        if (from === to) continue;
        const list = this.ownFiles(from);
        for (let i = 0; i < list.length; i++) this.deliver({ t: 'deliver', from, to, file: i, how: 'whole', cut: 1 });
      }
    }
  }

  sync(device: number): void {
    const round = syncNow(this.libs[device]!.db, { folder: this.folders[device]! });
    // Nothing merged is refused by the library (a failing statement once left deleted tags behind, counted and silent).
    expect(round.applied.failed).toBe(0);
  }

  /** Writes a note through `write`; its markers are counted only once the library took the text (it refuses some edits). */
  private writeNote(key: string, text: string, current: string, write: (note: string) => void): void {
    const marker = `m${this.marker++}x`;
    write(`${text} ${marker}`);
    let r = this.replaced.get(key);
    if (!r) this.replaced.set(key, (r = new Set()));
    for (const m of current.match(/\bm\d+x\b/g) ?? []) r.add(m);
    let w = this.written.get(key);
    if (!w) this.written.set(key, (w = new Set()));
    w.add(marker);
  }

  change(a: Extract<Action, { t: 'change' }>): void {
    const lib = this.libs[a.device]!;
    const articles = lib.listArticles();
    const article = articles.length ? articles[a.a % articles.length] : undefined;
    const word = WORDS[a.b % WORDS.length]!;
    const tag = TAGS[a.c % TAGS.length]!;
    const highlights = article ? lib.listHighlights(article.id) : [];
    const all = article ? (lib.db.prepare(`SELECT h.id, h.note, h.deleted_at FROM highlights h JOIN articles a ON a.seq = h.article_seq WHERE a.id = ?`).all(article.id) as { id: string; note: string; deleted_at: string | null }[]) : [];
    const highlight = highlights.length ? highlights[a.b % highlights.length] : undefined;
    const text = (n: number): string => `Title ${n}\n\n${Array.from({ length: 12 }, (_, i) => WORDS[(n + i * 7) % WORDS.length]).join(' ')}.`;
    switch (a.kind) {
      case 0:
        lib.importFile({ fileName: `a${a.a}.txt`, bytes: new TextEncoder().encode(text(a.a)) }, 'new');
        return;
      case 2:
        if (article) lib.updateArticle(article.id, { fileName: `a${a.a}.txt`, bytes: new TextEncoder().encode(text(a.b)) });
        return;
      case 3:
        if (article) lib.setReadState(article.id, (['unread', 'reading', 'finished'] as const)[a.b % 3]!);
        return;
      case 4:
        if (article) lib.setFavorite(article.id, a.b % 2 === 0);
        if (article) lib.setArchived([article.id], a.c % 2 === 0);
        return;
      case 5:
        if (article) lib.setReadingPosition(article.id, (a.b % 100) / 100, `p${a.c}`);
        return;
      case 6:
        if (article && a.b % 3 === 0) lib.deleteArticle(article.id);
        else if (article) lib.undoDeleteArticles(lib.deleteArticles([article.id]).undoToken);
        return;
      case 7:
      case 8: {
        if (!article) return;
        const body = lib.getArticle(article.id).text;
        const start = body.indexOf(word);
        if (start < 0) return;
        const end = start + word.length;
        lib.createHighlight({ articleId: article.id, quote: { exact: word, prefix: body.slice(Math.max(0, start - 32), start), suffix: body.slice(end, end + 32) }, position: { start, end }, color: HIGHLIGHT_COLORS[a.c % HIGHLIGHT_COLORS.length]! });
        return;
      }
      case 9:
        if (highlight) lib.updateHighlight(highlight.id, { color: HIGHLIGHT_COLORS[a.c % HIGHLIGHT_COLORS.length]! });
        return;
      case 1:
      case 10:
      case 11: {
        const h = all.length ? all[a.c % all.length] : undefined;
        if (h) this.writeNote(`hl:${h.id}`, `note ${word}`, h.note, (note) => lib.updateHighlight(h.id, { note }));
        return;
      }
      case 12:
        if (highlight && a.c % 2 === 0) lib.deleteHighlight(highlight.id);
        else {
          const gone = all.find((h) => h.deleted_at !== null);
          if (gone) lib.restoreHighlight(gone.id);
        }
        return;
      case 13:
      case 14:
        if (article) this.writeNote(`note:${article.id}`, `about ${word}`, lib.getArticleNote(article.id).note, (note) => lib.setArticleNote(article.id, note));
        return;
      case 15:
        if (article) lib.tagArticles([article.id], [tag]);
        return;
      case 16:
        if (article) lib.untagArticles([article.id], [tag]);
        return;
      case 17: {
        const tags = lib.listTags();
        const t = tags.length ? tags[a.b % tags.length] : undefined;
        if (t && a.c % 3 === 0) lib.deleteTag(t.name);
        else if (t) lib.renameTag(t.name, TAGS[a.c % TAGS.length]!);
        return;
      }
      case 18:
        if (highlight) lib.setHighlightTags(highlight.id, [tag]);
        return;
      case 19:
        lib.setSettings({ colorLabels: { yellow: `label ${word}` } });
        return;
      case 20:
        // The review history: an answer (a card's FSRS state and a log line), at a time of its own on each device.
        if (highlight) new Review(lib.db, { now: () => new Date(Date.UTC(2026, 10, 27, 9, 0, 0, this.tick++)) }).answer(highlight.id, (['keep', 'soon', 'later', 'retire'] as const)[a.c % 4]!);
        return;
      case 21:
        if (highlight) new Review(lib.db, { now: () => new Date(Date.UTC(2026, 10, 27, 9, 0, 0, this.tick++)) }).undo(highlight.id);
        return;
    }
  }

  /** Notes whose markers went missing: [note, marker] pairs (empty when none was lost). */
  lostNotes(lib: Library): [string, string][] {
    const lost: [string, string][] = [];
    for (const [key, markers] of this.written) {
      const [kind, id] = key.split(':') as [string, string];
      const text =
        kind === 'note'
          ? (lib.db.prepare(`SELECT n.note FROM article_notes n JOIN articles a ON a.seq = n.article_seq WHERE a.id = ?`).pluck().get(id) as string | undefined)
          : (lib.db.prepare(`SELECT note FROM highlights WHERE id = ?`).pluck().get(id) as string | undefined);
      // Gone with its article (a deletion wins over an edit): not a lost note.
      const alive = kind === 'note' ? lib.db.prepare(`SELECT 1 FROM articles WHERE id = ?`).get(id) : text !== undefined;
      if (!alive) continue;
      for (const m of markers) {
        if (!(text ?? '').includes(m) && !this.replaced.get(key)?.has(m)) lost.push([key, m]);
      }
    }
    return lost;
  }
}

/** Plays the actions on a fresh world, settles, and checks every library ended the same with nothing lost or waiting. */
function play(actions: readonly Action[]): void {
  const world = new World();
  try {
    for (const a of actions) {
      if (a.t === 'change') {
        try {
          world.change(a);
        } catch (err) {
          // A change the library itself refuses (e.g. a rename onto the same name) is no change.
          if (!(err instanceof Error && err.name === 'GlossError')) throw err;
        }
      } else if (a.t === 'deliver') {
        world.deliver(a);
        if (a.thenSync) world.sync(a.to);
      } else world.sync(a.device);
    }
    world.settle();
    const [a, b, c] = world.libs.map((l) => canonicalDump(l.db));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(new Set(world.libs.map((l) => checksum(l.db))).size).toBe(1);
    for (const l of world.libs) expect(world.lostNotes(l)).toEqual([]);
    for (const l of world.libs) expect(l.db.prepare(`SELECT count(*) FROM sync_pending`).pluck().get()).toBe(0);
  } finally {
    world.close();
  }
}

/** Counterexamples fast-check once found, replayed as they were on every run. */
const REGRESSIONS: { name: string; actions: Action[] }[] = [
  {
    // An undone delete re-published an article's body whose blob only cut copies were left of (the World then let a cut copy
    // travel back over the writer's whole one; it no longer does): the libraries holding that body waited for the blob for
    // ever. The engine's side is tested in engine.test.ts (a body held is not waited for; a damaged blob is written again).
    name: 'a body published again as it was waits for no blob',
    actions: [{"t":"change","device":2,"kind":4,"a":0,"b":0,"c":0},{"t":"sync","device":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"sync","device":0},{"t":"deliver","from":0,"to":2,"file":757,"how":"cut","cut":0,"thenSync":true},{"t":"change","device":1,"kind":0,"a":0,"b":0,"c":0},{"t":"sync","device":0},{"t":"deliver","from":0,"to":1,"file":549,"how":"cut","cut":0,"thenSync":false},{"t":"sync","device":0},{"t":"change","device":0,"kind":6,"a":0,"b":46,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"sync","device":0},{"t":"sync","device":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"deliver","from":2,"to":0,"file":221,"how":"cut","cut":0,"thenSync":false},{"t":"sync","device":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"sync","device":0},{"t":"sync","device":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false}],
  },
  {
    // A tag deleted on one device stayed, unused, on a library that had it: deleting it failed (a statement's parameters), silently.
    name: 'a tag deleted elsewhere goes once its links have',
    actions: [{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"sync","device":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":1,"kind":15,"a":0,"b":0,"c":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"sync","device":1},{"t":"change","device":1,"kind":17,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"deliver","from":1,"to":0,"file":246,"how":"whole","cut":0,"thenSync":false},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0}],
  },
  {
    // The World counted a note's marker before the library took the edit (a trashed highlight's note is refused): not an engine bug.
    name: 'a refused note edit is no note to keep',
    actions: [{"t":"sync","device":0},{"t":"sync","device":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"sync","device":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"sync","device":0},{"t":"sync","device":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":1,"kind":12,"a":0,"b":0,"c":0},{"t":"sync","device":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":1,"kind":1,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"sync","device":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"change","device":0,"kind":0,"a":0,"b":0,"c":0},{"t":"deliver","from":0,"to":0,"file":0,"how":"whole","cut":0,"thenSync":false}],
  },
  {
    // A tag renamed only in case ("Science" to "science") was no change to the capture triggers (tags.name compares NOCASE): the rename never left.
    name: 'a rename that changes only case travels',
    actions: [{"t":"change","device":1,"kind":15,"a":857,"b":190,"c":615},{"t":"sync","device":1},{"t":"change","device":1,"kind":17,"a":351,"b":694,"c":701}],
  },
];

describe('sync convergence (property-based)', () => {
  for (const r of REGRESSIONS) it(`regression: ${r.name}`, () => play(r.actions));

  /*
   * A run takes ~0.4 s when it passes: 10 runs with a new seed each time keep exploring, in a few seconds; the
   * counterexamples found so far replay above with no seed at all.
   * On CI a failure is not shrunk (shrinking took 7 minutes once): the seed and path it prints replay it here
   * (GLOSS_SYNC_SEED=… GLOSS_SYNC_PATH=…), shrunk; add what it finds to REGRESSIONS. More runs: GLOSS_SYNC_RUNS=50.
   */
  it('three libraries end with the same content whatever the delivery order, and no note is lost', () => {
    const seed = process.env.GLOSS_SYNC_SEED;
    const path = process.env.GLOSS_SYNC_PATH;
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 60 }), (actions) => play(actions)),
      {
        numRuns: Number(process.env.GLOSS_SYNC_RUNS ?? 10),
        ...(seed ? { seed: Number(seed) } : {}),
        ...(path ? { path } : {}),
        ...(process.env.CI ? { endOnFailure: true } : {}),
      },
    );
  }, 60_000);
});
