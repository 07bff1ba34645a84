/**
 * A Kindle `My Clippings.txt` through the app's Import button: the import
 * status reports the books and highlights (and the entry it could not
 * read), the library shows each book as a highlights-only entry, one opens
 * with its quotes in order and its highlights and notes in the panel, and
 * search finds a quote. Importing the file again adds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { panel } from './helpers';
import { clippingsFile } from '../tests/migrate/clippings';

const AUSTEN = 'Pride and Prejudice (Austen, Jane)';
const OPENING = 'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.';
const FILE = {
  name: 'My Clippings.txt',
  mimeType: 'text/plain',
  buffer: Buffer.from(
    clippingsFile([
      { title: AUSTEN, meta: '- Your Highlight on page 1 | Location 10-12 | Added on Monday, 5 May 2019 09:00:00', body: OPENING },
      { title: AUSTEN, meta: '- Your Note on page 1 | Location 12 | Added on Monday, 5 May 2019 09:01:00', body: 'The famous opening.' },
      { title: 'Walden (Thoreau, Henry David)', meta: '- Votre surlignement sur la page 5 | emplacement 70-72 | Ajouté le lundi 30 septembre 2019 18:00:39', body: 'I went to the woods because I wished to live deliberately.' },
      { title: AUSTEN, meta: '- Your Highlight on page 3 | Location 40-41 | Added on Monday, 5 May 2019 09:05:00', body: 'She is tolerable; but not handsome enough to tempt me.' },
      { title: 'A broken entry', meta: 'with no metadata line', body: 'text' },
    ]),
  ),
};

test('imports My Clippings.txt: highlights-only books in the library, one opened with its highlights and notes, a quote found by search, nothing twice', async ({ page }) => {
  await page.getByLabel('Import files').setInputFiles(FILE);
  const status = page.getByRole('status');
  await expect(status).toContainText('Highlights from My Clippings.txt: 2 books, 3 highlights added, 1 failed.');
  await expect(page.getByText('My Clippings.txt, entry 5')).toBeVisible();

  const list = page.getByRole('list', { name: 'Library' });
  for (const [title, author] of [['Pride and Prejudice', 'Jane Austen'], ['Walden', 'Henry David Thoreau']]) {
    const row = list.getByRole('listitem').filter({ has: page.getByRole('button', { name: title, exact: true }) });
    await expect(row).toContainText(author!);
    await expect(row).toContainText('Highlights only');
  }

  await list.getByRole('button', { name: 'Pride and Prejudice', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pride and Prejudice' })).toBeVisible();
  const body = page.locator('article blockquote');
  await expect(body).toHaveText([OPENING, 'She is tolerable; but not handsome enough to tempt me.']);
  await expect(page.getByText('Page 1 · Location 10–12')).toBeVisible();
  const highlights = panel(page);
  await expect(highlights).toContainText('The famous opening.');
  await expect(highlights).toContainText('She is tolerable');
  // Each quote is a highlight painted on exactly its words (main's canonical text and the reader's agree).
  const painted = (): Promise<string[]> =>
    page.evaluate(() => {
      const layer = CSS.highlights.get('gloss-yellow');
      return layer ? Array.from(layer as Iterable<AbstractRange>, (r) => (r as Range).toString()).sort() : [];
    });
  await expect.poll(painted).toEqual([OPENING, 'She is tolerable; but not handsome enough to tempt me.']);
  // The captions and quotes keep the reader accessible.
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.keyboard.press('Escape');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('live deliberately');
  const hit = page.getByRole('list', { name: 'Search results' }).getByRole('button').filter({ hasText: 'Walden' });
  await expect(hit.first()).toBeVisible();
  await search.press('Escape');

  // The same file again: nothing added.
  await page.getByLabel('Import files').setInputFiles(FILE);
  await expect(status).toContainText('2 books (2 already in your library), 0 highlights added, 3 already there, 1 failed.');
  await expect(list.getByRole('listitem')).toHaveCount(2);
});
