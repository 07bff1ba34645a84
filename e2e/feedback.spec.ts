/**
 * Feedback that can be trusted (issue 12): one message style (red only for
 * errors, AA contrast in light and dark), destructive actions done at once
 * with a visible Undo (one article from the list or the reader, a
 * highlight, a tag removed with Backspace), and tag completion that takes
 * the chosen suggestion and treats case as the same tag.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, SEED, test, type GlossApp } from './fixtures';
import { apiHighlight, callApi, libraryList, panel, reload, SEED_TITLE } from './helpers';

/** Imports a small plain-text article through the API (setup); answers its id. */
async function addArticle(page: Page, app: GlossApp, title: string): Promise<string> {
  const result = await callApi<{ status: string; article: { id: string } }>(page, app, 'importFile', {
    name: `${title}.txt`,
    data: { $bytes: Buffer.from(`${title}\n\nSome words to read.\n`).toString('base64') },
    mode: 'new',
  });
  expect(result.status).toBe('imported');
  return result.article.id;
}

function titleButton(page: Page, title: string): Locator {
  return libraryList(page).getByRole('button', { name: title, exact: true });
}

/** The colour of the thick left edge of the message box holding `text`. */
async function edgeColour(message: Locator): Promise<string> {
  return message.evaluate((el) => {
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (parseFloat(style.borderLeftWidth) >= 3) return style.borderLeftColor;
    }
    return 'none';
  });
}

async function dangerColour(page: Page): Promise<string> {
  return page.evaluate(() => {
    const probe = document.createElement('div');
    probe.style.color = 'var(--danger)';
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  });
}

async function contrastViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('.app-message').withRules(['color-contrast']).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

test('success is not styled as an error; errors are; both readable in light and dark', async ({ page, app }) => {
  for (const title of ['Essay one', 'Essay two']) await addArticle(page, app, title);
  await reload(page);
  await page.getByRole('checkbox', { name: 'Select Essay one' }).check();
  await page.getByRole('checkbox', { name: 'Select Essay two' }).check();
  await page.getByRole('group', { name: 'Selected articles' }).getByRole('button', { name: 'Archive' }).click();
  const success = page.getByRole('status').filter({ hasText: 'Archived 2 articles.' });
  await expect(success).toBeVisible();
  const danger = await dangerColour(page);
  expect(await edgeColour(success.getByText('Archived 2 articles.'))).not.toBe(danger);
  expect(await contrastViolations(page)).toEqual([]);

  // An import that fails is an error: red edge, an alert.
  await page.getByLabel('Import files').setInputFiles({ name: 'broken.xyz', mimeType: 'application/octet-stream', buffer: Buffer.from('x') });
  const failure = page.getByRole('alert').filter({ hasText: 'could not be imported' });
  await expect(failure).toBeVisible();
  expect(await edgeColour(failure.getByText('could not be imported'))).toBe(danger);

  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await edgeColour(success.getByText('Archived 2 articles.'))).not.toBe(await dangerColour(page));
  expect(await contrastViolations(page)).toEqual([]);
});

