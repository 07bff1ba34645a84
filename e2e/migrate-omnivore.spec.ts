/**
 * An Omnivore export ZIP through the app's Import button: it imports in the
 * background with its progress shown ("n of 24 items", a progress bar),
 * then its report; an article opens with its Omnivore highlight painted on
 * its words, its note in the panel and its labels as tags.
 */
import { expect, test } from './fixtures';
import { panel } from './helpers';
import { articleHtml, omnivoreHighlight, omnivoreZip, type ItemSpec } from '../tests/migrate/omnivore-zip';

const ITEMS = 24;
const QUOTE = 'the passage that was highlighted in Omnivore';

function items(): ItemSpec[] {
  return Array.from({ length: ITEMS }, (_, n) => ({
    id: `e2e-${n}`,
    slug: `saved-article-${n}`,
    title: `Saved article ${n}`,
    labels: n === 0 ? ['Long reads', 'Économie'] : ['Later'],
    // Saved last in Omnivore: the first row of the library.
    savedAt: n === 0 ? '2024-06-01T09:00:00.000Z' : '2024-03-01T10:00:00.000Z',
    content: articleHtml([
      `The opening paragraph of saved article ${n} is long enough for the extractor to keep it as the body.`,
      `A second paragraph holds ${QUOTE}, with a few more words after it so that it reads like prose.`,
    ]),
    highlights: omnivoreHighlight(QUOTE, ['key'], 'Why I kept this.'),
  }));
}

test('imports an Omnivore export in the background: progress, then the report; an article opens with its highlight painted and its labels as tags', async ({ page }) => {
  const file = { name: 'omnivore-export.zip', mimeType: 'application/zip', buffer: Buffer.from(omnivoreZip(items())) };
  await page.getByLabel('Import files').setInputFiles(file);

  const job = page.getByRole('region', { name: 'Importing omnivore-export.zip' });
  await expect(job.getByRole('progressbar', { name: 'Progress of omnivore-export.zip' })).toBeVisible();
  await expect(job.getByRole('status')).toContainText(
    `Done: omnivore-export.zip: ${ITEMS} articles, ${ITEMS} highlights added.`,
    { timeout: 60_000 },
  );
  await expect(job.getByRole('progressbar')).toHaveCount(0);

  const list = page.getByRole('list', { name: 'Library' });
  await list.getByRole('button', { name: 'Saved article 0', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Saved article 0' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove tag Long reads' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove tag Économie' })).toBeVisible();
  await expect(panel(page)).toContainText('Why I kept this.');
  const painted = (): Promise<string[]> =>
    page.evaluate(() => {
      const layer = CSS.highlights.get('gloss-yellow');
      return layer ? Array.from(layer as Iterable<AbstractRange>, (r) => (r as Range).toString()) : [];
    });
  await expect.poll(painted).toEqual([QUOTE]);

  await page.keyboard.press('Escape');
  await job.getByRole('button', { name: 'Dismiss' }).click();
  await expect(job).toHaveCount(0);
});
