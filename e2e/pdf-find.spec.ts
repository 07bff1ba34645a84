/**
 * Find in the document and the PDF password prompt, in the browser host:
 * Ctrl+F in a 14-page PDF finds a word on page 1 and on page 12 (not drawn
 * yet), Next draws page 12 and marks the match (CSS Custom Highlight API),
 * Escape closes and gives focus back; the same bar in an article; and an
 * encrypted PDF imported through the Import button asks for its password,
 * says a wrong one is wrong, and opens with the right one (after a reload,
 * which forgets it, the PDF view asks for it).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { makeEncryptedPdf, makePdf } from '../tests/pdf/make-pdf';
import { expect, test } from './fixtures';
import { callApi, goto, reload } from './helpers';

const TITLE = 'Garden Survey';
const FAR_PAGE = 12;

async function importSurvey(page: Page, app: Parameters<typeof callApi>[1]): Promise<string> {
  const pages = Array.from({ length: 14 }, (_, i) => {
    const n = i + 1;
    const lines = [`Page ${n} of the survey counts beds and paths.`, '', `Nothing more grows on page ${n}.`];
    if (n === 1) lines.push('The first bed holds a marigold.');
    if (n === FAR_PAGE) lines.push('A single MARIGÖLD grows by the gate.');
    return { heading: { text: `Section ${n}`, size: 20 }, lines };
  });
  const bytes = await makePdf(pages, { title: TITLE });
  const result = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'survey.pdf',
    data: { $bytes: Buffer.from(bytes).toString('base64') },
    mode: 'new',
  });
  return result.article.id;
}

/** The text of each range in a CSS highlight, with the page its text is on (0: not in a PDF page). */
function painted(page: Page, name: string): Promise<Array<{ text: string; page: number }>> {
  return page.evaluate((layer) => {
    const highlight = CSS.highlights.get(layer);
    if (!highlight) return [];
    return [...(highlight as unknown as Set<AbstractRange>)].map((r) => {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      const host = (r.startContainer.parentElement as HTMLElement | null)?.closest<HTMLElement>('[data-page-number]');
      return { text: range.toString(), page: Number(host?.dataset.pageNumber ?? 0) };
    });
  }, name);
}

test('finds in a PDF across pages not drawn yet, marks the match, and the same bar finds in an article', async ({ page, app }) => {
  const id = await importSurvey(page, app);
  await reload(page);
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('group', { name: 'Page 1' }).locator('.textLayer')).toContainText('marigold');
  // Page 12 is far from the drawn pages: only the canonical text knows its words.
  await expect(page.getByRole('group', { name: `Page ${FAR_PAGE}` }).locator('.textLayer')).toHaveCount(0);

  const before = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
  await page.keyboard.press('Control+f');
  const bar = page.getByRole('search', { name: 'Find in document' });
  const field = bar.getByRole('searchbox', { name: 'Find in document' });
  await expect(field).toBeFocused();
  // Case and diacritics do not matter: "marigold" finds "MARIGÖLD" too.
  await field.fill('marigold');
  await expect(bar.getByRole('status')).toHaveText('1 of 2');
  await expect.poll(() => painted(page, 'gloss-find-current')).toEqual([{ text: 'marigold', page: 1 }]);

  await bar.getByRole('button', { name: 'Next match' }).click();
  await expect(bar.getByRole('status')).toHaveText('2 of 2');
  await expect(page.getByLabel('Page number')).toHaveValue(String(FAR_PAGE));
  await expect.poll(() => painted(page, 'gloss-find-current')).toEqual([{ text: 'MARIGÖLD', page: FAR_PAGE }]);
  await expect(page.locator(`[data-page-number="${FAR_PAGE}"] .textLayer`)).toBeInViewport();
  const axe = await new AxeBuilder({ page }).include('[role="search"][aria-label="Find in document"]').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Shift+Enter goes back to page 1's match (it wraps the other way too).
  await field.press('Shift+Enter');
  await expect(bar.getByRole('status')).toHaveText('1 of 2');
  await expect.poll(() => painted(page, 'gloss-find-current')).toEqual([{ text: 'marigold', page: 1 }]);

  // Escape closes the bar, clears the marks, gives focus back, and stays in the PDF.
  await field.press('Escape');
  await expect(bar).toHaveCount(0);
  expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))).toBe(before);
  expect(await painted(page, 'gloss-find-current')).toEqual([]);
  await expect(page).toHaveURL(new RegExp(`#/article/${id}`));

  // The same bar in an article (its body's text).
  const article = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'notes.txt',
    data: { $bytes: Buffer.from('Notes on compost.\n\nCompost warms the beds; turn the compost weekly.').toString('base64') },
    mode: 'new',
  });
  await goto(page, `${app.url}#/article/${article.article.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Control+f');
  await field.fill('COMPOST');
  // The title line is the article's title, not its body: two in the body.
  await expect(bar.getByRole('status')).toHaveText('1 of 2');
  await field.press('Enter');
  await expect(bar.getByRole('status')).toHaveText('2 of 2');
  await expect.poll(() => painted(page, 'gloss-find-current')).toEqual([{ text: 'compost', page: 0 }]);
  expect(await painted(page, 'gloss-find')).toEqual([{ text: 'Compost', page: 0 }]);
  await field.fill('no such words');
  await expect(bar.getByRole('status')).toHaveText('No matches');
});

test('an encrypted PDF imported with the Import button asks for its password until it is right, then opens', async ({ page }) => {
  const bytes = makeEncryptedPdf('Minutes of the garden committee', 'tulip');
  await page.getByLabel('Import files').setInputFiles({ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: Buffer.from(bytes) });

  const dialog = page.getByRole('dialog', { name: 'Password needed' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('minutes.pdf');
  const axe = await new AxeBuilder({ page }).include('dialog[open]').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  const field = dialog.getByLabel('Password');
  await expect(field).toBeFocused();
  await field.fill('rose');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That password is not right. Try again.');
  await expect(field).toHaveValue('');
  await expect(field).toBeFocused();

  await field.fill('tulip');
  await field.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Imported 1 of 1 file.')).toBeVisible();
  const list = page.getByRole('list', { name: 'Library' });
  await list.getByRole('button', { name: 'Minutes of the garden committee', exact: true }).click();
  const text = page.getByRole('group', { name: 'Page 1' }).locator('.textLayer');
  await expect(text).toContainText('Minutes of the garden committee');

  // The password was kept in the window's memory only: after a reload the PDF view asks for it.
  await reload(page);
  const form = page.getByRole('form', { name: 'PDF password' });
  await form.getByLabel('Password').fill('rose');
  await form.getByLabel('Password').press('Enter');
  await expect(form.getByRole('alert')).toHaveText(/That password is not right/);
  await form.getByLabel('Password').fill('tulip');
  await form.getByRole('button', { name: 'Open' }).click();
  await expect(text).toContainText('Minutes of the garden committee');
  await expect(form).toHaveCount(0);
});
