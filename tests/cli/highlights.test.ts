import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { SEED, tempDir } from '../helpers/tmp';
import { FIRST, SECOND, SECOND_EDITED, THIRD, editedSeed, writeEditedSeed } from '../highlights/seed';
import { gloss } from '../helpers/cli';
import { makePdf } from '../pdf/make-pdf';


/** A library with the seed imported and highlights on three of its sentences, plus an article note. */
function seededLibrary() {
  const dir = tempDir();
  const library = Library.open(dir);
  const result = library.importFile({ fileName: SEED, bytes: readFileSync(SEED) }, 'new');
  const id = result.article.id;
  const text = library.getArticle(id).text;
  const ids = [FIRST, SECOND, THIRD].map((sentence, i) => {
    const start = text.indexOf(sentence);
    return library.createHighlight({
      articleId: id,
      quote: { exact: sentence, prefix: '', suffix: '' },
      position: { start, end: start + sentence.length },
      color: (['yellow', 'green', 'blue'] as const)[i]!,
      note: i === 1 ? '#balance Balance **matters**.' : '',
    }).id;
  });
  library.setArticleNote(id, 'Read again in spring.');
  library.setSettings({ colorLabels: { green: 'Counterpoint' } });
  library.close();
  return { dir, id, ids };
}

