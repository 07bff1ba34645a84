/**
 * The PDF view in the browser host: a generated 3-page PDF imported through
 * the API opens as pages (canvas + pdf.js text layer), with its links (http(s)
 * only), the page box, zoom keys and modes, the Contents navigation and the
 * reading position, under the app's CSP without a violation or a console
 * error; a scanned PDF says what it lacks; Japanese text comes through the
 * bundled CMaps; a 100-page one keeps few canvases; a file over 16 MB is read
 * by ranges.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { makeCjkPdf, makePdf } from '../tests/pdf/make-pdf';
import { expect, test } from './fixtures';
import { callApi, reload } from './helpers';

const TITLE = 'Soil Carbon in Small Farms';

async function importPdf(page: Page, app: Parameters<typeof callApi>[1]): Promise<void> {
  const bytes = await makePdf(
    [1, 2, 3].map((n) => ({
      heading: { text: `Chapter ${n}`, size: 20 },
      lines: [`Page ${n} says the soil holds carbon number ${n}.`, '', `More text on page ${n}.`],
    })),
    {
      title: TITLE,
      author: 'Ada Field',
      outline: [1, 2, 3].map((n) => ({ title: `Chapter ${n}`, page: n })),
      // Only http(s) links leave the document; a link inside it goes to its page.
      links: [
        { page: 1, rect: [50, 600, 250, 620], uri: 'https://example.org/soil' },
        { page: 1, rect: [50, 560, 250, 580], uri: 'mailto:ada@example.org' },
        { page: 1, rect: [50, 520, 250, 540], uri: 'javascript:alert(1)' },
        // Halfway down page 2 (842 points high).
        { page: 1, rect: [50, 480, 250, 500], toPage: 2, top: 421 },
      ],
    },
  );
  await callApi(page, app, 'importFile', {
    name: 'soil.pdf',
    data: { $bytes: Buffer.from(bytes).toString('base64') },
    mode: 'new',
  });
}

/** The share of non-white pixels on a page's canvas (0 for a blank or missing one). */
function paintedShare(page: Page, n: number): Promise<number> {
  return page.locator(`[data-page-number="${n}"] canvas`).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 200) dark++;
    return dark / (data.length / 4);
  });
}

/** How much of page `n` is above the reading line (the PDF bar's bottom edge), as a share of its height. */
function shareAboveBar(page: Page, n: number): Promise<number> {
  return page.evaluate((n) => {
    const bar = document.querySelector('.pdf-bar')!.getBoundingClientRect();
    const slot = document.querySelector(`[data-page-number="${n}"]`)!.getBoundingClientRect();
    return (bar.bottom - slot.top) / slot.height;
  }, n);
}

/** Which page's top edge is nearest the reading line (below the sticky bars). */
function pageAtTop(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bar = document.querySelector('.pdf-bar')!.getBoundingClientRect();
    let best = 0;
    let distance = Infinity;
    for (const el of document.querySelectorAll<HTMLElement>('[data-page-number]')) {
      const d = Math.abs(el.getBoundingClientRect().top - bar.bottom);
      if (d < distance) [best, distance] = [Number(el.dataset.pageNumber), d];
    }
    return best;
  });
}