test('deleting one article from the list: done at once, with Undo (button and Ctrl+Z)', async ({ page, app }) => {
  await addArticle(page, app, 'Keep me');
  const id = await addArticle(page, app, 'Delete me');
  await callApi(page, app, 'setArticleTags', { id, tags: ['kept'] });
  await reload(page);

  await page.getByRole('button', { name: 'Delete Delete me', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(titleButton(page, 'Delete me')).toHaveCount(0);
  const message = page.getByRole('status').filter({ hasText: 'Deleted “Delete me”.' });
  await expect(message).toBeVisible();
  // Focus moves on to the next article.
  await expect(titleButton(page, 'Keep me')).toBeFocused();

  await message.getByRole('button', { name: 'Undo' }).click();
  await expect(titleButton(page, 'Delete me')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Restored “Delete me”.' })).toBeVisible();
  await reload(page);
  await expect(titleButton(page, 'Delete me')).toBeVisible();
  expect((await callApi<{ tags: string[] }>(page, app, 'getArticle', { id })).tags).toEqual(['kept']);

  // Ctrl+Z does the same.
  await page.getByRole('button', { name: 'Delete Delete me', exact: true }).click();
  await expect(titleButton(page, 'Delete me')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(titleButton(page, 'Delete me')).toBeVisible();
});

test('deleting the article from the reader: back in the library with Undo; highlights come back too', async ({ page, app }) => {
  await page.getByLabel('Import files').setInputFiles([SEED]);
  await expect(titleButton(page, SEED_TITLE)).toBeVisible();
  const [seed] = await callApi<Array<{ id: string }>>(page, app, 'listArticles', {});
  await apiHighlight(page, app, seed!.id, 'healthy skin starts in the gut');
  await titleButton(page, SEED_TITLE).click();
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();

  await page.getByRole('button', { name: 'Delete article' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible();
  const message = page.getByRole('status').filter({ hasText: `Deleted “${SEED_TITLE}”.` });
  await expect(message).toBeVisible();
  await expect(titleButton(page, SEED_TITLE)).toHaveCount(0);

  await message.getByRole('button', { name: 'Undo' }).click();
  await expect(titleButton(page, SEED_TITLE)).toBeVisible();
  await titleButton(page, SEED_TITLE).click();
  await expect(panel(page).getByRole('list').first().getByRole('listitem')).toHaveCount(1);
});

test('deleting a highlight says so on screen, with an Undo button', async ({ page, app }) => {
  await page.getByLabel('Import files').setInputFiles([SEED]);
  await expect(titleButton(page, SEED_TITLE)).toBeVisible();
  const [seed] = await callApi<Array<{ id: string }>>(page, app, 'listArticles', {});
  await apiHighlight(page, app, seed!.id, 'healthy skin starts in the gut');
  await titleButton(page, SEED_TITLE).click();
  const items = panel(page).getByRole('list').first().getByRole('listitem');
  await expect(items).toHaveCount(1);

  await items.first().getByRole('button').first().click();
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await popover.getByRole('button', { name: 'Delete highlight' }).click();
  await expect(items).toHaveCount(0);
  const message = page.getByRole('status').filter({ hasText: 'Highlight deleted.' });
  await expect(message).toBeVisible();
  await expect(message).toBeInViewport();

  await message.getByRole('button', { name: 'Undo' }).click();
  await expect(items).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: 'Highlight restored.' })).toBeVisible();
  // Undone once: Ctrl+Z has nothing of it left to undo (the stack lost that entry).
  await reload(page);
  await expect(items).toHaveCount(1);
});

test('Backspace in the empty Tags box removes a tag with Undo; Ctrl+Z in the box too', async ({ page, app }) => {
  const id = await addArticle(page, app, 'Tagged essay');
  await callApi(page, app, 'setArticleTags', { id, tags: ['alpha', 'beta'] });
  await reload(page);
  await titleButton(page, 'Tagged essay').click();
  const field = page.getByRole('textbox', { name: 'Tags' });
  const tags = page.getByRole('group', { name: 'Tags' });

  await field.focus();
  await field.press('Backspace');
  await expect(page.getByRole('button', { name: 'Remove tag beta' })).toHaveCount(0);
  await expect(tags.getByText('Removed tag beta.', { exact: true })).toBeVisible();
  await tags.getByRole('button', { name: 'Undo removing tag beta' }).click();
  await expect(page.getByRole('button', { name: 'Remove tag beta' })).toBeVisible();
  await expect.poll(async () => (await callApi<{ tags: string[] }>(page, app, 'getArticle', { id })).tags).toEqual(['alpha', 'beta']);
  await expect(field).toBeFocused();

  // Twice Backspace, then Ctrl+Z: the last removal comes back.
  await field.press('Backspace');
  await expect(page.getByRole('button', { name: 'Remove tag beta' })).toHaveCount(0);
  await field.press('Control+z');
  await expect(page.getByRole('button', { name: 'Remove tag beta' })).toBeVisible();
  await expect.poll(async () => (await callApi<{ tags: string[] }>(page, app, 'getArticle', { id })).tags).toEqual(['alpha', 'beta']);
});

test('Enter takes the chosen suggestion; a tag in another case is the same tag', async ({ page, app }) => {
  const other = await addArticle(page, app, 'Other essay');
  await callApi(page, app, 'setArticleTags', { id: other, tags: ['Science', 'Physics'] });
  const id = await addArticle(page, app, 'Fresh essay');
  await reload(page);
  await titleButton(page, 'Fresh essay').click();
  const field = page.getByRole('textbox', { name: 'Tags' });

  // "sci" with "Science" suggested: Enter adds Science, not a new "sci".
  await field.pressSequentially('sci');
  const science = page.getByRole('listbox').getByRole('option', { name: 'Science' });
  await expect(science).toHaveAttribute('aria-selected', 'true');
  await field.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove tag Science', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove tag sci', exact: true })).toHaveCount(0);

  // "physics" typed in full is the existing "Physics".
  await field.pressSequentially('physics');
  await field.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove tag Physics', exact: true })).toBeVisible();
  await expect.poll(async () => (await callApi<{ tags: string[] }>(page, app, 'getArticle', { id })).tags).toEqual(['Physics', 'Science']);
  const listed = await callApi<Array<{ name: string }>>(page, app, 'listTags', {});
  expect(listed.map((t) => t.name).sort()).toEqual(['Physics', 'Science']);

  // What is typed, exactly: off the first suggestion with ArrowUp, then Enter.
  await callApi(page, app, 'setArticleTags', { id: other, tags: ['Science', 'Physics', 'Philosophy'] });
  await reload(page);
  await field.pressSequentially('ph');
  await field.press('ArrowUp');
  await field.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove tag ph', exact: true })).toBeVisible();
});
