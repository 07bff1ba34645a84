/**
 * The reader in the browser host: opening an article, its headings, keyboard
 * and history navigation, untrusted HTML, deleting, missing articles.
 * Locates everything by role and accessible name.
 */
import type { Page } from '@playwright/test';
import { expect, SEED, test } from './fixtures';
import { goto, reload, SEED_TITLE, writeTemp } from './helpers';

const SEED_SECTIONS = [
  'The Gut Microbiome: A Trillion-Strong Ally',
  'The Gut-Skin Axis: A Two-Way Street',
  'Nourishing Your Gut for Glowing Skin',
  'The Takeaway',
];

/** Imports files through the hidden file input and waits for the batch to end. */
async function importFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Import files').setInputFiles(files);
  await expect(page.getByRole('status')).toContainText(/Imported \d+ of \d+ files?\./);
}

function titleButton(page: Page, title: string) {
  return page.getByRole('list', { name: 'Library' }).getByRole('button', { name: title, exact: true });
}

test('opens the seed article, goes back with Escape and history, and reopens it after a reload', async ({ page }) => {
  await importFiles(page, [SEED]);
  await titleButton(page, SEED_TITLE).click();

  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toHaveCount(1);
  await expect(title).toHaveText(SEED_TITLE);
  await expect(title).toBeFocused();
  const article = page.getByRole('article');
  await expect(article.getByText('Shin Min-Hae', { exact: true })).toBeVisible();
  const sections = article.getByRole('heading', { level: 2 });
  await expect(sections).toHaveText(SEED_SECTIONS);
  await expect(page).toHaveTitle(`${SEED_TITLE} — Gloss`);
  expect(new URL(page.url()).hash).toMatch(/^#\/article\/[a-z0-9]+$/);
  const articleUrl = page.url();

  // Escape returns to the library and focuses the article's title there.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('list', { name: 'Library' })).toBeVisible();
  await expect(titleButton(page, SEED_TITLE)).toBeFocused();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gloss');

  // Browser history moves between the two views.
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await page.goBack();
  await expect(titleButton(page, SEED_TITLE)).toBeVisible();

  // The Back to library button does the same as Escape.
  await titleButton(page, SEED_TITLE).click();
  await page.getByRole('button', { name: 'Back to library' }).click();
  await expect(titleButton(page, SEED_TITLE)).toBeFocused();

  // A reload on the article's URL reopens it (the library persists; the token too).
  await goto(page, articleUrl);
  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(page.getByRole('article').getByRole('heading', { level: 2 })).toHaveText(SEED_SECTIONS);
  // Back from a fresh load still lands in the library.
  await page.getByRole('button', { name: 'Back to library' }).click();
  await expect(titleButton(page, SEED_TITLE)).toBeVisible();
});

test('shows imported HTML without running any of its scripts', async ({ page }) => {
  const paragraphs = Array.from(
    { length: 6 },
    (_, i) =>
      `<p>Paragraph ${i + 1} of an article about trust. A reader app must show the words of a page and nothing ` +
      `that the page would like to run, however it hides it: inline scripts, event handlers, links and frames.</p>`,
  ).join('\n');
  const hostile = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Untrusted Words</title>
<script>document.title = 'pwned'; window.__pwned = 'head script';</script>
</head><body><article>
<h1>Untrusted Words</h1>
${paragraphs}
<h1>A second top heading</h1>
<p>An image that fails: <img src="missing.png" alt="broken" onerror="window.__pwned = 'onerror'; document.title = 'pwned'"></p>
<p onmouseover="window.__pwned = 'mouseover'">Hover over this paragraph, and <a href="javascript:window.__pwned='link'">click this link</a>.</p>
<svg><script>window.__pwned = 'svg script'</script></svg>
<iframe srcdoc="&lt;script&gt;parent.__pwned = 'iframe'&lt;/script&gt;"></iframe>
<form action="https://example.org/"><button>Send</button></form>
<script>window.__pwned = 'body script'; document.title = 'pwned';</script>
<p>The end of the article, which is long enough for any extractor to keep it as the main content of the page.</p>
</article></body></html>`;
  await importFiles(page, [writeTemp('untrusted.html', hostile)]);
  await titleButton(page, 'Untrusted Words').click();

  const article = page.getByRole('article');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Untrusted Words');
  await expect(article.getByText('Paragraph 6 of an article about trust.')).toBeVisible();
  // The body's own h1 was demoted: the title is the only h1.
  await expect(article.getByRole('heading', { level: 2, name: 'A second top heading' })).toBeVisible();

  await article.getByText('Hover over this paragraph').hover();
  const link = article.getByRole('link', { name: 'click this link' });
  if ((await link.count()) > 0) await link.click();
  // A failing image's onerror would have run by the time its load has failed (complete).
  await expect
    .poll(() =>
      page.evaluate(() => Array.from(document.querySelectorAll('[data-article-body] img'), (img) => (img as HTMLImageElement).complete)),
    )
    .not.toContain(false);

  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(page).toHaveTitle('Untrusted Words — Gloss');
  await expect(article.getByRole('button', { name: 'Send' })).toHaveCount(0);
  const leftovers = await page.evaluate(() => {
    const body = document.querySelector('[data-article-body]');
    if (!body) return 'no body';
    const bad = body.querySelectorAll('script, iframe, form, style, [onerror], [onmouseover], [style], a[href^="javascript:"]');
    return Array.from(bad, (el) => el.outerHTML).join('\n');
  });
  expect(leftovers).toBe('');
});

test('deletes from the reader at once: back in the library, with Undo', async ({ page }) => {
  await importFiles(page, [SEED]);
  await titleButton(page, SEED_TITLE).click();
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();

  await page.getByRole('button', { name: 'Delete article' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('Your library is empty. Import articles to start reading.')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `Deleted “${SEED_TITLE}”.` }).getByRole('button', { name: 'Undo' })).toBeVisible();
  await reload(page);
  await expect(page.getByText('Your library is empty. Import articles to start reading.')).toBeVisible();
});

test('explains a missing article and offers the way back', async ({ page, app }) => {
  await goto(page, `${app.url}#/article/doesnotexist0`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Article not found');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await page.getByRole('button', { name: 'Back to library' }).click();
  await expect(page.getByText('Your library is empty. Import articles to start reading.')).toBeVisible();
});
