/**
 * The Gloss browser extension, unpacked in Chromium (a persistent context
 * with --load-extension; built here into a temp folder with the connector
 * port of this test's `gloss serve`). One whole user path: pair through the
 * popup with the code Settings shows; save a page that a local site builds
 * with JavaScript behind a login cookie (Gloss's own fetcher gets a 403
 * there), with its image, its open shadow root and its <template> text; save it again (exists → Update); save a selection
 * as a highlight; stop Gloss → the save is queued → start Gloss → reopening
 * the popup delivers it; the library shows both pages, the image and the
 * highlight.
 *
 * The popup is opened as a tab (chrome-extension://<id>/popup.html, the id
 * read from the service worker's URL); it saves the web page used last.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Page } from '@playwright/test';
import { cliArgs, cliEnv } from './cli-bundle';
import { whenReady } from './fixtures';
import { panel } from './helpers';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const LONG = 'Members of the garden club read this slowly, with the windows open and the kettle on, and then they read it again. ';

/** A page whose text exists only after its script runs, and only for a signed-in reader. */
function scriptedPage(title: string, topic: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<main id="root"><p>Loading…</p></main>
<template id="more"><p>${LONG}${LONG}A passage about ${topic} kept in a template, never stamped into the page.</p></template>
<script>
  const root = document.getElementById('root');
  const paras = Array.from({ length: 6 }, (_, i) => '<p>Paragraph ' + (i + 1) + ' about ${topic}. ${LONG}</p>').join('');
  root.innerHTML = '<article><h1>${title}</h1>' + paras +
    '<figure><img data-src="/img/photo.png" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" loading="lazy" alt="A photo of ${topic}" width="40" height="40"></figure>' +
    '<div id="aside"></div><p>The last words on ${topic} are these.</p></article>';
  root.querySelector('article').append(document.getElementById('more'));
  const img = root.querySelector('img');
  img.src = img.dataset.src; // what a lazy loader does once the image scrolls into view
  // A web component's open shadow root holds a paragraph too.
  root.querySelector('#aside').attachShadow({ mode: 'open' }).innerHTML = '<p>A note from the shadow about ${topic}, kept by Gloss.</p>';
</script></body></html>`;
}

interface Site {
  url: string;
  /** User agents of requests refused for want of the cookie. */
  refused: string[];
  server: Server;
}

async function startSite(): Promise<Site> {
  const refused: string[] = [];
  const signedIn = (req: IncomingMessage): boolean => /(?:^|;\s*)session=reader-1(?:;|$)/.test(req.headers.cookie ?? '');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    if (path === '/login') {
      res.writeHead(302, { location: '/story/one', 'set-cookie': 'session=reader-1; Path=/; HttpOnly; SameSite=Lax' });
      return res.end();
    }
    if (!signedIn(req)) {
      refused.push(req.headers['user-agent'] ?? '');
      res.writeHead(403, { 'content-type': 'text/plain' });
      return res.end('Sign in first');
    }
    if (path === '/img/photo.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(PNG);
    }
    const pages: Record<string, string> = {
      '/story/one': scriptedPage('Members only: the night garden', 'moths'),
      '/story/two': scriptedPage('Members only: winter seeds', 'seeds'),
    };
    const html = pages[path];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'Not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, refused, server };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

interface Gloss {
  child: ChildProcess;
  url: string;
}

/** `gloss serve` on the library, its connector on `connectorPort`; resolves once both listen. */
function startGloss(libraryDir: string, connectorPort: number): Promise<Gloss> {
  const child = spawn(process.execPath, cliArgs('serve', '--library', libraryDir, '--port', '0'), {
    cwd: ROOT,
    env: cliEnv({ GLOSS_CONNECTOR_PORT: String(connectorPort) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /Gloss is serving at (\S+)/.exec(out)?.[1];
      if (url && out.includes(`connector: http://127.0.0.1:${connectorPort}`)) resolvePromise({ child, url });
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('exit', (code) => reject(new Error(`gloss serve exited with ${code}:\n${out}\n${err}`)));
  });
}

function stopGloss(gloss: Gloss): Promise<void> {
  return new Promise((done) => {
    if (gloss.child.exitCode !== null) return done();
    gloss.child.once('exit', () => done());
    gloss.child.kill('SIGTERM');
  });
}

/** Makes `page` the web page used last (the one the popup, opened as a tab, saves), then shows the popup. */
async function fromPage(page: Page, popup: Page): Promise<void> {
  await page.bringToFront();
  await popup.bringToFront();
}

