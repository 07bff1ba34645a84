/**
 * What imported articles look like: a page saved by a browser "complete"
 * shows its images from the library (an image that cannot be had shows its
 * alt text, never a broken-image icon), and a web address typed without
 * https:// is saved from the URL box.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { callApi, libraryList, reload } from './helpers';

const FIXTURE = join(ROOT, 'tests/fixtures/import/saved-page');
const TITLE = 'Soil Life in Small Gardens';

test('a saved page shows its folder’s images, and alt text where an image is missing', async ({ page, app }) => {
  const folder = 'Saved Page_files';
  const resources = readdirSync(join(FIXTURE, folder)).map((name) => ({
    name: `${folder}/${name}`,
    data: { $bytes: readFileSync(join(FIXTURE, folder, name)).toString('base64') },
  }));
  await callApi(page, app, 'importFile', {
    name: 'Saved Page.html',
    data: { $bytes: readFileSync(join(FIXTURE, 'Saved Page.html')).toString('base64') },
    mode: 'new',
    resources,
  });
  await reload(page);
  await libraryList(page).getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

  const body = page.locator('[data-article-body]');
  await expect
    .poll(() =>
      body.locator('img').evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).map((img) => ({ alt: img.alt, shown: img.complete && img.naturalWidth > 0 })),
      ),
    )
    .toEqual([
      { alt: 'A red square of turned soil', shown: true },
      { alt: 'A chart of compost temperature', shown: true },
      { alt: 'Worms at work', shown: true },
    ]);
  for (const alt of ['A diagram of soil layers', 'A picture outside the folder', 'Not really an image', 'A seedling photographed on the web']) {
    await expect(body.locator('.image-missing', { hasText: alt })).toBeVisible();
  }
});

let server: Server | undefined;
test.afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

test('an address typed without https:// is saved (over http when https cannot connect)', async ({ page }) => {
  const title = 'A Page Typed Without Its Scheme';
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>` +
        `<p>${'Words about gardens, typed into the box without a scheme, and saved all the same. '.repeat(12)}</p></article></body></html>`,
    );
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  await page.getByRole('textbox', { name: 'URL' }).fill(`127.0.0.1:${port}/typed`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(libraryList(page).getByRole('heading', { level: 3 })).toHaveText([title]);
});
