/**
 * Crash safety: a child process is killed (SIGKILL) at random points of a
 * bulk import, a URL-list save, a JSON restore and an export, 12 runs
 * each (GLOSS_CRASH_RUNS for more). After every kill the library must be sound (integrity_check, every
 * article whole: body, search row, images), every item the child reported
 * done must be there with its text, and the export folder must hold no
 * partly written file and a manifest the next export can trust.
 *
 * Kill points: each operation is first run to the end and timed (from the
 * child's `ready` to its exit); run i is then killed at a random point of
 * the i-th of RUNS equal parts of that time. The random source is seeded
 * (GLOSS_CRASH_SEED replays another sequence).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLibraryJson, serializeLibraryJson } from '../../src/main/backup';
import { MANIFEST_NAME, readManifest } from '../../src/main/export';
import { isTempName } from '../../src/main/export/writer';
import { Library } from '../../src/main/library';
import { closeServersAfterEach, pngFor, serve } from '../web/helpers';
import { copyFolder, inPool, killAfter, killDelays, runDir, seededRandom, timed } from './crash-scenarios';
import { consistencyProblems, logicalChecksum, openLibraryFile, textsById } from './library-state';
import { smallCorpusPages } from './pages';
import { bundleChild, records, removeChildBundle, startChild, type Running } from './spawn';

/**
 * Kills per operation: 12 spread over the whole run (each in its own
 * twelfth) keep every phase covered; GLOSS_CRASH_RUNS asks for more
 * (each run costs a child process, and CI's two cores are shared).
 */
const RUNS = Number(process.env.GLOSS_CRASH_RUNS ?? 12);
const PARALLEL = 2;
/** Generous: on a quiet 2-core machine the four scenarios take well under a minute together. */
const TIMEOUT = 300_000;
const SEED = Number(process.env.GLOSS_CRASH_SEED ?? 20_260_613);
const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

closeServersAfterEach();

const measured: string[] = [];
afterAll(() => {
  if (measured.length) console.log(`crash runs (seed ${SEED}):\n  ${measured.join('\n  ')}`);
});

interface Done {
  ok: boolean;
  id?: string;
  source?: string;
  url?: string;
}

interface Scenario {
  name: string;
  root: string;
  /** Lays out what a run starts from in `dir` (a library, an export folder). */
  prepare?: (dir: string) => void;
  start: (dir: string) => Running;
  /** Learns from the full run (what each item should hold). */
  learn?: (dir: string, lines: string[]) => void;
  check: (dir: string, lines: string[], label: string) => void;
}

/** Runs the scenario once to the end (timed), then RUNS times killed, checking each. */
async function crashRuns(s: Scenario): Promise<void> {
  const reference = runDir(s.root, s.name, 99);
  s.prepare?.(reference);
  const referenceRun = s.start(reference);
  const full = await timed(referenceRun);
  expect(full.code, `${s.name}: the full run failed: ${referenceRun.stderr()}`).toBe(0);
  s.learn?.(reference, referenceRun.lines);
  const random = seededRandom(SEED ^ Number.parseInt(sha(s.name).slice(0, 8), 16));
  const outcomes = await inPool(
    killDelays(full.ms, RUNS, random).map((delay, i) => async () => {
      const dir = runDir(s.root, s.name, i);
      s.prepare?.(dir);
      const run = s.start(dir);
      const outcome = await killAfter(run, delay);
      s.check(dir, run.lines, `${s.name} run ${i} (seed ${SEED}, killed ${delay} ms after ready)`);
      return outcome;
    }),
    PARALLEL,
  );
  const killed = outcomes.filter((o) => o.killed).length;
  measured.push(`${s.name}: full run ${Math.round(full.ms)} ms; ${killed}/${RUNS} kills landed before the end`);
  // Most kills must land mid-way, or the test proves little.
  expect(killed, s.name).toBeGreaterThanOrEqual(RUNS / 2);
}

/** Sound, and every article reported done is there with its expected text. */
function checkLibrary(dir: string, done: Done[], expectedText: (d: Done) => string | undefined, label: string): void {
  const db = openLibraryFile(dir);
  try {
    expect(consistencyProblems(db), label).toEqual([]);
    const texts = textsById(db);
    for (const d of done) expect(texts.get(d.id!), `${label}: ${d.id} was reported done`).toBe(expectedText(d));
    // At most one more: committed, then killed before it could say so. A page
    // skipped as already in the library (same title and text) reports the
    // article it matched, so ids are counted once.
    const reported = new Set(done.map((d) => d.id)).size;
    expect(texts.size - reported, label).toBeGreaterThanOrEqual(0);
    expect(texts.size - reported, label).toBeLessThanOrEqual(1);
  } finally {
    db.close();
  }
}

