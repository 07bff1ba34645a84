import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { ImportJobs, IMPORT_JOBS_FOLDER } from '../../src/main/migrate/import-jobs';
import type { ImportJob } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';
import { gloss } from '../helpers/cli';
import { articleHtml, omnivoreHighlight, omnivoreZip, type ItemSpec } from './omnivore-zip';

const ITEMS = 12;
let zip: Uint8Array;
let ITEMS_SPEC: ItemSpec[];

beforeAll(() => {
  const items: ItemSpec[] = (ITEMS_SPEC = Array.from({ length: ITEMS }, (_, n) => ({
    id: `id-${n}`,
    slug: `item-${n}`,
    title: `Item number ${n}`,
    labels: ['batch'],
    content: articleHtml([`Paragraph one of item ${n}, long enough to be kept as the body of the article by the extractor.`, `Paragraph two of item ${n} holds the sentence that was highlighted in Omnivore.`]),
    highlights: omnivoreHighlight(`the sentence that was highlighted in Omnivore`),
  })));
  zip = omnivoreZip(items);
});

async function until(jobs: ImportJobs, id: string, done: (job: ImportJob) => boolean): Promise<ImportJob> {
  for (;;) {
    const job = jobs.list().find((j) => j.id === id)!;
    if (done(job)) return job;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it('a background import reports progress, stops on cancel, resumes where it stopped, and after a crash resumes without adding anything twice', async () => {
  const dir = tempDir();
  const library = Library.open(dir);
  const jobs = new ImportJobs(library, dir);
  expect(() => jobs.start('notes.zip', new Uint8Array([1, 2, 3]))).toThrow(/not an export Gloss imports in the background/);

  const started = jobs.start('omnivore.zip', zip);
  expect(started).toMatchObject({ source: 'omnivore.zip', state: 'running', done: 0 });
  const seen = await until(jobs, started.id, (j) => j.done >= 3);
  expect(seen.total).toBe(ITEMS);
  jobs.cancel(started.id);
  await jobs.idle();
  const paused = jobs.list()[0]!;
  expect(paused.state).toBe('paused');
  expect(paused.done).toBeLessThan(ITEMS);
  expect(library.articles.count()).toBe(paused.done);

  // A crash while it ran: the state file says running, and fewer items done than are in the library.
  const stateFile = join(dir, IMPORT_JOBS_FOLDER, `${started.id}.json`);
  const crashed = { ...(JSON.parse(readFileSync(stateFile, 'utf8')) as ImportJob), state: 'running', done: paused.done - 2 };
  writeFileSync(stateFile, JSON.stringify(crashed));
  const after = new ImportJobs(library, dir);
  expect(after.list()).toEqual([expect.objectContaining({ id: started.id, state: 'paused', done: paused.done - 2 })]);
  after.resume(started.id);
  await after.idle();
  const finished = after.list()[0]!;
  expect(finished).toMatchObject({ state: 'done', done: ITEMS, total: ITEMS });
  // The two items done before the crash's last save are found again, not added again.
  expect(finished.report).toMatchObject({ sources: { created: ITEMS, present: 2 }, highlights: { added: ITEMS, present: 2, unplaced: 0 } });
  expect(library.articles.count()).toBe(ITEMS);
  expect(library.listArticles().every((a) => library.listHighlights(a.id).length === 1)).toBe(true);
  // Done: the kept file goes; the report stays until dismissed.
  expect(existsSync(join(dir, IMPORT_JOBS_FOLDER, `${started.id}.zip`))).toBe(false);
  after.dismiss(started.id);
  expect(after.list()).toEqual([]);
  library.close();
});

it('gloss import export.zip imports every item and prints one report line; again, nothing twice', async () => {
  const small = omnivoreZip(ITEMS_SPEC.slice(0, 3));
  const dir = tempDir();
  const file = join(dir, 'omnivore-export.zip');
  writeFileSync(file, small);
  const library = join(dir, 'library');
  const first = await gloss('import', file, '--library', library);
  expect(first.err).toBe('');
  expect(first.out.trim()).toBe(`imported ${file}: 3 articles, 3 highlights added`);
  const again = await gloss('import', file, '--library', library, '--json');
  expect(JSON.parse(again.out.trim())).toMatchObject({ ok: true, status: 'highlights', report: { sources: { created: 0, present: 3 }, highlights: { added: 0, present: 3 } } });
  const list = await gloss('list', '--tag', 'batch', '--library', library);
  expect(list.out.trim().split('\n')).toHaveLength(3);
});
