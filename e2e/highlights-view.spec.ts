/**
 * The Highlights view (#18), one user path: highlights from three articles
 * appear; filter by colour and by highlight tag; search a word of a note;
 * select two and export the selection (the Markdown groups by source), tag
 * them and find them by the tag, recolour them and delete two with Undo; a
 * row opens the passage and Back returns to the view with its filter kept.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { apiHighlight, callApi, importTextArticle, reload } from './helpers';

const ARTICLES = [
  { title: 'Orchards', quotes: [{ exact: 'Apple trees want a cold winter to fruit.', color: 'yellow', note: '' }] },
  { title: 'Rivers', quotes: [{ exact: 'A river carries the mountain to the sea.', color: 'green', note: 'Erosion works slowly.' }] },
  {
    title: 'Bees',
    quotes: [
      { exact: 'A hive keeps its own warmth through the winter.', color: 'yellow', note: '' },
      { exact: 'Bees dance to tell where the flowers are.', color: 'blue', note: '' },
    ],
  },
];

test('every highlight in one place: filter, search, export a selection, recolour, delete with Undo, open and come back', async ({ page, app }) => {
  // One whole user path (instead of several start-ups): more steps than the default budget allows on a loaded machine.
  test.slow();
  for (const { title, quotes } of ARTICLES) {
    const id = await importTextArticle(page, app, title, quotes.map((q) => q.exact));
    for (const q of quotes) await apiHighlight(page, app, id, q.exact, { color: q.color, note: q.note });
  }
  const dance = await callApi<{ items: { id: string }[] }>(page, app, 'queryHighlights', { filters: { text: 'dance' } });
  await callApi(page, app, 'setHighlightTags', { id: dance.items[0]!.id, tags: ['pollination'] });
  await reload(page);

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Highlights' }).click();
  const view = page.getByRole('region', { name: 'Highlights', exact: true });
  const filters = view.getByRole('group', { name: 'Sort and filter highlights' });
  const rows = view.getByRole('list', { name: 'Highlights' }).getByRole('listitem');
  await expect(rows).toHaveCount(4);
  await expect(view.getByText('4 highlights')).toBeVisible();
  // Newest first; the colour's label beside it; its source, kind and tag.
  await expect(rows.first()).toContainText('Bees dance to tell where the flowers are.');
  await expect(rows.first()).toContainText('Disagree · Blue');
  await expect(rows.first()).toContainText('Bees');
  await expect(rows.first()).toContainText('#pollination');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Filter by colour, then by highlight tag.
  await filters.getByLabel('Colour').selectOption('yellow');
  await expect(rows).toHaveCount(2);
  await expect(view.getByText('2 of 4')).toBeVisible();
  await view.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(rows).toHaveCount(4);
  await filters.getByLabel('Highlight tag').selectOption('pollination');
  await expect(rows).toHaveCount(1);
  await view.getByRole('button', { name: 'Clear filters' }).first().click();
  // A source by (part of) its title.
  await filters.getByLabel('Source', { exact: true }).fill('bee');
  await expect(rows).toHaveCount(2);
  await view.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(filters.getByLabel('Source', { exact: true })).toHaveValue('');

  // A word of a note finds its highlight.
  await filters.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('erosion');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('A river carries the mountain to the sea.');
  await view.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(rows).toHaveCount(4);

  // Select two (Shift+click takes the range) and export the selection.
  await view.getByRole('checkbox', { name: /Select highlight “A river carries/ }).check();
  await view.getByRole('checkbox', { name: /Select highlight “Apple trees/ }).click({ modifiers: ['Shift'] });
  const bulk = view.getByRole('group', { name: 'Selected highlights' });
  await expect(bulk).toContainText('2 selected');
  const downloading = page.waitForEvent('download');
  await bulk.getByRole('button', { name: 'Export selection' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^gloss-highlights-\d{4}-\d{2}-\d{2}\.md$/);
  const markdown = readFileSync((await download.path())!, 'utf8');
  const orchards = markdown.indexOf('# Orchards');
  const rivers = markdown.indexOf('# Rivers');
  expect(orchards).toBeGreaterThanOrEqual(0);
  expect(rivers).toBeGreaterThan(orchards);
  expect(markdown.indexOf('Apple trees want a cold winter')).toBeGreaterThan(orchards);
  expect(markdown.indexOf('Apple trees want a cold winter')).toBeLessThan(rivers);
  expect(markdown.indexOf('A river carries the mountain')).toBeGreaterThan(rivers);
  expect(markdown).toContain('Erosion works slowly.');
  expect(markdown).not.toContain('# Bees');

  // Tag the two; the search finds them by their tag; Select all matching takes them again.
  await bulk.getByLabel('Tag', { exact: true }).fill('geology');
  await bulk.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByText('Tagged 2 highlights “geology”.')).toBeVisible();
  await filters.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('geol');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: '#geology' })).toHaveCount(2);
  await view.getByRole('button', { name: 'Select all matching' }).click();
  await expect(bulk).toContainText('2 selected');

  // Recolour the two.
  await bulk.getByLabel('Colour').selectOption('purple');
  await expect(page.getByText('Made 2 highlights purple.')).toBeVisible();
  await expect(rows.filter({ hasText: 'To follow up · Purple' })).toHaveCount(2);
  await view.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(rows).toHaveCount(4);

  // Delete two, then Undo.
  await view.getByRole('checkbox', { name: /Select highlight “A hive keeps/ }).check();
  await view.getByRole('checkbox', { name: /Select highlight “Bees dance/ }).check();
  await view.getByRole('group', { name: 'Selected highlights' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Deleted 2 highlights.')).toBeVisible();
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(4);

  // A row opens its passage; Back returns to the view with its filter kept.
  await filters.getByLabel('Colour').selectOption('purple');
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: 'A river carries' }).getByRole('button', { name: /A river carries/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rivers' })).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(() => {
        const flash = CSS.highlights.get('gloss-flash');
        return flash ? [...flash].map((r) => r.toString()).join('') : '';
      }),
    )
    .toBe('A river carries the mountain to the sea.');
  await page.getByRole('button', { name: 'Back to highlights' }).click();
  await expect(page).toHaveURL(/#\/highlights$/);
  await expect(filters.getByLabel('Colour')).toHaveValue('purple');
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('button', { name: /A river carries/ })).toBeFocused();
  // The browser's Back does the same.
  await rows.filter({ hasText: 'Apple trees' }).getByRole('button', { name: /Apple trees/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Orchards' })).toBeVisible();
  await page.goBack();
  await expect(filters.getByLabel('Colour')).toHaveValue('purple');
  await expect(rows).toHaveCount(2);
});
