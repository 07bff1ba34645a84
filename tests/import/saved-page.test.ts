/**
 * A page saved by a browser "complete" (`Saved Page.html` + `Saved
 * Page_files/`) keeps its images: the folder's through the contract's
 * `resources`, web-only ones downloaded (public addresses only), and every
 * image that cannot be had shows its alt text.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibraryApi, type LibraryApi } from '../../src/main/api/library-api';
import { folderPathOf, pageFolderName, safeRelativePath } from '../../src/main/import/page-folder';
import { readPageFolder } from '../../src/main/import/page-folder-files';
import { Library } from '../../src/main/library';
import { isPublicAddress } from '../../src/main/web/private-address';
import type { ImportResult } from '../../src/shared/types';
import { ROOT, tempDir } from '../helpers/tmp';
import { closeServersAfterEach, makePng, serveOn, type LoopbackHost } from '../web/helpers';

closeServersAfterEach();

const FIXTURE = join(ROOT, 'tests/fixtures/import/saved-page');
const FILES = join(FIXTURE, 'Saved Page_files');
/** 127.0.0.2 plays a public host (as in tests/web/connected-address.test.ts): nothing leaves this computer. */
const INTERNET = '127.0.0.2';
const classify = (ip: string): boolean => ip === INTERNET || isPublicAddress(ip);
const REMOTE_PNG = makePng(4, 4, [20, 160, 40]);

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The fixture copied to a temp folder, its web image pointed at `web`. */
function savedPage(web: string): string {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  const html = join(dir, 'Saved Page.html');
  writeFileSync(html, readFileSync(html, 'utf8').replace('{{WEB}}', web));
  return html;
}

function imageServer(host: string): Promise<LoopbackHost> {
  return serveOn(host, (req, res) => {
    if (req.url === '/remote.png') res.writeHead(200, { 'content-type': 'image/png' }).end(REMOTE_PNG);
    else res.writeHead(404).end();
  });
}

async function importSaved(api: LibraryApi, htmlPath: string, withFolder = true): Promise<{ html: string; text: string; id: string }> {
  const resources = withFolder ? readPageFolder(htmlPath).map((r) => ({ name: r.name, data: r.bytes })) : [];
  const result: ImportResult = await api.call('importFile', {
    name: 'Saved Page.html',
    data: readFileSync(htmlPath),
    mode: 'new',
    ...(resources.length ? { resources } : {}),
  });
  expect(result.status).toBe('imported');
  const article = await api.call('getArticle', { id: result.article.id });
  return { html: article.html, text: article.text, id: article.id };
}

const missing = (alt: string): string => `<span class="image-missing">${alt}</span>`;

describe('which references may read the page folder', () => {
  it('takes only plain relative paths inside NAME_files/', () => {
    expect(pageFolderName('/home/me/Saved Page.html')).toBe('Saved Page_files');
    const folder = 'Saved Page_files';
    expect(folderPathOf('Saved%20Page_files/a.png', folder)).toBe('Saved Page_files/a.png');
    expect(folderPathOf('./Saved Page_files/sub/a.png?v=2#x', folder)).toBe('Saved Page_files/sub/a.png');
    for (const outside of [
      'Saved%20Page_files/../outside.png',
      'Saved Page_files/%2e%2e/outside.png',
      'Saved Page_files/..%2Foutside.png',
      '/etc/passwd',
      'file:///etc/passwd',
      '//host/Saved Page_files/a.png',
      'https://example.com/Saved Page_files/a.png',
      'Saved Page_files\\..\\outside.png',
      'Other_files/a.png',
      'Saved Page_files',
      'Saved Page_files//a.png',
    ]) {
      expect(folderPathOf(outside, folder), outside).toBeNull();
    }
    expect(safeRelativePath('C:/x.png')).toBeNull();
    expect(safeRelativePath('a/./b.png')).toBeNull();
  });
});

