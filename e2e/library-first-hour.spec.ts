/**
 * The library as a new user meets it (issue 12): a first-run state that
 * says what Gloss takes, compact rows (8 or more in a 1280×900 window) with
 * titles clamped to two lines, the site's domain, a thumbnail and labelled
 * dates, a focus ring nothing clips, and "n of m · Clear filters" whenever
 * a remembered filter hides part of the library.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, SEED, test, type GlossApp } from './fixtures';
import { callApi, libraryList, reload } from './helpers';

// An 8×8 PNG (a real image, so the thumbnail loads).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4EaCBFTEMLQkAaplQAc/OcKAAAAAASUVORK5CYII=',
  'base64',
);
const PNG_HASH = createHash('sha256').update(PNG).digest('hex');

const LONG_TITLE =
  'An extraordinarily long title about the slow, patient and thoroughly unhurried craft of reading long essays on the web, ' +
  'written to be far longer than two lines of any library row';

test.use({ viewport: { width: 1280, height: 900 } });

/** Imports a small Markdown article through the API (setup; its title as given, however long); answers its id. */
async function addArticle(page: Page, app: GlossApp, title: string): Promise<string> {
  const text = `---\ntitle: ${title}\n---\n\nSome words to read, about ${title.toLowerCase()}, for the library's tests.\n`;
  const result = await callApi<{ status: string; article: { id: string } }>(page, app, 'importFile', {
    name: `${title.slice(0, 40)}.md`,
    data: { $bytes: Buffer.from(text).toString('base64') },
    mode: 'new',
  });
  expect(result.status).toBe('imported');
  return result.article.id;
}

/** Restores a saved web page (with its lead image) from a JSON backup, as the app's own restore does. */
async function addSavedPage(page: Page, app: GlossApp, title: string): Promise<void> {
  const at = '2024-05-01T10:00:00.000Z';
  const text = 'A garden is a slow thing: it teaches patience to anyone who keeps one for long.';
  const file = {
    format: 'gloss-library',
    version: 1,
    exportedAt: at,
    articles: [
      {
        id: 'gardenpage001',
        format: 'html',
        title,
        author: 'Rosa Gardener',
        siteName: null,
        sourceUrl: 'https://www.example.org/essays/gardens',
        sourceName: null,
        canonicalUrl: null,
        leadImage: PNG_HASH,
        publishedAt: '2019-03-04',
        language: 'en',
        excerpt: 'On patience.',
        wordCount: 16,
        addedAt: at,
        updatedAt: at,
        version: 1,
        anchorReport: null,
        reading: { progress: 0, position: null, state: 'unread', archived: false, favorite: false },
        body: { html: `<p>${text}</p><p><img src="gloss-asset:${PNG_HASH}" alt="A garden"></p>`, text },
        tags: [],
        assets: [{ hash: PNG_HASH, sourceUrl: 'https://www.example.org/garden.png' }],
        versions: [],
      },
    ],
    highlights: [],
    articleNotes: [],
    tags: [],
    assets: [{ hash: PNG_HASH, mime: 'image/png', size: PNG.length, createdAt: at, bytes: PNG.toString('base64') }],
    tombstones: [],
  };
  const report = await callApi<{ articles: { added: number }; assets: { added: number } }>(page, app, 'importJson', {
    data: { $bytes: Buffer.from(JSON.stringify(file)).toString('base64') },
  });
  expect(report).toMatchObject({ articles: { added: 1 }, assets: { added: 1 } });
}

function row(page: Page, title: string) {
  return libraryList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: title, exact: true }) });
}

const filters = (page: Page) => page.getByRole('group', { name: 'Filter and sort' });
const countLine = (page: Page) => page.getByRole('region', { name: 'Library' }).locator('.count');

