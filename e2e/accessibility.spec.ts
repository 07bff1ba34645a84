/**
 * An axe-core scan of every view a user meets in the first hour (issue 12):
 * the first-run library, the library with articles, the reader with its
 * highlight popover, search, Settings and Export all — at 1280, 800 and
 * 420 px wide. Zero violations of WCAG 2.1 A/AA. Colours are the same at
 * every width (one set of theme variables), layouts differ by width: every
 * view is scanned in light and dark at 1280 px, and in one scheme each at
 * 800 (dark) and 420 px (light) — half the scans of both at every width.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, SEED, test, type GlossApp } from './fixtures';
import { apiHighlight, callApi, goto, SEED_TITLE, SENTENCE, textPoints } from './helpers';

type Scheme = 'light' | 'dark';
const WIDTHS: ReadonlyArray<{ width: number; schemes: readonly Scheme[] }> = [
  { width: 1280, schemes: ['light', 'dark'] },
  { width: 800, schemes: ['dark'] },
  { width: 420, schemes: ['light'] },
];

/**
 * Scans the page as it is now in each of `schemes` (the same view, only the
 * colour scheme switched); fails with each violation's rule, impact and the
 * first nodes it names.
 */
async function expectNoViolationsIn(page: Page, view: string, schemes: readonly Scheme[]): Promise<void> {
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = results.violations.map(
      (v) => `${v.id} (${v.impact ?? '?'}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`,
    );
    expect(found, `${view}, ${scheme}: axe violations`).toEqual([]);
  }
}

async function importSeed(page: Page, app: GlossApp): Promise<string> {
  const result = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'seed.txt',
    data: { $bytes: readFileSync(SEED).toString('base64') },
    mode: 'new',
  });
  return result.article.id;
}

for (const { width, schemes } of WIDTHS) {
  test(`no axe violations at ${width} px, ${schemes.join(' and ')}`, async ({ page, app }) => {
    // Up to twelve full-page scans: about 40 s on a quiet machine.
    test.setTimeout(180_000);
    const expectNoViolations = (p: Page, view: string) => expectNoViolationsIn(p, view, schemes);
    await page.setViewportSize({ width, height: 900 });

    // The first-run library.
    await expect(page.getByRole('button', { name: 'Import', exact: true }).first()).toBeVisible();
    await expectNoViolations(page, 'first run');
    // Placeholders are text too (axe does not check them): the muted colour, not the browser's faint grey.
    const placeholders = await page.locator('input[placeholder]').evaluateAll((els) => els.map((el) => getComputedStyle(el, '::placeholder').color));
    const muted = await page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('span'));
      probe.style.color = 'var(--muted)';
      const color = getComputedStyle(probe).color;
      probe.remove();
      return color;
    });
    expect(placeholders.length).toBeGreaterThan(0);
    for (const color of placeholders) expect(color).toBe(muted);

    // The library with an article that has a highlight with a note.
    const id = await importSeed(page, app);
    await apiHighlight(page, app, id, SENTENCE, { note: 'Why **this** matters' });
    await goto(page, app.url);
    await expect(page.getByRole('list', { name: 'Library' })).toBeVisible();
    await expectNoViolations(page, 'library');

    // Search with results.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('skin');
    await expect(page.getByRole('list', { name: 'Search results' }).getByRole('button').first()).toBeVisible();
    await expectNoViolations(page, 'search');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    // Settings, then Export all.
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoViolations(page, 'settings');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await page.getByRole('button', { name: 'Export all…' }).click();
    await expect(page.getByRole('dialog', { name: 'Export all' })).toBeVisible();
    await expectNoViolations(page, 'export all');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    // The reader, then its highlight popover.
    await goto(page, `${app.url}#/article/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
    await expectNoViolations(page, 'reader');
    await page.getByRole('article').getByText('reveals a fascinating truth', { exact: false }).scrollIntoViewIfNeeded();
    const { start } = await textPoints(page, 'reveals');
    await page.mouse.click(start.x + 2, start.y);
    await expect(page.getByRole('dialog', { name: 'Highlight' })).toBeVisible();
    await expectNoViolations(page, 'highlight popover');
  });
}

test('the scan finds a violation when there is one', async ({ page }) => {
  // Low-contrast text and an unlabelled button, added to the first-run page.
  await page.evaluate(() => {
    const bad = document.createElement('div');
    bad.innerHTML = '<p style="color:#999;background:#aaa">Hard to read</p><button></button>';
    document.querySelector('#app > main')?.append(bad);
  });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => v.id).sort()).toEqual(['button-name', 'color-contrast']);
});
