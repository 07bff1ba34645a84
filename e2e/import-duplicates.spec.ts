/**
 * What imported articles look like, in the app: a saved page dropped with
 * its `_files` folder keeps its images; an identical file imported again
 * says "Already in your library" with Skip as the default; an author that
 * is the site is shown once.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, test } from './fixtures';
import { libraryList, writeTemp } from './helpers';

const FIXTURE = join(ROOT, 'tests/fixtures/import/saved-page');
const TITLE = 'Soil Life in Small Gardens';

/**
 * Drops real files and folders from disk on the window, as the operating
 * system does (Chromium's own drag input: folders arrive as directory entries).
 */
async function dropPaths(page: Page, paths: string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, x: 400, y: 300, data });
  }
  await cdp.detach();
}

test('a saved page dropped with its _files folder shows the folder’s images', async ({ page }) => {
  await dropPaths(page, [join(FIXTURE, 'Saved Page.html'), join(FIXTURE, 'Saved Page_files')]);
  // The folder is not an article of its own: one file imported.
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported 1 of 1 file.');
  await libraryList(page).getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

  const body = page.locator('[data-article-body]');
  await expect
    .poll(() =>
      body.locator('img').evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).map((img) => ({ alt: img.alt, shown: img.complete && img.naturalWidth > 0 })),
      ),
    )
    .toEqual([
      { alt: 'A red square of turned soil', shown: true },
      { alt: 'A chart of compost temperature', shown: true },
      { alt: 'Worms at work', shown: true },
    ]);
  await expect(body.locator('.image-missing', { hasText: 'A picture outside the folder' })).toBeVisible();
});

const PROSE = 'The council met on Tuesday evening and voted, after a long debate about costs, to turn garages into housing. ';

function article(title: string, author: string, site: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | ${site}</title>
<meta property="og:site_name" content="${site}"><meta name="author" content="${author}"></head>
<body><article><h1>${title}</h1><p>${PROSE.repeat(6)}</p><p>${PROSE.repeat(4)}</p></article></body></html>`;
}

test('an identical file says “Already in your library”: Skip is the default; Open existing opens it', async ({ page }) => {
  const file = writeTemp('council.html', article('Council votes on housing', 'Jane Doe', 'City Gazette'));
  const importButton = page.getByLabel('Import files');
  await importButton.setInputFiles([file]);
  await expect(libraryList(page).getByRole('heading', { level: 3 })).toHaveText(['Council votes on housing']);

  await importButton.setInputFiles([file]);
  const dialog = page.getByRole('dialog', { name: 'Already in your library' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Skip' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Skipped' })).toContainText('Skipped 1 file already in the library.');
  await expect(libraryList(page).getByRole('heading', { level: 3 })).toHaveText(['Council votes on housing']);

  // Dropped this time: the same rule and the same question.
  await dropPaths(page, [file]);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Open existing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Council votes on housing' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(libraryList(page).getByRole('heading', { level: 3 })).toHaveText(['Council votes on housing']);
});

test('the title loses its site suffix and an author that is the site is shown once', async ({ page }) => {
  await page.getByLabel('Import files').setInputFiles([writeTemp('heise.html', article('1Password für Mac generiert Einmal-Passwörter', 'Mac & i', 'Mac & i'))]);
  const row = libraryList(page).getByRole('listitem').filter({ hasText: '1Password für Mac' });
  await expect(row.getByRole('heading', { level: 3 })).toHaveText('1Password für Mac generiert Einmal-Passwörter');
  await expect(row.getByText('Mac & i', { exact: true })).toHaveCount(1);
  await row.getByRole('button', { name: '1Password für Mac generiert Einmal-Passwörter', exact: true }).click();
  const byline = page.locator('.article-header .byline');
  await expect(byline).toBeVisible();
  await expect(byline.getByText('Mac & i', { exact: true })).toHaveCount(1);
});
