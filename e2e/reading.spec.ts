/**
 * Reading state in the browser host's reader: the reading position saved
 * while scrolling and restored after a reload, on reopening and at another
 * window width; the Tags field with completion; Favourite, Archive and
 * Mark as finished. Locates the UI by role and accessible name.
 */
import type { Page } from '@playwright/test';
import { expect, test, type GlossApp } from './fixtures';
import { callApi, goto, libraryList, reload, writeTemp } from './helpers';

const LONG_TITLE = 'A Long Walk Through Ninety Paragraphs';
const OTHER_TITLE = 'Notes From Another Shelf';

/** A Markdown article of many paragraphs, each starting "Paragraph N." (sections every ten). */
function longArticle(): string {
  const words = [
    'reading', 'slowly', 'means', 'giving', 'each', 'sentence', 'its', 'own', 'time', 'and', 'letting',
    'the', 'argument', 'settle', 'before', 'moving', 'on', 'to', 'next', 'thought', 'in', 'line',
  ];
  const lines = ['---', `title: ${LONG_TITLE}`, 'author: Wanda Walker', '---', ''];
  for (let n = 1; n <= 90; n++) {
    if (n % 10 === 1) lines.push(`## Part ${(n - 1) / 10 + 1}`, '');
    const length = 40 + ((n * 37) % 50);
    const body = Array.from({ length }, (_, i) => words[(n * 7 + i * 3) % words.length]).join(' ');
    lines.push(`Paragraph ${n}. ${body}.`, '');
  }
  return writeTemp('long-walk.md', lines.join('\n'));
}

function otherArticle(): string {
  return writeTemp(
    'other-shelf.md',
    ['---', `title: ${OTHER_TITLE}`, 'author: Olga Other', '---', '', 'A short article that carries a few tags of its own.', ''].join('\n'),
  );
}

async function importFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Import files').setInputFiles(files);
  await expect(page.getByRole('status').filter({ hasText: /Imported \d+ of \d+ files?\./ })).toBeVisible();
}

function titleButton(page: Page, title: string) {
  return libraryList(page).getByRole('button', { name: title, exact: true });
}

/** Opens an article from the library; answers its id. */
async function open(page: Page, title: string): Promise<string> {
  await titleButton(page, title).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const id = /#\/article\/([a-z0-9]+)/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

interface ArticleState {
  readProgress: number;
  readPosition: string | null;
  readState: string;
  archived: boolean;
  favorite: boolean;
  tags: string[];
}

function articleState(page: Page, app: GlossApp, id: string): Promise<ArticleState> {
  return callApi<ArticleState>(page, app, 'getArticle', { id });
}

/** The top and bottom (viewport px) of the paragraph starting "Paragraph N.", and the reading line. */
async function paragraphBox(page: Page, n: number): Promise<{ top: number; bottom: number; line: number }> {
  return page.evaluate((index) => {
    const p = [...document.querySelectorAll('[data-article-body] p')].find((el) =>
      el.textContent?.startsWith(`Paragraph ${index}.`),
    );
    if (!p) throw new Error(`no paragraph ${index}`);
    const rect = p.getBoundingClientRect();
    const line = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    return { top: rect.top, bottom: rect.bottom, line };
  }, n);
}

/** Records the reading-position saves the page sends from now on (their request bodies). */
function recordPositionSaves(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/setReadingPosition')) sent.push(request.postData() ?? '');
  });
  return sent;
}

/**
 * Escape back to the library, and wait until it focuses the article's title:
 * it does so after every write the reader left behind (a pending position
 * is sent when the reader closes) has been answered. A save the reader
 * meant to make is made by then: no waiting for a timer to fire.
 */
async function leaveReader(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(titleButton(page, title)).toBeFocused();
}

/** Waits two animation frames (scroll events have been dispatched by then). */
async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Which "Paragraph N." crosses the reading line at the top of the window. */
async function paragraphAtTop(page: Page): Promise<number> {
  return page.evaluate(() => {
    const line = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    const p = [...document.querySelectorAll('[data-article-body] p')].find((el) => el.getBoundingClientRect().bottom > line);
    return Number(/^Paragraph (\d+)\./.exec(p?.textContent ?? '')?.[1] ?? -1);
  });
}