/** An empty library at `dir`, made by the code under test (migrated), closed. */
function emptyLibrary(dir: string): void {
  Library.open(dir).close();
}

describe('killed at random points (SIGKILL), nothing is half-written', () => {
  // One folder for the whole file (tempDir's folders go after each test).
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gloss-crash-'));
    await bundleChild();
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    removeChildBundle();
  });

  it('a bulk import of files', async () => {
    const pages = smallCorpusPages(12);
    const expected = new Map<string, string>();
    await crashRuns({
      name: 'import',
      root,
      prepare: emptyLibrary,
      start: (dir) => startChild('import', dir, pages),
      learn: (dir, lines) => {
        const db = openLibraryFile(dir);
        const texts = textsById(db);
        db.close();
        for (const d of records<Done>(lines)) expected.set(d.source!, texts.get(d.id!)!);
        expect(expected.size).toBe(pages.length);
      },
      check: (dir, lines, label) => {
        const done = records<Done>(lines);
        expect(done.every((d) => d.ok), label).toBe(true);
        checkLibrary(dir, done, (d) => expected.get(d.source!), label);
      },
    });
  }, TIMEOUT);

  it('a URL-list save of pages with images (local server)', async () => {
    const PAGES = 12;
    const IMAGES = 2;
    const origin = await serve((req, res) => {
      const image = /^\/img\/(\d+)-(\d+)\.png$/.exec(req.url ?? '');
      if (image) {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(pngFor(`${image[1]}-${image[2]}`));
        return;
      }
      const page = /^\/page\/(\d+)$/.exec(req.url ?? '');
      if (!page) {
        res.writeHead(404).end();
        return;
      }
      const n = page[1];
      const paragraphs = Array.from(
        { length: 6 },
        (_, p) =>
          `<p>Page ${n}, paragraph ${p}: a quiet garden keeps its secrets under the leaves, and the gardener writes them down one by one, season after season, so that nothing is lost when the frost comes.</p>`,
      ).join('');
      const images = Array.from({ length: IMAGES }, (_, k) => `<p><img src="/img/${n}-${k}.png" alt="figure ${k}"></p>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Garden notes ${n}</title></head><body><article><h1>Garden notes ${n}</h1>${paragraphs}${images}</article></body></html>`);
    });
    const listFile = join(root, 'urls.txt');
    writeFileSync(listFile, Array.from({ length: PAGES }, (_, n) => `${origin}/page/${n}`).join('\n') + '\n');
    const expected = new Map<string, string>();
    const checkImages = (dir: string, label: string): void => {
      const db = openLibraryFile(dir);
      try {
        const counts = db
          .prepare<[], { n: number }>(`SELECT (SELECT count(*) FROM article_assets x WHERE x.article_seq = a.seq) AS n FROM articles a`)
          .all();
        expect(counts.every((c) => c.n === IMAGES), `${label}: every saved page has its ${IMAGES} images`).toBe(true);
      } finally {
        db.close();
      }
    };
    await crashRuns({
      name: 'urls',
      root,
      prepare: emptyLibrary,
      start: (dir) => startChild('urls', dir, [listFile]),
      learn: (dir, lines) => {
        const db = openLibraryFile(dir);
        const texts = textsById(db);
        db.close();
        for (const d of records<Done>(lines)) expected.set(d.url!, texts.get(d.id!)!);
        expect(expected.size).toBe(PAGES);
        checkImages(dir, 'full run');
      },
      check: (dir, lines, label) => {
        const done = records<Done>(lines);
        expect(done.every((d) => d.ok), label).toBe(true);
        checkLibrary(dir, done, (d) => expected.get(d.url!), label);
        checkImages(dir, label);
      },
    });
  }, TIMEOUT);

  it('a JSON restore (all or nothing)', async () => {
    // A library to restore: articles with highlights, notes and tags.
    const source = Library.open(join(root, 'restore-source'));
    for (const [i, file] of smallCorpusPages(20).entries()) {
      const { article } = source.importFile({ fileName: file, bytes: readFileSync(file) }, 'new');
      const text = source.getArticle(article.id).text;
      const word = /[A-Za-z]{4,}/.exec(text);
      if (word) {
        const start = word.index;
        const end = start + word[0].length;
        source.createHighlight({ articleId: article.id, quote: { exact: word[0], prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) }, position: { start, end }, color: 'blue', note: `note ${i}` });
      }
      source.setArticleNote(article.id, `Article note ${i}`);
      source.tagArticles([article.id], [`tag ${i % 5}`]);
    }
    const jsonFile = join(root, 'library.json');
    writeFileSync(jsonFile, serializeLibraryJson(exportLibraryJson(source.db)));
    source.close();

    let empty = '';
    let restored = '';
    await crashRuns({
      name: 'restore',
      root,
      prepare: emptyLibrary,
      start: (dir) => startChild('restore', dir, [jsonFile]),
      learn: (dir) => {
        const db = openLibraryFile(dir);
        restored = logicalChecksum(db);
        db.close();
        const fresh = join(root, 'restore-empty');
        emptyLibrary(fresh);
        const e = openLibraryFile(fresh);
        empty = logicalChecksum(e);
        e.close();
        expect(restored).not.toBe(empty);
      },
      check: (dir, _lines, label) => {
        const db = openLibraryFile(dir);
        try {
          expect(consistencyProblems(db), label).toEqual([]);
          expect([empty, restored], `${label}: the library is either as before or fully restored`).toContain(logicalChecksum(db));
        } finally {
          db.close();
        }
      },
    });
  }, TIMEOUT);

  it('an export to a folder (re-export over an earlier one)', async () => {
    // State 0: articles with a highlight and a note, exported once. State 1: one more highlight each.
    const base = join(root, 'export-base');
    const library = Library.open(join(base, 'library'));
    const addHighlight = (lib: Library, id: string, nth: number): void => {
      const text = lib.getArticle(id).text;
      const words = [...text.matchAll(/[A-Za-z]{5,}/g)];
      const m = words[Math.min(nth * 3, words.length - 1)]!;
      const start = m.index;
      const end = start + m[0].length;
      lib.createHighlight({
        articleId: id,
        quote: { exact: m[0], prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
        position: { start, end },
        color: 'yellow',
        note: `highlight ${nth}`,
      });
    };
    const ARTICLES = 70; // from 64 on, files are written from a worker thread
    for (let i = 0; i < ARTICLES; i++) {
      const body = `Field notes ${i}\n\nThe heron waited by the reeds for ${i} minutes, patient and grey, while the river carried leaves and light downstream toward the mill.\n`;
      const { article } = library.importFile({ fileName: `notes-${i}.txt`, bytes: new TextEncoder().encode(body) }, 'new');
      addHighlight(library, article.id, 0);
      library.setArticleNote(article.id, `Note on ${i}`);
    }
    const ids = library.listExportable();
    const before = join(base, 'out');
    library.exportToFolder(before, ids);
    for (const id of ids) addHighlight(library, id, 1);
    library.close();
    const oldFiles = new Set(readdirSync(before).filter((f) => f.endsWith('.md')).map((f) => sha(readFileSync(join(before, f)))));
    const newFiles = new Set<string>();

    await crashRuns({
      name: 'export',
      root,
      prepare: (dir) => {
        copyFolder(join(base, 'library'), join(dir, 'library'));
        copyFolder(before, join(dir, 'out'));
      },
      start: (dir) => startChild('export', join(dir, 'library'), [join(dir, 'out')]),
      learn: (dir) => {
        for (const f of readdirSync(join(dir, 'out'))) if (f.endsWith('.md')) newFiles.add(sha(readFileSync(join(dir, 'out', f))));
        expect([...newFiles].some((h) => !oldFiles.has(h))).toBe(true);
      },
      check: (dir, _lines, label) => {
        const out = join(dir, 'out');
        // Every file is whole: as the last export left it, or as this one writes it.
        for (const f of readdirSync(out)) {
          if (f === MANIFEST_NAME || isTempName(f)) continue;
          expect(f, label).toMatch(/\.md$/);
          const h = sha(readFileSync(join(out, f)));
          expect(oldFiles.has(h) || newFiles.has(h), `${label}: ${f} is partly written`).toBe(true);
        }
        expect(() => JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as unknown, label).not.toThrow();

        // The next export trusts the folder: after one more change it rewrites
        // every file as Gloss's own (no "edited by you" appendix, no conflict)
        // and leaves no temp file behind.
        const lib = Library.open(join(dir, 'library'));
        try {
          for (const id of ids) addHighlight(lib, id, 2);
          const report = lib.exportToFolder(out, ids);
          expect({ appended: report.appended, conflicts: report.conflicts, errors: report.errors }, label).toEqual({
            appended: [],
            conflicts: [],
            errors: [],
          });
          const manifest = readManifest(out);
          const rendered = new Map(lib.renderMarkdown(ids).map((m) => [m.articleId, m.markdown]));
          for (const id of ids) expect(readFileSync(join(out, manifest.files[id]!.path), 'utf8'), `${label}: ${id}`).toBe(rendered.get(id));
          expect(readdirSync(out).filter(isTempName), label).toEqual([]);
          expect(readdirSync(out).length, label).toBe(ids.length + 1);
        } finally {
          lib.close();
        }
      },
    });
  }, TIMEOUT);
});