test('pair, save a scripted members-only page with its image, update it, save a selection as a highlight, queue while Gloss is stopped', async () => {
  test.setTimeout(180_000); // two gloss serve starts, a Chromium with an extension, three page imports
  const temp = mkdtempSync(join(tmpdir(), 'gloss-extension-e2e-'));
  const connectorPort = await freePort();
  const extensionDir = join(temp, 'extension');
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-extension.mjs'), '--out', extensionDir, '--port', String(connectorPort)]);
  const unpacked = join(extensionDir, 'chromium');
  const site = await startSite();
  const libraryDir = join(temp, 'library');
  const [started, context] = await Promise.all([
    startGloss(libraryDir, connectorPort),
    // New headless mode runs extensions; CI also has xvfb for a headed run.
    chromium.launchPersistentContext(join(temp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [`--disable-extensions-except=${unpacked}`, `--load-extension=${unpacked}`, '--no-first-run', '--disable-background-networking', '--disable-component-update'],
    }),
  ]);
  let gloss = started;
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;

    // Settings → Browser extension → Pair a browser: a code to type in the popup.
    const app = context.pages()[0] ?? (await context.newPage());
    await app.goto(gloss.url);
    await whenReady(app);
    await app.getByRole('button', { name: 'Settings' }).click();
    const settings = app.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('button', { name: 'Pair a browser' }).click();
    const code = (await settings.getByText(/^[A-Z2-9]{6}$/).textContent())!.trim();

    // The reader signs in to the site; the story is built by its script.
    const story = await context.newPage();
    await story.goto(`${site.url}/login`);
    await expect(story.getByRole('heading', { name: 'Members only: the night garden' })).toBeVisible();

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    const status = popup.getByRole('status');
    await popup.getByLabel('Pairing code').fill(code.toLowerCase());
    await popup.getByRole('button', { name: 'Pair' }).click();
    await expect(status).toHaveText('Paired with Gloss.');
    await expect(settings.getByRole('list', { name: 'Paired browsers' }).getByRole('listitem')).toContainText(/Chrom(e|ium) on Linux/);
    // The popup and the Settings section are accessible (WCAG 2.1 A/AA).
    for (const [what, page, include] of [['popup', popup, 'body'], ['Settings → Browser extension', app, 'section[aria-labelledby="settings-extension-title"]']] as const) {
      const results = await new AxeBuilder({ page }).include(include).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
    }

    // Save page: the rendered page with the image it loaded with the cookie.
    await fromPage(story, popup);
    await popup.getByRole('button', { name: 'Save page' }).click();
    await expect(status).toHaveText('Saved: Members only: the night garden.');
    await expect(popup.getByRole('link', { name: 'Open in Gloss' })).toHaveAttribute('href', /^gloss:\/\/article\/[a-z0-9]+$/);
    // Saved again: already there, and Update replaces it.
    await popup.getByRole('button', { name: 'Save page' }).click();
    await expect(status).toHaveText('Already in your library: Members only: the night garden.');
    await popup.getByRole('button', { name: 'Update' }).click();
    await expect(status).toHaveText('Updated: Members only: the night garden.');

    // Save selection as highlight: a passage selected on the page.
    await story.evaluate(() => {
      const p = Array.from(document.querySelectorAll('p')).find((el) => el.textContent?.startsWith('Paragraph 3'))!;
      const text = p.firstChild!;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, 'Paragraph 3 about moths. Members of the garden club'.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await fromPage(story, popup);
    await popup.getByRole('button', { name: 'Save selection as highlight' }).click();
    await expect(status).toHaveText('Already in your library: Members only: the night garden. Highlight added.');

    // Gloss stopped: the next save waits in the extension, and goes when Gloss is back.
    await stopGloss(gloss);
    const second = await context.newPage();
    await second.goto(`${site.url}/story/two`);
    await expect(second.getByRole('heading', { name: 'Members only: winter seeds' })).toBeVisible();
    await fromPage(second, popup);
    await popup.getByRole('button', { name: 'Save page' }).click();
    await expect(status).toHaveText('Gloss is not running. The save is queued and will be sent when Gloss is reachable.');
    await expect(popup.getByText('1 save is waiting for Gloss.')).toBeVisible();
    gloss = await startGloss(libraryDir, connectorPort);
    await popup.reload();
    await expect(popup.getByRole('status')).toHaveText('Sent the queued save to Gloss.');
    await expect(popup.getByText('save is waiting')).toBeHidden();

    // The library: both pages; the first with its image, its shadow-root text and its highlight.
    await app.goto(gloss.url);
    await whenReady(app);
    const library = app.getByRole('list', { name: 'Library' });
    await expect(library.getByRole('listitem')).toHaveCount(2);
    await library.getByRole('button', { name: 'Members only: the night garden', exact: true }).click();
    await expect(app.getByRole('heading', { level: 1, name: 'Members only: the night garden' })).toBeVisible();
    await expect(app.locator('[data-article-body]')).toContainText('A note from the shadow about moths, kept by Gloss.');
    await expect(app.locator('[data-article-body]')).toContainText('A passage about moths kept in a template, never stamped into the page.');
    await expect
      .poll(() =>
        app.locator('[data-article-body] img').evaluateAll((imgs) =>
          (imgs as HTMLImageElement[]).map((img) => /^\/asset\/[0-9a-f]{64}$/.test(img.getAttribute('src') ?? '') && img.complete && img.naturalWidth > 0),
        ),
      )
      .toEqual([true]);
    await expect(panel(app).getByRole('listitem').first()).toContainText('Paragraph 3 about moths. Members of the garden club');
    // Gloss itself never fetched from the site: everything came from the browser.
    expect(site.refused.filter((ua) => /Gloss\//.test(ua))).toEqual([]);
  } finally {
    await context.close();
    await stopGloss(gloss);
    await new Promise((r) => site.server.close(r));
    rmSync(temp, { recursive: true, force: true });
  }
});
