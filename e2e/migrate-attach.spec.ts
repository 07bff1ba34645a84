/**
 * Kindle highlights placed in their book: a clippings file imported first
 * (a highlights-only entry), then the book's EPUB; the app offers to place
 * the highlights, the book opens with them painted, the one quote the book
 * does not hold waits under Review unplaced, and selecting its passage and
 * pressing Place here paints it and empties the list. The other way
 * round (book first), the offer can wait: the Kindle entry, opened from
 * the import report, has Place in a document…, and an unplaced highlight
 * can be kept unplaced.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { dragSelect, libraryList, panel } from './helpers';
import { austenClippings, austenEpub, BENNET_BOOK, MISSING, OPENING, REPLIED } from '../tests/migrate/austen';

test('a Kindle book, then its EPUB: Place highlights, painted in the book, the unplaced one placed by hand from Review unplaced', async ({ page }) => {
  await page.getByLabel('Import files').setInputFiles({ name: 'My Clippings.txt', mimeType: 'text/plain', buffer: Buffer.from(austenClippings()) });
  await expect(page.getByRole('status')).toContainText('Highlights from My Clippings.txt: 2 books, 4 highlights added.');
  // Nothing to offer yet: the library holds no text of either book.
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByLabel('Import files').setInputFiles({ name: 'pride.epub', mimeType: 'application/epub+zip', buffer: Buffer.from(austenEpub()) });
  const offer = page.getByRole('dialog', { name: 'Place your highlights in this book?' });
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('Your 3 highlights of Pride and Prejudice by Jane Austen (from My Clippings.txt) can be placed in Pride and Prejudice: A Novel');
  await expect(offer.getByText('Only the titles match')).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).include('#attach-dialog-title').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await offer.getByRole('button', { name: 'Place highlights' }).click();
  await expect(offer).toBeHidden();

  // The book opens with the highlights on their passages (the Kindle's curly quotes folded onto the book's straight ones).
  await expect(page.getByRole('heading', { level: 1, name: 'Pride and Prejudice: A Novel' })).toBeVisible();
  await expect(page.getByText('Placed 3 highlights in “Pride and Prejudice: A Novel”: 2 exactly, 1 not found in the text')).toBeVisible();
  const painted = (): Promise<string[]> =>
    page.evaluate(() => {
      const layer = CSS.highlights.get('gloss-yellow');
      return layer ? Array.from(layer as Iterable<AbstractRange>, (r) => (r as Range).toString()).sort() : [];
    });
  await expect.poll(painted).toEqual([BENNET_BOOK, OPENING].sort());
  await expect(panel(page)).toContainText('The famous opening.');

  const review = panel(page).getByRole('region', { name: 'Review unplaced' });
  const unplaced = review.getByRole('list', { name: 'Unplaced highlights' }).getByRole('listitem');
  await expect(unplaced).toHaveCount(1);
  await expect(unplaced).toContainText(MISSING);

  await dragSelect(page, REPLIED);
  await unplaced.getByRole('button', { name: 'Place here' }).click();
  await expect(review).toBeHidden();
  await expect.poll(painted).toEqual([BENNET_BOOK, OPENING, REPLIED].sort());

  // The Kindle entry became the book: the library lists the book and the other Kindle book only.
  await page.keyboard.press('Escape');
  await expect(libraryList(page).getByRole('listitem')).toHaveCount(2);
  await expect(libraryList(page).getByRole('button', { name: 'Pride and Prejudice', exact: true })).toHaveCount(0);
});

test('the book first, then its Kindle highlights: Not now, then Place in a document… from the entry; Keep unplaced', async ({ page }) => {
  await page.getByLabel('Import files').setInputFiles({ name: 'pride.epub', mimeType: 'application/epub+zip', buffer: Buffer.from(austenEpub()) });
  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
  await page.getByLabel('Import files').setInputFiles({ name: 'My Clippings.txt', mimeType: 'text/plain', buffer: Buffer.from(austenClippings()) });
  // The import report offers the book it found for the new Kindle entry.
  const offer = page.getByRole('dialog', { name: 'Place your highlights in this book?' });
  await expect(offer).toContainText('can be placed in Pride and Prejudice: A Novel');
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toBeHidden();

  await page.getByRole('status').getByRole('link', { name: 'Pride and Prejudice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pride and Prejudice' })).toBeVisible();
  await page.getByRole('button', { name: 'Place in a document…' }).click();
  const picker = page.getByRole('dialog', { name: 'Place these highlights in a document' });
  const likely = picker.getByRole('radio', { name: /Pride and Prejudice: A Novel/ });
  await expect(likely).toBeChecked();
  await expect(picker).toContainText('same title and author');
  await picker.getByRole('button', { name: 'Place highlights' }).click();
  await expect(picker).toBeHidden();

  await expect(page.getByRole('heading', { level: 1, name: 'Pride and Prejudice: A Novel' })).toBeVisible();
  const review = panel(page).getByRole('region', { name: 'Review unplaced' });
  const unplaced = review.getByRole('list', { name: 'Unplaced highlights' });
  await expect(unplaced.getByRole('listitem')).toContainText(MISSING);
  await unplaced.getByRole('button', { name: 'Keep unplaced' }).click();
  await expect(unplaced).toBeHidden();
  await expect(review.getByText('Kept unplaced (1)')).toBeVisible();
});
