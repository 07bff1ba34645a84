import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { parseOmnivoreHighlights } from '../../src/main/migrate/omnivore-highlights';
import { isOmnivoreExport } from '../../src/main/migrate/omnivore-export';
import type { HighlightsImportReport } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';
import { makePdf } from '../pdf/make-pdf';
import { articleHtml, omnivoreHighlight, omnivoreZip, type ItemSpec } from './omnivore-zip';

const P1 = 'The first paragraph of the essay says plainly what the essay is about, and says it well enough.';
const P2 = 'A second paragraph follows with its own argument, which the reader highlighted across the break.';
const P3 = 'Then comes a sentence with "straight quotes" that Omnivore kept curly in the highlight.';
const P4 = 'The closing paragraph is long enough for readability to keep it as part of the article body text.';

let items: ItemSpec[];
let zip: Uint8Array;

beforeAll(async () => {
  const pdf = await makePdf([{ lines: ['A PDF saved in Omnivore, with a sentence worth keeping.', '', 'And a second paragraph on its page.'] }], { title: 'A PDF item' });
  items = [
    {
      id: 'item-essay',
      slug: 'an-essay-abc1',
      title: 'An Essay',
      author: 'Ada Writer',
      description: 'What the essay is about.',
      labels: ['Long reads', 'Über/Philosophie', 'naïve, idea'],
      readingProgress: 42,
      savedAt: '2023-05-06T07:08:09.000Z',
      publishedAt: '2021-01-02T00:00:00.000Z',
      content: articleHtml([P1, P2, P3, P4], '<script>window.pwned = true</script><img src="x" onerror="alert(1)">'),
      // A page note, a BOM, a quote over two paragraphs, labels and a note, curly quotes, and a quote not in the text.
      highlights:
        '\ufeffMy page note about the whole essay.\n\n' +
        [
          omnivoreHighlight(`${P1}\n\n${P2}`, ['key', 'two-paragraphs'], 'A **note** on both paragraphs.'),
          omnivoreHighlight('a sentence with “straight quotes” that Omnivore kept curly'),
          omnivoreHighlight('This sentence was never in the saved content.', [], 'Kept anyway.'),
        ].join('\n\n'),
    },
    {
      id: 'item-finished',
      slug: 'finished',
      title: 'Finished and archived',
      state: 'Archived',
      readingProgress: 100,
      content: articleHtml([P4, P1]),
    },
    { id: 'item-pdf', slug: 'a-pdf', title: 'A PDF item', content: pdf, highlights: omnivoreHighlight('a sentence worth keeping') },
    { id: 'item-no-content', slug: 'no-content', title: 'Never fetched', url: 'https://example.org/never', highlights: omnivoreHighlight('A quote whose page Omnivore never saved.') },
    { id: 'item-bare', slug: 'bare', title: 'Only a link', url: 'https://example.org/bare' },
    { id: 'item-deleted', slug: 'deleted', title: 'Deleted', state: 'DELETED', content: articleHtml([P1]) },
  ];
  zip = omnivoreZip(items, {
    batch: 3,
    extra: {
      // A corrupted batch (reported, the others imported) and entries whose names point outside the archive (left out).
      'metadata_90_to_100.json': '[{"id": "broken", "slug": ',
      '../highlights/an-essay-abc1.md': '> evil',
    },
  });
});

