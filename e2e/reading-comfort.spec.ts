/**
 * Reading comfort (issue #16): the Text settings popover changes the theme,
 * the face and the measure of the article live; the choice survives a
 * reload; Reset brings the defaults back; every theme passes an axe scan.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, SEED, test } from './fixtures';
import { callApi, goto, reload } from './helpers';

// Axe scans of the whole reader in four themes: slow on a loaded 2-core machine.
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
  const style = (): Promise<{ font: string; size: number; width: number; bg: string; lineHeight: number; gap: number; margin: number; align: string; hyphens: string }> =>
    body.evaluate((el) => {
      const s = getComputedStyle(el);
      const p = getComputedStyle(el.querySelector('[data-article-body] p')!);
      return {
        font: s.fontFamily,
        size: parseFloat(s.fontSize),
        width: el.getBoundingClientRect().width,
        bg: getComputedStyle(document.body).backgroundColor,
        // As multiples of the text size: each is asked for in those units.
        lineHeight: Math.round((parseFloat(p.lineHeight) / parseFloat(p.fontSize)) * 10) / 10,
        gap: Math.round((parseFloat(p.marginBottom) / parseFloat(p.fontSize)) * 10) / 10,
        margin: parseFloat(s.paddingInlineStart),
        align: p.textAlign,
        hyphens: p.hyphens,
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
  // Every bundled face is declared and loads (from the app: the requests are checked at the end).
  const faces = ['Literata Variable', 'Source Sans 3 Variable', 'JetBrains Mono Variable', 'Atkinson Hyperlegible Next Variable'];
  const loaded = await page.evaluate((names) => Promise.all(names.map(async (n) => (await document.fonts.load(`16px "${n}"`, 'Aa')).length)), faces);
  expect(loaded, faces.join(', ')).toEqual([1, 1, 1, 1]);

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

  // Line height, paragraph spacing and margins, each a step or more from its default; justified with hyphenation.
  const slide = async (label: string, key: 'ArrowRight' | 'ArrowLeft', times: number, valueText: string): Promise<void> => {
    const slider = dialog.getByLabel(label);
    await slider.focus();
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
    await expect(slider).toHaveAttribute('aria-valuetext', valueText);
  };
  await slide('Line height', 'ArrowRight', 3, '2');
  await slide('Paragraph spacing', 'ArrowRight', 4, '1.5 em');
  await slide('Margins', 'ArrowRight', 4, '2 rem');
  await dialog.getByRole('checkbox', { name: 'Justify text (with hyphenation)' }).check();
  const spaced = { lineHeight: 2, gap: 1.5, margin: 32, align: 'justify', hyphens: 'auto' };
  await expect.poll(async () => (await style()).lineHeight).toBe(2);
  expect(await style()).toMatchObject(spaced);
  expect(before).toMatchObject({ lineHeight: 1.7, gap: 1.1, margin: 0, align: 'start' });

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
  // The width is in characters of the chosen face: measured once it has loaded.
  await expect.poll(() => style()).toMatchObject({ ...spaced, width: chosen.width });
  // Settings → Text and theme holds the same choices.
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByRole('radio', { name: 'Sepia' })).toBeChecked();
  await expect(settings.getByLabel('Line height')).toHaveAttribute('aria-valuetext', '2');
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();

  // Every theme, popover open: zero axe violations (all rules once; in the other themes only colours
  // change, so only contrast is checked again).
  await open.click();
  const backgrounds = { Light: 'rgb(251, 250, 247)', Sepia: 'rgb(244, 236, 216)', Dark: 'rgb(23, 22, 20)', Black: 'rgb(0, 0, 0)' };
  for (const theme of ['Light', 'Sepia', 'Dark', 'Black'] as const) {
    await dialog.getByRole('radio', { name: theme }).check();
    await expect.poll(async () => (await style()).bg, theme).toBe(backgrounds[theme]);
    const axe = new AxeBuilder({ page });
    const results = await (theme === 'Light' ? axe.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']) : axe.withRules(['color-contrast'])).analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    expect(found, `${theme}: axe violations`).toEqual([]);
  }

  // Reset: the defaults again (the system's scheme, the first size and width).
  await dialog.getByRole('button', { name: 'Reset text settings' }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await expect.poll(async () => (await style()).size).toBe(before.size);
  expect((await style()).width).toBe(before.width);
  await expect(dialog.getByRole('button', { name: 'Reset text settings' })).toBeDisabled();
  expect(await style()).toMatchObject({ lineHeight: before.lineHeight, gap: before.gap, margin: 0, align: 'start' });
  // System: the system's scheme, whichever it is.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(async () => (await style()).bg).toBe(backgrounds.Dark);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => (await style()).bg).toBe(backgrounds.Light);

  // Nothing was fetched from anywhere but the app.
  const origin = new URL(app.url).origin;
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
});

test('right-to-left and vertical articles are laid out by their language and their page; one heading makes no Contents', async ({ page, app }) => {
  const markdown = [
    '---',
    'title: مقالة قصيرة',
    'lang: ar',
    '---',
    '',
    'فقرة قصيرة.',
    '',
    '## القسم الوحيد',
    '',
    '- البند الأول',
    '- البند الثاني',
    '',
    '> اقتباس قصير',
    '',
  ].join('\n');
  const { article } = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'rtl.md',
    data: { $bytes: Buffer.from(markdown).toString('base64') },
    mode: 'new',
  });
  await goto(page, `${app.url}#/article/${article.id}`);
  const body = page.locator('[data-article-body]');
  await expect(body).toContainText('اقتباس قصير');
  // Its language is on the article (hyphenation and voices follow it), its direction on the text.
  await expect(page.locator('article')).toHaveAttribute('lang', 'ar');
  const layout = await body.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const line = document.createRange();
    line.selectNodeContents(el.querySelector('p')!);
    const text = line.getBoundingClientRect();
    const list = getComputedStyle(el.querySelector('ul')!);
    const quote = getComputedStyle(el.querySelector('blockquote')!);
    return {
      direction: getComputedStyle(el).direction,
      fromRight: Math.round(box.right - text.right),
      fromLeft: Math.round(text.left - box.left),
      list: [parseFloat(list.paddingLeft), parseFloat(list.paddingRight) > 0],
      rule: [parseFloat(quote.borderLeftWidth), parseFloat(quote.borderRightWidth)],
    };
  });
  expect(layout).toMatchObject({ direction: 'rtl', fromRight: 0, list: [0, true], rule: [0, 3] });
  expect(layout.fromLeft).toBeGreaterThan(100);

  // One heading is not worth a Contents.
  await expect(body.getByRole('heading', { name: 'القسم الوحيد' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Contents' })).toHaveCount(0);

  // A page its style sheet sets vertically reads top to bottom, right to left, in a box that scrolls sideways.
  const line = '吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。'.repeat(6);
  const { article: vertical } = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'tategaki.html',
    data: { $bytes: Buffer.from(`<!doctype html><html lang="ja"><head><title>縦書きの頁</title><style>body { writing-mode: vertical-rl }</style></head><body><article>${`<p>${line}</p>`.repeat(8)}</article></body></html>`).toString('base64') },
    mode: 'new',
  });
  await goto(page, `${app.url}#/article/${vertical.id}`);
  await expect(body).toContainText('吾輩は猫である');
  const box = body.locator('section');
  await expect(box).toHaveCSS('writing-mode', 'vertical-rl');
  expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
