/**
 * The contract methods that only the CLI had before it went through the
 * dispatcher: updateArticleFromUrl (the one page fetcher, images and URL
 * normalization included), exportJson / importJson (text out, bytes in:
 * no call names a path), and backupLibrary answered by a shell's chosen file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { openLibraryApi } from '../../src/main/api/library-api';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import type { AnchoringReport, ArticleSummary, JsonImportReport, LibraryJsonFile } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';
import { closeServersAfterEach, makePng, serve } from '../web/helpers';

closeServersAfterEach();

const PNG = makePng();
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

function page(sentence: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>On Gardens</title></head><body><article>
<h1>On Gardens</h1><p>${sentence}</p><p><img src="/pic.png" alt="A picture"></p>
<p>${'More words about the garden and its soil, with commas, and more. '.repeat(30)}</p></article></body></html>`;
}

/** A library with one text article carrying a highlight on `sentence`. */
function seeded(sentence: string) {
  const library = Library.open(tempDir());
  const id = library.importFile({ fileName: 'gardens.txt', bytes: text(`On Gardens\n\n${sentence}\n\nAnother paragraph.\n`) }, 'new').article.id;
  const start = library.getArticle(id).text.indexOf(sentence);
  library.createHighlight({
    articleId: id,
    quote: { exact: sentence, prefix: '', suffix: '' },
    position: { start, end: start + sentence.length },
    color: 'yellow',
  });
  return { library, id, dispatch: createDispatcher(createHandlers(library, 'browser'), () => undefined) };
}

describe('updateArticleFromUrl', () => {
  it('saves the page as saveUrl does: normalized URL, images stored, highlights re-anchored', async () => {
    const sentence = 'Soil first, then seeds, then patience.';
    const hits: string[] = [];
    const base = await serve((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/pic.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(sentence));
    });
    const { library, id, dispatch } = seeded(sentence);
    try {
      const result = value<{ article: ArticleSummary; report: AnchoringReport }>(
        await dispatch('updateArticleFromUrl', { id, url: `${base}/post?utm_source=feed#comments` }),
      );
      expect(result.article.id).toBe(id);
      expect(result.report).toMatchObject({ exact: 1, moved: 0, orphaned: 0 });
      expect(hits.sort()).toEqual(['/pic.png', '/post']);
      const article = library.getArticle(id);
      expect(article).toMatchObject({ format: 'html', sourceUrl: `${base}/post`, title: 'On Gardens' });
      const hash = /gloss-asset:([0-9a-f]{64})/.exec(article.html)?.[1];
      expect(Buffer.from(library.assets.get(hash!)?.bytes ?? [])).toEqual(Buffer.from(PNG));
      expect(library.articles.version(id)).toBe(2);
    } finally {
      library.close();
    }
  });

  it('answers not_found before downloading anything, and a failed download changes nothing', async () => {
    const hits: string[] = [];
    const base = await serve((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(404, { 'content-type': 'text/plain' }).end('nope');
    });
    const { library, id, dispatch } = seeded('A sentence to keep.');
    try {
      const missing = await dispatch('updateArticleFromUrl', { id: 'nosucharticle', url: `${base}/a` });
      expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(hits).toEqual([]);
      const gone = await dispatch('updateArticleFromUrl', { id, url: `${base}/gone` });
      expect(gone.ok).toBe(false);
      expect(!gone.ok && gone.error.message).toMatch(/404/);
      expect(library.articles.version(id)).toBe(1);
      const refused = await dispatch('updateArticleFromUrl', { id, url: 'ftp://example.com/x' });
      expect(refused.ok).toBe(false);
      expect(await dispatch('updateArticleFromUrl', { id, url: `${base}/a`, path: '/etc/passwd' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument' },
      });
      expect(hits).toEqual(['/gone']);
    } finally {
      library.close();
    }
  });
});

describe('exportJson and importJson', () => {
  it('answer the JSON text and take bytes back, into a fresh library', async () => {
    const { library, dispatch } = seeded('A sentence worth keeping.');
    const fresh = Library.open(tempDir());
    try {
      const exported = value<LibraryJsonFile>(await dispatch('exportJson', {}));
      expect(exported.fileName).toMatch(/^gloss-library-\d{4}-\d\d-\d\d-\d{6}\.json$/);
      expect(JSON.parse(exported.json)).toMatchObject({ format: 'gloss-library' });
      expect(existsSync(join(library.dir, exported.fileName))).toBe(false); // nothing written

      const into = createDispatcher(createHandlers(fresh, 'browser'), () => undefined);
      const report = value<JsonImportReport>(await into('importJson', { data: text(exported.json) }));
      expect(report).toMatchObject({ articles: { added: 1 }, highlights: { added: 1 }, issues: [] });
      expect(fresh.listArticles().map((a) => a.title)).toEqual(['On Gardens']);
      const again = value<JsonImportReport>(await into('importJson', { data: text(exported.json) }));
      expect(again.articles).toMatchObject({ added: 0, unchanged: 1 });

      const bad = await into('importJson', { data: text('{"not": "gloss"}') });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      // A path is not bytes: no call makes main read or write a file it names.
      expect(await into('importJson', { data: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      expect(await dispatch('exportJson', { out: join(tempDir(), 'x.json') })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    } finally {
      library.close();
      fresh.close();
    }
  });
});

describe('a shell that answers "where?" (the CLI)', () => {
  it('backupLibrary writes to the file the shell chose; without a chooser it lands in backups/', async () => {
    const dir = tempDir();
    Library.open(dir).close();
    const target = join(tempDir(), 'snap.sqlite');
    const cli = openLibraryApi(dir, { shell: 'cli', services: { chooseSaveFile: () => Promise.resolve(target) } });
    try {
      expect(await cli.call('backupLibrary', {})).toMatchObject({ file: target });
      expect(readFileSync(target).subarray(0, 15).toString()).toBe('SQLite format 3');
      // Errors arrive as typed GlossErrors, as the dispatcher answered them.
      await expect(cli.call('getArticle', { id: 'nosucharticle' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(cli.call('getArticle', { id: 'Not An Id!' })).rejects.toMatchObject({ code: 'invalid_argument' });
    } finally {
      await cli.close();
    }
    const browser = openLibraryApi(dir, { shell: 'browser' });
    try {
      const made = await browser.call('backupLibrary', {});
      expect(made?.file).toMatch(new RegExp(`^${join(dir, 'backups').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    } finally {
      await browser.close();
    }
  });
});
