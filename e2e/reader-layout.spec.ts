/**
 * The reader's layout at 1280, 800 and 420 px, light and dark: the highlight
 * popover and the selection toolbar stay inside the window (flipping above
 * the text near its bottom edge), the Highlights panel becomes a drawer at
 * 800 px and below (a Highlights button, Escape closes it), the toolbar is
 * one compact row at 420 px, and lines stay within about 75 characters.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiHighlight, libraryList, panel, textPoints, writeTemp } from './helpers';

const TITLE = 'Wide Margins and Long Lines';
const TARGET = 'the lighthouse keeper';

const SIZES = [
  { width: 1280, height: 900 },
  { width: 800, height: 900 },
  { width: 420, height: 800 },
] as const;

/** A Markdown article of 40 long paragraphs; paragraph 20 holds TARGET once. */
function article(): string {
  const words = ['margins', 'give', 'a', 'page', 'room', 'to', 'breathe', 'while', 'long', 'lines', 'tire', 'the', 'eye', 'quickly'];
  const lines = ['---', `title: ${TITLE}`, 'author: Lena Layout', '---', ''];
  for (let n = 1; n <= 40; n++) {
    const body = Array.from({ length: 90 }, (_, i) => words[(n * 5 + i * 3) % words.length]).join(' ');
    lines.push(n === 20 ? `Paragraph ${n}. ${body} and ${TARGET} waves. ${body}.` : `Paragraph ${n}. ${body}.`, '');
  }
  return writeTemp('wide-margins.md', lines.join('\n'));
}

