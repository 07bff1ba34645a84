/**
 * The Omnivore figure (issue #15): migrate_omnivore_items_per_s, items
 * imported per second from a generated 2,000-item Omnivore export (each a
 * saved article of about 1,000 words in Omnivore's readable HTML, three
 * labels, three highlights in its highlights file, one of them with typography
 * that differs from the text, and a page note on every tenth), through the
 * import the app's background job and the CLI use (Library.importOmnivore):
 * unzip, extract, sanitize, store, place every highlight. The jsdom warm-up
 * is done by a small export first, as any earlier import would. Also
 * migrate_omnivore_cpu_ms_per_item: the CPU time the import used per item,
 * which a busy machine does not inflate.
 */
import { join } from 'node:path';
import { Library } from '../src/main/library';
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

export async function benchOmnivoreImport(dir: string, zip: Uint8Array, count = OMNIVORE_ITEMS): Promise<Record<string, number>> {
  // Warm-up (jsdom, the sanitizer): a small export into another library, as any earlier import would.
  const warm = Library.open(join(dir, 'omnivore-warm-up'));
  await warm.importOmnivore({ fileName: 'warm-up.zip', bytes: makeBenchOmnivoreZip(5) });
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
