/**
 * Highlights on a PDF in the browser host, through the article's
 * controllers: a real mouse drag on page 2's text layer, the toolbar, a
 * note, the painting (CSS Custom Highlight API) after a reload, the panel
 * with the page ("p. 2"), a click there from page 1 that draws and scrolls
 * to page 2, a `#/article/<id>/highlight/<hid>` link, and a drag across the
 * page 1/2 boundary whose stored quote is exactly the canonical text
 * between the two points.
 */
import type { Page } from '@playwright/test';
import { makePdf, makeTwoColumnPdf } from '../tests/pdf/make-pdf';
import { expect, test } from './fixtures';
import { callApi, goto, panel, reload, type Point } from './helpers';

const TITLE = 'Cover Crops and Soil';
const PHRASE = 'soil holds carbon under cover crops';

async function importPdf(page: Page, app: Parameters<typeof callApi>[1]): Promise<string> {
  // Page 1 runs to near its bottom, so its last line and page 2's heading fit on one screen.
  const filler = Array.from({ length: 44 }, (_, i) => `Filler line ${i + 1} of the first page.`);
  const bytes = await makePdf(
    [
      { heading: { text: 'Chapter 1', size: 20 }, lines: [...filler, 'The closing words of page one.'] },
      {
        heading: { text: 'Chapter 2', size: 20 },
        lines: [`On page two the ${PHRASE} all winter long.`, 'A hyphenated word is well-', 'known: carbon seques-', 'tration in farms.'],
      },
      { heading: { text: 'Chapter 3', size: 20 }, lines: ['The third page closes the report.'] },
    ],
    { title: TITLE },
  );
  const result = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'cover.pdf',
    data: { $bytes: Buffer.from(bytes).toString('base64') },
    mode: 'new',
  });
  return result.article.id;
}

/** Viewport points inside the first character of `from` and the last of `to`, in the text layers of the given pages. */
async function layerPoints(page: Page, from: [number, string], to: [number, string]): Promise<{ start: Point; end: Point }> {
  for (const [n, text] of [from, to]) {
    await expect(page.getByRole('group', { name: `Page ${n}` }).locator('.textLayer')).toContainText(text);
  }
  return page.evaluate(
    ([[fromPage, fromText], [toPage, toText]]) => {
      const find = (n: number, needle: string): [Text, number] => {
        const layer = document.querySelector(`[data-page-number="${n}"] .textLayer`)!;
        const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const i = (node as Text).data.indexOf(needle);
          if (i >= 0) return [node as Text, i];
        }
        throw new Error(`not on page ${n}: ${needle}`);
      };
      const [startNode, startIndex] = find(fromPage, fromText);
      const [endNode, endIndex] = find(toPage, toText);
      startNode.parentElement!.scrollIntoView({ block: 'center' });
      const charRect = (node: Text, i: number): DOMRect => {
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + 1);
        return r.getBoundingClientRect();
      };
      const a = charRect(startNode, startIndex);
      const b = charRect(endNode, endIndex + toText.length - 1);
      return { start: { x: a.left + 1, y: a.top + a.height / 2 }, end: { x: b.right - 1, y: b.top + b.height / 2 } };
    },
    [from, to] as const,
  );
}

async function drag(page: Page, { start, end }: { start: Point; end: Point }): Promise<void> {
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

/** The text of every range the registry paints in `name` (gloss-yellow, gloss-flash, ...). */
function painted(page: Page, name: string): Promise<string> {
  return page.evaluate((layer) => {
    const highlight = CSS.highlights.get(layer);
    return highlight ? Array.from(highlight as Iterable<AbstractRange>, (r) => (r as Range).toString()).join('|') : '';
  }, name);
}

function panelItems(page: Page) {
  return panel(page).getByRole('list').first().getByRole('listitem');
}

async function highlightSelection(page: Page, button = 'Highlight'): Promise<void> {
  const toolbar = page.getByRole('toolbar', { name: 'Highlight' });
  await expect(toolbar).toBeVisible();
  await toolbar.getByRole('button', { name: button, exact: true }).click();
  await expect(toolbar).toBeHidden();
}

async function goToPage(page: Page, n: number): Promise<void> {
  await page.getByLabel('Page number').fill(String(n));
  await page.getByLabel('Page number').press('Enter');
  await expect(page.getByLabel('Page number')).toHaveValue(String(n));
}

/** Whether the highlight's first painted range is inside the window, below the sticky bars. */
function highlightOnScreen(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const layer = CSS.highlights.get('gloss-yellow');
    const first = layer ? (Array.from(layer as Iterable<AbstractRange>)[0] as Range | undefined) : undefined;
    if (!first) return false;
    const rect = first.getBoundingClientRect();
    const bar = document.querySelector('.pdf-bar')!.getBoundingClientRect();
    return rect.height > 0 && rect.top >= bar.bottom && rect.bottom <= window.innerHeight;
  });
}