describe('importing a saved page with its folder', () => {
  it('stores the folder’s images and the web image as assets; the others show their alt text', async () => {
    const web = await imageServer(INTERNET);
    const api = openLibraryApi(tempDir(), { shell: 'cli', open: { fileImages: { download: true, isPublicAddress: classify } } });
    try {
      const { html, text } = await importSaved(api, savedPage(web.origin));
      const srcs = [...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]);
      const expected = [
        readFileSync(join(FILES, 'photo.png')),
        readFileSync(join(FILES, 'chart.jpg')),
        readFileSync(join(FILES, 'anim.gif')),
        REMOTE_PNG,
      ].map((bytes) => `gloss-asset:${sha(bytes)}`);
      expect(srcs).toEqual(expected);
      expect(api.readAsset(sha(readFileSync(join(FILES, 'chart.jpg'))))?.mime).toBe('image/jpeg');
      expect(api.readAsset(sha(readFileSync(join(FILES, 'anim.gif'))))?.mime).toBe('image/gif');
      expect(Buffer.from(api.readAsset(sha(REMOTE_PNG))!.bytes)).toEqual(Buffer.from(REMOTE_PNG));
      expect(web.requests).toEqual(['/remote.png']);
      // Not in the folder, outside it, and not an image: alt text, in the stored text too.
      for (const alt of ['A diagram of soil layers', 'A picture outside the folder', 'Not really an image']) {
        expect(html).toContain(missing(alt));
        expect(text).toContain(alt);
      }
      expect(api.readAsset(sha(readFileSync(join(FIXTURE, 'outside.png'))))).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it('treats the file as from the internet: a web image on this computer is refused before connecting', async () => {
    const local = await imageServer('127.0.0.1');
    const api = openLibraryApi(tempDir(), { shell: 'cli', open: { fileImages: { download: true } } });
    try {
      const { html } = await importSaved(api, savedPage(local.origin));
      expect(html).toContain(missing('A seedling photographed on the web'));
      expect(local.connections).toBe(0);
      expect((html.match(/gloss-asset:/g) ?? []).length).toBe(3);
    } finally {
      await api.close();
    }
  });

  it('without the folder (a browser upload of the page alone) its images show their alt text, never a broken image', async () => {
    const api = openLibraryApi(tempDir(), { shell: 'cli', open: { fileImages: { download: false } } });
    try {
      const { html } = await importSaved(api, savedPage('http://127.0.0.1:9'), false);
      expect(html).not.toContain('<img');
      for (const alt of ['A red square of turned soil', 'A chart of compost temperature', 'Worms at work', 'A seedling photographed on the web']) {
        expect(html).toContain(missing(alt));
      }
    } finally {
      await api.close();
    }
  });

  it('reads no file through a symbolic link, nor a folder that is one', async () => {
    const htmlPath = savedPage('http://127.0.0.1:9');
    const dir = join(htmlPath, '..');
    symlinkSync(join(dir, 'outside.png'), join(dir, 'Saved Page_files', 'linked.png'));
    expect(readPageFolder(htmlPath).map((r) => r.name).sort()).toEqual(
      ['Saved Page_files/anim.gif', 'Saved Page_files/chart.jpg', 'Saved Page_files/photo.png'],
    );

    const other = tempDir();
    writeFileSync(join(other, 'Linked.html'), readFileSync(htmlPath));
    symlinkSync(join(dir, 'Saved Page_files'), join(other, 'Linked_files'));
    expect(readPageFolder(join(other, 'Linked.html'))).toEqual([]);
    mkdirSync(join(other, 'Real_files'));
    symlinkSync(join(dir, 'Saved Page_files'), join(other, 'Real_files', 'nested'));
    writeFileSync(join(other, 'Real.html'), '<p>x</p>');
    expect(readPageFolder(join(other, 'Real.html'))).toEqual([]);
  });

  it('keeps images of 10 MB at most', async () => {
    const api = openLibraryApi(tempDir(), { shell: 'cli', open: { fileImages: { download: false } } });
    try {
      const big = new Uint8Array(10 * 1024 * 1024 + 1);
      big.set(makePng(1, 1));
      const result = await api.call('importFile', {
        name: 'Saved Page.html',
        data: readFileSync(savedPage('http://127.0.0.1:9')),
        mode: 'new',
        resources: [
          { name: 'Saved Page_files/photo.png', data: big },
          { name: 'Saved Page_files/chart.jpg', data: readFileSync(join(FILES, 'chart.jpg')) },
        ],
      });
      const { html } = await api.call('getArticle', { id: result.article.id });
      expect(html).toContain(missing('A red square of turned soil'));
      expect(html).toContain(`gloss-asset:${sha(readFileSync(join(FILES, 'chart.jpg')))}`);
    } finally {
      await api.close();
    }
  });

  it('Library.importFile (no network) keeps the folder’s images and leaves web images as they were', () => {
    const library = Library.open(tempDir());
    try {
      const htmlPath = savedPage('https://images.example');
      const result = library.importFile(
        { fileName: 'Saved Page.html', bytes: readFileSync(htmlPath), resources: readPageFolder(htmlPath) },
        'new',
      );
      const { html } = library.getArticle(result.article.id);
      expect((html.match(/gloss-asset:/g) ?? []).length).toBe(3);
      expect(html).toContain('src="https://images.example/remote.png"');
      expect(html).toContain(missing('A diagram of soil layers'));
      expect(html).not.toContain('gloss.invalid');
    } finally {
      library.close();
    }
  });
});