test('saves the reading position while scrolling and restores it after a reload, on reopening and at another width', async ({
  page,
  app,
}) => {
  await importFiles(page, [longArticle()]);
  const saves = recordPositionSaves(page);
  let id = await open(page, LONG_TITLE);

  // Opening alone is not reading: nothing is saved, not even on leaving.
  await expect(page.getByRole('article').getByText(/^Paragraph 90\./)).toBeAttached();
  await nextFrames(page);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await leaveReader(page, LONG_TITLE);
  expect(saves).toEqual([]);
  expect(await articleState(page, app, id)).toMatchObject({ readState: 'unread', readProgress: 0, readPosition: null });
  id = await open(page, LONG_TITLE);

  // Scroll so that paragraph 45 sits a little past the top.
  await page.evaluate(() => {
    const p = [...document.querySelectorAll('[data-article-body] p')].find((el) => el.textContent?.startsWith('Paragraph 45.'));
    const line = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    window.scrollTo(0, window.scrollY + p!.getBoundingClientRect().top - line + 20);
  });
  expect(await paragraphAtTop(page)).toBe(45);
  const before = await paragraphBox(page, 45);
  const scrolledTo = await page.evaluate(() => window.scrollY);

  await expect.poll(async () => (await articleState(page, app, id)).readState).toBe('reading');
  const saved = await articleState(page, app, id);
  expect(saved.readProgress).toBeGreaterThan(0.3);
  expect(saved.readProgress).toBeLessThan(0.7);
  expect(JSON.parse(saved.readPosition!)).toMatchObject({ v: 1, o: expect.any(Number), f: expect.any(Number) });

  // After a reload: the same paragraph, in the same place.
  await reload(page);
  saves.length = 0;
  await expect(page.getByRole('heading', { level: 1, name: LONG_TITLE })).toBeVisible();
  await expect.poll(() => paragraphAtTop(page)).toBe(45);
  const afterReload = await paragraphBox(page, 45);
  expect(Math.abs(afterReload.top - before.top)).toBeLessThan(4);
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolledTo)).toBeLessThan(4);
  await nextFrames(page); // the restoring scroll's event has fired

  // Back to the library (the browser's Back) and reopen: restored again.
  await page.goBack();
  // (Settled: the library focuses the title it returned to, once the reader's writes are answered.)
  await expect(titleButton(page, LONG_TITLE)).toBeFocused();
  // Restoring is not a scroll of the reader's: nothing new was saved.
  expect(saves).toEqual([]);
  expect((await articleState(page, app, id)).readPosition).toBe(saved.readPosition);
  await open(page, LONG_TITLE);
  await expect.poll(() => paragraphAtTop(page)).toBe(45);
  expect(Math.abs((await paragraphBox(page, 45)).top - before.top)).toBeLessThan(4);

  // Scroll further, leave at once (no waiting for the throttled save): still saved.
  await page.evaluate(() => {
    const p = [...document.querySelectorAll('[data-article-body] p')].find((el) => el.textContent?.startsWith('Paragraph 60.'));
    const line = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    window.scrollTo(0, window.scrollY + p!.getBoundingClientRect().top - line + 10);
  });
  expect(await paragraphAtTop(page)).toBe(60);
  await nextFrames(page); // the scroll event has fired: as soon as a person could press a key
  await page.keyboard.press('Escape');
  await expect(titleButton(page, LONG_TITLE)).toBeFocused();

  // A narrower window (the text reflows): paragraph 60 is still the one at the top.
  await page.setViewportSize({ width: 640, height: 720 });
  await open(page, LONG_TITLE);
  await expect.poll(() => paragraphAtTop(page)).toBe(60);
  const narrow = await paragraphBox(page, 60);
  expect(narrow.top).toBeLessThanOrEqual(narrow.line);
  expect(narrow.bottom).toBeGreaterThan(narrow.line);

  // A link to a highlight wins over the saved position.
  const { text } = await callApi<{ text: string }>(page, app, 'getArticle', { id });
  const exact = 'Paragraph 5.';
  const start = text.indexOf(exact);
  const highlight = await callApi<{ id: string }>(page, app, 'createHighlight', {
    articleId: id,
    color: 'yellow',
    quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + exact.length, start + exact.length + 32) },
    position: { start, end: start + exact.length },
  });
  const position = (await articleState(page, app, id)).readPosition;
  await goto(page, `${app.url}#/article/${id}/highlight/${highlight.id}`);
  await reload(page);
  saves.length = 0;
  await expect(page.getByRole('heading', { level: 1, name: LONG_TITLE })).toBeAttached();
  // The reader scrolls to the highlight once it is placed: paragraph 5 comes into the window.
  await expect
    .poll(async () => {
      const five = await paragraphBox(page, 5);
      return five.top > 0 && five.bottom < 720;
    })
    .toBe(true);
  await nextFrames(page);
  // Following the link is not reading: the saved position stays, also once the reader is left.
  await leaveReader(page, LONG_TITLE);
  expect(saves).toEqual([]);
  expect((await articleState(page, app, id)).readPosition).toBe(position);
});

