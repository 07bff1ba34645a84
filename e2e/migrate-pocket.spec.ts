/**
 * A Pocket export ZIP through the app's Import button, its URLs pointing at
 * a web site on 127.0.0.1: the import reports the pages and highlights, the
 * URL-list job saves the pages with progress, the saved essay takes the
 * highlight that waited for it (painted in the reader), and the page that
 * answers 404 stays a highlights-only entry with the failure listed, and
 * shown on the entry with Try again, which saves it once the site has it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { pageHtml, pocketCsv, pocketZip } from '../tests/migrate/web-exports';

const QUOTE = 'it was the worst of times';

let server: Server | undefined;
/** What /gone serves once it is back (404 while null). */
let lostPage: string | null = null;
test.afterEach(async () => {
  const s = server;
  server = undefined;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((done) => s.close(done));
});

async function startSite(): Promise<string> {
  const essay = pageHtml('A Tale of Two Cities', [
    `It was the best of times, ${QUOTE}, it was the age of wisdom, it was the age of foolishness.`,
    'It was the epoch of belief, it was the epoch of incredulity, it was the season of Light.',
  ]);
  server = createServer((req, res) => {
    if (req.url === '/essay') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(essay);
    else if (req.url === '/gone' && lostPage) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(lostPage);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('imports a Pocket ZIP: pages saved in the background, the highlight placed and painted, a 404 kept as highlights only, then saved by Try again', async ({ page }) => {
  lostPage = null;
  const origin = await startSite();
  const zip = pocketZip({
    'part_000000.csv': pocketCsv([
      { title: 'A Tale of Two Cities', url: `${origin}/essay`, timeAdded: 1700000000, tags: ['dickens'], status: 'unread' },
      { title: 'A lost page', url: `${origin}/gone`, timeAdded: 1700000000, tags: [], status: 'unread' },
    ]),
    'annotations/part_000000.json': JSON.stringify([
      { url: `${origin}/essay`, title: 'A Tale of Two Cities', highlights: [{ quote: QUOTE, created_at: 1700000100 }] },
      { url: `${origin}/gone`, title: 'A lost page', highlights: [{ quote: 'Words nobody can fetch.', created_at: 1700000100 }] },
    ]),
  });
  await page.getByLabel('Import files').setInputFiles({ name: 'pocket.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(page.getByText('Highlights from pocket.zip: 2 pages, 2 highlights added, 2 pages to save.')).toBeVisible();

  const job = page.getByRole('region', { name: /^Saving pages from pocket\.zip/ });
  await expect(job.getByRole('status')).toContainText('Saved 1, failed 1, remaining 0');
  await expect(job.getByRole('progressbar', { name: 'Save progress' })).toHaveJSProperty('value', 2);
  await expect(job.getByRole('list', { name: 'Not saved' })).toContainText(`${origin}/gone: the server answered 404`);

  const list = page.getByRole('list', { name: 'Library' });
  const row = (title: string) => list.getByRole('listitem').filter({ has: page.getByRole('button', { name: title, exact: true }) });
  await expect(row('A lost page')).toContainText('Highlights only');
  await expect(row('A Tale of Two Cities')).not.toContainText('Highlights only');
  await expect(list.getByRole('listitem')).toHaveCount(2);

  await list.getByRole('button', { name: 'A Tale of Two Cities', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'A Tale of Two Cities' })).toBeVisible();
  const painted = (): Promise<string[]> =>
    page.evaluate(() => {
      const layer = CSS.highlights.get('gloss-yellow');
      return layer ? Array.from(layer as Iterable<AbstractRange>, (r) => (r as Range).toString()) : [];
    });
  await expect.poll(painted).toEqual([QUOTE]);

  // The lost page's entry says why it was not saved, and when; Try again saves it once the site has it back.
  await page.keyboard.press('Escape');
  await list.getByRole('button', { name: 'A lost page', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'A lost page' })).toBeVisible();
  await expect(page.getByText('Could not save the page: the server answered 404 Not Found.')).toBeVisible();
  lostPage = pageHtml('A lost page', ['Words nobody can fetch.', 'Found again, and long enough for the reader to keep this page.']);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText('Found again, and long enough')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect.poll(painted).toEqual(['Words nobody can fetch.']);
});
