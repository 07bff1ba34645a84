/**
 * `gloss import` reads a saved page's `NAME_files/` folder beside it, and
 * takes a web address typed without `https://` (https first, then http),
 * unless a file of that name exists.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs } from '../helpers/cli';
import { ROOT, tempDir } from '../helpers/tmp';
import type { CliResult } from '../helpers/cli';
import { closeServersAfterEach, freePort, makePng, serveOn } from '../web/helpers';

closeServersAfterEach();

const FIXTURE = join(ROOT, 'tests/fixtures/import/saved-page');

/** The real CLI, with downloads of imported files' web images on (the suite turns them off). */
function gloss(cwd: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // The bundle by its absolute path: the command runs in `cwd`, outside the repository.
    const child = spawn(process.execPath, cliArgs(...args), {
      cwd,
      env: { ...process.env, GLOSS_LIBRARY: '', GLOSS_IMPORT_WEB_IMAGES: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function shown(cwd: string, library: string, id: string): Promise<{ html: string; text: string }> {
  const show = await gloss(cwd, 'show', id, '--json', '--library', library);
  expect(show.code, show.err).toBe(0);
  return JSON.parse(show.out) as { html: string; text: string };
}

describe('gloss import of a saved page', () => {
  it('stores the images of NAME_files/ as assets; missing and refused ones show their alt text', async () => {
    const web = await serveOn('127.0.0.1', (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(makePng()));
    const dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    const page = join(dir, 'Saved Page.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace('{{WEB}}', web.origin));
    const library = join(tempDir(), 'lib');

    const run = await gloss(dir, 'import', page, '--json', '--library', library);
    expect(run.code, run.err).toBe(0);
    const { id, title } = JSON.parse(run.out) as { id: string; title: string };
    expect(title).toBe('Soil Life in Small Gardens');
    const { html, text } = await shown(dir, library, id);
    const files = join(FIXTURE, 'Saved Page_files');
    for (const name of ['photo.png', 'chart.jpg', 'anim.gif']) {
      expect(html).toContain(`src="gloss-asset:${sha(readFileSync(join(files, name)))}"`);
    }
    expect(html).toContain('<span class="image-missing">A diagram of soil layers</span>');
    expect(text).toContain('A diagram of soil layers');
    // A file is treated as from the internet: its image on this computer is never fetched.
    expect(html).toContain('<span class="image-missing">A seedling photographed on the web</span>');
    expect(web.connections).toBe(0);
  });
});

describe('gloss import of an address without https://', () => {
  const article = (title: string): string =>
    `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>` +
    `<p>${'Words about the garden and its soil, with commas, and more words to read. '.repeat(12)}</p></article></body></html>`;

  it('tries https, then http when https cannot connect', async () => {
    const site = await serveOn('127.0.0.1', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(article('Plain HTTP garden')));
    const library = join(tempDir(), 'lib');
    const address = `127.0.0.1:${site.port}/garden`;
    const run = await gloss(tempDir(), 'import', address, '--json', '--library', library);
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ ok: true, title: 'Plain HTTP garden', source: address, status: 'imported' });
    // The https attempt reached the server (a TLS hello it could not answer), then http asked for the page.
    expect(site.requests).toEqual(['/garden']);
    expect(site.connections).toBe(2);
    const list = await gloss(tempDir(), 'list', '--json', '--library', library);
    expect(JSON.parse(list.out)).toMatchObject([{ sourceUrl: `http://127.0.0.1:${site.port}/garden` }]);
  });

  it('says why when neither https nor http connects', async () => {
    const port = await freePort();
    const run = await gloss(tempDir(), 'import', `127.0.0.1:${port}/page`, '--library', join(tempDir(), 'lib'));
    expect(run.code).toBe(1);
    expect(run.err.trim()).toBe(
      `failed   127.0.0.1:${port}/page: Could not download http://127.0.0.1:${port}/page: the server 127.0.0.1:${port} refused the connection.`,
    );
  });

  it('imports the file when a file of that name exists', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'example.com'));
    writeFileSync(join(cwd, 'example.com', 'notes.md'), '# Notes from a file\n\nThey were read from the disk, not the web.\n');
    const run = await gloss(cwd, 'import', 'example.com/notes.md', '--json', '--library', join(tempDir(), 'lib'));
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ ok: true, title: 'Notes from a file' });
    // A missing file with an importable name is still a file, not a host.
    const missing = await gloss(cwd, 'import', 'notes.md', '--library', join(tempDir(), 'lib'));
    expect(missing.err.trim()).toBe('failed   notes.md: No such file.');
  });
});
