/**
 * Saving web pages in the browser host: the Save URL form, paste, a dropped
 * link and a list of URLs, against a real HTTP server started here on
 * 127.0.0.1. A saved page and its images read from the library alone, with
 * the site stopped and no request leaving the app.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { libraryList, reload, writeTemp } from './helpers';

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function articlePage(title: string, topic: string): string {
  const words = `More words about ${topic}, written for the end-to-end tests of Gloss, slowly and with care. `;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<nav><a href="/">Home</a></nav>
<article>
<h1>${title}</h1>
<p>The first paragraph is about ${topic} and why it matters to anyone who reads on the web.</p>
<figure><img src="/img/first.png" alt="A first picture of ${topic}" width="40" height="40"></figure>
<p>${words.repeat(12)}</p>
<p><img src="/img/second.png?size=1" alt="A second picture" width="40" height="40"></p>
<p>${words.repeat(12)}</p>
</article>
<footer>Footer links</footer>
</body></html>`;
}

interface Site {
  base: string;
  /** Paths requested so far. */
  hits: string[];
  close: () => Promise<void>;
}

type Route = { status?: number; type: string; body: string | Buffer; delayMs?: number };

/** A web site on 127.0.0.1 serving `routes` (by path); anything else is a 404. */
async function startSite(routes: Record<string, Route>): Promise<Site> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    const send = () => res.writeHead(route.status ?? 200, { 'content-type': route.type }).end(route.body);
    if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((done) => {
        if (closed) return done();
        closed = true;
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

const IMAGES: Record<string, Route> = {
  '/img/first.png': { type: 'image/png', body: PNG },
  '/img/second.png': { type: 'image/png', body: PNG },
};

const GARDENS = 'On Gardens and Patience';
const RIVERS = 'Rivers of the North';

function site(): Promise<Site> {
  return startSite({
    ...IMAGES,
    '/gardens': { type: 'text/html; charset=utf-8', body: articlePage(GARDENS, 'gardens') },
    '/rivers': { type: 'text/html; charset=utf-8', body: articlePage(RIVERS, 'rivers') },
    '/paper.pdf': { type: 'application/pdf', body: '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n' },
  });
}

function urlBox(page: Page) {
  return page.getByRole('textbox', { name: 'URL' });
}

async function saveUrl(page: Page, url: string): Promise<void> {
  await urlBox(page).fill(url);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}

function titles(page: Page) {
  return libraryList(page).getByRole('heading', { level: 3 });
}

function saveError(page: Page) {
  return page.getByRole('alert').filter({ hasText: 'Could not save' });
}

/** Every loaded image of the article body: its src and natural width. */
function articleImages(page: Page): Promise<Array<{ src: string; width: number }>> {
  return page
    .locator('[data-article-body] img')
    .evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((img) => ({ src: img.getAttribute('src') ?? '', width: img.complete ? img.naturalWidth : 0 })),
    );
}

async function expectImagesShown(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      const images = await articleImages(page);
      return images.length > 0 && images.every((i) => /^\/asset\/[0-9a-f]{64}$/.test(i.src) && i.width > 0);
    })
    .toBe(true);
}

let current: Site | undefined;
test.afterEach(async () => {
  await current?.close();
  current = undefined;
});

test('saves a page with its images and reads it offline, with no request leaving the app', async ({ page, app }) => {
  current = await site();
  const url = `${current.base}/gardens`;

  await saveUrl(page, url);
  await expect(titles(page)).toHaveText([GARDENS]);
  await expect(page.getByRole('status').first()).toContainText(`Saved “${GARDENS}”.`);
  await expect(urlBox(page)).toHaveValue('');
  expect(current.hits).toContain('/img/first.png');

  // From here on, nothing may leave the app's own origin.
  const foreign: string[] = [];
  page.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(`${app.origin}/`) && !target.startsWith('data:')) foreign.push(target);
  });

  await libraryList(page).getByRole('button', { name: GARDENS, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: GARDENS })).toBeVisible();
  await expect(page.locator('[data-article-body]')).toContainText('The first paragraph is about gardens');
  await expectImagesShown(page);
  expect(await page.locator('[data-article-body] img').first().getAttribute('alt')).toBe('A first picture of gardens');

  // The site goes away; the article and its images are still there.
  await current.close();
  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: GARDENS })).toBeVisible();
  await expect(page.locator('[data-article-body]')).toContainText('The first paragraph is about gardens');
  await expectImagesShown(page);

  expect(foreign).toEqual([]);
});

test('the same address saved again asks first; Skip keeps one article', async ({ page }) => {
  current = await site();
  await saveUrl(page, `${current.base}/gardens`);
  await expect(titles(page)).toHaveText([GARDENS]);

  // Enter submits; tracking parameters and the fragment do not make it new.
  await urlBox(page).fill(`${current.base}/gardens?utm_source=x#frag`);
  await urlBox(page).press('Enter');
  const dialog = page.getByRole('dialog', { name: `“${GARDENS}” is already in your library` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Skip' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').first()).toContainText('Skipped');
  await expect(titles(page)).toHaveText([GARDENS]);

  // Update existing fetches it again and reports like a file update.
  await saveUrl(page, `${current.base}/gardens`);
  await dialog.getByRole('button', { name: 'Update existing' }).click();
  await expect(page.getByRole('status').first()).toContainText(`Updated “${GARDENS}”`);
  await expect(titles(page)).toHaveText([GARDENS]);
  await expect(saveError(page)).toHaveCount(0);
});