test('reads a PDF: painted pages with text, page box, zoom, Contents, and the place kept over a reload', async ({ page, app }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} ${message.location().url}`.trim());
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`);
    });
  });
  await importPdf(page, app);
  await reload(page);
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

  // Page 1 is painted and its text is in the text layer (selectable, not an image of text).
  const first = page.getByRole('group', { name: 'Page 1' });
  await expect(first.locator('.textLayer')).toContainText('Page 1 says the soil holds carbon');
  await expect.poll(() => paintedShare(page, 1)).toBeGreaterThan(0.001);
  await expect(page.getByLabel('Page number')).toHaveValue('1');
  await expect(page.getByRole('toolbar', { name: 'PDF' })).toContainText('/ 3');
  // A PDF with text says nothing about highlights (they work: e2e/pdf-highlights.spec.ts).
  await expect(page.getByText('search and highlights need text')).toHaveCount(0);

  // Page 1's links: the web one opens outside (a new window), the others are not links at all;
  // the one inside the document goes to its place, halfway down page 2.
  const links = first.locator('.pdf-links a');
  await expect(links).toHaveCount(2);
  await expect(first.getByRole('link', { name: 'https://example.org/soil' })).toHaveAttribute('target', '_blank');
  await first.getByRole('link', { name: 'Go to page 2' }).click();
  await expect.poll(() => shareAboveBar(page, 2)).toBeCloseTo(0.5, 1);
  await expect(page.getByLabel('Page number')).toHaveValue('2');

  // The page box: 1 + Enter goes back to page 1, 3 + Enter to page 3.
  await page.getByLabel('Page number').fill('1');
  await page.getByLabel('Page number').press('Enter');
  await expect.poll(() => pageAtTop(page)).toBe(1);
  await page.getByLabel('Page number').fill('3');
  await page.getByLabel('Page number').press('Enter');
  await expect.poll(() => pageAtTop(page)).toBe(3);
  await expect(page.getByRole('group', { name: 'Page 3' }).locator('.textLayer')).toContainText('Page 3 says');
  await expect(page.getByLabel('Page number')).toHaveValue('3');

  // Ctrl+= zooms in: the page grows wider than fit width.
  const widthBefore = (await first.boundingBox())!.width;
  await page.locator('body').press('Control+=');
  await expect.poll(async () => (await first.boundingBox())!.width).toBeGreaterThan(widthBefore + 10);
  await page.locator('body').press('Control+0');
  await expect.poll(async () => Math.round((await first.boundingBox())!.width)).toBe(Math.round(widthBefore));
  // Ctrl+− zooms out; Fit page shows a whole page in the window.
  await page.locator('body').press('Control+-');
  await expect.poll(async () => (await first.boundingBox())!.width).toBeLessThan(widthBefore - 10);
  await page.getByRole('combobox', { name: 'Zoom' }).selectOption('Fit page');
  const windowHeight = page.viewportSize()!.height;
  await expect.poll(async () => (await page.getByRole('group', { name: 'Page 3' }).boundingBox())!.height).toBeLessThanOrEqual(windowHeight);
  await page.locator('body').press('Control+0');
  await expect.poll(async () => Math.round((await first.boundingBox())!.width)).toBe(Math.round(widthBefore));

  // Contents jumps to its chapter.
  await page.getByText('Contents', { exact: true }).click();
  const contents = page.getByRole('navigation', { name: 'Contents' });
  await contents.getByRole('button', { name: /Chapter 2/ }).click();
  await expect.poll(() => pageAtTop(page)).toBe(2);
  await expect(page.getByLabel('Page number')).toHaveValue('2');

  // The place is saved (page and offset) and comes back after a reload.
  await expect
    .poll(async () => (await callApi<{ readPosition: string | null }>(page, app, 'getArticle', { id: await articleId(page, app) })).readPosition)
    .not.toBeNull();
  await reload(page);
  await expect(page.getByRole('group', { name: 'Page 2' }).locator('.textLayer')).toContainText('Page 2 says');
  await expect.poll(() => pageAtTop(page)).toBe(2);
  await expect(page.getByLabel('Page number')).toHaveValue('2');

  expect(problems).toEqual([]);
});

