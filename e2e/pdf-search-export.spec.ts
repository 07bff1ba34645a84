/**
 * Search and export over a PDF in the browser host: a word found only on
 * page 3 opens the PDF at page 3 (the page box says so); a highlight on
 * page 2 exports with `p. 2` and the front matter says `kind: pdf` and
 * `pages: 3`. A text hit in an HTML article opens it at the match, not at
 * its top.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import YAML from 'yaml';
import { makePdf } from '../tests/pdf/make-pdf';
import { expect, SEED, test } from './fixtures';
import { apiHighlight, callApi, libraryList, reload, SEED_TITLE } from './helpers';

const TITLE = 'Estuaries of the North';

function searchBox(page: Page) {
  return page.getByRole('searchbox', { name: 'Search' });
}

function results(page: Page) {
  return page.getByRole('list', { name: 'Search results' });
}

async function importPdf(page: Page, app: Parameters<typeof callApi>[1]): Promise<string> {
  const bytes = await makePdf(
    [
      { heading: { text: TITLE, size: 22 }, lines: ['The first page speaks of rivers and their long courses.'] },
      { lines: ['Page two is about lakes and still water.'] },
      { lines: ['Page three mentions the zygomorphic estuary.'] },
    ],
    { title: TITLE },
  );
  const result = await callApi<{ status: string; article: { id: string } }>(page, app, 'importFile', {
    name: 'estuaries.pdf',
    data: { $bytes: Buffer.from(bytes).toString('base64') },
    mode: 'new',
  });
  return result.article.id;
}

test('a search hit opens a PDF at its page; its highlights export with their page', async ({ page, app }) => {
  const id = await importPdf(page, app);
  await reload(page);

  // A word only on page 3: the hit opens the PDF there.
  await searchBox(page).fill('zygomorphic');
  const hit = results(page).getByRole('button').filter({ hasText: TITLE });
  await expect(hit.locator('mark').first()).toHaveText(/zygomorphic/i);
  await hit.click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/article/${id}/at/\\d+$`));
  await expect(page.getByLabel('Page number')).toHaveValue('3');
  await expect(page.getByRole('group', { name: 'Page 3' }).locator('.textLayer')).toContainText('zygomorphic estuary');

  // A highlight on page 2; Export notes downloads the file with its page.
  await apiHighlight(page, app, id, 'lakes and still water');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export notes' }).click()]);
  const markdown = readFileSync(await download.path(), 'utf8');
  const front = YAML.parse(/^---\n([\s\S]*?)\n---\n/.exec(markdown)![1]!) as Record<string, unknown>;
  expect(front).toMatchObject({ title: TITLE, kind: 'pdf', pages: 3, highlights: 1 });
  expect(markdown.split('\n')).toContain('> lakes and still water');
  expect(markdown).toMatch(new RegExp(`Colour: green \\(Question\\) · p\\. 2 · \\[Open in Gloss\\]\\(gloss://article/${id}#highlight-[a-z0-9]+\\)`));
});

test('a text hit in an article opens it at the match', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 500 });
  await page.getByLabel('Import files').setInputFiles([SEED]);
  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
  await expect(libraryList(page).getByRole('button', { name: SEED_TITLE, exact: true })).toBeVisible();

  // "holistic" is only in the last paragraph.
  await searchBox(page).fill('holistic');
  await results(page).getByRole('button').filter({ hasText: SEED_TITLE }).click();
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(page).toHaveURL(/#\/article\/[a-z0-9]+\/at\/\d+$/);
  const paragraph = page.locator('[data-article-body] p').filter({ hasText: 'holistic approach' });
  await expect(paragraph).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
});
