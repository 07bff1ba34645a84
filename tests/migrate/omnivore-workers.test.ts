/**
 * A big Omnivore export extracts its items' HTML on the extraction workers
 * (workers/pool.ts), ahead of the item this thread stores: the library it
 * makes is the one an import in this thread makes, item for item, in order;
 * an item whose HTML fails keeps failing alone; a cancel stores nothing of
 * the items extracted ahead.
 */
import { expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { EXTRACT_AHEAD_FROM, importOmnivoreExport } from '../../src/main/migrate/omnivore-import';
import { ExtractPool, replaceExtractPool } from '../../src/main/workers/pool';
import { tempDir } from '../helpers/tmp';
import { bundledPool } from '../workers/bundled-pool';
import { articleHtml, omnivoreHighlight, omnivoreZip, type ItemSpec } from './omnivore-zip';

const COUNT = EXTRACT_AHEAD_FROM + 2;
const BROKEN = 7;

function items(): ItemSpec[] {
  return Array.from({ length: COUNT }, (_, n) => ({
    id: `id-${n}`,
    slug: `item-${n}`,
    title: `Item ${n}`,
    labels: [`label-${n % 3}`],
    readingProgress: (n * 13) % 101,
    // One item's saved content has nothing readable: it fails, the others do not.
    content:
      n === BROKEN
        ? '<html><body></body></html>'
        : articleHtml([`Item ${n} opens with a paragraph long enough for the extractor to keep it as the body.`, `Its second paragraph holds the sentence number ${n} that was highlighted.`]),
    highlights: omnivoreHighlight(`the sentence number ${n} that was highlighted`),
  }));
}

/** Every article as the user sees it, in the order the import stored them. */
function snapshot(library: Library): unknown[] {
  return library
    .listArticles()
    .sort((a, b) => (library.articles.seqOf(a.id) ?? 0) - (library.articles.seqOf(b.id) ?? 0))
    .map((a) => {
      const article = library.getArticle(a.id);
      return {
        title: article.title,
        html: article.html,
        text: article.text,
        tags: article.tags,
        readProgress: article.readProgress,
        highlights: library.listHighlights(a.id).map((h) => [h.quote.exact, h.position, h.anchor, h.note]),
      };
    });
}

it('extracts ahead on the workers: the same library as in one thread, a broken item fails alone, a cancel stores nothing extracted ahead', async () => {
  const zip = omnivoreZip(items());
  const workers = bundledPool(2, { install: true });

  const parallel = Library.open(tempDir());
  const viaWorkers = await importOmnivoreExport(parallel, 'export.zip', zip);
  // The workers did the extraction.
  expect(workers.threads).toBe(2);

  // The same export in this thread only.
  const before = replaceExtractPool(new ExtractPool(0));
  const single = Library.open(tempDir());
  let inThread;
  try {
    inThread = await importOmnivoreExport(single, 'export.zip', zip);
  } finally {
    replaceExtractPool(before);
  }
  expect(viaWorkers.report.failures).toEqual([{ where: `“Item ${BROKEN}”`, reason: expect.stringMatching(/no readable content/) as unknown as string }]);
  expect({ ...viaWorkers.report, articleIds: viaWorkers.report.articleIds.length }).toEqual({ ...inThread.report, articleIds: inThread.report.articleIds.length });
  expect(viaWorkers.report.sources.created).toBe(COUNT - 1);
  expect(snapshot(parallel)).toEqual(snapshot(single));

  // Cancelled after the third item: items extracted ahead are not stored.
  const cancelled = Library.open(tempDir());
  const controller = new AbortController();
  const result = await importOmnivoreExport(cancelled, 'export.zip', zip, {
    signal: controller.signal,
    onProgress: (done) => {
      if (done === 3) controller.abort();
    },
  });
  expect(result).toMatchObject({ done: 3, cancelled: true });
  expect(cancelled.listArticles().map((a) => a.title).sort()).toEqual(['Item 0', 'Item 1', 'Item 2']);
  for (const library of [parallel, single, cancelled]) library.close();
});
