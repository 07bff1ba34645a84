/**
 * The Gloss browser extension in Firefox (Debian's firefox-esr, driven by
 * puppeteer over WebDriver BiDi; Playwright's Firefox cannot load
 * extensions). One user path: install the Firefox store zip as a temporary
 * add-on (manifest warnings fail the install; its icons are there), set the connector's port
 * under Advanced (the build keeps the default port; this test's Gloss runs
 * on another, as with GLOSS_CONNECTOR_PORT), pair with the code Gloss gives,
 * save a members-only page a local site builds with JavaScript, and find
 * it, with its image, in the library.
 *
 * Firefox's requests carry `Origin: moz-extension://<uuid>` (POST; a GET
 * carries none, so the extension only POSTs), which the connector's origin
 * check accepts and binds the key to. The popup is opened as a tab: its
 * moz-extension:// address is fixed by giving the add-on's id a known UUID
 * (extensions.webextensions.uuids), and WebDriver may only navigate there
 * with --remote-allow-system-access (Firefox 153).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import puppeteer, { type Page } from 'puppeteer-core';
import { buildExtension, freePort, startGloss, startSite, stopGloss, type Gloss } from './extension-support';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON_ID = 'extension@gloss.app';
const UUID = '0b8c6f4e-5d2a-4c1b-9e7f-3a6d8c2b1e40';
const POPUP = `moz-extension://${UUID}/popup.html`;
const TITLE = 'Members only: the night garden';

/** The text of the popup's status line once it says something other than "…ing…". */
async function statusAfter(popup: Page): Promise<string> {
  const status = await popup.waitForFunction(
    () => {
      const text = document.querySelector('[role="status"]')?.textContent ?? '';
      return text && !text.endsWith('…') ? text : false;
    },
    { timeout: 20_000 },
  );
  return (await status.jsonValue()) as string;
}

/** Calls the app's API with its token (the browser-host API; what the app's Settings calls). */
async function callApp<T>(gloss: Gloss, method: string, args: unknown): Promise<T> {
  const url = new URL(gloss.url);
  const res = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const envelope = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  expect(envelope, `${method}: ${envelope.error?.message}`).toMatchObject({ ok: true });
  return envelope.value;
}

test.skip(!existsSync(FIREFOX), `Firefox is not installed at ${FIREFOX} (apt-get install firefox-esr, or set FIREFOX_PATH)`);

test('Firefox: install the add-on, set the port, pair, save a scripted members-only page, find it in the library', async () => {
  test.setTimeout(120_000); // Firefox's first start with a new profile is most of it
  const temp = mkdtempSync(join(tmpdir(), 'gloss-firefox-e2e-'));
  const connectorPort = await freePort();
  const extensionDir = join(temp, 'extension');
  buildExtension(extensionDir); // the default port: the user sets this test's one
  // Started side by side; each is stopped in `finally` whether or not the others started.
  const starting = {
    site: startSite(),
    gloss: startGloss(join(temp, 'library'), connectorPort),
    browser: puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: join(temp, 'profile'),
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
        // Any manifest warning fails the install (an unknown key, a wrong type).
        'extensions.webextensions.warnings-as-errors': true,
      },
    }),
  };
  try {
    const [site, gloss, browser] = await Promise.all([starting.site, starting.gloss, starting.browser]);
    // The store's zip, as addons.mozilla.org gets it.
    expect(await browser.installExtension(join(extensionDir, 'gloss-firefox.zip'))).toBe(ADDON_ID);

    // The reader signs in; the story is built by its script.
    const story = await browser.newPage();
    await story.goto(`${site.url}/login`);
    await story.locator(`::-p-aria([name="${TITLE}"][role="heading"])`).wait();

    // The popup, as a tab. WebDriver never hears that an extension page finished loading: wait for its form instead.
    const popup = await browser.newPage();
    void popup.goto(POPUP).catch(() => undefined);
    await popup.locator('::-p-aria([name="Pairing code"][role="textbox"])').wait();
    // Every icon the manifest names is in the add-on, a PNG.
    const icons = await popup.evaluate(async () => {
      type Manifest = { icons: Record<string, string>; action: { default_icon: Record<string, string> } };
      const manifest = (globalThis as unknown as { browser: { runtime: { getManifest: () => Manifest } } }).browser.runtime.getManifest();
      const paths = [...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon)];
      return Promise.all(paths.map(async (path) => [path, new Uint8Array(await (await fetch(path)).arrayBuffer()).slice(1, 4).join()] as const));
    });
    expect(icons.length).toBe(8);
    for (const [path, magic] of icons) expect(magic, path).toBe('80,78,71'); // "PNG"

    // Advanced → the port Gloss runs on (refused outside 1024–65535 first).
    await popup.locator('::-p-aria([name="Advanced"])').click();
    const portInput = popup.locator('::-p-aria([name="Connector port"][role="spinbutton"])');
    await portInput.fill('80');
    await popup.locator('::-p-aria([name="Save port"][role="button"])').click();
    expect(await statusAfter(popup)).toBe('The port must be a whole number from 1024 to 65535.');
    await portInput.fill(String(connectorPort));
    await popup.locator('::-p-aria([name="Save port"][role="button"])').click();
    await popup.waitForFunction((text) => document.querySelector('[role="status"]')?.textContent === text, {}, `The extension now calls Gloss on port ${connectorPort}.`);

    // Pair with the code Gloss shows (Settings → Browser extension → Pair a browser).
    const { code } = await callApp<{ code: string }>(gloss, 'startBrowserPairing', {});
    await popup.locator('::-p-aria([name="Pairing code"][role="textbox"])').fill(code.toLowerCase());
    await popup.locator('::-p-aria([name="Pair"][role="button"])').click();
    expect(await statusAfter(popup)).toBe('Paired with Gloss.');
    const { browsers } = await callApp<{ browsers: { name: string }[] }>(gloss, 'getBrowserPairing', {});
    expect(browsers.map((b) => b.name)).toEqual(['Firefox on Linux']);

    // Save page: the story is the web page used last.
    await story.bringToFront();
    await popup.bringToFront();
    await popup.locator('::-p-aria([name="Save page"][role="button"])').click();
    expect(await statusAfter(popup)).toBe(`Saved: ${TITLE}.`);

    // The library, in the app: the page, with the text its script wrote and the image it loaded with the cookie.
    const app = await browser.newPage();
    await app.goto(gloss.url);
    await app.locator(`::-p-aria([name="${TITLE}"][role="button"])`).click();
    await app.waitForFunction(
      () => {
        const body = document.querySelector('[data-article-body]');
        const img = body?.querySelector('img');
        return !!body?.textContent?.includes('A note from the shadow about moths, kept by Gloss.') && !!img && /^\/asset\/[0-9a-f]{64}$/.test(img.getAttribute('src') ?? '') && img.complete && img.naturalWidth > 0;
      },
      { timeout: 20_000 },
    );
    // Gloss itself never fetched from the site: everything came from the browser.
    expect(site.refused.filter((ua) => /Gloss\//.test(ua))).toEqual([]);
  } finally {
    const stopped = <T>(started: Promise<T>, stop: (it: T) => Promise<unknown>): Promise<unknown> => started.then(stop, () => undefined);
    await Promise.all([
      stopped(starting.browser, (browser) => browser.close()),
      stopped(starting.gloss, stopGloss),
      stopped(starting.site, (site) => new Promise((r) => site.server.close(r))),
    ]);
    rmSync(temp, { recursive: true, force: true });
  }
});
