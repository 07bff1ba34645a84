/**
 * An EPUB book through the app's Import button: the library row shows its
 * title, author and cover thumbnail (served from the library), the reader
 * shows its chapters in order, and a footnote reference opens its note.
 */
import { expect, test } from './fixtures';
import { makeEpub } from '../tests/epub/make-epub';
import { pngFor } from '../tests/web/helpers';

const TITLE = 'The Harbour Lights';

/** Enough paragraphs that the notes chapter starts well below the first screen. */
const filler = (chapter: number): string =>
  Array.from({ length: 30 }, (_, i) => `<p>Chapter ${chapter}, paragraph ${i + 1}: the boats came and went with the tide.</p>`).join('');

test('imports a book with the Import button: row with author and cover, chapters in the reader, a footnote link that opens its note', async ({ page }) => {
  const bytes = makeEpub({
    version: 3,
    title: TITLE,
    creators: [{ name: 'Nell Harbour', role: 'aut', fileAs: 'Harbour, Nell' }],
    resources: { 'images/cover.png': pngFor('harbour cover') },
    cover: 'images/cover.png',
    chapters: [
      { title: 'Evening', body: `<h1>Evening</h1><p>The lamps were lit at six.<a epub:type="noteref" href="notes.xhtml#note-1">1</a></p>${filler(1)}` },
      { title: 'Night Watch', body: `<h1>Night Watch</h1>${filler(2)}` },
      { title: 'Notes', href: 'text/notes.xhtml', linear: false, body: '<aside epub:type="footnote" id="note-1"><p>Six o’clock by the harbour master’s watch.</p></aside>' },
    ],
  });
  await page.getByLabel('Import files').setInputFiles({ name: 'harbour-lights.epub', mimeType: 'application/epub+zip', buffer: Buffer.from(bytes) });

  const list = page.getByRole('list', { name: 'Library' });
  const title = list.getByRole('button', { name: TITLE, exact: true });
  await expect(title).toBeVisible();
  const row = list.getByRole('listitem').filter({ has: page.getByRole('button', { name: TITLE, exact: true }) });
  await expect(row).toContainText('Nell Harbour');
  // The cover is the row's thumbnail, loaded from the library (not a broken image).
  const thumb = row.locator('img.thumb');
  await expect(thumb).toHaveAttribute('src', /^\/asset\/[0-9a-f]{64}$/);
  await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  await title.click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  // Chapter 2's heading (a book's <h1> is shown as <h2> under the title).
  await expect(page.getByRole('heading', { name: 'Night Watch' })).toBeAttached();
  // The footnote reference opens its note (from the notes chapter, far below) in a popover.
  await expect(page.locator('[data-article-body]').getByText('Six o’clock by the harbour master’s watch.')).not.toBeInViewport();
  await page.getByRole('link', { name: '1', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Footnote 1' })).toContainText('Six o’clock by the harbour master’s watch.');
});
