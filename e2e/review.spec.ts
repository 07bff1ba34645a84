/**
 * The daily review (#18), one user path: an empty library says so; with
 * four highlights from three articles the Review screen shows them, a note
 * is edited and a tag added on the card, Open in source lands on the passage
 * (flashed) and Back to review returns to the same card; the four cards are
 * answered with the keys 1–4, each scheduled as its key says (read from
 * the JSON backup), and the session says it is done, also when reopened.
 * Nothing here depends on the date (the server's clock is real; intervals
 * are measured from each answer).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiHighlight, callApi, goto, importTextArticle, reload } from './helpers';

const ARTICLES = [
  { title: 'Orchards', quotes: ['Apple trees want a cold winter to fruit.'] },
  { title: 'Rivers', quotes: ['A river carries the mountain to the sea.'] },
  { title: 'Bees', quotes: ['A hive keeps its own warmth through the winter.', 'Bees dance to tell where the flowers are.'] },
];
const ALL_QUOTES = ARTICLES.flatMap((a) => a.quotes);

/** The quote on the card now. */
function quoteOnCard(page: Page) {
  return page.getByRole('article').locator('blockquote');
}

test('a day of review: cards from three articles, note and tag, open in source and back, answered by keys 1-4', async ({ page, app }) => {
  // No highlights yet.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { name: 'No highlights yet' })).toBeVisible();

  for (const { title, quotes } of ARTICLES) {
    const id = await importTextArticle(page, app, title, quotes);
    for (const quote of quotes) await apiHighlight(page, app, id, quote, { color: 'yellow', note: quote.startsWith('A river') ? 'Erosion, *slowly*.' : '' });
  }
  await reload(page);
  const status = page.getByRole('region', { name: 'Review' }).getByRole('status').first();
  await expect(status).toHaveText('0 of 4 today');
  const first = (await quoteOnCard(page).textContent())!;
  expect(ALL_QUOTES).toContain(first);
  const source = ARTICLES.find((a) => a.quotes.includes(first))!;
  await expect(page.getByRole('article')).toContainText(source.title);
  // The colour's label is beside it (never the colour alone).
  await expect(page.getByRole('article')).toContainText('Yellow');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Edit note (e), typed in the card: digits typed there are text, not answers.
  await page.keyboard.press('e');
  const note = page.getByRole('textbox', { name: 'Note' });
  await expect(note).toBeFocused();
  await note.fill('Read again in 2 weeks');
  await note.press('1');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('article')).toContainText('Read again in 2 weeks1');
  await expect(status).toHaveText('0 of 4 today');
  // Add tag.
  await page.getByRole('textbox', { name: 'Tag' }).fill('keeper');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByRole('list', { name: 'Tags' })).toHaveText('keeper');

  // Open in source (o): the passage, flashed; Back to review: the same card.
  await page.getByRole('button', { name: 'Keep' }).focus();
  await page.keyboard.press('o');
  await expect(page).toHaveURL(/#\/article\/[a-z0-9]+\/highlight\/[a-z0-9]+$/);
  await expect(page.getByRole('heading', { level: 1, name: source.title })).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(() => {
        const flash = CSS.highlights.get('gloss-flash');
        return flash ? [...flash].map((r) => r.toString()).join('') : '';
      }),
    )
    .toBe(first);
  await page.getByRole('button', { name: 'Back to review' }).click();
  await expect(page).toHaveURL(/#\/review$/);
  await expect(quoteOnCard(page)).toHaveText(first);
  await expect(page.getByRole('article')).toContainText('Read again in 2 weeks1');

  // Answered by keys 1-4: each card leaves, the progress line counts.
  const seen = [first];
  for (const [i, key] of ['1', '2', '3', '4'].entries()) {
    if (i > 0) {
      await expect(quoteOnCard(page)).not.toHaveText(seen[i - 1]!);
      seen.push((await quoteOnCard(page).textContent())!);
    }
    await page.keyboard.press(key);
    await expect(status).toHaveText(`${i + 1} of 4 today · 1-day streak`);
  }
  expect([...seen].sort()).toEqual([...ALL_QUOTES].sort());
  await expect(page.getByRole('heading', { name: 'All done for today' })).toBeVisible();

  // Scheduled as the keys said (FSRS, whole days from the answer): 1 Keep in 3 days, 2 Soon in 2, 3 Later in 8, 4 Retire never.
  // Read from the JSON backup, where the review history travels.
  const backup = JSON.parse((await callApi<{ json: string }>(page, app, 'exportJson', {})).json) as {
    highlights: { id: string; quote: { exact: string } }[];
    review: { cards: { highlightId: string; due: string; lastReview: string | null; retiredAt: string | null }[]; log: { highlightId: string; answer: string }[] };
  };
  const idOf = (quote: string): string => backup.highlights.find((h) => h.quote.exact === quote)!.id;
  const scheduled = seen.map((quote) => {
    const card = backup.review.cards.find((c) => c.highlightId === idOf(quote))!;
    return card.retiredAt ? 'retired' : (Date.parse(card.due) - Date.parse(card.lastReview!)) / 86_400_000;
  });
  expect(scheduled).toEqual([3, 2, 8, 'retired']);
  expect(seen.map((quote) => backup.review.log.find((l) => l.highlightId === idOf(quote))?.answer)).toEqual(['keep', 'soon', 'later', 'retire']);

  // Reopened the same day: nothing due.
  await goto(page, `${app.url}#/review`);
  await expect(page.getByRole('heading', { name: 'All done for today' })).toBeVisible();
  await expect(status).toHaveText('4 of 4 today · 1-day streak');
  const session = await callApi<{ cards: unknown[]; done: number }>(page, app, 'getReviewSession', {});
  expect(session).toMatchObject({ cards: [], done: 4 });
});
