/**
 * The library view in the browser host: importing (button, several files,
 * bad files), the list and its order, deleting with confirmation.
 * Locates everything by role and accessible name.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SEED, test, WEB_CORPUS } from './fixtures';
import { makePdf } from '../tests/pdf/make-pdf';
import { libraryList, reload, SEED_TITLE, writeTemp } from './helpers';

const EMPTY_TEXT = 'Your library is empty. Import articles to start reading.';

function markdown(title: string, author: string, extra = ''): string {
  return [
    '---',
    `title: ${title}`,
    `author: ${author}`,
    ...(extra ? [extra] : []),
    '---',
    '',
    `A short piece called ${title}, written for the end-to-end tests of Gloss.`,
    'It has enough words to count as an article and to take about a minute to read.',
    '',
    '## A section',
    '',
    'Reading slowly, one paragraph at a time, with a **bold** idea and a [link](https://example.org/).',
    '',
  ].join('\n');
}

/** The list item whose title button is exactly `title`. */
function itemFor(page: Page, title: string | RegExp) {
  const name = typeof title === 'string' ? { name: title, exact: true } : { name: title };
  return libraryList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', name) });
}

async function importFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Import files').setInputFiles(files);
}

test('imports the seed article with the Import button, lists it and keeps it', async ({ page }) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Gloss' })).toBeVisible();
  await expect(page.getByText(EMPTY_TEXT)).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  // The header's Import (the empty library offers one too).
  await page.getByRole('banner').getByRole('button', { name: 'Import', exact: true }).click();
  const fileChooser = await chooser;
  expect(fileChooser.isMultiple()).toBe(true);
  await fileChooser.setFiles(SEED);

  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
  await expect(page.getByRole('alert')).toHaveCount(0);
  const item = itemFor(page, SEED_TITLE);
  await expect(item).toBeVisible();
  await expect(item.getByText('Shin Min-Hae', { exact: true })).toBeVisible();
  await expect(item.getByText(/^\d+ min read$/)).toBeVisible();
  await expect(page.getByText(EMPTY_TEXT)).toHaveCount(0);

  // It is in the library on disk, not only on screen; the token is not back in the address bar.
  await reload(page);
  await expect(itemFor(page, SEED_TITLE)).toBeVisible();
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
});

test('imports several files at once and names the ones that failed', async ({ page }) => {
  const webPage = join(WEB_CORPUS, '001', 'source.html');
  const webTitle = (JSON.parse(readFileSync(join(WEB_CORPUS, '001', 'expected-metadata.json'), 'utf8')) as { title: string })
    .title;
  const notes = writeTemp('field-notes.md', markdown('Field Notes on Slow Reading', 'Ada Example', 'tags: [reading, notes]'));
  const empty = writeTemp('empty.txt', '');

  await importFiles(page, [webPage, notes, empty]);

  await expect(page.getByRole('status')).toContainText('Imported 2 of 3 files.');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('empty.txt:');
  await expect(alert).not.toContainText('field-notes.md');
  await expect(alert).not.toContainText('source.html');

  const list = libraryList(page);
  await expect(list.getByRole('listitem')).toHaveCount(2);
  // The page's own title, give or take the site name an extractor may trim.
  const webHead = webTitle.split(' | ')[0] ?? webTitle;
  await expect(itemFor(page, new RegExp(`^${webHead.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))).toBeVisible();
  const notesItem = itemFor(page, 'Field Notes on Slow Reading');
  await expect(notesItem).toBeVisible();
  await expect(notesItem.getByText('Ada Example', { exact: true })).toBeVisible();

  // The errors can be dismissed.
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('imports files dropped anywhere on the window', async ({ page }) => {
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    const text = [
      '---',
      'title: Dropped In',
      'author: Dee Drop',
      '---',
      '',
      'A paragraph that was dropped onto the window of Gloss during a test, long enough to be an article.',
      '',
    ].join('\n');
    transfer.items.add(new File([text], 'dropped.md', { type: 'text/markdown' }));
    return transfer;
  });
  const main = page.getByRole('main');
  await main.dispatchEvent('dragenter', { dataTransfer });
  await main.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByText('Drop files to import')).toBeVisible();
  await main.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByText('Drop files to import')).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
  const item = itemFor(page, 'Dropped In');
  await expect(item).toBeVisible();
  await expect(item.getByText('Dee Drop', { exact: true })).toBeVisible();
});

test('imports a 60 MB PDF with the Import button (files go as the raw body, past the 50 MB a JSON call carries)', async ({ page }) => {
  const bytes = await makePdf([{ lines: ['A report far larger than the fifty megabytes of a JSON call.'] }], {
    title: 'The Heavy Report',
    filler: { afterPages: [1], bytes: 60 * 1024 * 1024 },
  });
  const path = test.info().outputPath('heavy-report.pdf');
  writeFileSync(path, bytes);

  await importFiles(page, [path]);

  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
  await expect(itemFor(page, 'The Heavy Report')).toBeVisible();
});

test('lists the newest article first', async ({ page }) => {
  await importFiles(page, [writeTemp('first.md', markdown('The First Import', 'Ann Early'))]);
  await expect(itemFor(page, 'The First Import')).toBeVisible();
  await importFiles(page, [writeTemp('second.md', markdown('The Second Import', 'Ben Later'))]);
  await expect(itemFor(page, 'The Second Import')).toBeVisible();

  const items = libraryList(page).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('The Second Import');
  await expect(items.nth(1)).toContainText('The First Import');

  await reload(page);
  await expect(items.nth(0)).toContainText('The Second Import');
  await expect(items.nth(1)).toContainText('The First Import');
});

test('deletes from the list at once, with Undo', async ({ page }) => {
  const title = 'A Note To Delete';
  await importFiles(page, [writeTemp('delete-me.md', markdown(title, 'Cy Gone'))]);
  const item = itemFor(page, title);
  await expect(item).toBeVisible();

  // No question first: it goes, and the message offers Undo.
  await page.getByRole('button', { name: `Delete ${title}`, exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText(EMPTY_TEXT)).toBeVisible();
  const message = page.getByRole('status').filter({ hasText: `Deleted “${title}”.` });
  await message.getByRole('button', { name: 'Undo' }).click();
  await expect(item).toBeVisible();

  // Deleted again and not undone: gone for good.
  await page.getByRole('button', { name: `Delete ${title}`, exact: true }).click();
  await expect(page.getByText(EMPTY_TEXT)).toBeVisible();
  await expect(page.getByRole('button', { name: title, exact: true })).toHaveCount(0);

  await reload(page);
  await expect(page.getByText(EMPTY_TEXT)).toBeVisible();
  await expect(page.getByRole('button', { name: title, exact: true })).toHaveCount(0);
});