test('adds tags with the Tags field: typed, completed from other articles, removed; they persist', async ({ page, app }) => {
  await importFiles(page, [longArticle(), otherArticle()]);
  const articles = await callApi<Array<{ id: string; title: string }>>(page, app, 'listArticles', {});
  const other = articles.find((a) => a.title === OTHER_TITLE)!;
  await callApi(page, app, 'setArticleTags', { id: other.id, tags: ['Philosophy', 'Physics', 'Poetry'] });

  const id = await open(page, LONG_TITLE);
  const field = page.getByRole('textbox', { name: 'Tags' });
  await expect(field).toBeVisible();
  await expect(field).toHaveValue('');

  // Typed, then Enter.
  await field.fill('slow reading');
  await field.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove tag slow reading' })).toBeVisible();
  await expect(field).toHaveValue('');

  // Completion: existing tags starting with what is typed, chosen with the keyboard.
  await field.pressSequentially('ph');
  const suggestions = page.getByRole('listbox');
  await expect(suggestions.getByRole('option')).toHaveText(['Philosophy', 'Physics']);
  await expect(field).toHaveAttribute('aria-autocomplete', 'list');
  await expect(field).toHaveAttribute('aria-controls', (await suggestions.getAttribute('id'))!);
  // The first suggestion is chosen as you type; ArrowDown moves to the next.
  await expect(suggestions.getByRole('option', { name: 'Philosophy' })).toHaveAttribute('aria-selected', 'true');
  await field.press('ArrowDown');
  const physics = suggestions.getByRole('option', { name: 'Physics' });
  await expect(physics).toHaveAttribute('aria-selected', 'true');
  await expect(field).toHaveAttribute('aria-activedescendant', (await physics.getAttribute('id'))!);
  await field.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove tag Physics' })).toBeVisible();
  await expect(suggestions).toBeHidden();

  // Case-insensitive: "PHI" offers Philosophy (not Physics, already there); a click adds it as spelled.
  await field.pressSequentially('PHI');
  await expect(suggestions.getByRole('option')).toHaveText(['Philosophy']);
  await suggestions.getByRole('option', { name: 'Philosophy' }).click();
  await expect(page.getByRole('button', { name: 'Remove tag Philosophy' })).toBeVisible();
  await expect(field).toBeFocused();

  // No duplicates (ignoring case); a comma commits too; Escape closes the list and stays here.
  await field.pressSequentially('physics,');
  await expect(page.getByRole('button', { name: /^Remove tag physics$/i })).toHaveCount(1);
  await field.pressSequentially('po');
  await expect(suggestions.getByRole('option')).toHaveText(['Poetry']);
  await field.press('Escape');
  await expect(suggestions).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: LONG_TITLE })).toBeVisible();
  await field.press('Escape'); // clears the text, still in the reader
  await expect(field).toHaveValue('');
  await expect(page.getByRole('heading', { level: 1, name: LONG_TITLE })).toBeVisible();

  // Too long: said at the field, nothing added.
  await field.fill('x'.repeat(65));
  await field.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('A tag name must be at most 64 characters.');
  await field.fill('');

  // Removed with its button.
  await page.getByRole('button', { name: 'Remove tag slow reading' }).click();
  await expect(page.getByRole('button', { name: 'Remove tag slow reading' })).toHaveCount(0);
  await expect.poll(async () => (await articleState(page, app, id)).tags).toEqual(['Philosophy', 'Physics']);

  // They persist.
  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: LONG_TITLE })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove tag Philosophy' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove tag Physics' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove tag slow reading' })).toHaveCount(0);

  // Backspace in the empty field removes the last tag.
  await field.focus();
  await field.press('Backspace');
  await expect(page.getByRole('button', { name: 'Remove tag Physics' })).toHaveCount(0);
  await expect.poll(async () => (await articleState(page, app, id)).tags).toEqual(['Philosophy']);
});

test('Favourite, Archive and Mark as finished persist across a reload', async ({ page, app }) => {
  await importFiles(page, [longArticle()]);
  const id = await open(page, LONG_TITLE);
  const favourite = page.getByRole('button', { name: 'Favourite', exact: true });
  const archive = page.getByRole('button', { name: 'Archive', exact: true });
  await expect(favourite).toHaveAttribute('aria-pressed', 'false');
  await expect(archive).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: 'Mark as unread' })).toHaveCount(0);

  await favourite.click();
  await archive.click();
  await page.getByRole('button', { name: 'Mark as finished' }).click();
  await expect(favourite).toHaveAttribute('aria-pressed', 'true');
  await expect(archive).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Mark as unread' })).toBeVisible();
  await expect
    .poll(() => articleState(page, app, id))
    .toMatchObject({ favorite: true, archived: true, readState: 'finished' });

  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: LONG_TITLE })).toBeVisible();
  await expect(favourite).toHaveAttribute('aria-pressed', 'true');
  await expect(archive).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Mark as unread' })).toBeVisible();

  // And back.
  await favourite.click();
  await archive.click();
  await page.getByRole('button', { name: 'Mark as unread' }).click();
  await expect(page.getByRole('button', { name: 'Mark as finished' })).toBeVisible();
  await expect
    .poll(() => articleState(page, app, id))
    .toMatchObject({ favorite: false, archived: false, readState: 'unread' });
  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: LONG_TITLE })).toBeVisible();
  await expect(favourite).toHaveAttribute('aria-pressed', 'false');
  await expect(archive).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: 'Mark as finished' })).toBeVisible();
  // Keyboard: Space toggles a focused button.
  await favourite.focus();
  await page.keyboard.press('Space');
  await expect(favourite).toHaveAttribute('aria-pressed', 'true');
});