/** The zip with the central directory's uncompressed size of `name` set to `size`. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const wanted = new TextEncoder().encode(name);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const length = view.getUint16(at + 28, true);
    if (length === wanted.length && wanted.every((b, i) => out[at + 46 + i] === b)) {
      view.setUint32(at + 24, size, true);
      return out;
    }
  }
  throw new Error(`no ${name} in the zip`);
}

async function importZip(library: Library, bytes = zip): Promise<HighlightsImportReport> {
  const result = await library.importFileWithImages({ fileName: 'omnivore-export.zip', bytes });
  if (result.status !== 'highlights') throw new Error(`unexpected ${result.status}`);
  return result.report;
}

describe('an Omnivore highlights file', () => {
  it('reads Omnivore’s own shape: a page note, quotes over paragraphs, labels, notes, a BOM, CRLF', () => {
    const md = '\ufeffPage note.\r\n\r\n> First para \r\n> \r\nsecond para \r\n\r\n#a #b\r\n\r\nNote line.\r\n\r\n> Another\r\n> marked line';
    expect(parseOmnivoreHighlights(md)).toEqual({
      pageNote: 'Page note.',
      highlights: [
        { quote: 'First para\n\nsecond para', labels: ['a', 'b'], note: 'Note line.' },
        { quote: 'Another\nmarked line', labels: [], note: '' },
      ],
    });
  });
});

describe('an Omnivore export in the library', () => {
  it('is recognised by its content, not its name', () => {
    expect(isOmnivoreExport(zip)).toBe(true);
    expect(isOmnivoreExport(omnivoreZip([]))).toBe(false);
    expect(isOmnivoreExport(new TextEncoder().encode('metadata_0_to_1.json'))).toBe(false);
  });

  it('makes each item an article from its content, with tags, state, progress, dates and highlights; a re-import adds nothing', async () => {
    const library = Library.open(tempDir());
    const report = await importZip(library);
    expect(report).toMatchObject({
      format: 'omnivore-zip',
      sources: { created: 4, present: 0 },
      highlights: { added: 5, present: 0, unplaced: 1, failed: 0 },
    });
    expect(report.failures.map((f) => f.where)).toEqual(['metadata_90_to_100.json']);
    // Pages to save: the one whose highlights wait for it, and the bare link.
    expect(report.toSave?.map((e) => e.url)).toEqual(['https://example.org/never', 'https://example.org/bare']);

    const byTitle = new Map(library.listArticles().map((a) => [a.title, a]));
    expect([...byTitle.keys()].sort()).toEqual(['A PDF item', 'An Essay', 'Finished and archived', 'Never fetched']);

    const essay = library.getArticle(byTitle.get('An Essay')!.id);
    expect(essay).toMatchObject({
      format: 'html',
      author: 'Ada Writer',
      sourceUrl: 'https://example.com/an-essay-abc1',
      publishedAt: '2021-01-02T00:00:00.000Z',
      addedAt: '2023-05-06T07:08:09.000Z',
      readState: 'reading',
      readProgress: 0.42,
      archived: false,
    });
    expect(essay.tags).toEqual(['Long reads', 'naïve', 'idea', 'Über/Philosophie'].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
    // The hostile content is sanitized.
    expect(essay.html).not.toMatch(/script|onerror|pwned/);
    expect(JSON.parse(essay.readPosition!)).toMatchObject({ v: 1, f: 0 });

    const highlights = library.listHighlights(essay.id);
    const placed = highlights.filter((h) => h.anchor !== 'orphaned');
    expect(placed.map((h) => h.quote.exact)).toEqual([`${P1}\n\n${P2}`, 'a sentence with "straight quotes" that Omnivore kept curly']);
    // Its labels are its tags now, not words in its note.
    expect(placed[0]).toMatchObject({ note: 'A **note** on both paragraphs.', tags: ['key', 'two-paragraphs'] });
    const orphan = highlights.find((h) => h.anchor === 'orphaned')!;
    expect(orphan).toMatchObject({ quote: { exact: 'This sentence was never in the saved content.' }, note: 'Kept anyway.' });
    expect(library.getArticleNote(essay.id).note).toBe('My page note about the whole essay.');

    const finished = library.getArticle(byTitle.get('Finished and archived')!.id);
    expect(finished).toMatchObject({ readState: 'finished', archived: true, readProgress: 1 });

    const pdf = library.getArticle(byTitle.get('A PDF item')!.id);
    expect(pdf.format).toBe('pdf');
    expect(library.listHighlights(pdf.id).map((h) => [h.quote.exact, h.page])).toEqual([['a sentence worth keeping', 1]]);

    const waiting = library.getArticle(byTitle.get('Never fetched')!.id);
    expect(waiting).toMatchObject({ format: 'highlights', sourceUrl: 'https://example.org/never' });
    expect(library.listHighlights(waiting.id).map((h) => h.quote.exact)).toEqual(['A quote whose page Omnivore never saved.']);

    // The same export again: nothing twice.
    const count = library.articles.count();
    const again = await importZip(library);
    expect(again).toMatchObject({ sources: { created: 0, present: 4 }, highlights: { added: 0, present: 5, unplaced: 0 } });
    expect(library.articles.count()).toBe(count);
    expect(library.listHighlights(essay.id)).toHaveLength(3);
    expect(library.getArticleNote(essay.id).note).toBe('My page note about the whole essay.');
    library.close();
  });

  it('is read defensively: entries named outside the archive are left out, an entry that unpacks past its cap fails only its item', async () => {
    // The export holds "../highlights/…" (test above); had it been read, the whole archive would have been refused or the essay's note changed.
    expect(Object.keys(unzipSync(zip))).toContain('../highlights/an-essay-abc1.md');
    // A zip bomb's shape: an entry that inflates past the size its header declares (the inflater stops there).
    const bomb = declareSize(
      omnivoreZip([
        { id: 'big', slug: 'big', title: 'Too big', content: `<p>${'a'.repeat(100_000)}</p>` },
        { id: 'fine', slug: 'fine', title: 'Fine', content: articleHtml([P1, P4]) },
      ]),
      'content/big.html',
      1000,
    );
    const library = Library.open(tempDir());
    const report = await importZip(library, bomb);
    expect(report.sources.created).toBe(1);
    expect(report.failures).toEqual([{ where: '“Too big”', reason: expect.stringMatching(/unpacks to more than/) }]);
    expect(library.listArticles().map((a) => a.title)).toEqual(['Fine']);
    library.close();
  });

  it('says why when nothing in it can be imported, and refuses it in the synchronous import', async () => {
    const library = Library.open(tempDir());
    const broken = omnivoreZip([], { extra: { 'metadata_0_to_20.json': '{not json' } });
    await expect(library.importFileWithImages({ fileName: 'x.zip', bytes: broken })).rejects.toThrow(/no Omnivore items to import \(metadata_0_to_20.json: not valid JSON\)/);
    expect(() => library.importFile({ fileName: 'x.zip', bytes: zip })).toThrow(/Omnivore export/);
    library.close();
  });
});
