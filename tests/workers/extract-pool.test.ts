/**
 * The extraction pool (src/main/workers/pool.ts) on real worker threads:
 * jobs give what the same job gives in this thread, in the source shape
 * (tsx's hooks in the worker) and from the CLI's esbuild bundle; a worker
 * that dies fails only its job; a worker that cannot start leaves the work
 * to this thread; idle workers end and never hold the process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runExtractJob, type HtmlJob, type PdfPartJob } from '../../src/main/workers/extract-jobs';
import { ExtractPool, extractWorkerCount } from '../../src/main/workers/pool';
import { extractWorkerEntry, type WorkerEntry } from '../../src/main/workers/worker-entry';
import { GlossError } from '../../src/shared/errors';
import { makePdf } from '../pdf/make-pdf';
import { bundledPool, bundledWorkerEntry } from './bundled-pool';

const HTML: HtmlJob = {
  kind: 'html',
  source: `<html><head><title>A page</title></head><body><article><h1>A page</h1>
    <p>The first paragraph is long enough for Readability to keep it as the body of the article.</p>
    <p>A second paragraph, with <a href="/x">a relative link</a> and <img src="a.png" onerror="alert(1)">.</p>
    <script>window.pwned = true</script></article></body></html>`,
  fileName: 'a-page.html',
  sourceUrl: 'https://example.org/a/page',
};

/** A worker that says it is ready, then dies on its first job. */
const DIES_ON_A_JOB: WorkerEntry = {
  source: `const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ ready: true });
    parentPort.on('message', () => process.exit(3));`,
  eval: true,
  execArgv: [],
};

const pools: ExtractPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the extraction pool', () => {
  it('runs jobs on worker threads from the TypeScript sources, with the results of this thread', async () => {
    const workers = new ExtractPool(2, extractWorkerEntry());
    pools.push(workers);
    expect(workers.parallel).toBe(true);
    const pdf = await makePdf([{ lines: ['Page one of two.'] }, { lines: ['Page two, the last.'] }], { title: 'Two pages' });
    const part: PdfPartJob = { kind: 'pdf-part', name: 'two.pdf', bytes: pdf, password: undefined, part: 1, parts: 2 };
    const [html, pages] = await Promise.all([workers.run(HTML), workers.run(part)]);
    expect(workers.threads).toBe(2);
    expect(html).toEqual(await runExtractJob(HTML));
    expect(html.html).not.toMatch(/onerror|script/);
    expect(pages).toEqual(await runExtractJob(part));
    expect(pages.pages.map((p) => p.map((para) => para.text))).toEqual([['Page two, the last.']]);
  });

  it('answers a job’s GlossError as the same GlossError', async () => {
    const err = await bundledPool(1)
      .run({ ...HTML, source: '<html><body></body></html>', fileName: 'empty.html' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GlossError);
    expect(err).toMatchObject({ code: 'no_content', message: '“empty.html” has no readable content.' });
  });

  it('runs the CLI bundle’s worker entry (extract-worker.mjs beside cli.mjs)', async () => {
    const entry = bundledWorkerEntry();
    expect(entry).toMatchObject({ eval: false });
    expect(String(entry.source)).toMatch(/\/extract-worker\.mjs$/);
    expect(await bundledPool(1).run(HTML)).toEqual(await runExtractJob(HTML));
  });

  it('fails only the job of a worker that dies, with a plain error; the next job gets a new worker', async () => {
    const dying = bundledPool(1, { entry: DIES_ON_A_JOB });
    const err = await dying.run(HTML).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(GlossError);
    expect((err as Error).message).toMatch(/^The extraction worker failed/);
    expect(dying.parallel).toBe(true);
    await expect(dying.run(HTML)).rejects.toThrow(/extraction worker failed/);
  });

  it('does the work in this thread when no worker can start', async () => {
    const broken = bundledPool(2, { entry: { source: `throw new Error('no loader here')`, eval: true, execArgv: [] } });
    expect(await broken.run(HTML)).toEqual(await runExtractJob(HTML));
    expect(broken.parallel).toBe(false);
    expect(await broken.run(HTML)).toEqual(await runExtractJob(HTML));
    expect(broken.threads).toBe(0);
  });

  it('ends idle workers, and an idle worker does not keep the process alive', async () => {
    const idle = bundledPool(1, { idleMs: 300 });
    await idle.run(HTML);
    expect(idle.threads).toBe(1);
    // A ref'd worker shows as a MessagePort among the handles that keep the event loop running.
    expect(process.getActiveResourcesInfo()).not.toContain('MessagePort');
    await until(() => idle.threads === 0, 'the idle worker to end');
  });

  it('uses one worker per core up to 4, none on one core; GLOSS_EXTRACT_WORKERS overrides', () => {
    expect(extractWorkerCount({ GLOSS_EXTRACT_WORKERS: '0' })).toBe(0);
    expect(extractWorkerCount({ GLOSS_EXTRACT_WORKERS: '3' })).toBe(3);
    expect(extractWorkerCount({ GLOSS_EXTRACT_WORKERS: '99' })).toBe(4);
    expect(extractWorkerCount({})).toBeLessThanOrEqual(4);
  });
});