interface HighlightsJson {
  articleId: string;
  note: string;
  highlights: {
    id: string;
    quote: string;
    color: string;
    note: string;
    orphaned: boolean;
    page?: number;
    selectors: Record<string, unknown>[];
    createdAt: string;
    updatedAt: string;
  }[];
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Serves `routes` (path -> [content type, body]) on 127.0.0.1; 404 otherwise. */
async function serve(routes: Record<string, [string, string]>): Promise<{ base: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('nope');
      return;
    }
    res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

// Each run of the CLI starts a fresh Node with tsx: seconds apiece on a busy machine.
const SLOW = { timeout: 180_000 };

describe('gloss highlights', SLOW, () => {
  it('prints the highlights in document order with the article note', async () => {
    const { dir, id, ids } = seededLibrary();
    const result = await gloss('highlights', id, '--library', dir, '--json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out) as HighlightsJson;
    expect(json.articleId).toBe(id);
    expect(json.note).toBe('Read again in spring.');
    expect(json.highlights.map((h) => h.id)).toEqual(ids);
    expect(json.highlights.map((h) => h.quote)).toEqual([FIRST, SECOND, THIRD]);
    // No page: not a PDF. The selectors as W3C Web Annotation writes them.
    expect(Object.keys(json.highlights[1]!).sort()).toEqual(['color', 'createdAt', 'id', 'label', 'note', 'orphaned', 'quote', 'selectors', 'tags', 'updatedAt']);
    expect(json.highlights[1]!.selectors).toEqual([
      expect.objectContaining({ type: 'TextQuoteSelector', exact: SECOND }),
      { type: 'TextPositionSelector', start: expect.any(Number) as number, end: expect.any(Number) as number },
    ]);
    expect(json.highlights[1]).toMatchObject({ color: 'green', label: 'Counterpoint', note: 'Balance **matters**.', tags: ['balance'], orphaned: false });
    expect(json.highlights[0]).toMatchObject({ color: 'yellow', label: 'Key idea', tags: [] });
    expect(json.highlights[1]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const text = await gloss('highlights', id, '--library', dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('3 highlights');
    expect(text.out).toContain(`“${FIRST}”`);
    expect(text.out).toContain('Balance **matters**.');
    expect(text.out).toMatch(/\S+ {2}green \(Counterpoint\) {2}“/); // the colour with what it means
    expect(text.out).toContain('Read again in spring.');
    expect(text.out).not.toContain('Not found in text');

    const missing = await gloss('highlights', 'nosucharticle', '--library', dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No article with id nosucharticle/);
  });
});

describe('gloss highlights on a PDF', SLOW, () => {
  it('prints each highlight\'s page, and its FragmentSelector in --json', async () => {
    const dir = tempDir();
    const library = Library.open(dir);
    const pdf = await makePdf([
      { lines: ['The first page speaks of rivers.'] },
      { lines: ['Page two is about lakes and still water.'] },
      { lines: ['Page three mentions the zygomorphic estuary.'] },
    ]);
    const result = await library.importFileWithImages({ fileName: 'rivers.pdf', bytes: pdf });
    if (result.status !== 'imported') throw new Error(result.status);
    const id = result.article.id;
    const text = library.getArticle(id).text;
    for (const exact of ['zygomorphic estuary', 'lakes and still water']) {
      const start = text.indexOf(exact);
      library.createHighlight({ articleId: id, quote: { exact, prefix: '', suffix: '' }, position: { start, end: start + exact.length }, color: 'yellow' });
    }
    library.close();

    const json = JSON.parse((await gloss('highlights', id, '--library', dir, '--json')).out) as HighlightsJson;
    expect(json.highlights.map((h) => [h.quote, h.page])).toEqual([
      ['lakes and still water', 2],
      ['zygomorphic estuary', 3],
    ]);
    expect(json.highlights[1]!.selectors[2]).toEqual({ type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: 'page=3' });

    const out = await gloss('highlights', id, '--library', dir);
    expect(out.code).toBe(0);
    expect(out.out).toMatch(/\S+ {2}yellow \(Key idea\) {2}p\. 2 {2}“lakes and still water”/);
    expect(out.out).toMatch(/\S+ {2}yellow \(Key idea\) {2}p\. 3 {2}“zygomorphic estuary”/);
  });
});

describe('gloss update', SLOW, () => {
  it('replaces the text from a file and prints the anchoring report', async () => {
    const { dir, id, ids } = seededLibrary();
    const edited = writeEditedSeed(tempDir());
    const result = await gloss('update', id, edited, '--library', dir, '--json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ exact: 0, moved: 2, orphaned: 1 });

    const after = JSON.parse((await gloss('highlights', id, '--library', dir, '--json')).out) as HighlightsJson;
    expect(after.highlights.map((h) => [h.id, h.quote, h.orphaned])).toEqual([
      [ids[0], FIRST, false],
      [ids[1], SECOND_EDITED, false],
      [ids[2], THIRD, true],
    ]);
    const text = await gloss('highlights', id, '--library', dir);
    expect(text.out).toMatch(/Not found in text:\n\n\S+ {2}blue \(Disagree\) {2}“Deficiencies/);

    const again = await gloss('update', id, edited, '--library', dir);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/2 highlights in place, 0 moved, 1 not found/);
  });

  it('fetches a URL served over HTTP and records it as the source', async () => {
    const { dir, id } = seededLibrary();
    const { base, hits } = await serve({ '/posts/gut-skin.txt': ['text/plain; charset=utf-8', editedSeed()] });
    const url = `${base}/posts/gut-skin.txt`;
    const result = await gloss('update', id, url, '--library', dir, '--json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ exact: 0, moved: 2, orphaned: 1 });
    expect(hits).toEqual(['/posts/gut-skin.txt']);

    const library = Library.open(dir);
    try {
      // Saved as the app saves a page (saveUrl's path): the URL is the source now.
      expect(library.articles.summary(id)).toMatchObject({ sourceUrl: url, format: 'text' });
      expect(library.getAnchoringReport(id)).toMatchObject({ exact: 0, moved: 2, orphaned: 1 });
    } finally {
      library.close();
    }
  });

  it('reads an extensionless URL as a web page, and reports HTTP errors without changing anything', async () => {
    const { dir, id } = seededLibrary();
    const html = `<!doctype html><html><head><title>Gut and skin</title></head><body><article><h1>Gut and skin</h1>
      <p>${FIRST} ${SECOND_EDITED}</p><p>Another paragraph that keeps the reader busy for a little while longer.</p></article></body></html>`;
    const { base } = await serve({ '/story': ['text/html; charset=utf-8', html] });

    const missing = await gloss('update', id, `${base}/gone`, '--library', dir, '--json');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/404/);
    let library = Library.open(dir);
    expect(library.articles.version(id)).toBe(1);
    library.close();

    const result = await gloss('update', id, `${base}/story`, '--library', dir, '--json');
    expect(result.err).toBe('');
    expect(JSON.parse(result.out)).toEqual({ exact: 0, moved: 2, orphaned: 1 });
    library = Library.open(dir);
    try {
      expect(library.articles.summary(id)).toMatchObject({ format: 'html', sourceUrl: `${base}/story` });
    } finally {
      library.close();
    }
  });

  it('imports as new by default and updates in place with --update', async () => {
    const { dir, id } = seededLibrary();
    const edited = writeEditedSeed(tempDir());
    const plain = await gloss('import', edited, '--library', dir, '--json');
    expect(plain.code).toBe(0);
    const copy = JSON.parse(plain.out) as { ok: boolean; id: string; status: string };
    expect(copy).toMatchObject({ ok: true, status: 'imported' });
    expect(copy.id).not.toBe(id);

    const update = await gloss('import', edited, '--update', '--library', dir, '--json');
    expect(update.code).toBe(0);
    // Two articles now come from this file; the most recently updated one (the copy) is updated.
    expect(JSON.parse(update.out)).toMatchObject({ ok: true, id: copy.id, status: 'updated', report: { exact: 0, moved: 0, orphaned: 0 } });
    const list = JSON.parse((await gloss('list', '--library', dir, '--json')).out) as unknown[];
    expect(list).toHaveLength(2);
  });

  it('explains usage errors', async () => {
    const result = await gloss('update', 'abcd1234', '--library', tempDir());
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/Expected an article id and a file or URL/);
    const unknown = await gloss('update', 'nosucharticle', SEED, '--library', tempDir());
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No article with id nosucharticle/);
  });
});