test('highlights a PDF: drag on page 2, note, reload, the panel with its page, jump from page 1, a link, across pages', async ({ page, app }) => {
  const problems: string[] = [];
  // With where it came from: a failed load names its resource's URL.
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().includes('differs from the text stored')) problems.push(`${message.text()} ${message.location().url}`.trim());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  const id = await importPdf(page, app);
  await reload(page);
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText('Highlighting PDFs comes next.')).toHaveCount(0);
  await expect(panel(page).getByText('No highlights yet.')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Page 1' }).locator('.textLayer')).toContainText('Chapter 1');

  // A real mouse drag over page 2's text layer, then Highlight.
  await goToPage(page, 2);
  const points = await layerPoints(page, [2, 'soil holds'], [2, 'cover crops']);
  await drag(page, points);
  // The toolbar opens just below the selected words (not below the page or a layer's box).
  const toolbarBox = await page.getByRole('toolbar', { name: 'Highlight' }).boundingBox();
  expect(toolbarBox!.y).toBeGreaterThan(points.end.y);
  expect(toolbarBox!.y).toBeLessThan(points.end.y + 60);
  await highlightSelection(page);
  await expect(panelItems(page)).toHaveCount(1);
  await expect(panelItems(page).first().getByRole('button')).toHaveText(PHRASE);
  await expect(panelItems(page).first()).toContainText('Yellow · p. 2');
  await expect.poll(() => painted(page, 'gloss-yellow')).toBe(PHRASE);

  // A click on it opens the popover: a note.
  const { start } = await layerPoints(page, [2, 'carbon under'], [2, 'carbon under']);
  await page.mouse.click(start.x + 3, start.y);
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await expect(popover).toBeVisible();
  await popover.getByRole('textbox', { name: 'Note' }).fill('Winter cover matters.');
  await expect(popover.getByRole('status')).toHaveText('Saved');
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();

  // After a reload: painted again, listed with its page and note.
  await reload(page);
  await expect(panelItems(page)).toHaveCount(1);
  await expect(panelItems(page).first()).toContainText('p. 2');
  await expect(panelItems(page).first()).toContainText('Winter cover matters.');
  await expect.poll(() => painted(page, 'gloss-yellow')).toBe(PHRASE);

  // From page 1, the panel draws page 2, scrolls it into view, flashes the highlight and opens its popover.
  await goToPage(page, 1);
  await expect.poll(() => highlightOnScreen(page)).toBe(false);
  await panelItems(page).first().getByRole('button').click();
  await expect.poll(() => highlightOnScreen(page)).toBe(true);
  await expect(page.getByRole('group', { name: 'Page 2' })).toBeInViewport();
  await expect.poll(() => painted(page, 'gloss-flash')).toBe(PHRASE);
  await expect(popover).toBeVisible();
  await expect(popover.getByRole('textbox', { name: 'Note' })).toHaveValue('Winter cover matters.');
  await page.keyboard.press('Escape');

  // An exported gloss:// link lands on #/article/<id>/highlight/<hid>: the PDF opens at the highlight.
  const [stored] = await callApi<Array<{ id: string }>>(page, app, 'listHighlights', { articleId: id });
  await goto(page, `${app.url}#/article/${id}/highlight/${stored!.id}`);
  await expect.poll(() => highlightOnScreen(page)).toBe(true);
  await expect(page.getByRole('group', { name: 'Page 2' })).toBeInViewport();

  // A drag across the page 1/2 boundary: the quote is the canonical text between the two points.
  await goToPage(page, 1);
  await drag(page, await layerPoints(page, [1, 'closing words'], [2, 'Chapter 2']));
  await highlightSelection(page, 'Green');
  const article = await callApi<{ text: string }>(page, app, 'getArticle', { id });
  const from = article.text.indexOf('closing words');
  const to = article.text.indexOf('Chapter 2') + 'Chapter 2'.length;
  await expect
    .poll(async () => (await callApi<Array<{ color: string; quote: { exact: string } }>>(page, app, 'listHighlights', { articleId: id })).find((h) => h.color === 'green')?.quote.exact)
    .toBe(article.text.slice(from, to));
  expect(article.text.slice(from, to)).toBe('closing words of page one.\n\nChapter 2');
  await expect.poll(() => painted(page, 'gloss-green')).toBe('closing words of page one.|Chapter 2');
  await expect(panelItems(page).nth(0)).toContainText('p. 1');

  expect(problems).toEqual([]);
});

test('a two-column page: a drag in the right column, h, stores that column’s words as main wrote them', async ({ page, app }) => {
  const left = ['Left column starts here and', 'continues for a while.'];
  const right = ['Right column starts beside it', 'and ends down here.'];
  const bytes = await makeTwoColumnPdf(left, right);
  const { article: imported } = await callApi<{ article: { id: string; title: string } }>(page, app, 'importFile', {
    name: 'columns.pdf',
    data: { $bytes: Buffer.from(bytes).toString('base64') },
    mode: 'new',
  });
  await reload(page);
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: imported.title, exact: true }).click();
  await drag(page, await layerPoints(page, [1, 'Right column'], [1, 'down here.']));
  await page.keyboard.press('h');
  // Two lines of the text layer, one line-joining space in the canonical text.
  await expect
    .poll(async () => (await callApi<Array<{ quote: { exact: string } }>>(page, app, 'listHighlights', { articleId: imported.id })).map((h) => h.quote.exact))
    .toEqual(['Right column starts beside it and ends down here.']);
  await expect(panelItems(page).first()).toContainText('p. 1');
  await expect.poll(() => painted(page, 'gloss-yellow')).toBe('Right column starts beside it|and ends down here.');
});
