/**
 * Reading by keyboard (issue #16): `?` opens the Keyboard shortcuts dialog
 * (from the library and the reader; axe-clean in every theme),
 * `j` scrolls, `G` / `g g` go to the bottom and top, `]` `]` `[` move the
 * focused highlight (the panel marks it, the live region says it), `n` opens
 * its note, `t` the Contents (Enter on an entry jumps there), `a` Text and
 * theme, and focus mode hides the chrome (the pointer near the top or the
 * keyboard in it brings it back) and ends with Escape; keys typed in a field
 * stay there.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiHighlight, callApi, goto, reload } from './helpers';

// Two axe scans and a reload on a loaded 2-core machine.
test.setTimeout(120_000);

function paragraph(n: number): string {
  return `Paragraph ${n} walks on through the reading room, one steady sentence after another, so that the page is long enough to scroll in every window the tests use.`;
}

function markdown(): string {
  const lines = ['# Keys in the reading room', ''];
  for (let part = 1; part <= 3; part++) {
    lines.push(`## Part ${part}`, '');
    for (let n = 1; n <= 14; n++) {
      const i = (part - 1) * 14 + n;
      const extra = i === 3 ? ' The alpha marker phrase sits here.' : i === 20 ? ' The beta marker phrase sits here.' : i === 38 ? ' The gamma marker phrase sits here.' : '';
      lines.push(paragraph(i) + extra, '');
    }
  }
  return lines.join('\n');
}

async function axeClean(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include('dialog[open]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `${label}: axe violations`).toEqual([]);
}

const scrollY = (page: Page): Promise<number> => page.evaluate(() => window.scrollY);

test('reading by keyboard: shortcuts dialog, scrolling, highlights, note, contents, focus mode', async ({ page, app }) => {
  const { article } = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'keys.md',
    data: { $bytes: Buffer.from(markdown()).toString('base64') },
    mode: 'new',
  });
  for (const phrase of ['alpha marker phrase', 'beta marker phrase', 'gamma marker phrase']) {
    await apiHighlight(page, app, article.id, phrase, { color: 'yellow' });
  }

  // `?` in the library opens the dialog; Escape closes it.
  await goto(page, app.url);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Reading (articles, books and PDFs)' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await goto(page, `${app.url}#/article/${article.id}`);
  const body = page.locator('[data-article-body]');
  await expect(body).toContainText('gamma marker phrase');
  await expect(page.getByRole('heading', { level: 1, name: 'Keys in the reading room' })).toBeFocused();

  // The dialog from the reader lists the keys, from the same table the keys use; axe-clean in every theme.
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  const row = (does: string) => dialog.locator('div').filter({ has: page.getByText(does, { exact: true }) });
  await expect(row('Next highlight (it becomes the focused highlight)').locator('kbd')).toHaveText([']']);
  await expect(row('Go to the top').locator('kbd')).toHaveText(['g', 'g', 'Home']);
  await expect(row('Focus mode: only the text (turn it on or off)').locator('kbd')).toHaveText(['f']);
  await axeClean(page, 'light');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // `a`: Text and theme; each other theme, then the dialog again (Dark last: the rest of the test reads in it).
  const textSettings = page.getByRole('dialog', { name: 'Text settings' });
  for (const theme of ['Sepia', 'Black', 'Dark']) {
    await page.keyboard.press('a');
    await expect(textSettings).toBeVisible();
    await textSettings.getByRole('radio', { name: theme }).check();
    await page.keyboard.press('Escape');
    await expect(textSettings).toBeHidden();
    await page.keyboard.press('?');
    await expect(dialog).toBeVisible();
    await axeClean(page, theme.toLowerCase());
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }

  // j scrolls by a line, G to the bottom, g g to the top.
  expect(await scrollY(page)).toBe(0);
  await page.keyboard.press('j');
  await expect.poll(() => scrollY(page)).toBeGreaterThan(10);
  await page.keyboard.press('G');
  const bottom = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  await expect.poll(() => scrollY(page)).toBeGreaterThanOrEqual(bottom - 2);
  await page.keyboard.press('g');
  await page.keyboard.press('g');
  await expect.poll(() => scrollY(page)).toBe(0);

  // ] ] [: the focused highlight moves in document order; the panel marks it, the live region says it.
  const panel = page.getByRole('complementary', { name: 'Highlights' });
  const marked = panel.locator('li[aria-current="true"]');
  const said = (text: string) => page.getByRole('status').filter({ hasText: text });
  await page.keyboard.press(']');
  await expect(marked).toContainText('alpha marker phrase');
  await expect(said('Highlight 1 of 3: alpha marker phrase')).toHaveCount(1);
  await page.keyboard.press(']');
  await expect(marked).toContainText('beta marker phrase');
  await expect(said('Highlight 2 of 3: beta marker phrase')).toHaveCount(1);
  // Scrolled to just below the reading line: the highlight's paragraph is on screen, near the top.
  const beta = body.locator('p', { hasText: 'beta marker phrase' });
  await expect(beta).toBeInViewport();
  const top = await beta.evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeLessThan(page.viewportSize()!.height / 2);
  await page.keyboard.press(']');
  await page.keyboard.press('[');
  await expect(marked).toContainText('beta marker phrase');
  await expect(said('Highlight 2 of 3: beta marker phrase')).toHaveCount(1);

  // n: the focused highlight's note; a `j` typed there is text, not a scroll.
  await page.keyboard.press('n');
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  const note = popover.getByRole('textbox', { name: 'Note' });
  await expect(note).toBeFocused();
  await expect(popover).toContainText('beta marker phrase');
  const before = await scrollY(page);
  await page.keyboard.type('jk');
  await expect(note).toHaveValue('jk');
  expect(await scrollY(page)).toBe(before);
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  // Its popover closed, it is still the focused one: ] goes on from it.
  await page.keyboard.press(']');
  await expect(marked).toContainText('gamma marker phrase');

  // The search box keeps its keys too.
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox').first();
  await expect(search).toBeFocused();
  const atSearch = await scrollY(page);
  await page.keyboard.type('j');
  await expect(search).toHaveValue('j');
  expect(await scrollY(page)).toBe(atSearch);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(search).not.toBeFocused();

  // t: the Contents, at the entry being read; t again folds them and gives the keyboard back to the text.
  const contents = page.getByRole('navigation', { name: 'Contents' });
  await page.keyboard.press('t');
  await expect(contents.getByRole('link', { name: 'Part 3' })).toBeFocused();
  await page.keyboard.press('t');
  await expect(contents.getByRole('button', { name: 'Contents' })).toHaveAttribute('aria-expanded', 'false');
  await expect(body).toBeFocused();
  await page.keyboard.press('t');
  await expect(contents.getByRole('link', { name: 'Part 3' })).toBeFocused();
  // Enter on an entry jumps there, and it is marked as the one being read.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(contents.getByRole('link', { name: 'Part 1' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(body.getByRole('heading', { name: 'Part 1' })).toBeInViewport();
  await expect(contents.getByRole('link', { name: 'Part 1' })).toHaveAttribute('aria-current', 'location');
  await body.focus();

  // f: focus mode; only the text. The pointer near the top brings the bar back for a while.
  const header = page.locator('header.app-header');
  await expect(header).toBeInViewport();
  await page.keyboard.press('f');
  await expect(header).not.toBeInViewport();
  await expect(panel).toBeHidden();
  await expect(page.getByRole('button', { name: 'Focus mode' })).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.move(400, 300);
  await page.mouse.move(400, 10);
  await expect(header).toBeInViewport();
  await page.mouse.move(400, 500);
  await expect(header).not.toBeInViewport({ timeout: 8_000 });
  // Remembered for the session: a reload keeps it.
  await reload(page);
  await expect(body).toContainText('gamma marker phrase');
  await expect(header).not.toBeInViewport();
  // A key brings it back too: Shift+Tab reaches the header's controls, shown while they have the keyboard.
  await page.keyboard.press('Shift+Tab');
  const focused = page.locator('header.app-header :focus');
  await expect(focused).toHaveCount(1);
  await expect(focused).toBeInViewport({ ratio: 1 });
  await body.focus();
  await expect(header).not.toBeInViewport();
  // Escape leaves focus mode first, and stays in the article.
  await page.keyboard.press('Escape');
  await expect(header).toBeInViewport();
  await expect(panel).toBeVisible();
  expect(page.url()).toContain(`#/article/${article.id}`);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 1, name: 'Gloss' })).toBeVisible();
});
