/**
 * Colours and tags that mean something (#18): a colour label renamed in
 * Settings shows in the Highlights panel, on the popover's colour button
 * and under its colours, and is written in the exported Markdown; a tag
 * added in the popover with completion, and a `#tag` leading a note,
 * become the highlight's tags (in the panel and the export).
 */
import type { Page } from '@playwright/test';
import { expect, SEED, test } from './fixtures';
import { callApi, dragSelect, libraryList, panel, SEED_TITLE, SENTENCE, textPoints } from './helpers';

async function openSeed(page: Page): Promise<string> {
  await page.getByLabel('Import files').setInputFiles([SEED]);
  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
  await libraryList(page).getByRole('button', { name: SEED_TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(panel(page).getByText('No highlights yet.')).toBeVisible();
  return new URL(page.url()).hash.split('/').pop()!;
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('a renamed colour label and highlight tags show in the reader and in the exported Markdown', async ({ page, app }) => {
  const articleId = await openSeed(page);
  // An article tag already in the library: highlight tags complete from the same vocabulary.
  await callApi(page, app, 'setArticleTags', { id: articleId, tags: ['Science'] });

  // Settings → Highlight colours: one textbox per colour, named after it.
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const colours = dialog.getByRole('region', { name: 'Highlight colours' });
  const yellow = colours.getByRole('textbox', { name: 'Yellow', exact: true });
  await expect(yellow).toHaveValue('Key idea');
  await yellow.fill('Core claim');
  await yellow.press('Enter');
  await expect(colours.getByRole('status')).toHaveText('Saved');
  await expect(colours.getByRole('button', { name: 'Reset to defaults' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Highlight a sentence (yellow): the panel says what the colour means.
  await dragSelect(page, 'But recent research', 'starts in the gut.');
  const toolbar = page.getByRole('toolbar', { name: 'Highlight' });
  await toolbar.getByRole('button', { name: 'Highlight', exact: true }).click();
  const item = panel(page).getByRole('list').first().getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Core claim · Yellow');

  // The popover: its Yellow button describes the label too.
  const { start } = await textPoints(page, 'fascinating');
  await page.mouse.click(start.x + 2, start.y);
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await expect(popover).toBeVisible();
  await expect(popover.getByRole('button', { name: 'Yellow', exact: true })).toHaveAccessibleDescription('Core claim · Yellow');
  // And in words under the colours, for the colour it has.
  await expect(popover.getByRole('group', { name: 'Colour' })).toContainText('Core claim · Yellow');

  // A tag with completion: "sci" + Enter takes the library's "Science".
  const tags = popover.getByRole('textbox', { name: 'Highlight tags' });
  await tags.fill('sci');
  await expect(popover.getByRole('option', { name: 'Science' })).toBeVisible();
  await tags.press('Enter');
  await expect(popover.getByRole('button', { name: 'Remove tag Science' })).toBeVisible();

  // A note starting with #idea: the word becomes a tag once saved, and leaves the note.
  await popover.getByRole('textbox', { name: 'Note' }).fill('#idea why this matters');
  await expect(popover.getByRole('button', { name: 'Remove tag idea' })).toBeVisible();
  // Escape (focus is still in the note) closes only the popover.
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(item).toContainText('#idea #Science');
  await expect(item).toContainText('why this matters');
  await expect(item).not.toContainText('#idea why');

  // The export: the label beside the colour, the tags as #tags.
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied as Markdown' })).toBeVisible();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown.split('\n')).toContain(`> ${SENTENCE}`);
  expect(markdown).toMatch(/^Colour: yellow \(Core claim\) · #idea #Science · \[Open in Gloss\]/m);
  expect(markdown).toContain('why this matters');
});
