/**
 * The Omnivore figure (issue #15): migrate_omnivore_items_per_s, items
 * imported per second from a generated 2,000-item Omnivore export (each a
 * saved article of about 1,000 words in Omnivore's readable HTML, three
 * labels, three highlights in its highlights file, one of them with typography
 * that differs from the text, and a page note on every tenth), through the
 * import the app's background job and the CLI use (Library.importOmnivore):
 * unzip, extract, sanitize (on the extraction workers, bundled as the app's
 * are; GLOSS_EXTRACT_WORKERS=0 for none), store, place every highlight. The jsdom warm-up is done by a
 * small export first, as any earlier import would. Also
 * migrate_omnivore_cpu_ms_per_item: the CPU time the import used per item
 * (the process's, workers included), which a busy machine inflates less.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Library } from '../src/main/library';
import { EXTRACT_AHEAD_FROM } from '../src/main/migrate/omnivore-import';
import { ExtractPool, extractWorkerCount, replaceExtractPool } from '../src/main/workers/pool';
import { articleHtml, omnivoreHighlight, omnivoreZip, type ItemSpec } from '../tests/migrate/omnivore-zip';
import { TextFactory } from './synthetic';

export const OMNIVORE_ITEMS = 2000;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** A deterministic export of `count` items. */
export function makeBenchOmnivoreZip(count = OMNIVORE_ITEMS): Uint8Array {
  const factory = new TextFactory(1515);
  const labels = ['Reading', 'Science', 'Long reads', 'Économie', 'Later', 'Tech'];
  const items: ItemSpec[] = [];
  for (let n = 0; n < count; n++) {
    const paragraphs: string[] = [];
    for (let words = 0; words < 1000; ) {
      const sentences = Array.from({ length: factory.int(3, 6) }, () => factory.sentence());
      words += sentences.join(' ').split(' ').length;
      paragraphs.push(sentences.join(' '));
    }
    const pick = (i: number): string => paragraphs[Math.floor((paragraphs.length * i) / 3)]!.split('. ')[0]!;
    const quotes = [pick(0), pick(1), pick(2).replace(/ /, ' \u00ad')];
    const highlights = quotes.map((q, i) => omnivoreHighlight(q, i === 0 ? ['key'] : [], i === 1 ? 'Why this matters.' : '')).join('\n\n');
    items.push({
      id: `item-${n}`,
      slug: `${factory.title().toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}`,
      title: factory.title(),
      author: n % 3 ? 'Bench Author' : null,
      labels: [labels[n % 6]!, labels[(n + 1) % 6]!, labels[(n + 3) % 6]!],
      readingProgress: (n * 7) % 101,
      state: n % 5 === 0 ? 'Archived' : 'Active',
      content: articleHtml(paragraphs.map(escapeHtml)),
      highlights: (n % 10 === 0 ? 'A page note.\n\n' : '') + highlights,
    });
  }
  return omnivoreZip(items);
}

/**
 * The extraction pool as the app and the CLI run it: workers on the bundled
 * entry (esbuild, as the CLI bundle is made), not on the TypeScript sources
 * through tsx, which made each item cost ~35 % more CPU in the workers.
 */
async function bundledPool(): Promise<ExtractPool> {
  const root = resolve(import.meta.dirname, '..');
  const outfile = join(root, 'node_modules', '.cache', 'gloss-bench', 'extract-worker.mjs');
  await build({
    entryPoints: [join(root, 'src/main/workers/extract-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return new ExtractPool(extractWorkerCount(), { source: pathToFileURL(outfile), eval: false, execArgv: [] });
}

export async function benchOmnivoreImport(dir: string, zip: Uint8Array, count = OMNIVORE_ITEMS): Promise<Record<string, number>> {
  const pool = await bundledPool();
  const before = replaceExtractPool(pool);
  try {
    return await benchWith(dir, zip, count);
  } finally {
    replaceExtractPool(before);
    await pool.close();
  }
}

async function benchWith(dir: string, zip: Uint8Array, count: number): Promise<Record<string, number>> {
  // Warm-up (jsdom, the sanitizer, in this thread and the extraction workers): a small export into
  // another library, as any earlier import would (big enough to use the workers: EXTRACT_AHEAD_FROM).
  const warm = Library.open(join(dir, 'omnivore-warm-up'));
  await warm.importOmnivore({ fileName: 'warm-up.zip', bytes: makeBenchOmnivoreZip(EXTRACT_AHEAD_FROM) });
  warm.close();
  const library = Library.open(join(dir, 'omnivore-library'));
  try {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const { report } = await library.importOmnivore({ fileName: 'omnivore-export.zip', bytes: zip });
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const items = report.sources.created + report.sources.present;
    if (items < count * 0.99 || report.highlights.added < items * 3 * 0.99) {
      throw new Error(`the Omnivore bench imported too little: ${JSON.stringify({ ...report, articleIds: report.articleIds.length })}`);
    }
    return {
      migrate_omnivore_items: items,
      migrate_omnivore_highlights: report.highlights.added,
      migrate_omnivore_unplaced: report.highlights.unplaced,
      migrate_omnivore_items_per_s: Math.round((items / seconds) * 10) / 10,
      // This process's CPU time per item: what the figure would be with a core to itself (the machine is shared).
      migrate_omnivore_cpu_ms_per_item: Math.round(((used.user + used.system) / 1000 / items) * 10) / 10,
    };
  } finally {
    library.close();
  }
}
