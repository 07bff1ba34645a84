/**
 * Duplicates are recognised by one rule (src/main/duplicates.ts) for files,
 * URLs and the CLI: an identical file is "already in your library" (match
 * 'identical', offered to skip); a URL whose page is already there as an
 * imported file (same canonical URL) is offered for update, and updating
 * replaces that article's text with its highlights re-anchored.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import type { ImportResult } from '../../src/shared/types';
import { cliArgs } from '../helpers/cli';
import { ROOT, tempDir } from '../helpers/tmp';

const CANONICAL = 'https://example.com/gardens/on-gardens';
const PARAGRAPH = 'Soil first, then seeds, then patience: the gardener’s whole method, written down at last. ';

function page(paragraph: string, canonical = CANONICAL): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>On Gardens</title>
<link rel="canonical" href="${canonical}"></head><body><article>
<h1>On Gardens</h1><p>${paragraph.repeat(4)}</p><p>${'More words about the garden and its soil. '.repeat(30)}</p></article></body></html>`;
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function serve(body: () => string): Promise<string> {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body()));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

describe('an identical file', () => {
  it('is already in the library under any name; a new version is the same source; "new" adds a copy', () => {
    const library = Library.open(tempDir());
    const first = library.importFile({ fileName: 'gardens.html', bytes: bytes(page(PARAGRAPH)) });
    expect(first.status).toBe('imported');

    for (const fileName of ['gardens.html', 'Copy of gardens.html']) {
      const again = library.importFile({ fileName, bytes: bytes(page(PARAGRAPH)) });
      expect(again).toMatchObject({ status: 'duplicate', match: 'identical', existing: { title: 'On Gardens' } });
    }
    // Another version of it (other text, the same canonical URL): offered for update.
    const changed = library.importFile({ fileName: 'gardens.html', bytes: bytes(page('A different text about the garden entirely. ')) });
    expect(changed).toMatchObject({ status: 'duplicate', match: 'same-source' });
    expect(library.listArticles()).toHaveLength(1);

    expect(library.importFile({ fileName: 'gardens.html', bytes: bytes(page(PARAGRAPH)) }, 'new').status).toBe('imported');
    expect(library.listArticles()).toHaveLength(2);
    library.close();
  });

  it('the same text under another title is not identical', () => {
    const library = Library.open(tempDir());
    library.importFile({ fileName: 'a.txt', bytes: bytes(`First title\n\n${PARAGRAPH}\n`) });
    expect(library.importFile({ fileName: 'b.txt', bytes: bytes(`Second title\n\n${PARAGRAPH}\n`) }).status).toBe('imported');
    library.close();
  });
});

describe('a URL whose page is already in the library as a file', () => {
  it('is offered for update (same canonical URL), and the update replaces that article with its highlights kept', async () => {
    let paragraph = PARAGRAPH;
    const base = await serve(() => page(paragraph));
    const library = Library.open(tempDir());
    const dispatch = createDispatcher(createHandlers(library, 'browser'));
    const file = library.importFile({ fileName: 'On Gardens.html', bytes: bytes(page(PARAGRAPH)) });
    if (file.status !== 'imported') throw new Error(file.status);
    const text = library.getArticle(file.article.id).text;
    const start = text.indexOf('the gardener’s whole method');
    const quote = { exact: 'the gardener’s whole method', prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + 27, start + 59) };
    library.createHighlight({ articleId: file.article.id, quote, position: { start, end: start + 27 }, color: 'yellow' });

    // The page changed since the file was saved: same place, other text.
    paragraph = 'A new opening line. ' + PARAGRAPH;
    const asked = value<ImportResult>(await dispatch('saveUrl', { url: `${base}/gardens` }));
    expect(asked).toMatchObject({ status: 'duplicate', match: 'same-source', existing: { id: file.article.id } });
    expect(library.listArticles()).toHaveLength(1);

    const updated = value<ImportResult>(await dispatch('saveUrl', { url: `${base}/gardens`, mode: 'update' }));
    expect(updated).toMatchObject({ status: 'updated', article: { id: file.article.id } });
    if (updated.status !== 'updated') throw new Error('not updated');
    expect(updated.report.orphaned).toBe(0);
    expect(library.getArticle(file.article.id).text).toContain('A new opening line.');
    expect(library.listArticles()).toHaveLength(1);
    expect(library.listHighlights(file.article.id)[0]?.quote.exact).toBe('the gardener’s whole method');
    library.close();
  });

  it('the same page unchanged is identical', async () => {
    const base = await serve(() => page(PARAGRAPH));
    const library = Library.open(tempDir());
    library.importFile({ fileName: 'saved.html', bytes: bytes(page(PARAGRAPH)) });
    const again = await library.saveUrl(`${base}/elsewhere`);
    expect(again).toMatchObject({ status: 'duplicate', match: 'identical' });
    expect(library.listArticles()).toHaveLength(1);
    library.close();
  });
});

describe('gloss import of an identical file', () => {
  function gloss(...args: string[]) {
    const result = spawnSync(process.execPath, cliArgs(...args), {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, GLOSS_LIBRARY: '', GLOSS_IMPORT_WEB_IMAGES: '0' },
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  }

  it('says it skipped it and exits 0; another version is still imported as new', { timeout: 180_000 }, () => {
    const dir = tempDir();
    const file = join(dir, 'gardens.html');
    writeFileSync(file, page(PARAGRAPH));
    const library = join(dir, 'lib');
    expect(gloss('import', file, '--library', library).code).toBe(0);

    const again = gloss('import', file, '--library', library);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toContain('skipped');
    expect(again.out).toContain('(already in your library: On Gardens)');

    const json = gloss('import', file, '--library', library, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out.trim())).toMatchObject({ ok: true, status: 'duplicate', match: 'identical', title: 'On Gardens', source: file });

    writeFileSync(file, page('A different text about the garden entirely. '));
    expect(gloss('import', file, '--library', library).out).toMatch(/^imported /);
    const list = JSON.parse(gloss('list', '--library', library, '--json').out) as unknown[];
    expect(list).toHaveLength(2);
  });
});