test('the PDF view passes axe in light and dark, Contents open; a scanned PDF says what it lacks; Japanese through the CMaps', async ({ page, app }) => {
  await importPdf(page, app);
  const scanned = await makePdf([], { title: 'A Scanned Letter', imagePages: [1, 2] });
  await callApi(page, app, 'importFile', { name: 'scan.pdf', data: { $bytes: Buffer.from(scanned).toString('base64') }, mode: 'new' });
  const japanese = Buffer.from(makeCjkPdf('日本語の文章')).toString('base64');
  await callApi(page, app, 'importFile', { name: 'nihongo.pdf', data: { $bytes: japanese }, mode: 'new' });
  await reload(page);
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('group', { name: 'Page 1' }).locator('.textLayer')).toContainText('Page 1 says');
  await page.getByText('Contents', { exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Contents' })).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    expect(found, colorScheme).toEqual([]);
  }

  // Invert pages (for a dark theme) filters the canvases and is remembered.
  const invert = page.getByRole('button', { name: 'Invert pages' });
  await expect(invert).toHaveAttribute('aria-pressed', 'false');
  await invert.click();
  const filter = () => page.locator('[data-page-number="1"] canvas').evaluate((el) => getComputedStyle(el).filter);
  await expect.poll(filter).toContain('invert(1)');
  await reload(page);
  await expect(page.getByRole('button', { name: 'Invert pages' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(filter).toContain('invert(1)');

  // A PDF without a text layer (a scan) is shown, and says that search and highlights need text.
  await page.keyboard.press('Escape');
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: 'A Scanned Letter', exact: true }).click();
  await expect(page.locator('[data-page-number="1"][data-rendered]')).toBeAttached();
  await expect(page.getByText('This PDF has no text: search and highlights need text.')).toBeVisible();

  // Text coded through a predefined CMap reaches the text layer only with the CMap files the build serves.
  await page.keyboard.press('Escape');
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: '日本語の文章', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Page 1' }).locator('.textLayer')).toHaveText('日本語の文章');
});

test('a 100-page PDF paints its first page fast and keeps few canvases while scrolled to the end', async ({ page, app }) => {
  const pages = Array.from({ length: 100 }, (_, i) => ({ lines: [`Line one of page ${i + 1}.`, `Line two of page ${i + 1}.`] }));
  const bytes = await makePdf(pages, { title: 'A Hundred Pages' });
  await callApi(page, app, 'importFile', { name: 'hundred.pdf', data: { $bytes: Buffer.from(bytes).toString('base64') }, mode: 'new' });
  await reload(page);
  // Warm: pdf.js and its worker loaded once, as after the first PDF of a session.
  const title = page.getByRole('list', { name: 'Library' }).getByRole('button', { name: 'A Hundred Pages', exact: true });
  await title.click();
  await expect(page.locator('[data-page-number="1"][data-rendered]')).toBeAttached();
  await page.keyboard.press('Escape');
  await expect(page.locator('.pdf-view')).toHaveCount(0);
  await title.click();
  const started = Date.now();
  await expect(page.locator('[data-page-number="1"][data-rendered]')).toBeAttached();
  const firstPageMs = Date.now() - started;
  test.info().annotations.push({ type: 'pdf_open_first_page_ms', description: String(firstPageMs) });
  console.log(`pdf_open_first_page_ms (100 pages, warm, incl. Playwright round trips): ${firstPageMs}`);
  await expect(page.locator('.pdf-page')).toHaveCount(100);

  await page.locator('body').press('End');
  await expect(page.getByRole('group', { name: 'Page 100' }).locator('.textLayer')).toContainText('Line one of page 100.');
  await expect(page.getByLabel('Page number')).toHaveValue('100');
  // Pages far from the reading line gave their canvases back.
  const withCanvas = await page.locator('.pdf-page canvas').count();
  expect(withCanvas).toBeLessThanOrEqual(9);
  await expect(page.locator('[data-page-number="1"] canvas')).toHaveCount(0);
});

test('a PDF over 16 MB is read by ranges: page 1 painted and a late page shown without fetching the whole file', async ({ page, app }) => {
  // Pages 1–5, 6 MB no page uses, pages 6–15, 6 MB, pages 16–20, 6 MB, then the cross-reference table.
  const pages = Array.from({ length: 20 }, (_, i) => ({ lines: [`Big file, page ${i + 1}.`] }));
  const bytes = await makePdf(pages, { title: 'A Big File', filler: { afterPages: [5, 15, 20], bytes: 6 * 1024 * 1024 } });
  // Over STREAMED_PDF_BYTES (src/renderer/src/lib/pdf-document.ts: a Vite module, not importable here).
  expect(bytes.length).toBeGreaterThan(16 * 1024 * 1024);
  await callApi(page, app, 'importFile', { name: 'big.pdf', data: { $bytes: Buffer.from(bytes).toString('base64') }, mode: 'new' });
  await reload(page);
  const isDocument = (url: string): boolean => new URL(url).pathname.startsWith('/document/');
  const answers: Array<{ status: number; range: string | undefined; length: number }> = [];
  page.on('response', (response) => {
    if (!isDocument(response.url())) return;
    const headers = response.headers();
    answers.push({ status: response.status(), range: headers['content-range'], length: Number(headers['content-length'] ?? 0) });
  });
  // The bytes that reached the page, whatever the answers declared: pdf.js's first request
  // (a 200 for the whole file, to learn its size) must be cut short once its headers are in.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const documentRequests = new Set<string>();
  let documentBytes = 0;
  cdp.on('Network.requestWillBeSent', (event) => {
    if (isDocument(event.request.url)) documentRequests.add(event.requestId);
  });
  cdp.on('Network.dataReceived', (event) => {
    if (documentRequests.has(event.requestId)) documentBytes += event.encodedDataLength;
  });

  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: 'A Big File', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Page 1' }).locator('.textLayer')).toContainText('Big file, page 1.');
  await expect.poll(() => paintedShare(page, 1)).toBeGreaterThan(0.0001);
  await page.getByLabel('Page number').fill('20');
  await page.getByLabel('Page number').press('Enter');
  await expect(page.getByRole('group', { name: 'Page 20' }).locator('.textLayer')).toContainText('Big file, page 20.');

  // The server answered parts (206) from across the file (pdf.js reads every page's
  // dictionary on opening, its content when drawn), all of them a small share of it.
  const parts = answers.filter((a) => a.status === 206);
  expect(parts.length, JSON.stringify(answers)).toBeGreaterThan(1);
  for (const part of parts) expect(part.range).toMatch(new RegExp(`^bytes \\d+-\\d+/${bytes.length}$`));
  expect(parts.reduce((sum, part) => sum + part.length, 0)).toBeLessThan(bytes.length / 4);
  expect(documentBytes).toBeGreaterThan(0);
  expect(documentBytes).toBeLessThan(bytes.length / 4);
});

async function articleId(page: Page, app: Parameters<typeof callApi>[1]): Promise<string> {
  const list = await callApi<Array<{ id: string; title: string }>>(page, app, 'listArticles', {});
  return list.find((item) => item.title === TITLE)!.id;
}
