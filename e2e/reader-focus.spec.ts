/**
 * The reader's focus and keyboard never change where the reader is: opening
 * search (Ctrl+K) or tabbing into the sticky header and toolbar keeps the
 * article still; Escape in the search box clears it, then closes it, and
 * never leaves the article; tabbing through the article (which scrolls it)
 * saves no position and never finishes it; the skip link reaches the
 * Highlights panel without walking the article.
 */
import type { Page } from '@playwright/test';
import { expect, test, type GlossApp } from './fixtures';
import { callApi, libraryList, writeTemp } from './helpers';

const TITLE = 'Forty Linked Paragraphs';

/** A long Markdown article with a source (an "Original" link) and one link in every paragraph. */
function linkedArticle(): string {
  const words = ['walking', 'through', 'a', 'long', 'text', 'with', 'the', 'keyboard', 'should', 'never', 'lose', 'the', 'place'];
  const lines = ['---', `title: ${TITLE}`, 'author: Kay Board', 'source: https://walks.example/forty', '---', ''];
  for (let n = 1; n <= 40; n++) {
    const body = Array.from({ length: 70 }, (_, i) => words[(n + i) % words.length]).join(' ');
    lines.push(`Paragraph ${n}. ${body} [note ${n}](https://walks.example/note-${n}) ${body}.`, '');
  }
  return writeTemp('forty-linked.md', lines.join('\n'));
}

interface ArticleState {
  readProgress: number;
  readPosition: string | null;
  readState: string;
}

function articleState(page: Page, app: GlossApp, id: string): Promise<ArticleState> {
  return callApi<ArticleState>(page, app, 'getArticle', { id });
}

function titleButton(page: Page) {
  return libraryList(page).getByRole('button', { name: TITLE, exact: true });
}

async function importArticle(page: Page): Promise<void> {
  await page.getByLabel('Import files').setInputFiles([linkedArticle()]);
  await expect(page.getByRole('status').filter({ hasText: /Imported 1 of 1 file\./ })).toBeVisible();
}

/** Opens the article from the library; answers its id once its body is in. */
async function open(page: Page): Promise<string> {
  await titleButton(page).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeAttached();
  await expect(page.locator('[data-article-body]')).toContainText('Paragraph 40.');
  return /#\/article\/([a-z0-9]+)/.exec(page.url())![1]!;
}

/** Escape from outside any field back to the library; the library focuses the title once the reader's writes are answered. */
async function leave(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(titleButton(page)).toBeFocused();
}

/**
 * Back to the library with a real mouse click where the button is: a
 * locator's click() first scrolls its target into view itself, which would
 * move the article (it is not a focus move).
 */
async function clickBack(page: Page): Promise<void> {
  const box = (await page.getByRole('button', { name: 'Back to library' }).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(titleButton(page)).toBeFocused();
}

/** Waits two animation frames (scroll events have been dispatched by then). */
async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

const scrollY = (page: Page): Promise<number> => page.evaluate(() => window.scrollY);

/** Scrolls (as the reader) so that paragraph `n` is at the top, and waits until that place is saved. */
async function readTo(page: Page, app: GlossApp, id: string, n: number): Promise<ArticleState> {
  const before = (await articleState(page, app, id)).readPosition;
  await page.evaluate((index) => {
    const p = [...document.querySelectorAll('[data-article-body] p')].find((el) => el.textContent?.startsWith(`Paragraph ${index}.`));
    window.scrollTo(0, window.scrollY + p!.getBoundingClientRect().top - 150);
  }, n);
  await expect.poll(async () => (await articleState(page, app, id)).readPosition).not.toBe(before);
  return articleState(page, app, id);
}

/** Records the reading-position saves the page sends from now on. */
function recordPositionSaves(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/setReadingPosition')) sent.push(request.postData() ?? '');
  });
  return sent;
}

