import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { detectHighlightsExport } from '../../src/main/migrate';
import { parsePocketZip } from '../../src/main/migrate/pocket-zip';
import { saveUrlArgs } from '../../src/shared/save-args';
import type { UrlListEntry } from '../../src/shared/types';
import { closeServersAfterEach } from '../web/helpers';
import { tempDir } from '../helpers/tmp';
import { pageHtml, pocketCsv, pocketZip } from './web-exports';
import { site } from './web-site';

closeServersAfterEach();

const CURLY = '“Quoted words,” she said, and the room went quiet.';
const PLAIN = 'The plain sentence is here, in the second paragraph.';
const T2023 = 1700000000; // 2023-11-14T22:13:20Z

function exportFor(origin: string): Uint8Array {
  const csv = pocketCsv(
    [
      { title: 'An essay, with "quotes"\nand a line break', url: `${origin}/essay?utm_source=pocket_saves`, timeAdded: T2023, tags: ['reading', 'café ☕'], status: 'archive' },
      { title: 'Gone', url: `${origin}/gone`, timeAdded: T2023, tags: [], status: 'unread' },
      { title: 'Plain', url: `${origin}/plain`, timeAdded: T2023, tags: ['later'], status: 'unread' },
      // The same item twice: one entry, tags merged.
      { title: 'Plain again', url: `${origin}/plain`, timeAdded: T2023, tags: ['twice'], status: 'unread' },
      { title: 'Not a page', url: 'javascript:alert(1)', timeAdded: T2023, tags: [], status: 'unread' },
    ],
    // A row whose quoted field never closes: reported, the rest still read.
    { extraRows: ['"Broken row,https://example.invalid/x,1700000000,,unread'] },
  );
  const annotations = [
    {
      url: `${origin}/essay?utm_source=pocket_saves`,
      title: 'An essay',
      highlights: [
        { quote: '"Quoted words," she said', created_at: T2023 + 60 },
        { quote: `${PLAIN.slice(0, 30)}   ${PLAIN.slice(30)}`, created_at: T2023 + 120 },
        { quote: 'A sentence the page never had.', created_at: T2023 + 180 },
      ],
    },
    { url: `${origin}/gone`, title: 'Gone', highlights: [{ quote: 'Words nobody can fetch.', created_at: T2023 }] },
    { title: 'no url', highlights: [] },
  ];
  return pocketZip({
    'part_000000.csv': csv,
    'annotations/part_000000.json': JSON.stringify(annotations),
    'annotations/part_000001.json': '[{"url": "https://example.invalid/', // cut off
  });
}

const pages = {
  '/essay': pageHtml('An essay', [CURLY, PLAIN, 'A third paragraph, long enough for the reader to keep the article.']),
  '/plain': pageHtml('Plain', ['Nothing highlighted here, but the page is worth keeping for later reading.']),
};

