/**
 * Highlights and notes in the browser host: selecting with the mouse and the
 * keyboard, the toolbar, the popover, notes that survive a reload, undo,
 * overlapping highlights, the library count, and re-importing an edited
 * copy (update in place, anchoring report, "Not found in text").
 * Locates the UI by role and accessible name; positions come from the text.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SEED, test } from './fixtures';
import { apiHighlight, callApi, dragSelect, goto, panel, reload, SEED_TITLE, SENTENCE, textPoints, writeTemp } from './helpers';

async function importFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Import files').setInputFiles(files);
}

async function openSeed(page: Page): Promise<void> {
  await importFiles(page, [SEED]);
  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: SEED_TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(panel(page).getByText('No highlights yet.')).toBeVisible();
}

/** The Highlights panel's list items (placed highlights). */
function panelItems(page: Page) {
  return panel(page).getByRole('list').first().getByRole('listitem');
}

/** Clicks the first character of the first occurrence of `word` in the article body. */
async function clickWord(page: Page, word: string): Promise<void> {
  const { start } = await textPoints(page, word);
  await page.mouse.click(start.x + 2, start.y);
}

/** What the CSS Custom Highlight registry paints, per colour: each range's text. */
async function paintedTexts(page: Page, color = 'yellow'): Promise<string[]> {
  return page.evaluate((name) => {
    const layer = CSS.highlights.get(`gloss-${name}`);
    return layer ? Array.from(layer as Iterable<AbstractRange>, (r) => (r as Range).toString()) : [];
  }, color);
}

async function highlightWithToolbar(page: Page, button = 'Highlight'): Promise<void> {
  const toolbar = page.getByRole('toolbar', { name: 'Highlight' });
  await expect(toolbar).toBeVisible();
  await toolbar.getByRole('button', { name: button, exact: true }).click();
  await expect(toolbar).toBeHidden();
}