for (const width of [1280, 800, 420]) {
  test(`at ${width} px: Ctrl+K and Shift+Tab into the header and toolbar keep the article where it is`, async ({ page, app }) => {
    await page.setViewportSize({ width, height: 800 });
    await importArticle(page);
    const id = await open(page);
    const saved = await readTo(page, app, id, 30);
    await nextFrames(page);
    const y = await scrollY(page);
    expect(y).toBeGreaterThan(3000);
    const saves = recordPositionSaves(page);

    // Ctrl+K: the search box has the keyboard, the article has not moved.
    await page.keyboard.press('Control+k');
    const search = page.getByRole('searchbox', { name: 'Search' });
    await expect(search).toBeFocused();
    await nextFrames(page);
    expect(Math.abs((await scrollY(page)) - y)).toBeLessThanOrEqual(1);

    // Escape in the empty box closes search, gives the keyboard back, and stays in the article.
    await page.keyboard.press('Escape');
    await expect(search).not.toBeFocused();
    await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeAttached();
    expect(page.url()).toContain(`#/article/${id}`);

    // From the title, Shift+Tab walks the toolbar (and skip link) up into the header: nothing moves.
    await page.evaluate(() => (document.querySelector('h1[tabindex="-1"]') as HTMLElement).focus({ preventScroll: true }));
    expect(Math.abs((await scrollY(page)) - y)).toBeLessThanOrEqual(1);
    const visited: string[] = [];
    for (let i = 0; i < 15 && !(await search.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Shift+Tab');
      await nextFrames(page);
      visited.push(await page.evaluate(() => (document.activeElement as HTMLElement).innerText || document.activeElement!.getAttribute('aria-label') || ''));
      expect(Math.abs((await scrollY(page)) - y), `after Shift+Tab to ${visited.at(-1)}`).toBeLessThanOrEqual(1);
    }
    await expect(search).toBeFocused();
    expect(visited.join(' | ')).toMatch(/Back to library/);
    expect(visited).toContain('Skip to highlights and notes');

    // …and Tab back down into the toolbar.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      await nextFrames(page);
      expect(Math.abs((await scrollY(page)) - y)).toBeLessThanOrEqual(1);
    }

    // Nothing of this was reading: the saved place is where the reader left it.
    await clickBack(page);
    expect(saves).toEqual([]);
    expect(await articleState(page, app, id)).toMatchObject({ readPosition: saved.readPosition, readState: 'reading' });
  });
}

test('Escape in the search box clears it, then closes it; only Escape outside a field goes back', async ({ page }) => {
  await importArticle(page);
  await open(page);
  const heading = page.getByRole('heading', { level: 1, name: TITLE });
  await expect(heading).toBeFocused();

  await page.keyboard.press('Control+k');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await expect(search).toBeFocused();
  await page.keyboard.type('keyboard');
  await expect(page.getByRole('list', { name: 'Search results' })).toBeVisible();

  // First Escape: the text goes, the box keeps the keyboard.
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(search).toBeFocused();
  await expect(heading).toBeVisible();

  // Second Escape (empty box): search closes, the keyboard is back on the title, still reading.
  await page.keyboard.press('Escape');
  await expect(heading).toBeFocused();
  await expect(page.getByRole('list', { name: 'Search results' })).toHaveCount(0);
  expect(page.url()).toMatch(/#\/article\//);

  // Escape in another field (the empty Tags box) stays too.
  const tags = page.getByRole('textbox', { name: 'Tags' });
  await tags.focus();
  await page.keyboard.press('Escape');
  await expect(heading).toBeVisible();
  expect(page.url()).toMatch(/#\/article\//);

  // Outside any field, Escape goes back to the library.
  await heading.focus();
  await leave(page);
});

test('tabbing through an article opened at its saved place moves nothing at first and never finishes it; the skip link reaches the panel', async ({
  page,
  app,
}) => {
  await importArticle(page);
  let id = await open(page);
  const saved = await readTo(page, app, id, 12);
  expect(saved.readState).toBe('reading');
  expect(saved.readProgress).toBeLessThan(0.6);
  await nextFrames(page);
  await leave(page);

  // Reopened at the saved place.
  id = await open(page);
  await expect.poll(() => scrollY(page)).toBeGreaterThan(1000);
  await nextFrames(page);
  const y = await scrollY(page);
  const saves = recordPositionSaves(page);

  // The first Tabs go through the sticky chrome: the skip link (shown), Back, the toolbar's buttons.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to highlights and notes' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Back to library' })).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await nextFrames(page);
  expect(Math.abs((await scrollY(page)) - y)).toBeLessThanOrEqual(1);

  // Walking on through the article and its forty links to the article note scrolls to the end: that is not reading.
  const note = page.getByRole('textbox', { name: 'Article note' });
  for (let i = 0; i < 80 && !(await note.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(note).toBeFocused();
  await nextFrames(page);
  const bodyBottom = await page.evaluate(() => document.querySelector('[data-article-body]')!.getBoundingClientRect().bottom);
  expect(bodyBottom).toBeLessThan(800); // the end of the text came into view
  await clickBack(page);
  expect(saves).toEqual([]);
  expect(await articleState(page, app, id)).toMatchObject({
    readState: 'reading',
    readPosition: saved.readPosition,
    readProgress: saved.readProgress,
  });

  // The skip link takes the keyboard into the panel; the next Tab is the article note.
  await open(page);
  await expect.poll(() => scrollY(page)).toBeGreaterThan(1000);
  await nextFrames(page);
  const y2 = await scrollY(page);
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: 'Highlights' });
  await expect(panel).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(note).toBeFocused();
  await nextFrames(page);
  expect(Math.abs((await scrollY(page)) - y2)).toBeLessThanOrEqual(1);
});
