/**
 * The Highlights view's query and bulk writes through the one dispatcher
 * (what IPC, HTTP and the CLI reach), on a real library file: each filter,
 * combinations, both sorts and paging, the search index over quotes and
 * notes, recolour / delete / restore all or nothing, and Export selection.
 */
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import type { HighlightPage, HighlightsMarkdown, RecolorResult } from '../../src/shared/highlights-view';
import type { HighlightColor } from '../../src/shared/types';
import { makeEpub } from '../epub/make-epub';
import { tempDir } from '../helpers/tmp';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

function errorOf(envelope: Envelope<unknown>) {
  if (envelope.ok) throw new Error(`expected an error, got ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

type Names = 'wren' | 'heron' | 'swift' | 'graft' | 'stone' | 'damp';

interface Seeded {
  library: Library;
  dispatch: ReturnType<typeof createDispatcher>;
  ids: Record<Names, string>;
  articles: Record<'birds' | 'apples' | 'cellars', string>;
}

/**
 * Three sources: "Birds" (text, tagged nature), "Apples" (markdown) and a
 * book "Cellars" (EPUB, two chapters); six highlights on known days.
 */
function seed(): Seeded {
  const library = Library.open(tempDir());
  const dispatch = createDispatcher(createHandlers(library, 'browser'), (err) => {
    throw err;
  });
  const articles = {} as Seeded['articles'];
  articles.birds = library.importFile(
    { fileName: 'birds.txt', bytes: bytes('Birds\n\nThe wren sings loudly at dawn. The heron waits in the reeds. The swift never lands.\n') },
    'new',
  ).article.id;
  articles.apples = library.importFile(
    { fileName: 'apples.md', bytes: bytes('# Apples\n\nGrafting keeps a variety alive. Cider needs sharp apples.\n') },
    'new',
  ).article.id;
  articles.cellars = library.importFile(
    {
      fileName: 'cellars.epub',
      bytes: makeEpub({
        title: 'Cellars',
        chapters: [
          { title: 'Stone', body: '<p>Stone walls keep the cellar cool all summer.</p>' },
          { title: 'Damp', body: '<p>Damp is the enemy of stored roots.</p>' },
        ],
      }),
    },
    'new',
  ).article.id;
  library.setArticleTags(articles.birds, ['Nature']);
  const ids = {} as Seeded['ids'];
  const add = (name: Names, article: string, exact: string, color: HighlightColor, day: string, note = '', tags: string[] = []): void => {
    const text = library.getArticle(article).text;
    const start = text.indexOf(exact);
    if (start < 0) throw new Error(`no “${exact}”`);
    ids[name] = library.highlights.create(
      { articleId: article, quote: { exact, prefix: '', suffix: '' }, position: { start, end: start + exact.length }, color, note, tags },
      new Date(`${day}T12:00:00.000Z`),
    ).id;
  };
  add('wren', articles.birds, 'The wren sings loudly', 'yellow', '2026-01-01', 'a tiny loud bird', ['song']);
  add('heron', articles.birds, 'The heron waits', 'green', '2026-01-02');
  add('swift', articles.birds, 'The swift never lands', 'yellow', '2026-01-03', 'astonishing endurance', ['song', 'flight']);
  add('graft', articles.apples, 'Grafting keeps a variety alive', 'blue', '2026-01-04', 'ask about rootstock');
  add('stone', articles.cellars, 'Stone walls keep the cellar cool', 'pink', '2026-01-05');
  add('damp', articles.cellars, 'Damp is the enemy', 'yellow', '2026-01-06', 'the heron would disagree');
  return { library, dispatch, ids, articles };
}

async function idsOf(s: Seeded, args: Record<string, unknown>): Promise<string[]> {
  const page = value<HighlightPage>(await s.dispatch('queryHighlights', args));
  const byId = new Map(Object.entries(s.ids).map(([name, id]) => [id, name]));
  return page.items.map((h) => byId.get(h.id) ?? h.id);
}

describe('queryHighlights', () => {
  it('lists every live highlight newest first, with its source, kind, tags and a book’s chapter', async () => {
    const s = seed();
    const page = value<HighlightPage>(await s.dispatch('queryHighlights', {}));
    expect(page.total).toBe(6);
    expect(page.libraryTotal).toBe(6);
    expect(await idsOf(s, {})).toEqual(['damp', 'stone', 'graft', 'swift', 'heron', 'wren']);
    const swift = page.items.find((h) => h.id === s.ids.swift)!;
    expect(swift.source).toEqual({ id: s.articles.birds, title: 'Birds', kind: 'article' });
    expect(swift.tags).toEqual(['flight', 'song']);
    expect(swift.note).toBe('astonishing endurance');
    const damp = page.items.find((h) => h.id === s.ids.damp)!;
    expect(damp.source.kind).toBe('book');
    expect(damp.chapter).toBe('Damp');
    expect(page.items.find((h) => h.id === s.ids.stone)!.chapter).toBe('Stone');
    expect(await idsOf(s, { sort: 'oldest' })).toEqual(['wren', 'heron', 'swift', 'graft', 'stone', 'damp']);
    // By source: titles A-Z, each source in document order.
    expect(await idsOf(s, { sort: 'source' })).toEqual(['graft', 'wren', 'heron', 'swift', 'stone', 'damp']);
    s.library.close();
  });

  it('filters by colour, highlight tag, source, source tag, kind, dates and note, and combines them', async () => {
    const s = seed();
    const q = (filters: Record<string, unknown>) => idsOf(s, { filters, sort: 'oldest' });
    expect(await q({ colors: ['yellow'] })).toEqual(['wren', 'swift', 'damp']);
    expect(await q({ colors: ['green', 'blue'] })).toEqual(['heron', 'graft']);
    expect(await q({ tags: ['SONG'] })).toEqual(['wren', 'swift']);
    expect(await q({ tags: ['song', 'flight'] })).toEqual(['swift']);
    expect(await q({ tags: ['no-such-tag'] })).toEqual([]);
    expect(await q({ sourceIds: [s.articles.apples, s.articles.cellars] })).toEqual(['graft', 'stone', 'damp']);
    expect(await q({ sourceTitle: 'CELL' })).toEqual(['stone', 'damp']); // a search by title, any case
    expect(await q({ sourceTitle: 'b%' })).toEqual([]); // % is a character, not a wildcard
    expect(await q({ sourceTags: ['nature'] })).toEqual(['wren', 'heron', 'swift']);
    expect(await q({ kinds: ['book'] })).toEqual(['stone', 'damp']);
    expect(await q({ kinds: ['article'] })).toEqual(['wren', 'heron', 'swift', 'graft']);
    expect(await q({ kinds: ['pdf', 'highlights'] })).toEqual([]);
    expect(await q({ since: '2026-01-05' })).toEqual(['stone', 'damp']);
    // until a day takes the whole day.
    expect(await q({ until: '2026-01-02' })).toEqual(['wren', 'heron']);
    expect(await q({ since: '2026-01-02T12:00:00Z', until: '2026-01-03T11:00:00Z' })).toEqual(['heron']);
    expect(await q({ hasNote: true })).toEqual(['wren', 'swift', 'graft', 'damp']);
    expect(await q({ hasNote: false })).toEqual(['heron', 'stone']);
    expect(await q({ colors: ['yellow'], hasNote: true, sourceTags: ['Nature'], since: '2026-01-02' })).toEqual(['swift']);
    const page = value<HighlightPage>(await s.dispatch('queryHighlights', { filters: { colors: ['yellow'] } }));
    expect(page).toMatchObject({ total: 3, libraryTotal: 6 });
    s.library.close();
  });

  it('searches quotes and notes through the search index (prefixes, accents and FTS syntax as in search)', async () => {
    const s = seed();
    const q = (text: string, filters: Record<string, unknown> = {}) => idsOf(s, { filters: { ...filters, text }, sort: 'oldest' });
    expect(await q('heron')).toEqual(['heron', 'damp']); // a quote, and a note
    expect(await q('rootstock')).toEqual(['graft']); // only in a note
    expect(await q('endur')).toEqual(['swift']); // the last word as a prefix
    expect(await q('heron', { colors: ['yellow'] })).toEqual(['damp']);
    expect(await q('"tiny loud"')).toEqual(['wren']);
    // FTS syntax is words: "NEAR" is searched as a word (none has it), never as an operator.
    expect(await q('NEAR( -* :')).toEqual([]);
    expect(await q('-* :')).toEqual([]); // nothing to search for matches nothing
    expect(await q('   ')).toEqual(['wren', 'heron', 'swift', 'graft', 'stone', 'damp']);
    // A note edited later is found by its new words (the index follows the triggers).
    s.library.updateHighlight(s.ids.stone, { note: 'limestone vaults' });
    expect(await q('vaults')).toEqual(['stone']);
    s.library.close();
  });

  it('finds a highlight by its tags too, each word in the quote, the note or a tag', async () => {
    const s = seed();
    const q = (text: string) => idsOf(s, { filters: { text }, sort: 'oldest' });
    expect(await q('flight')).toEqual(['swift']); // only a tag says it
    expect(await q('fli')).toEqual(['swift']); // the last word as a prefix, as in the index
    expect(await q('#song')).toEqual(['wren', 'swift']);
    expect(await q('song wren')).toEqual(['wren']); // a tag and a word of the quote
    expect(await q('song heron')).toEqual([]); // heron's highlight has no tag song; damp's note says heron, but damp is not tagged
    expect(await q('"song" endurance')).toEqual(['swift']); // a tag and a word of the note
    s.library.setHighlightTags(s.ids.graft, ['Slow-Reading']);
    expect(await q('reading')).toEqual(['graft']);
    expect(await q('slow read')).toEqual(['graft']);
    expect(await q('"reading slow"')).toEqual([]); // a phrase keeps its order
    s.library.close();
  });

  it('pages by offset and by cursor; a cursor page stays stable while highlights are added', async () => {
    const s = seed();
    const all = await idsOf(s, {});
    expect([...(await idsOf(s, { limit: 4 })), ...(await idsOf(s, { limit: 4, offset: 4 }))]).toEqual(all);

    const first = value<HighlightPage>(await s.dispatch('queryHighlights', { limit: 2 }));
    expect(first.nextCursor).toEqual(expect.any(String));
    // A new highlight arrives between pages: newest first, it would shift offsets, not the cursor.
    const text = s.library.getArticle(s.articles.apples).text;
    const start = text.indexOf('Cider needs');
    s.library.createHighlight({
      articleId: s.articles.apples,
      quote: { exact: 'Cider needs', prefix: '', suffix: '' },
      position: { start, end: start + 11 },
      color: 'purple',
    });
    const seen = first.items.map((h) => h.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const next = value<HighlightPage>(await s.dispatch('queryHighlights', { limit: 2, cursor }));
      seen.push(...next.items.map((h) => h.id));
      cursor = next.nextCursor;
    }
    expect(seen).toEqual(Object.values(s.ids).reverse());
    for (const sort of ['oldest', 'source'] as const) {
      const pages: string[] = [];
      let c: string | null | undefined;
      do {
        const p = value<HighlightPage>(await s.dispatch('queryHighlights', { sort, limit: 3, ...(c ? { cursor: c } : {}) }));
        pages.push(...p.items.map((h) => h.id));
        c = p.nextCursor;
      } while (c);
      expect(pages).toEqual(value<HighlightPage>(await s.dispatch('queryHighlights', { sort, limit: 100 })).items.map((h) => h.id));
    }
    s.library.close();
  });

  it('refuses bad input with one clear error', async () => {
    const s = seed();
    const e = async (args: Record<string, unknown>) => errorOf(await s.dispatch('queryHighlights', args));
    expect(await e({ filters: { colors: ['mauve'] } })).toMatchObject({ code: 'invalid_argument' });
    expect(await e({ filters: { kinds: ['scroll'] } })).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('kind') });
    expect(await e({ filters: { since: 'last tuesday' } })).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('since') });
    expect(await e({ filters: { until: '2026-02-30' } })).toMatchObject({ code: 'invalid_argument' });
    expect(await e({ cursor: 'garbage' })).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('cursor') });
    const newest = value<HighlightPage>(await s.dispatch('queryHighlights', { limit: 1 }));
    // A cursor from another sort is refused, not misread.
    expect(await e({ sort: 'source', cursor: newest.nextCursor })).toMatchObject({ code: 'invalid_argument' });
    expect(await e({ offset: 1, cursor: newest.nextCursor })).toMatchObject({ code: 'invalid_argument' });
    expect(await e({ limit: 0 })).toMatchObject({ code: 'invalid_argument' });
    s.library.close();
  });
});

describe('bulk changes to highlights', () => {
  it('recolours all or nothing, answering the colours before for Undo', async () => {
    const s = seed();
    const result = value<RecolorResult>(await s.dispatch('recolorHighlights', { ids: [s.ids.wren, s.ids.heron], color: 'green' }));
    expect(result.previous).toEqual([{ id: s.ids.wren, color: 'yellow' }]);
    expect(s.library.highlights.get(s.ids.wren)!.color).toBe('green');
    // One unknown id: nothing changes.
    const failed = errorOf(await s.dispatch('recolorHighlights', { ids: [s.ids.swift, 'zzzzzzzz'], color: 'purple' }));
    expect(failed.code).toBe('not_found');
    expect(s.library.highlights.get(s.ids.swift)!.color).toBe('yellow');
    s.library.close();
  });

  it('deletes with tombstones and restores (Undo); an unknown id changes nothing', async () => {
    const s = seed();
    const ids = [s.ids.wren, s.ids.graft];
    value(await s.dispatch('deleteHighlights', { ids }));
    expect(await idsOf(s, { sort: 'oldest' })).toEqual(['heron', 'swift', 'stone', 'damp']);
    expect(await idsOf(s, { filters: { text: 'rootstock' } })).toEqual([]);
    const tombstones = s.library.db.prepare(`SELECT count(*) FROM tombstones WHERE entity = 'highlight'`).pluck().get();
    expect(tombstones).toBe(2);
    value(await s.dispatch('restoreHighlights', { ids }));
    expect((await idsOf(s, {})).length).toBe(6);
    expect(await idsOf(s, { filters: { text: 'rootstock' } })).toEqual(['graft']);
    expect(errorOf(await s.dispatch('deleteHighlights', { ids: [s.ids.heron, 'zzzzzzzz'] })).code).toBe('not_found');
    expect(s.library.highlights.get(s.ids.heron)).toBeDefined();
    expect(errorOf(await s.dispatch('deleteHighlights', { ids: [] })).code).toBe('invalid_argument');
    s.library.close();
  });

  it('selects every id in the current filter', async () => {
    const s = seed();
    const picked = value<{ ids: string[]; capped: boolean }>(await s.dispatch('selectHighlightIds', { filters: { colors: ['yellow'] } }));
    expect(new Set(picked.ids)).toEqual(new Set([s.ids.wren, s.ids.swift, s.ids.damp]));
    expect(picked.capped).toBe(false);
    s.library.close();
  });

  it('exports a selection as one Markdown file grouped by source, only the chosen highlights', async () => {
    const s = seed();
    const out = value<HighlightsMarkdown>(
      await s.dispatch('exportHighlightsMarkdown', { ids: [s.ids.swift, s.ids.damp, s.ids.graft] }),
    );
    expect(out).toMatchObject({ highlights: 3, sources: 3, fileName: expect.stringMatching(/^gloss-highlights-\d{4}-\d{2}-\d{2}\.md$/) });
    const md = out.markdown;
    expect(md).not.toMatch(/^---/); // no front matter
    const apples = md.indexOf('# Apples');
    const birds = md.indexOf('# Birds');
    const cellars = md.indexOf('# Cellars');
    expect(apples).toBeGreaterThanOrEqual(0);
    expect(apples).toBeLessThan(birds);
    expect(birds).toBeLessThan(cellars);
    expect(md.indexOf('The swift never lands')).toBeGreaterThan(birds);
    expect(md.indexOf('The swift never lands')).toBeLessThan(cellars);
    expect(md).toContain('astonishing endurance');
    expect(md).not.toContain('The wren sings loudly'); // not selected
    expect(md).not.toContain('Stone walls');
    expect(errorOf(await s.dispatch('exportHighlightsMarkdown', { ids: ['zzzzzzzz'] })).code).toBe('not_found');
    s.library.close();
  });
});
