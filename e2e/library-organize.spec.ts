/**
 * Organising the library: tags (add in the reader, filter, rename/merge,
 * delete), reading-state and archive filters, sorting, multi-selection with
 * bulk tag/archive/delete and undo, and the virtualized list.
 */
import type { Page } from '@playwright/test';
import { expect, test, type GlossApp } from './fixtures';
import { callApi, libraryList, reload } from './helpers';
import { makeEpub } from '../tests/epub/make-epub';

/** Imports a small plain-text article through the API (setup); answers its id. */
async function addArticle(page: Page, app: GlossApp, title: string, body = 'Some words to read.'): Promise<string> {
  const text = `${title}\n\n${body}\n`;
  const result = await callApi<{ status: string; article: { id: string } }>(page, app, 'importFile', {
    name: `${title}.txt`,
    data: { $bytes: Buffer.from(text).toString('base64') },
    mode: 'new',
  });
  expect(result.status).toBe('imported');
  return result.article.id;
}

function row(page: Page, title: string) {
  return libraryList(page).getByRole('listitem').filter({ has: page.getByRole('button', { name: title, exact: true }) });
}

function titles(page: Page) {
  return libraryList(page).getByRole('heading', { level: 3 });
}

test('tag an article in the reader, filter the library by tag, rename and delete the tag', async ({ page, app }) => {
  await addArticle(page, app, 'Alpha essay');
  await addArticle(page, app, 'Beta essay');
  await addArticle(page, app, 'Gamma essay');
  await reload(page);

  // Tag two articles from the reader.
  for (const title of ['Alpha essay', 'Beta essay']) {
    await libraryList(page).getByRole('button', { name: title, exact: true }).click();
    const tags = page.getByRole('textbox', { name: 'Tags' });
    await tags.fill('science');
    await tags.press('Enter');
    await expect(page.getByRole('button', { name: 'Remove tag science' })).toBeVisible();
    await page.getByRole('button', { name: 'Back to library' }).click();
  }
  await expect(row(page, 'Alpha essay').getByRole('button', { name: 'Show articles tagged science' })).toBeVisible();

  // Filter by the tag (completion offers it).
  const filter = page.getByRole('textbox', { name: 'Filter by tag' });
  await filter.fill('sci');
  await expect(page.getByRole('option', { name: 'science' })).toBeVisible();
  await filter.press('ArrowDown');
  await filter.press('Enter');
  await expect(libraryList(page).getByRole('listitem')).toHaveCount(2);
  await expect(row(page, 'Gamma essay')).toHaveCount(0);

  // The filter survives a reload.
  await reload(page);
  await expect(libraryList(page).getByRole('listitem')).toHaveCount(2);

  // Rename the tag: the rows and the filter follow.
  await page.getByRole('button', { name: 'Manage tags…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags' });
  await dialog.getByRole('button', { name: 'Rename science' }).click();
  await dialog.getByRole('textbox', { name: 'New name for science' }).fill('research');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Renamed “science” to “research”.');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(libraryList(page).getByRole('listitem')).toHaveCount(2);
  await expect(row(page, 'Beta essay').getByRole('button', { name: 'Show articles tagged research' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove tag research' })).toBeVisible();

  // Delete the tag: the filter goes with it and every article shows again.
  await page.getByRole('button', { name: 'Manage tags…' }).click();
  await dialog.getByRole('button', { name: 'Delete research' }).click();
  await dialog.getByRole('button', { name: 'Delete tag' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Deleted the tag “research” from 2 articles.');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(libraryList(page).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('button', { name: /^Show articles tagged/ })).toHaveCount(0);
});

test('renaming a tag to an existing tag merges them', async ({ page, app }) => {
  const a = await addArticle(page, app, 'First piece');
  const b = await addArticle(page, app, 'Second piece');
  await callApi(page, app, 'setArticleTags', { id: a, tags: ['ml'] });
  await callApi(page, app, 'setArticleTags', { id: b, tags: ['Machine learning'] });
  await reload(page);
  await page.getByRole('button', { name: 'Manage tags…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags' });
  await dialog.getByRole('button', { name: 'Rename ml' }).click();
  await dialog.getByRole('textbox', { name: 'New name for ml' }).fill('machine learning');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Merged “ml” into “Machine learning”.');
  await expect(dialog.getByRole('list', { name: 'All tags' }).getByRole('listitem')).toHaveCount(1);
  await expect(dialog.getByRole('list', { name: 'All tags' })).toContainText('2 articles');
});

test('filters by reading state, favourite and archive, and sorts by title and by author', async ({ page, app }) => {
  const read = await addArticle(page, app, 'Charlie finished');
  const fav = await addArticle(page, app, 'Alpha favourite');
  await addArticle(page, app, 'Bravo unread');
  await callApi(page, app, 'setReadState', { id: read, state: 'finished' });
  await callApi(page, app, 'setFavorite', { id: fav, favorite: true });
  await reload(page);

  await expect(row(page, 'Charlie finished')).toContainText('Finished');
  await expect(row(page, 'Bravo unread')).toContainText('Unread');

  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Title' });
  await expect(titles(page)).toHaveText(['Alpha favourite', 'Bravo unread', 'Charlie finished']);
  await page.getByRole('combobox', { name: 'Order' }).selectOption({ label: 'Z to A' });
  await expect(titles(page)).toHaveText(['Charlie finished', 'Bravo unread', 'Alpha favourite']);

  await page.getByRole('combobox', { name: 'Reading state' }).selectOption({ label: 'Unread' });
  await expect(titles(page)).toHaveText(['Bravo unread', 'Alpha favourite']);
  await page.getByRole('combobox', { name: 'Reading state' }).selectOption({ label: 'Finished' });
  await expect(titles(page)).toHaveText(['Charlie finished']);
  await page.getByRole('combobox', { name: 'Reading state' }).selectOption({ label: 'Any' });

  // Favourite from the list, then show favourites only.
  await row(page, 'Bravo unread').getByRole('button', { name: 'Favourite Bravo unread' }).click();
  await expect(row(page, 'Bravo unread').getByRole('button', { name: 'Favourite Bravo unread' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('checkbox', { name: 'Favourites only' }).check();
  await expect(titles(page)).toHaveText(['Bravo unread', 'Alpha favourite']);
  await page.getByRole('checkbox', { name: 'Favourites only' }).uncheck();

  // Nothing matches: the list says so and offers to clear the filters.
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Archive' });
  await expect(page.getByText('No articles match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(titles(page)).toHaveCount(3);

  // By author: a book by its creator's file-as ("Eliot, George" before "Frank Byline"), an
  // article by its byline, and the entries with no author last, by title.
  const book = makeEpub({ title: 'Middlemarch', creators: [{ name: 'George Eliot', role: 'aut', fileAs: 'Eliot, George' }], chapters: [{ title: 'One', body: '<p>Prelude.</p>' }] });
  await callApi(page, app, 'importFile', { name: 'middlemarch.epub', data: { $bytes: Buffer.from(book).toString('base64') }, mode: 'new' });
  const essay = '---\ntitle: Delta essay\nauthor: Frank Byline\n---\n\nAn essay.\n';
  await callApi(page, app, 'importFile', { name: 'delta.md', data: { $bytes: Buffer.from(essay).toString('base64') }, mode: 'new' });
  await reload(page);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Author' });
  await expect(page.getByRole('combobox', { name: 'Order' })).toHaveValue('asc');
  await expect(titles(page)).toHaveText(['Middlemarch', 'Delta essay', 'Alpha favourite', 'Bravo unread', 'Charlie finished']);
});

test('bulk archive, tag and delete a multi-selection, with undo', async ({ page, app }) => {
  for (const title of ['One', 'Two', 'Three', 'Four']) await addArticle(page, app, `Item ${title}`);
  await reload(page);
  const list = libraryList(page);
  await expect(list.getByRole('listitem')).toHaveCount(4);

  // Click one checkbox, Shift+click another: the range between is selected.
  await page.getByRole('checkbox', { name: 'Select Item Four' }).click();
  await page.getByRole('checkbox', { name: 'Select Item Two' }).click({ modifiers: ['Shift'] });
  const bulk = page.getByRole('group', { name: 'Selected articles' });
  await expect(bulk).toContainText('3 selected');

  // Tag the selection.
  await bulk.getByRole('button', { name: 'Tag…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tag 3 articles' });
  const tags = dialog.getByRole('textbox', { name: 'Tags' });
  // Typed but not committed with Enter: Add tags takes it too.
  await tags.fill('batch');
  await dialog.getByRole('button', { name: 'Add tags' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tagged 3 articles “batch”.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show articles tagged batch' })).toHaveCount(3);

  // Archive two, then undo.
  await page.getByRole('checkbox', { name: 'Select Item One' }).check();
  await page.getByRole('checkbox', { name: 'Select Item Two' }).check();
  await bulk.getByRole('button', { name: 'Archive' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('status').filter({ hasText: 'Archived 2 articles.' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Archive' });
  await expect(titles(page)).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Library' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(4);

  // Delete three, then undo with Ctrl+Z.
  for (const title of ['One', 'Three', 'Four']) await page.getByRole('checkbox', { name: `Select Item ${title}` }).check();
  await bulk.getByRole('button', { name: 'Delete' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: 'Deleted 3 articles.' })).toBeVisible();
  await page.getByRole('heading', { name: 'Library' }).click();
  await page.keyboard.press('Control+z');
  await expect(list.getByRole('listitem')).toHaveCount(4);
  await expect(row(page, 'Item Three').getByRole('button', { name: 'Show articles tagged batch' })).toBeVisible();
});

test('a long library renders only the rows on screen and pages in the rest', async ({ page, app }) => {
  const count = 240;
  for (let i = 1; i <= count; i++) await addArticle(page, app, `Entry ${String(i).padStart(3, '0')}`);
  await reload(page);
  const list = libraryList(page);
  await expect(page.getByText(`${count} articles`)).toBeVisible();
  const rendered = await list.getByRole('listitem').count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(60);
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(count));

  // Newest first: the first import is at the very end, beyond the first page.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(list.getByRole('button', { name: 'Entry 001', exact: true })).toBeVisible();
  await expect(list.getByRole('listitem').last()).toHaveAttribute('aria-posinset', String(count));

  // Back to the library from an article keeps the place in the list.
  await list.getByRole('button', { name: 'Entry 001', exact: true }).click();
  await page.getByRole('button', { name: 'Back to library' }).click();
  await expect(list.getByRole('button', { name: 'Entry 001', exact: true })).toBeFocused();
  await expect(list.getByRole('button', { name: 'Entry 001', exact: true })).toBeInViewport();

  // Shift+click from the last row up to the first selects every row between,
  // including the middle page that was never on screen.
  await page.getByRole('checkbox', { name: 'Select Entry 001' }).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('checkbox', { name: 'Select Entry 240' }).click({ modifiers: ['Shift'] });
  await expect(page.getByRole('group', { name: 'Selected articles' })).toContainText(`${count} selected`);
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(page.getByRole('heading', { name: 'Library' })).toBeFocused();

  // A new sort while scrolled down starts from the top, with real rows.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Title' });
  await expect(titles(page).first()).toHaveText('Entry 001');
  await expect(list.getByRole('button', { name: 'Entry 001', exact: true })).toBeInViewport();
  await expect(list.getByText('Loading…')).toHaveCount(0);
});