test('highlights a sentence selected with the mouse, adds a note, and both survive a reload', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.text()} ${message.location().url}`.trim());
  });
  await openSeed(page);

  await dragSelect(page, 'But recent research', 'starts in the gut.');
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe(SENTENCE);
  await highlightWithToolbar(page);

  // Shown at once, in the panel and painted on exactly those words.
  await expect(panelItems(page)).toHaveCount(1);
  await expect(panelItems(page).first().getByRole('button')).toHaveText(SENTENCE);
  await expect(panelItems(page).first()).toContainText('Yellow');
  await expect.poll(() => paintedTexts(page)).toEqual([SENTENCE]);

  // Click it: the popover; write a Markdown note.
  await clickWord(page, 'fascinating');
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await expect(popover).toBeVisible();
  await popover.getByRole('textbox', { name: 'Note' }).fill('A **key** idea: start with the gut.');
  await expect(popover.getByRole('status')).toHaveText('Saved');
  // Escape closes only the popover.
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(panelItems(page).first().locator('strong')).toHaveText('key');

  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(panelItems(page)).toHaveCount(1);
  await expect(panelItems(page).first().getByRole('button')).toHaveText(SENTENCE);
  await expect(panelItems(page).first()).toContainText('A key idea: start with the gut.');
  await expect.poll(() => paintedTexts(page)).toEqual([SENTENCE]);

  // The popover shows the saved note.
  await clickWord(page, 'healthy');
  await expect(popover.getByRole('textbox', { name: 'Note' })).toHaveValue('A **key** idea: start with the gut.');
  await page.keyboard.press('Escape');

  // The body's canonical text matched main's (else the reader logs an error).
  expect(problems.filter((p) => p.includes('canonical text'))).toEqual([]);
});

test('highlights across two paragraphs in another colour', async ({ page }) => {
  await openSeed(page);
  await dragSelect(page, 'Practice relaxation', 'Consult your doctor');
  await highlightWithToolbar(page, 'Green');

  const expected = 'Practice relaxation techniques like yoga or meditation.\n\nConsider Probiotic Supplements: Consult your doctor';
  const item = panelItems(page).first();
  await expect(item).toContainText('Green');
  const quote = await item.getByRole('button').textContent();
  expect(quote?.trim()).toBe(expected);
  // Painted as one piece per text node, covering both paragraphs' words.
  await expect
    .poll(async () => (await paintedTexts(page, 'green')).join('|'))
    .toBe('Practice relaxation techniques like yoga or meditation.|Consider Probiotic Supplements: Consult your doctor');

  // The next Highlight uses the last colour, also after a reload.
  await reload(page);
  await dragSelect(page, 'Chronic stress');
  await expect(page.getByRole('toolbar', { name: 'Highlight' }).getByRole('button', { name: 'Highlight' })).toBeVisible();
  await page.keyboard.press('h');
  await expect(panelItems(page)).toHaveCount(2);
  await expect.poll(() => paintedTexts(page, 'green')).toContain('Chronic stress');
});

test('deletes a highlight and brings it back with Ctrl+Z', async ({ page }) => {
  await openSeed(page);
  await dragSelect(page, 'At the center', 'gut microbiome,');
  await highlightWithToolbar(page);
  await expect(panelItems(page)).toHaveCount(1);

  // Open it from the panel (the keyboard path), then delete it.
  await panelItems(page).first().getByRole('button').click();
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await expect(popover).toBeVisible();
  await popover.getByRole('button', { name: 'Delete highlight' }).click();
  await expect(popover).toBeHidden();
  await expect(panelItems(page)).toHaveCount(0);
  await expect(page.getByText('Highlight deleted. Undo with Ctrl+Z.')).toBeAttached();
  await expect.poll(() => paintedTexts(page)).toEqual([]);

  await page.keyboard.press('Control+z');
  await expect(panelItems(page)).toHaveCount(1);
  await expect(panelItems(page).first().getByRole('button')).toHaveText('At the center of this connection lies the gut microbiome,');
  await expect.poll(() => paintedTexts(page)).toEqual(['At the center of this connection lies the gut microbiome,']);

  // Restored for good.
  await reload(page);
  await expect(panelItems(page)).toHaveCount(1);

  // Undo of a create removes it again.
  await dragSelect(page, 'These tiny organisms');
  await highlightWithToolbar(page);
  await expect(panelItems(page)).toHaveCount(2);
  await page.keyboard.press('Control+z');
  await expect(panelItems(page)).toHaveCount(1);
  await reload(page);
  await expect(panelItems(page)).toHaveCount(1);
});

test('overlapping and nested highlights are each clickable', async ({ page }) => {
  await openSeed(page);
  await dragSelect(page, 'recent research', 'a fascinating truth');
  await highlightWithToolbar(page, 'Yellow');
  await dragSelect(page, 'truth: healthy', 'healthy skin');
  await highlightWithToolbar(page, 'Blue');
  await dragSelect(page, 'reveals');
  await highlightWithToolbar(page, 'Pink');
  await expect(panelItems(page)).toHaveCount(3);

  const popover = page.getByRole('dialog', { name: 'Highlight' });
  const openAt = async (word: string, quote: string): Promise<void> => {
    await clickWord(page, word);
    await expect(popover).toBeVisible();
    await expect(popover.getByRole('blockquote')).toHaveText(quote);
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
  };
  await openAt('research', 'recent research reveals a fascinating truth');
  await openAt('skin starts', 'truth: healthy skin');
  // Nested: the innermost wins.
  await openAt('reveals', 'reveals');
  // In the overlap the shorter one wins; both remain painted.
  await openAt('truth:', 'truth: healthy skin');
  await expect.poll(() => paintedTexts(page, 'blue')).toEqual(['truth: healthy skin']);
  await expect.poll(() => paintedTexts(page, 'yellow')).toEqual(['recent research reveals a fascinating truth']);

  // The popover changes the colour.
  await clickWord(page, 'research');
  await popover.getByRole('button', { name: 'Purple' }).click();
  await expect(popover.getByRole('button', { name: 'Purple' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => paintedTexts(page, 'purple')).toEqual(['recent research reveals a fascinating truth']);
  await page.keyboard.press('Escape');
  // Ctrl+Z undoes the colour change.
  await page.keyboard.press('Control+z');
  await expect.poll(() => paintedTexts(page, 'yellow')).toEqual(['recent research reveals a fascinating truth']);
});

test('keyboard only: Shift+arrows select, h highlights; the library counts it', async ({ page }) => {
  await openSeed(page);
  // Place the caret before "Taking", then extend the selection with the keyboard.
  const { start } = await textPoints(page, 'Taking a holistic');
  await page.mouse.click(start.x - 1, start.y);
  for (let i = 0; i < 'Taking a holistic'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe('Taking a holistic');
  await page.keyboard.press('h');
  await expect(panelItems(page)).toHaveCount(1);
  await expect(panelItems(page).first().getByRole('button')).toHaveText('Taking a holistic');

  // The side panel's entry opens the popover from the keyboard; Escape returns to it.
  const entry = panelItems(page).first().getByRole('button');
  await entry.focus();
  await page.keyboard.press('Enter');
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await expect(popover).toBeVisible();
  await popover.getByRole('textbox', { name: 'Note' }).fill('Holistic, not topical.');
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(entry).toBeFocused();

  // The article note lives in the panel.
  const articleNote = panel(page).getByRole('textbox', { name: 'Article note' });
  await articleNote.fill('# Thoughts\nGut first, *then* skin.');
  await articleNote.blur();
  await expect(panel(page).getByRole('heading', { name: 'Thoughts' })).toBeVisible();

  // Escape leaves the reader; the library shows the count.
  await page.getByRole('heading', { level: 1, name: SEED_TITLE }).focus();
  await page.keyboard.press('Escape');
  const item = page.getByRole('list', { name: 'Library' }).getByRole('listitem');
  await expect(item.getByText('1 highlight', { exact: true })).toBeVisible();

  await reload(page);
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: SEED_TITLE, exact: true }).click();
  await expect(panel(page).getByRole('textbox', { name: 'Article note' })).toHaveValue('# Thoughts\nGut first, *then* skin.');
  await expect(panelItems(page).first()).toContainText('Holistic, not topical.');
});

/** apiHighlight's options here: yellow, with a note naming the quote's first words. */
function noteOn(exact: string): { color: string; note: string } {
  return { color: 'yellow', note: `note on ${exact.slice(0, 12)}` };
}

test('re-importing an edited copy updates in place and reports what moved and what was not found', async ({ page, app }) => {
  await openSeed(page);
  const articleId = new URL(page.url()).hash.split('/').pop()!;

  const KEPT = 'For years, skincare routines focused primarily on topical solutions';
  const EDITED = 'These tiny organisms play a crucial role in digestion, nutrient absorption, and immune function.';
  const GONE = 'Practice relaxation techniques like yoga or meditation.';
  await apiHighlight(page, app, articleId, KEPT, noteOn(KEPT));
  await apiHighlight(page, app, articleId, EDITED, noteOn(EDITED));
  await apiHighlight(page, app, articleId, GONE, noteOn(GONE));
  await reload(page);
  await expect(panelItems(page)).toHaveCount(3);

  // The same file, edited: one sentence reworded a little, one removed.
  const original = readFileSync(SEED, 'utf8');
  const edited = original
    .replace('play a crucial role in digestion', 'play a vital role in digestion')
    .replace(` ${GONE}`, '');
  expect(edited).not.toBe(original);
  const copy = writeTemp(`edited/${basename(SEED)}`, edited);

  await page.getByRole('button', { name: 'Back to library' }).click();
  await importFiles(page, [copy]);
  const dialog = page.getByRole('dialog', { name: `“${SEED_TITLE}” is already in your library` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Import as new' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Skip' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Update existing' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText(
    `Updated “${SEED_TITLE}”: 1 highlight placed, 1 moved, 1 not found.`,
  );
  // Still one article.
  await expect(page.getByRole('list', { name: 'Library' }).getByRole('listitem')).toHaveCount(1);

  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: SEED_TITLE, exact: true }).click();
  const report = page.getByRole('region', { name: 'Text updated' });
  await expect(report).toContainText('1 placed exactly, 1 moved, 1 not found');
  await expect(report).toContainText(GONE);
  await expect(report).toContainText('vital role');

  const orphans = panel(page).getByRole('region', { name: 'Not found in text' });
  await expect(orphans.getByRole('listitem')).toHaveCount(1);
  await expect(orphans.getByRole('listitem')).toContainText(GONE);
  await expect(orphans.getByRole('listitem')).toContainText('note on Practice rel');
  await expect(panelItems(page)).toHaveCount(2);
  await expect.poll(async () => (await paintedTexts(page)).sort()).toEqual(
    [KEPT, EDITED.replace('crucial', 'vital')].sort(),
  );

  // Re-attach the orphan to a new selection.
  await dragSelect(page, 'Chronic stress can disrupt');
  await orphans.getByRole('button', { name: 'Place here' }).click();
  await expect(orphans).toBeHidden();
  await expect(panelItems(page)).toHaveCount(3);
  await expect.poll(() => paintedTexts(page)).toContain('Chronic stress can disrupt');

  // The report can be dismissed, and stays dismissed.
  await report.getByRole('button', { name: 'Dismiss report' }).click();
  await expect(report).toBeHidden();
  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(report).toBeHidden();
});

test('a link to one highlight opens the article there and flashes it', async ({ page, app }) => {
  await openSeed(page);
  const articleId = new URL(page.url()).hash.split('/').pop()!;
  const LAST = 'Practice relaxation techniques like yoga or meditation.';
  await apiHighlight(page, app, articleId, LAST, noteOn(LAST));
  const highlightId = (await callApi<{ id: string }[]>(page, app, 'listHighlights', { articleId }))[0]!.id;

  await goto(page, `${app.url}#/article/${articleId}/highlight/${highlightId}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(() => {
        const flash = CSS.highlights.get('gloss-flash');
        return flash ? [...flash].map((r) => r.toString()).join('') : '';
      }),
    )
    .toBe(LAST);
  // Far down the article, so it must have been scrolled to.
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
});