/** Imports the article and opens it; answers its id. */
async function openArticle(page: Page): Promise<string> {
  await page.getByLabel('Import files').setInputFiles([article()]);
  await expect(page.getByRole('status').filter({ hasText: /Imported 1 of 1 file\./ })).toBeVisible();
  await libraryList(page).getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(page.locator('[data-article-body]')).toContainText(TARGET);
  const id = /#\/article\/([a-z0-9]+)/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/** Scrolls so that TARGET's line sits just above the window's bottom edge; its first and last characters' points. */
const targetNearBottom = (page: Page) => textPoints(page, TARGET, TARGET, 'nearBottom');

/** Asserts the element's box lies inside the viewport. */
async function expectInsideWindow(page: Page, locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
  return box!;
}

/** A paragraph's width in characters of its own font (`ch`). */
async function paragraphWidthInCh(page: Page): Promise<number> {
  return page.evaluate(() => {
    const p = document.querySelector('[data-article-body] p')!;
    const probe = document.createElement('span');
    probe.style.cssText = 'display:inline-block;width:1ch;position:absolute';
    p.append(probe);
    const ch = probe.getBoundingClientRect().width;
    probe.remove();
    return p.getBoundingClientRect().width / ch;
  });
}

function highlightsButton(page: Page): Locator {
  return page.getByRole('button', { name: /^Highlights\b/ });
}

for (const size of SIZES) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('the selection toolbar and the highlight popover near the window bottom stay inside the window', async ({ page }) => {
      await openArticle(page);

      // Select the target on the window's last line: the toolbar flips above the text.
      const { start, end } = await targetNearBottom(page);
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(end.x, end.y, { steps: 4 });
      await page.mouse.up();
      const toolbar = page.getByRole('toolbar', { name: 'Highlight' });
      await expect(toolbar).toBeVisible();
      const toolbarBox = await expectInsideWindow(page, toolbar);
      expect(toolbarBox.y + toolbarBox.height).toBeLessThanOrEqual(start.y);
      await toolbar.getByRole('button', { name: 'Highlight', exact: true }).click();
      await expect(toolbar).toBeHidden();

      // Open its popover from the text: above the highlight, whole, its buttons reachable.
      const at = await targetNearBottom(page);
      await page.mouse.click(at.start.x + 4, at.start.y);
      const popover = page.getByRole('dialog', { name: 'Highlight' });
      await expect(popover).toBeVisible();
      const box = await expectInsideWindow(page, popover);
      expect(box.y + box.height).toBeLessThanOrEqual(at.start.y);
      await expect(popover.getByRole('button', { name: 'Delete highlight' })).toBeInViewport({ ratio: 1 });
      await expect(popover.getByRole('button', { name: 'Close' })).toBeInViewport({ ratio: 1 });

      // A note that grows the popover (its rendered Markdown shows once the box is left) keeps it inside.
      const note = popover.getByRole('textbox', { name: 'Note' });
      await note.fill(['# Keeper', '', '- the lamp', '- the stairs', '- the logbook', '', 'A last line about the sea.'].join('\n'));
      await note.press('Tab');
      await expect(popover.getByRole('heading', { name: 'Keeper' })).toBeVisible();
      await expectInsideWindow(page, popover);
      await expect(popover.getByRole('button', { name: 'Delete highlight' })).toBeInViewport({ ratio: 1 });
      const close = popover.getByRole('button', { name: 'Close' });
      await expect(close).toBeInViewport({ ratio: 1 });
      await close.click();
      await expect(popover).toBeHidden();

      // Delete is clickable where it is shown.
      const again = await targetNearBottom(page);
      await page.mouse.click(again.start.x + 4, again.start.y);
      await expect(popover).toBeVisible();
      await expectInsideWindow(page, popover);
      await popover.getByRole('button', { name: 'Delete highlight' }).click();
      await expect(popover).toBeHidden();
      await expect.poll(() => page.evaluate(() => CSS.highlights.get('gloss-yellow')?.size ?? 0)).toBe(0);
    });

    for (const scheme of ['light', 'dark'] as const) {
      test(`the Highlights panel, the toolbar row and the line length (${scheme})`, async ({ page, app }) => {
        await page.emulateMedia({ colorScheme: scheme });
        const id = await openArticle(page);
        await apiHighlight(page, app, id, TARGET, { note: 'Mind the light.' });
        await page.reload();
        await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

        // Lines of at most about 75 characters of the article's own font.
        expect(await paragraphWidthInCh(page)).toBeLessThanOrEqual(76);

        const button = highlightsButton(page);
        if (size.width > 800) {
          // Beside the article, no button.
          await expect(panel(page).getByRole('listitem').first()).toContainText(TARGET);
          await expect(button).toHaveCount(0);
          const panelBox = (await panel(page).boundingBox())!;
          const articleBox = (await page.getByRole('article').boundingBox())!;
          expect(panelBox.x).toBeGreaterThanOrEqual(articleBox.x + articleBox.width);
          expect(panelBox.y).toBeLessThan(size.height);
          return;
        }

        // The toolbar is one row: every button on the same line, as tall as one button.
        const toolbar = page.getByRole('button', { name: 'Back to library' }).locator('..');
        const boxes = await toolbar.getByRole('button').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
        const tops = boxes.map((b) => b.top);
        expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(2);
        const heights = boxes.map((b) => b.height);
        expect(Math.max(...heights)).toBeLessThanOrEqual(Math.min(...heights) + 2);
        const barHeight = (await toolbar.boundingBox())!.height;
        expect(barHeight).toBeLessThanOrEqual(Math.max(...heights) + 20);
        for (const b of boxes) expect(b.right).toBeLessThanOrEqual(size.width);
        expect(boxes.length).toBe(8); // Back, Listen, Text and theme, Focus mode, Highlights, Export, Copy, Delete

        // A drawer behind the Highlights button (with the count).
        await expect(panel(page)).toBeHidden();
        await expect(button).toHaveAccessibleName('Highlights 1');
        await expect(button).toHaveAttribute('aria-expanded', 'false');
        const controls = await button.getAttribute('aria-controls');
        await button.click();
        const drawer = page.getByRole('dialog', { name: 'Highlights' });
        await expect(drawer).toBeVisible();
        expect(await drawer.getAttribute('id')).toBe(controls);
        await expect(button).toHaveAttribute('aria-expanded', 'true');
        await expect(drawer.getByRole('listitem').first()).toContainText(TARGET);
        await expect(drawer.getByText('Mind the light.')).toBeVisible();
        await expect(drawer.getByRole('textbox', { name: 'Article note' })).toBeVisible();
        await expectInsideWindow(page, drawer);
        // Focus moved into it; its colours follow the scheme.
        expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
        const colors = await drawer.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(document.body).backgroundColor]);
        expect(colors[0]).toBe(colors[1]);
        expect(colors[0]).toBe(scheme === 'dark' ? 'rgb(23, 22, 20)' : 'rgb(251, 250, 247)');

        // Escape closes it and gives the keyboard back to the button (the reader stays open).
        await page.keyboard.press('Escape');
        await expect(drawer).toBeHidden();
        await expect(button).toBeFocused();
        await expect(button).toHaveAttribute('aria-expanded', 'false');
        await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

        // A highlight chosen in the drawer: the drawer closes, its popover opens over the text,
        // and closing the popover returns to the button.
        await button.click();
        await drawer.getByRole('button', { name: new RegExp(TARGET) }).click();
        await expect(drawer).toBeHidden();
        const popover = page.getByRole('dialog', { name: 'Highlight' });
        await expect(popover).toBeVisible();
        await expectInsideWindow(page, popover);
        await page.keyboard.press('Escape');
        await expect(popover).toBeHidden();
        await expect(button).toBeFocused();

      });
    }
  });
}

test('lines stay within about 75 characters at every window width', async ({ page }) => {
  await openArticle(page);
  for (const width of [1440, 1100, 960, 880, 800, 640, 420, 360]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await paragraphWidthInCh(page), `at ${width} px`).toBeLessThanOrEqual(76);
  }
});
