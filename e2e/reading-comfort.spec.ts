/**
 * Reading comfort (issue #16): the Text settings popover changes the theme,
 * the face and the measure of the article live; the choice survives a
 * reload; Reset brings the defaults back; every theme passes an axe scan.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, SEED, test } from './fixtures';
import { callApi, goto, reload } from './helpers';

// Four axe scans of the whole reader: slow on a loaded 2-core machine.
test.setTimeout(180_000);

test('Text settings: theme, font, size and width apply live, persist, reset, and pass axe in every theme', async ({ page, app }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const { article } = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'seed.txt',
    data: { $bytes: readFileSync(SEED).toString('base64') },
    mode: 'new',
  });
  await goto(page, `${app.url}#/article/${article.id}`);
  const body = page.locator('article').filter({ has: page.locator('[data-article-body]') });
  await expect(body).toBeVisible();
  const style = (): Promise<{ font: string; size: number; width: number; bg: string }> =>
    body.evaluate((el) => {
      const s = getComputedStyle(el);
      return {
        font: s.fontFamily,
        size: parseFloat(s.fontSize),
        width: el.getBoundingClientRect().width,
        bg: getComputedStyle(document.body).backgroundColor,
      };
    });
  const before = await style();

  const open = page.getByRole('button', { name: 'Text and theme' });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Text settings' });
  await expect(dialog).toBeVisible();

  await dialog.getByRole('radio', { name: 'Sepia' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'sepia');
  await expect.poll(async () => (await style()).bg).toBe('rgb(244, 236, 216)');

  await dialog.getByLabel('Font').selectOption({ label: 'Sans-serif (Source Sans 3)' });
  await expect.poll(async () => (await style()).font).toContain('Source Sans 3 Variable');
  // The bundled face is really used (loaded from the app's own origin).
  await expect.poll(() => page.evaluate(() => document.fonts.check('16px "Source Sans 3 Variable"'))).toBe(true);

  const size = dialog.getByLabel('Text size');
  await size.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(size).toHaveAttribute('aria-valuetext', '20 px');
  await expect.poll(async () => (await style()).size).toBeGreaterThan(before.size);

  const width = dialog.getByLabel('Column width');
  await width.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await style()).width).toBeLessThan(before.width);

  // Escape closes the popover and gives focus back to its button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  // Kept across a reload.
  const chosen = await style();
  await reload(page);
  await expect(body).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'sepia');
  await expect.poll(async () => (await style()).size).toBe(chosen.size);
  expect((await style()).font).toContain('Source Sans 3 Variable');

  // Every theme, popover open: zero axe violations.
  await open.click();
  for (const theme of ['Light', 'Sepia', 'Dark', 'Black'] as const) {
    await dialog.getByRole('radio', { name: theme }).check();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    expect(found, `${theme}: axe violations`).toEqual([]);
  }

  // Reset: the defaults again (the system's scheme, the first size and width).
  await dialog.getByRole('button', { name: 'Reset text settings' }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await expect.poll(async () => (await style()).size).toBe(before.size);
  expect((await style()).width).toBe(before.width);
  await expect(dialog.getByRole('button', { name: 'Reset text settings' })).toBeDisabled();

  // Nothing was fetched from anywhere but the app.
  const origin = new URL(app.url).origin;
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
});