test('an empty library explains what Gloss takes, offers Import and the shortcuts, and shows no filters', async ({ page }) => {
  // A filter remembered from before still shows the first-run state, not "no match".
  await page.evaluate(() => localStorage.setItem('gloss.libraryQuery', JSON.stringify({ favorite: true, tags: ['old'] })));
  await reload(page);

  const firstRun = page.getByRole('region', { name: 'Your library is empty. Import articles to start reading.' });
  await expect(firstRun).toBeVisible();
  for (const what of ['.txt', '.md', '.html', 'dropped anywhere on this window', 'type one in the box above', 'paste it anywhere']) {
    await expect(firstRun).toContainText(what);
  }
  await expect(firstRun.getByRole('term').filter({ hasText: 'K' })).toContainText('/');
  await expect(firstRun.getByRole('definition').filter({ hasText: 'Search' })).toBeVisible();
  await expect(firstRun.getByRole('definition').filter({ hasText: 'Back to the library' })).toBeVisible();
  await expect(filters(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Manage tags…' })).toHaveCount(0);
  await expect(page.getByText('No articles match these filters.')).toHaveCount(0);

  // Its Import button opens the file chooser; once there is something, the filters appear.
  const chooser = page.waitForEvent('filechooser');
  await firstRun.getByRole('button', { name: 'Import', exact: true }).click();
  const fileChooser = await chooser;
  expect(fileChooser.isMultiple()).toBe(true);
  await fileChooser.setFiles(SEED);
  await expect(page.getByRole('status')).toContainText('Imported 1 of 1 file.');
  await expect(firstRun).toHaveCount(0);
  await expect(filters(page)).toBeVisible();
  // The remembered filter still hides it, and says so.
  await expect(countLine(page)).toContainText('0 of 1');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(libraryList(page).getByRole('listitem')).toHaveCount(1);
});

test('rows are compact: 8+ in a 1280×900 window, titles clamped to two lines, a focus ring nothing clips', async ({ page, app }) => {
  for (let i = 1; i <= 11; i++) await addArticle(page, app, `Short entry ${String(i).padStart(2, '0')}`);
  await addArticle(page, app, LONG_TITLE);
  await reload(page);

  // Filters fold into one toolbar row.
  const toolbar = await filters(page).boundingBox();
  expect(toolbar!.height).toBeLessThan(48);

  const items = libraryList(page).getByRole('listitem');
  await expect(items.first()).toBeVisible();
  const fullyVisible = await items.evaluateAll((els) =>
    els.filter((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }).length,
  );
  expect(fullyVisible).toBeGreaterThanOrEqual(8);

  // The long title is whole in the page, shown on two lines that end with "…".
  const longRow = row(page, LONG_TITLE);
  await expect(longRow.getByRole('heading', { level: 3 })).toHaveText(LONG_TITLE);
  const clamp = await longRow.getByRole('heading', { level: 3 }).evaluate((heading) => {
    // The element that clamps: the heading or one inside it.
    const box = [heading, ...Array.from(heading.querySelectorAll('*'))].find((el) => getComputedStyle(el).webkitLineClamp === '2');
    if (!box) return null;
    const style = getComputedStyle(box);
    const lineHeight = parseFloat(style.lineHeight);
    return {
      lineClamp: style.webkitLineClamp,
      overflow: style.overflow,
      clipped: box.scrollHeight > box.clientHeight + 1,
      lines: Math.round(box.clientHeight / lineHeight),
    };
  });
  expect(clamp).toEqual({ lineClamp: '2', overflow: 'hidden', clipped: true, lines: 2 });
  // Every row keeps to its slot: nothing of the long one spills into the next.
  const [longBox, slotBox] = await Promise.all([longRow.locator('.item').boundingBox(), longRow.boundingBox()]);
  expect(longBox!.y + longBox!.height).toBeLessThanOrEqual(slotBox!.y + slotBox!.height + 0.5);

  // Keyboard focus on a title: the ring is on the row, and no box around it clips it.
  await items.first().getByRole('checkbox').focus();
  await page.keyboard.press('Tab');
  await expect(items.first().getByRole('heading', { level: 3 }).getByRole('button')).toBeFocused();
  const ring = await items.first().evaluate((li) => {
    const item = li.querySelector<HTMLElement>('.item')!;
    const style = getComputedStyle(item);
    const clippers: string[] = [];
    for (let el: HTMLElement | null = item; el && el !== document.body; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (el !== item && (s.overflowX !== 'visible' || s.overflowY !== 'visible')) clippers.push(el.className);
    }
    const r = item.getBoundingClientRect();
    const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
    return { outline: style.outlineStyle, width: parseFloat(style.outlineWidth), clippers, inside: r.left - reach >= 0 && r.right + reach <= window.innerWidth };
  });
  expect(ring).toMatchObject({ outline: 'solid', clippers: [], inside: true });
  expect(ring.width).toBeGreaterThanOrEqual(2);
});

test('a row shows the site domain, a lazy thumbnail of the lead image, and labelled Published and Saved dates', async ({ page, app }) => {
  const title = 'On Gardens and Patience';
  await addSavedPage(page, app, title);
  await addArticle(page, app, 'A plain note');
  await reload(page);

  const saved = row(page, title);
  await expect(saved).toBeVisible();
  await expect(saved.getByText('example.org', { exact: true })).toBeVisible();
  await expect(saved).not.toContainText('www.example.org');

  const thumb = saved.locator('img');
  await expect(thumb).toHaveAttribute('src', `/asset/${PNG_HASH}`);
  await expect(thumb).toHaveAttribute('alt', '');
  await expect(thumb).toHaveAttribute('loading', 'lazy');
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
  const box = await thumb.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(64);

  // Published in 2019, saved in 2024: both labelled, never one for the other.
  const published = saved.getByText(/^Published /);
  await expect(published).toContainText('2019');
  await expect(published.locator('time')).toHaveAttribute('datetime', '2019-03-04');
  const savedOn = saved.getByText(/^Saved /);
  await expect(savedOn).toContainText('2024');
  await expect(savedOn.locator('time')).toHaveAttribute('datetime', '2024-05-01T10:00:00.000Z');

  // An article with no date of its own shows only when it was saved, and no picture.
  const plain = row(page, 'A plain note');
  await expect(plain.getByText(/^Saved /)).toBeVisible();
  await expect(plain.getByText(/^Published /)).toHaveCount(0);
  await expect(plain.locator('img')).toHaveCount(0);

  // The sort names the same dates.
  await expect(page.getByRole('combobox', { name: 'Sort by' }).getByRole('option')).toHaveText([
    'Date saved',
    'Date published',
    'Title',
    'Author',
    'Progress',
  ]);
});

test('an active filter or tag filter says "n of m · Clear filters", also after a reload', async ({ page, app }) => {
  const ids: string[] = [];
  for (let i = 1; i <= 6; i++) ids.push(await addArticle(page, app, `Piece ${i}`));
  await callApi(page, app, 'setFavorite', { id: ids[0], favorite: true });
  await callApi(page, app, 'setFavorite', { id: ids[1], favorite: true });
  await callApi(page, app, 'tagArticles', { ids: ids.slice(0, 3), tags: ['science'] });
  await reload(page);

  await expect(countLine(page)).toHaveText('6 articles');
  await expect(page.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);

  await page.getByRole('checkbox', { name: 'Favourites only' }).check();
  await expect(countLine(page)).toHaveText('2 of 6 · Clear filters');
  await reload(page);
  await expect(countLine(page)).toHaveText('2 of 6 · Clear filters');
  await expect(libraryList(page).getByRole('listitem')).toHaveCount(2);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(countLine(page)).toHaveText('6 articles');
  await expect(page.getByRole('checkbox', { name: 'Favourites only' })).not.toBeChecked();

  // A tag clicked on a row is a filter too.
  await row(page, 'Piece 3').getByRole('button', { name: 'Show articles tagged science' }).click();
  await expect(countLine(page)).toHaveText('3 of 6 · Clear filters');
  await reload(page);
  await expect(countLine(page)).toHaveText('3 of 6 · Clear filters');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(libraryList(page).getByRole('listitem')).toHaveCount(6);
  await expect(page.getByRole('button', { name: 'Remove tag science' })).toHaveCount(0);
});