test('a page that is missing or not a web page shows why, beside the form', async ({ page }) => {
  current = await site();
  const missing = `${current.base}/missing`;
  await saveUrl(page, missing);
  await expect(saveError(page)).toContainText(`Could not save ${missing}`);
  await expect(saveError(page)).toContainText('404');
  // The address stays in the box to be corrected.
  await expect(urlBox(page)).toHaveValue(missing);

  const pdf = `${current.base}/paper.pdf`;
  await saveUrl(page, pdf);
  await expect(saveError(page)).toContainText(`Could not save ${pdf}`);
  await expect(saveError(page)).toContainText('PDF');
  await expect(page.getByText('Your library is empty.')).toBeVisible();

  await saveError(page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(saveError(page)).toHaveCount(0);
});

test('imports a list of URLs with progress, lists failures, retries them and saves nothing twice', async ({ page }) => {
  current = await site();
  const missing = `${current.base}/missing`;
  const list = writeTemp(
    'reading-list.txt',
    [`${current.base}/gardens`, 'not-an-address', `${current.base}/rivers`, missing, ''].join('\n'),
  );

  await page.getByLabel('Import URL list').setInputFiles(list);
  const job = page.getByRole('region', { name: /^Saving pages from reading-list\.txt/ });
  await expect(job.getByRole('status')).toContainText('Saved 2, failed 2, remaining 0');
  await expect(job.getByRole('progressbar', { name: 'Save progress' })).toHaveJSProperty('value', 4);
  const failures = job.getByRole('list', { name: 'Not saved' });
  await expect(failures.getByRole('listitem')).toHaveCount(2);
  await expect(failures).toContainText(`${missing}: the server answered 404`);
  await expect(failures).toContainText('Line 2: not-an-address: not a web address');
  await expect(titles(page)).toHaveCount(2);
  await expect(titles(page).filter({ hasText: GARDENS })).toHaveCount(1);
  await expect(titles(page).filter({ hasText: RIVERS })).toHaveCount(1);

  // Retry failed asks for the missing page again; it still fails.
  const asked = current.hits.filter((p) => p === '/missing').length;
  await job.getByRole('button', { name: 'Retry failed' }).click();
  await expect.poll(() => current!.hits.filter((p) => p === '/missing').length).toBe(asked + 1);
  await expect(job.getByRole('status')).toContainText('Saved 2, failed 2, remaining 0');
  await expect(failures.getByRole('listitem')).toHaveCount(2);

  // The same list again: nothing new is saved.
  await page.getByLabel('Import URL list').setInputFiles(list);
  await expect(job.getByRole('status')).toContainText('Saved 0, failed 2, remaining 0; 2 already in your library.');
  await expect(titles(page)).toHaveCount(2);

  await job.getByRole('button', { name: 'Dismiss' }).click();
  await expect(job).toHaveCount(0);
});

test('a list job can be cancelled and resumed after a reload without duplicates', async ({ page }) => {
  const pages: Record<string, Route> = { ...IMAGES };
  const urls: string[] = [];
  for (let i = 1; i <= 4; i++) {
    pages[`/page-${i}`] = { type: 'text/html', body: articlePage(`Slow Page ${i}`, `topic number ${i}`), delayMs: 800 };
  }
  current = await startSite(pages);
  for (let i = 1; i <= 4; i++) urls.push(`${current.base}/page-${i}`);
  const list = writeTemp('slow.txt', urls.join('\n'));

  await page.getByLabel('Import URL list').setInputFiles(list);
  const job = page.getByRole('region', { name: /^Saving pages from slow\.txt/ });
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job.getByRole('button', { name: 'Resume' })).toBeVisible();
  const status = await job.getByRole('status').textContent();
  const remaining = Number(/remaining (\d+)/.exec(status ?? '')?.[1]);
  expect(remaining).toBeGreaterThan(0);
  await expect(titles(page)).toHaveCount(4 - remaining);

  // The pending job survives a reload.
  await reload(page);
  await expect(job.getByRole('status')).toContainText(`remaining ${remaining}`);
  await job.getByRole('button', { name: 'Resume' }).click();
  await expect(job.getByRole('status')).toContainText('failed 0, remaining 0');
  await expect(titles(page)).toHaveCount(4);
});

test('pasting or dropping a web address in the library saves the page', async ({ page }) => {
  current = await site();
  await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible();

  await page.evaluate((url) => {
    const data = new DataTransfer();
    data.setData('text/plain', url);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, `${current.base}/gardens`);
  await expect(titles(page)).toHaveText([GARDENS]);

  // Pasting into the URL box only fills it: the app leaves the paste alone and saves nothing.
  const saves: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/saveUrl')) saves.push(request.postData() ?? '');
  });
  await urlBox(page).focus();
  const pasteTaken = await page.evaluate((url) => {
    const data = new DataTransfer();
    data.setData('text/plain', url);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    document.activeElement?.dispatchEvent(event);
    return event.defaultPrevented;
  }, `${current.base}/rivers`);
  expect(pasteTaken).toBe(false);
  await expect(titles(page)).toHaveText([GARDENS]);

  await page.evaluate((url) => {
    const data = new DataTransfer();
    data.setData('text/uri-list', `# a comment\n${url}`);
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, `${current.base}/rivers`);
  await expect(titles(page)).toHaveCount(2);
  await expect(titles(page).filter({ hasText: GARDENS })).toHaveCount(1);
  await expect(titles(page).filter({ hasText: RIVERS })).toHaveCount(1);
  // Saves run one after another, so a save of the paste would have been sent before the drop's.
  expect(saves.filter((body) => body.includes('/rivers'))).toHaveLength(1);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
