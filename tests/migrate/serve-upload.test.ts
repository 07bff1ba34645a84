/**
 * `gloss serve` takes a background import's export ZIP as the raw request
 * body (the browser host's Import of an Omnivore ZIP), streamed to a file in
 * the library: bodies over the JSON calls' ~50 MB work, up to the desktop
 * app's 200 MB; above it, a clear error and no file left behind (also for a
 * refused or cut-off upload).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { MAX_EXPORT_BYTES } from '../../src/main/migrate/import-jobs';
import { MAX_PDF_BYTES } from '../../src/shared/contract';
import type { ImportJob } from '../../src/shared/types';
import { chunksOf, MB, partFiles as uploads, serveUploads, upload, type ServedLibrary } from '../server/upload-host';
import { articleHtml, omnivoreHighlight, omnivoreZip } from './omnivore-zip';

let running: ServedLibrary | undefined;
afterEach(async () => {
  await running?.host.close();
  await running?.api.close();
  running = undefined;
});

/** gloss serve's host on a fresh library (optionally with a smaller upload limit). */
async function serve(limit?: number): Promise<ServedLibrary> {
  running = await serveUploads(limit);
  return running;
}

it('streams a 60 MB Omnivore export to the library and imports it in the background', async () => {
  const { host, api, folder } = await serve();
  // One article, and a 60 MB entry stored as is (an export's PDFs and images).
  const zip = omnivoreZip(
    [
      {
        id: 'big-1',
        slug: 'big-one',
        title: 'The big export',
        content: articleHtml(['The first paragraph of the only article in this export, long enough to keep.', 'It holds the sentence that was highlighted.']),
        highlights: omnivoreHighlight('the sentence that was highlighted'),
      },
    ],
    { extra: { 'content/padding.bin': new Uint8Array(60 * MB).fill(7) }, level: 0 },
  );
  expect(zip.length).toBeGreaterThan(60 * MB);

  const reply = await upload(host, 'Omnivore export – 2024.zip', chunksOf(zip));
  expect(reply.status).toBe(200);
  if (!reply.envelope.ok) throw new Error(reply.envelope.error.message);
  const job = reply.envelope.value as ImportJob;
  expect(job).toMatchObject({ source: 'Omnivore export – 2024.zip', state: 'running' });
  // The upload became the job's file (moved, not copied; removed once the job is done).
  expect(uploads(folder)).toEqual([]);

  let done: ImportJob | undefined;
  await expect
    .poll(async () => (done = (await api.call('listImportJobs', {})).find((j) => j.id === job.id))?.state, { timeout: 20_000 })
    .toBe('done');
  expect(done!.report).toMatchObject({ sources: { created: 1 }, highlights: { added: 1 } });
  const [article] = await api.call('listArticles', {});
  expect(article).toMatchObject({ title: 'The big export', highlightCount: 1 });
});

it('refuses more than the desktop app takes (200 MB) before writing anything; a body growing past the limit, a cut-off upload and a file that is no export leave nothing behind', async () => {
  expect(MAX_EXPORT_BYTES).toBe(MAX_PDF_BYTES);
  expect(MAX_EXPORT_BYTES).toBe(200 * MB);
  const real = await serve();
  // Declared too large: answered before the body is sent.
  const declared = await upload(real.host, 'huge.zip', [], { length: MAX_EXPORT_BYTES + 1 });
  expect(declared).toEqual({ status: 413, envelope: { ok: false, error: { code: 'too_large', message: '“huge.zip” is too large to import (the limit is 200 MB).' } } });
  expect(uploads(real.folder)).toEqual([]);
  await real.host.close();
  await real.api.close();

  // The same host with a 2 MB limit, so a body that grows past it stays small here.
  const { host, folder } = await serve(2 * MB);
  const chunks = chunksOf(randomBytes(3 * MB));
  const grown = await upload(host, 'grows.zip', chunks);
  expect(grown.status).toBe(413);
  expect(grown.envelope).toMatchObject({ ok: false, error: { code: 'too_large', message: '“grows.zip” is too large to import (the limit is 2 MB).' } });
  expect(uploads(folder)).toEqual([]);

  // The client gives up half-way (declared 1.5 MB, sends 1): the partial file goes.
  const partial = async (): Promise<void> => {
    await expect.poll(() => uploads(folder).length, { timeout: 5000 }).toBe(1);
  };
  await upload(host, 'cut.zip', chunksOf(randomBytes(MB + MB / 2)), { length: MB + MB / 2, stopAfter: 1, beforeStop: partial });
  await expect.poll(() => uploads(folder), { timeout: 5000 }).toEqual([]);

  // An upload a crash left two days ago goes at the next upload.
  const stale = join(folder, 'upload-00112233aabbccdd.part');
  writeFileSync(stale, 'half');
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  utimesSync(stale, twoDaysAgo, twoDaysAgo);
  // Not an Omnivore export: refused as the JSON call refuses it, the upload removed.
  const other = await upload(host, 'photos.zip', [randomBytes(4096)]);
  expect(other.envelope).toMatchObject({ ok: false, error: { code: 'unsupported_format' } });
  expect(readdirSync(folder)).toEqual([]);
});
