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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Page } from '@playwright/test';
import { buildExtension, freePort, startGloss, startSite, stopGloss } from './extension-support';
import { whenReady } from './fixtures';
import { panel } from './helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
  buildExtension(extensionDir, connectorPort);
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
    // Advanced shows the port the extension calls (built in here; set by the user in the Firefox test).
    await popup.getByText('Advanced').click();
    await expect(popup.getByRole('spinbutton', { name: 'Connector port' })).toHaveValue(String(connectorPort));
    // The popup (Advanced open) and the Settings section are accessible (WCAG 2.1 A/AA).
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
