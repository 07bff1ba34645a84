import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { detectHighlightsExport } from '../../src/main/migrate';
import { parseHypothesisJson } from '../../src/main/migrate/hypothesis-json';
import { closeServersAfterEach } from '../web/helpers';
import { tempDir } from '../helpers/tmp';
import { pageHtml } from './web-exports';
import { site } from './web-site';

closeServersAfterEach();

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

const REPEATED = 'the same words';

interface Ann {
  id: string;
  uri: string;
  text?: string;
  tags?: string[];
  created?: string;
  user?: string;
  references?: string[];
  exact?: string;
  prefix?: string;
  suffix?: string;
  start?: number;
  title?: string[];
}

function annotation(a: Ann): object {
  const selector = a.exact
    ? [
        { type: 'RangeSelector', startContainer: '/div[1]/p[2]', startOffset: 0, endContainer: '/div[1]/p[2]', endOffset: 10 },
        { type: 'TextPositionSelector', start: a.start ?? 0, end: (a.start ?? 0) + a.exact.length },
        { type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix ?? '', suffix: a.suffix ?? '' },
      ]
    : undefined;
  return {
    id: a.id,
    created: a.created ?? '2024-01-02T03:04:05.000000+00:00',
    updated: a.created ?? '2024-01-02T03:04:05.000000+00:00',
    user: a.user ?? 'acct:alice@hypothes.is',
    uri: a.uri,
    text: a.text ?? '',
    tags: a.tags ?? [],
    group: '__world__',
    target: [{ source: a.uri, ...(selector ? { selector } : {}) }],
    document: { title: a.title ?? ['A page'] },
    references: a.references ?? [],
  };
}

function hypothesisExport(origin: string): string {
  return `\ufeff${JSON.stringify(
    {
      export_date: '2025-01-01T00:00:00Z',
      annotations: [
        // Later in the page, listed first: ordered by position.
        annotation({ id: 'h2', uri: `${origin}/saved`, exact: 'closing line of the page', start: 300, text: 'The end.' }),
        // The second of two repeats, chosen by its context.
        annotation({ id: 'h1', uri: `${origin}/saved`, exact: REPEATED, prefix: 'but then, ', suffix: ' again', start: 100, text: 'Second time.', tags: ['re read', 'ideas'] }),
        annotation({ id: 'r1', uri: `${origin}/saved`, references: ['h1'], text: 'I agree.', user: 'acct:bob@hypothes.is', created: '2024-01-03T00:00:00Z' }),
        annotation({ id: 'r2', uri: `${origin}/saved`, references: ['h1', 'r1'], text: 'Me too.', user: 'acct:carol@hypothes.is', created: '2024-01-04T00:00:00Z' }),
        annotation({ id: 'p1', uri: `${origin}/saved`, text: 'A note on the whole page.', tags: ['toread'] }),
        annotation({ id: 'w1', uri: `${origin}/waiting`, exact: 'waits for its page', title: ['Waiting page'] }),
        annotation({ id: 'x1', uri: 'urn:x-pdf:0123456789abcdef', exact: 'in a local PDF' }),
        annotation({ id: 'o1', uri: `${origin}/saved`, references: ['missing'], text: 'Orphan reply.' }),
      ],
    },
    null,
    2,
  )}`;
}

describe('Hypothesis JSON', () => {
  it('is recognised by its content; selectors, replies, page notes and tags read', () => {
    const json = hypothesisExport('https://example.com');
    expect(detectHighlightsExport('hypothesis.json', bytes(json))).toBe('hypothesis-json');
    expect(detectHighlightsExport('hypothesis.json', bytes('{"items": []}'))).toBeNull();
    const parsed = parseHypothesisJson(json);
    expect(parsed.books.map((b) => b.url)).toEqual(['https://example.com/saved', 'https://example.com/waiting']);
    const [saved] = parsed.books;
    expect(saved!.highlights.map((h) => [h.quote, h.note])).toEqual([
      [REPEATED, 'Second time.\n\n**bob**: I agree.\n\n**carol**: Me too.'],
      ['closing line of the page', 'The end.'],
    ]);
    // An annotation's tags become its highlight's tags (repaired by the tag rule, not in the note).
    expect(saved!.highlights.map((h) => h.tags)).toEqual([['re read', 'ideas'], undefined]);
    expect(saved!.highlights[0]!.context).toEqual({ prefix: 'but then, ', suffix: ' again' });
    expect(saved!.looseNotes).toEqual(['A note on the whole page.\n\n#toread']);
    expect(parsed.failures.map((f) => f.where)).toEqual(['annotation x1', 'annotation o1']);
  });

  it('anchors into a page already saved (its context choosing between repeats), and waits for one that is not', async () => {
    const web = await site({
      '/saved': pageHtml('A page', [
        `At first ${REPEATED} appear here, but then, ${REPEATED} again, as promised.`,
        'Filler paragraph so that the page is an article worth reading in full.',
        'This is the closing line of the page.',
      ]),
      '/waiting': pageHtml('Waiting page', ['A paragraph that waits for its page to arrive, as highlights do.']),
    });
    const library = Library.open(tempDir());
    const page = await library.saveUrl(`${web.origin}/saved`);
    if (page.status !== 'imported') throw new Error(page.status);

    const result = library.importFile({ fileName: 'hypothesis.json', bytes: bytes(hypothesisExport(web.origin)) });
    if (result.status !== 'highlights') throw new Error(result.status);
    expect(result.report.sources).toEqual({ created: 1, present: 1 });
    expect(result.report.toSave!.map((e) => e.url)).toEqual([`${web.origin}/waiting`]);
    const text = library.getArticle(page.article.id).text;
    const highlights = library.listHighlights(page.article.id);
    const repeat = highlights.find((h) => h.quote.exact === REPEATED)!;
    // The second occurrence, as its prefix and suffix say.
    expect(repeat.position.start).toBe(text.lastIndexOf(REPEATED));
    expect(repeat.note).toContain('**bob**: I agree.');
    expect(repeat.tags).toEqual(['ideas', 're read']);
    expect(library.getArticleNote(page.article.id).note).toContain('A note on the whole page.');

    // Again: nothing twice (highlights found by their ids, the page note once).
    const again = library.importFile({ fileName: 'hypothesis.json', bytes: bytes(hypothesisExport(web.origin)) });
    if (again.status !== 'highlights') throw new Error(again.status);
    expect(again.report.highlights).toMatchObject({ added: 0, present: 3 });
    expect(library.listHighlights(page.article.id)).toHaveLength(2);
    expect(library.getArticleNote(page.article.id).note.match(/A note on the whole page/g)).toHaveLength(1);

    const waiting = await library.saveUrl(`${web.origin}/waiting`);
    if (waiting.status !== 'imported') throw new Error(waiting.status);
    expect(library.listHighlights(waiting.article.id).map((h) => [h.quote.exact, h.anchor])).toEqual([['waits for its page', 'exact']]);
    library.close();
  });
});
