/**
 * Search in the browser host: the header's searchbox finds the seed by a word
 * of its text (matched words marked), opens it, finds a highlight's note and
 * lands on that highlight, answers Ctrl+K and `/`, and takes FTS-looking
 * text without an error.
 */
import type { Page } from '@playwright/test';
import { expect, SEED, test } from './fixtures';
import { apiHighlight, callApi, SEED_TITLE } from './helpers';

function searchBox(page: Page) {
  return page.getByRole('searchbox', { name: 'Search' });
}

function results(page: Page) {
  return page.getByRole('list', { name: 'Search results' });
}

async function importSeed(page: Page): Promise<void> {
  await page.getByLabel('Import files').setInputFiles([SEED]);
  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
}

test('finds the seed by a word of its text and opens it', async ({ page }) => {
  await importSeed(page);
  await searchBox(page).fill('rosacea');
  const hit = results(page).getByRole('button').filter({ hasText: SEED_TITLE });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark').first()).toHaveText(/rosacea/i);
  await expect(page.getByText(/^\d+ results?$/)).toBeAttached();
  await hit.click();
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(results(page)).toBeHidden();
  // The box is in the reader's header too.
  await expect(searchBox(page)).toBeVisible();
});

test('keyboard: ArrowDown into results, Enter opens, Escape clears', async ({ page }) => {
  await importSeed(page);
  await searchBox(page).fill('rosacea');
  await expect(results(page).getByRole('button').first()).toBeVisible();
  await searchBox(page).press('ArrowDown');
  await expect(results(page).getByRole('button').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(searchBox(page)).toBeFocused();
  await expect(searchBox(page)).toHaveValue('');
  await expect(results(page)).toBeHidden();

  await searchBox(page).fill('rosacea');
  await expect(results(page).getByRole('button').first()).toBeVisible();
  await searchBox(page).press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
});

test('a word only in a highlight note finds the note and opens its highlight', async ({ page, app }) => {
  await importSeed(page);
  const [article] = await callApi<{ id: string }[]>(page, app, 'listArticles', {});
  await apiHighlight(page, app, article!.id, 'healthy skin starts in the gut', { note: 'Remember zanzibarfoo for later.' });
  const [highlight] = await callApi<{ id: string }[]>(page, app, 'listHighlights', { articleId: article!.id });

  await searchBox(page).fill('zanzibarfoo');
  const hit = results(page).getByRole('button').filter({ hasText: SEED_TITLE });
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText(/Note|Highlight/);
  await expect(hit.locator('mark')).toHaveText(/zanzibarfoo/i);
  await hit.click();
  await expect(page).toHaveURL(new RegExp(`#/article/${article!.id}/highlight/${highlight!.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
});

test('Ctrl+K and / focus the box; no match says No results', async ({ page }) => {
  await page.locator('body').click();
  await page.keyboard.press('Control+k');
  await expect(searchBox(page)).toBeFocused();
  await searchBox(page).blur();
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await expect(searchBox(page)).toHaveValue('');
  await page.keyboard.type('nothingmatchesthis');
  await expect(page.getByText('No results').first()).toBeAttached();
});

test('FTS syntax is searched as words, not an error', async ({ page }) => {
  await importSeed(page);
  for (const text of ['"NEAR(', 'skin AND (', '*', 'gut" OR "']) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/search'));
    await searchBox(page).fill(text);
    expect(await (await answered).json()).toMatchObject({ ok: true });
    await expect(page.getByText(/^(\d+\+? results?|No results)$/).first()).toBeAttached();
    await expect(page.getByRole('alert')).toHaveCount(0);
  }
});
