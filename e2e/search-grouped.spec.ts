/**
 * Search results grouped by article (issue 12): one result per article with
 * its text, highlight and note matches under it; a note's Markdown shown as
 * text; the highlight that holds the searched phrase listed first; every
 * match reachable with the arrow keys, each opening its own place.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiHighlight, callApi } from './helpers';

const TITLE = 'Orchard notes';
const BODY = [
  'Quinces ripen late in the autumn, long after the apples.',
  'A quince tree wants a sheltered corner and patience.',
  'The old quince by the wall gave fruit for forty years.',
].join('\n\n');

function searchBox(page: Page) {
  return page.getByRole('searchbox', { name: 'Search' });
}

function results(page: Page) {
  return page.getByRole('list', { name: 'Search results' });
}

/** Imports the orchard article as a text file; returns its id. */
async function importOrchard(page: Page, app: Parameters<typeof callApi>[1]): Promise<string> {
  await page.getByLabel('Import files').setInputFiles([
    { name: 'orchard.txt', mimeType: 'text/plain', buffer: Buffer.from(`${TITLE}\n\n${BODY}\n`) },
  ]);
  let id = '';
  await expect
    .poll(async () => {
      const [article] = await callApi<{ id: string }[]>(page, app, 'listArticles', {});
      id = article?.id ?? '';
      return id;
    })
    .not.toBe('');
  return id;
}

test('a body hit, a highlight hit and a note hit on one article are one result with three matches', async ({ page, app }) => {
  const id = await importOrchard(page, app);
  await apiHighlight(page, app, id, 'The old quince by the wall');
  await callApi(page, app, 'setArticleNote', { articleId: id, note: 'Ask about the **quince** jelly recipe.' });

  await searchBox(page).fill('quince');
  await expect(page.getByText(/^1 result$/)).toBeAttached();
  const list = results(page);
  // One article: its title appears once; three matches under it, each a button.
  await expect(list.getByText(TITLE, { exact: true })).toHaveCount(1);
  const buttons = list.getByRole('button');
  await expect(buttons).toHaveCount(3);
  await expect(buttons.nth(0)).toContainText(TITLE);
  await expect(buttons.nth(0)).toContainText('Highlight');
  await expect(buttons.nth(1)).toContainText('Article note');
  await expect(buttons.nth(2)).toContainText('Text');
  for (let i = 0; i < 3; i++) await expect(buttons.nth(i).locator('mark').first()).toHaveText(/^quince/i);

  // The note is shown as text: "quince jelly", never "**quince** jelly".
  await expect(buttons.nth(1)).toContainText('Ask about the quince jelly recipe.');
  await expect(list).not.toContainText('**');
});

test('a note written in Markdown shows as text, raw HTML not at all', async ({ page, app }) => {
  const id = await importOrchard(page, app);
  await apiHighlight(page, app, id, 'A quince tree wants a sheltered corner', {
    note: 'Graft onto **bold rootstock** and <b>prune</b> in _winter_; see [the guide](https://example.org/g).',
  });
  await searchBox(page).fill('rootstock');
  const hit = results(page).getByRole('button').filter({ hasText: TITLE });
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText('Note');
  await expect(hit).toContainText('Graft onto bold rootstock and prune in winter; see the guide.');
  await expect(hit.locator('mark')).toHaveText('rootstock');
  await expect(hit).not.toContainText('**');
  await expect(hit).not.toContainText('<b>');
  await expect(hit).not.toContainText('https://');
  await expect(hit.locator('b, strong, a')).toHaveCount(0);
});

test('a phrase that is a highlight lists that highlight first; arrows and Enter open each match', async ({ page, app }) => {
  const id = await importOrchard(page, app);
  // A note that repeats the words would outrank the highlight on word counts alone.
  await apiHighlight(page, app, id, 'Quinces ripen late', { note: 'quince tree, quince tree, a sheltered quince tree' });
  await apiHighlight(page, app, id, 'A quince tree wants a sheltered corner');
  const highlights = await callApi<{ id: string; quote: { exact: string } }[]>(page, app, 'listHighlights', { articleId: id });
  const phrase = highlights.find((h) => h.quote.exact.startsWith('A quince tree'))!;
  const noted = highlights.find((h) => h.quote.exact.startsWith('Quinces'))!;

  await searchBox(page).fill('"a quince tree wants"');
  await expect(results(page).getByRole('button')).toHaveCount(2);
  await searchBox(page).fill('quince tree');
  const buttons = results(page).getByRole('button');
  await expect(buttons).toHaveCount(3);
  await expect(buttons.nth(0)).toContainText('Highlight');
  await expect(buttons.nth(0)).toContainText('A quince tree wants a sheltered corner');
  await expect(buttons.nth(1)).toContainText('Note');
  await expect(buttons.nth(1)).toContainText('“Quinces ripen late”');
  await expect(buttons.nth(2)).toContainText('Text');

  // ArrowDown walks every match; Enter opens the one with focus, at its highlight.
  await searchBox(page).press('ArrowDown');
  await expect(buttons.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(buttons.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/article/${id}/highlight/${noted.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

  // Enter in the box opens the first result at its first (best) match.
  await searchBox(page).fill('quince tree');
  await expect(results(page).getByRole('button')).toHaveCount(3);
  await searchBox(page).press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/article/${id}/highlight/${phrase.id}$`));
});

test('an article with more matches than shown says how many more', async ({ page, app }) => {
  const id = await importOrchard(page, app);
  await apiHighlight(page, app, id, 'Quinces ripen late');
  await apiHighlight(page, app, id, 'A quince tree wants');
  await apiHighlight(page, app, id, 'The old quince by the wall');
  await callApi(page, app, 'setArticleNote', { articleId: id, note: 'quince jelly' });
  await searchBox(page).fill('quince');
  await expect(results(page).getByRole('button')).toHaveCount(3);
  await expect(results(page)).toContainText('+2 more in this article');
});