/** What the app's URL-list job does with the pages left to save: saveUrl each, failures kept. */
async function runJob(library: Library, entries: readonly UrlListEntry[]): Promise<Array<{ url: string; reason: string }>> {
  const failures: Array<{ url: string; reason: string }> = [];
  for (const entry of entries) {
    const { url, mode, ...rest } = saveUrlArgs(entry);
    try {
      await library.saveUrl(url, { mode, ...rest });
    } catch (err) {
      failures.push({ url, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return failures;
}

describe('Pocket export ZIP', () => {
  it('is recognised by its content and parsed with its awkward rows reported', async () => {
    const { origin } = await site({});
    const zip = exportFor(origin);
    expect(detectHighlightsExport('pocket.zip', zip)).toBe('pocket-zip');
    expect(detectHighlightsExport('export', zip)).toBe('pocket-zip');
    // Another zip (an EPUB-like archive) is not Pocket's.
    expect(detectHighlightsExport('other.zip', pocketZip({ 'part_000000.csv': 'a,b\n1,2\n' }))).toBeNull();

    const parsed = parsePocketZip(zip, 'pocket.zip');
    expect(parsed.books.map((b) => [b.title, b.url, b.tags, b.archived ?? false, b.highlights.length])).toEqual([
      ['An essay, with "quotes" and a line break', `${origin}/essay`, ['reading', 'café ☕'], true, 3],
      ['Gone', `${origin}/gone`, [], false, 1],
    ]);
    expect(parsed.books[0]!.addedAt).toBe('2023-11-14T22:13:20.000Z');
    expect(parsed.toSave).toEqual([{ url: `${origin}/plain`, title: 'Plain', tags: ['later', 'twice'], addedAt: '2023-11-14T22:13:20.000Z' }]);
    const where = parsed.failures.map((f) => f.where);
    expect(where).toContain('part_000000.csv, line 8'); // the row that never closes its quote
    expect(where).toContain('part_000000.csv, line 7'); // javascript: is not a page
    expect(where).toContain('annotations/part_000000.json, item 3');
    expect(where).toContain('annotations/part_000001.json');
  });

  it('without any highlight is a list of pages: Save URL list reads it with their state, Import says so', () => {
    const library = Library.open(tempDir());
    const zip = pocketZip({
      'part_000000.csv': pocketCsv([{ title: 'Only a link', url: 'https://example.com/only', timeAdded: T2023, tags: ['x'], status: 'archive' }]),
    });
    expect(library.parseUrlList('pocket.zip', zip)).toEqual({
      format: 'pocket-csv',
      entries: [{ url: 'https://example.com/only', title: 'Only a link', tags: ['x'], addedAt: '2023-11-14T22:13:20.000Z', archived: true }],
      invalid: [],
    });
    expect(() => library.importFile({ fileName: 'pocket.zip', bytes: zip })).toThrow(/list of web pages to save \(use Save URL list\)/);
    // One with highlights is imported, so that they wait for their pages.
    expect(() => library.parseUrlList('pocket.zip', exportFor('https://example.com'))).toThrow(/use Import/);
    library.close();
  });

  it('refuses an archive with a hostile entry name, as EPUB import does', () => {
    const zip = pocketZip({ 'part_000000.csv': pocketCsv([]), '../evil.json': '[]' });
    // Not even recognised: nothing in it is read.
    expect(detectHighlightsExport('pocket.zip', zip)).toBeNull();
  });

  it('keeps highlights waiting for their pages: sources at once, attached when saved, a 404 kept with its source, nothing twice', async () => {
    const web = await site(pages);
    const library = Library.open(tempDir());
    const zip = exportFor(web.origin);

    const result = library.importFile({ fileName: 'pocket.zip', bytes: zip });
    if (result.status !== 'highlights') throw new Error(result.status);
    const { report } = result;
    expect(report.format).toBe('pocket-zip');
    expect(report.sources).toEqual({ created: 2, present: 0 });
    expect(report.highlights).toMatchObject({ added: 4, present: 0 });
    expect(report.toSave!.map((e) => e.url)).toEqual([`${web.origin}/essay`, `${web.origin}/gone`, `${web.origin}/plain`]);
    expect(report.toSave![0]).toMatchObject({ tags: ['reading', 'café ☕'], archived: true, addedAt: '2023-11-14T22:13:20.000Z' });
    // Nothing was fetched yet: the sources hold the highlights, each with its URL.
    expect(web.requests).toEqual([]);
    const [essaySource, goneSource] = report.articleIds.map((id) => library.getArticle(id));
    expect(essaySource).toMatchObject({ format: 'highlights', sourceUrl: `${web.origin}/essay`, archived: true, addedAt: '2023-11-14T22:13:20.000Z' });
    expect(library.listHighlights(essaySource!.id)).toHaveLength(3);
    expect(goneSource).toMatchObject({ format: 'highlights', sourceUrl: `${web.origin}/gone` });

    const failures = await runJob(library, report.toSave!);
    expect(failures).toEqual([{ url: `${web.origin}/gone`, reason: expect.stringMatching(/404/) as unknown as string }]);

    // The essay is a document now, with the source's highlights placed (typography and white space folded), tags, date and state.
    expect(() => library.getArticle(essaySource!.id)).toThrow(/No article/);
    const essay = library.listArticles().find((a) => a.sourceUrl === `${web.origin}/essay`)!;
    const doc = library.getArticle(essay.id);
    expect(doc).toMatchObject({ format: 'html', archived: true, addedAt: '2023-11-14T22:13:20.000Z' });
    expect(doc.tags).toEqual(expect.arrayContaining(['reading', 'café ☕']));
    const highlights = library.listHighlights(essay.id);
    const placed = highlights.filter((h) => h.anchor !== 'orphaned').map((h) => h.quote.exact);
    expect(placed).toEqual(['“Quoted words,” she said', PLAIN]);
    for (const h of highlights.filter((x) => x.anchor !== 'orphaned')) expect(doc.text.slice(h.position.start, h.position.end)).toBe(h.quote.exact);
    // Not on the page: kept, as "Not found in text".
    expect(highlights.filter((h) => h.anchor === 'orphaned').map((h) => h.quote.exact)).toEqual(['A sentence the page never had.']);
    // The page without highlights was saved too, with its tags.
    const plain = library.listArticles().find((a) => a.sourceUrl === `${web.origin}/plain`)!;
    expect(library.getArticle(plain.id).tags).toEqual(expect.arrayContaining(['later', 'twice']));
    // The 404: its source stays, with its highlight and URL.
    expect(library.getArticle(goneSource!.id)).toMatchObject({ format: 'highlights', sourceUrl: `${web.origin}/gone` });
    expect(library.listHighlights(goneSource!.id).map((h) => h.quote.exact)).toEqual(['Words nobody can fetch.']);

    // The same export again adds nothing, and only the page still missing is left to save.
    const again = library.importFile({ fileName: 'pocket.zip', bytes: zip });
    if (again.status !== 'highlights') throw new Error(again.status);
    expect(again.report.sources).toEqual({ created: 0, present: 2 });
    expect(again.report.highlights).toMatchObject({ added: 0, present: 4 });
    expect(again.report.toSave!.map((e) => e.url)).toEqual([`${web.origin}/gone`, `${web.origin}/plain`]);
    expect(library.listHighlights(essay.id)).toHaveLength(3);
    const count = library.listArticles().length;
    expect(await runJob(library, again.report.toSave!.slice(1))).toEqual([]);
    expect(library.listArticles()).toHaveLength(count);

    // Later the page comes back and the user saves it by hand: the same rule attaches the waiting highlight.
    pages['/gone' as keyof typeof pages] = pageHtml('Gone', ['Back again. Words nobody can fetch. Or so they said.']);
    const saved = await library.saveUrl(`${web.origin}/gone`);
    expect(saved.status).toBe('imported');
    if (saved.status !== 'imported') return;
    expect(() => library.getArticle(goneSource!.id)).toThrow(/No article/);
    expect(library.listHighlights(saved.article.id).map((h) => [h.quote.exact, h.anchor])).toEqual([['Words nobody can fetch.', 'exact']]);
    library.close();
  });
});
