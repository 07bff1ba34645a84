/**
 * The browser host under hostile conditions: the token leaves the address
 * bar, saved images need the host's cookie, and no link in an article can
 * raise a page error.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, ROOT, test, type GlossApp } from './fixtures';
import { callApi, libraryList, reload, writeTemp } from './helpers';
import { cliArgs, cliEnv } from './cli-bundle';

// A 1×1 PNG: a real image, so the reader can show it.
const DOT = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const DOT_HASH = createHash('sha256').update(DOT).digest('hex');
const SAVED_TITLE = 'A Saved Page With A Picture';

function titleButton(page: Page, title: string) {
  return libraryList(page).getByRole('button', { name: title, exact: true });
}

/** Puts a saved page with one stored image into the library, with the real CLI (import-json) beside the running host. */
function addSavedPage(app: GlossApp): string {
  const at = '2024-05-01T10:00:00.000Z';
  const id = 'savedpage0001';
  const html = `<p>This page was saved with its picture, which is served by the host.</p><p><img src="gloss-asset:${DOT_HASH}" alt="a red dot"></p>`;
  const file = {
    format: 'gloss-library',
    version: 1,
    exportedAt: at,
    articles: [
      {
        id,
        format: 'html',
        title: SAVED_TITLE,
        author: null,
        siteName: null,
        sourceUrl: 'https://example.com/picture',
        sourceName: null,
        canonicalUrl: null,
        leadImage: null,
        publishedAt: null,
        language: 'en',
        excerpt: null,
        wordCount: 12,
        addedAt: at,
        updatedAt: at,
        version: 1,
        anchorReport: null,
        reading: { progress: 0, position: null, state: 'unread', archived: false, favorite: false },
        body: { html, text: 'This page was saved with its picture, which is served by the host.' },
        tags: [],
        assets: [{ hash: DOT_HASH, sourceUrl: 'https://example.com/dot.png' }],
        versions: [],
      },
    ],
    highlights: [],
    articleNotes: [],
    tags: [],
    assets: [{ hash: DOT_HASH, mime: 'image/png', size: DOT.length, createdAt: at, bytes: DOT.toString('base64') }],
    tombstones: [],
  };
  const path = writeTemp('saved.json', JSON.stringify(file));
  const out = execFileSync(
    process.execPath,
    cliArgs('import-json', path, '--library', app.libraryDir, '--json'),
    { cwd: ROOT, encoding: 'utf8', env: cliEnv({ GLOSS_LIBRARY: '' }) },
  );
  expect(JSON.parse(out)).toMatchObject({ articles: { added: 1 }, assets: { added: 1, skipped: 0 } });
  return id;
}

/** Resolves when the image has loaded with real pixels. */
async function expectLoaded(page: Page, name: string): Promise<void> {
  const image = page.getByRole('article').getByRole('img', { name });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
}

test('the token leaves the address bar; saved images still show, also after a reload', async ({ page, app, request }) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Gloss' })).toBeVisible();
  const first = new URL(page.url());
  expect(first.searchParams.has('token')).toBe(false);
  expect(first.hash).toBe(new URL(app.url).hash);

  // The host set its cookie on that first load: HttpOnly, SameSite=Strict, not the token.
  const cookies = await page.context().cookies(app.origin);
  const cookie = cookies.find((c) => c.name.startsWith('gloss_assets_'));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(cookie!.value).not.toContain(app.token);
  expect(await page.evaluate(() => document.cookie)).toBe('');

  const id = addSavedPage(app);
  await reload(page);
  await titleButton(page, SAVED_TITLE).click();
  await expect(page).toHaveURL(new RegExp(`#/article/${id}$`));
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  await expectLoaded(page, 'a red dot');

  // A reload on the article, with no token in the URL: the API (session token) and the image (cookie) still work.
  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: SAVED_TITLE })).toBeVisible();
  await expectLoaded(page, 'a red dot');

  // The image needs the cookie: the browser's context has it, a bare client does not.
  expect((await page.request.get(`${app.origin}/asset/${DOT_HASH}`)).status()).toBe(200);
  expect((await request.get(`${app.origin}/asset/${DOT_HASH}`)).status()).toBe(401);
});

test('no link in an article raises a page error; a valid in-page link scrolls', async ({ page, app }) => {
  const errors: Error[] = [];
  page.on('pageerror', (err) => errors.push(err));
  const filler = Array.from(
    { length: 30 },
    (_, i) => `<p>Filler paragraph ${i + 1}, long enough that the next section starts well below the first screen of the reader.</p>`,
  ).join('\n');
  const odd = ['#%E0%A4%A', '#', '#%', '#%ZZ', '#%E0%A4%A8%'];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Odd Links</title></head><body><article>
<h1>Odd Links</h1>
<p>Links with broken fragments: ${odd.map((href, i) => `<a href="${href}">odd link ${i + 1}</a>`).join(', ')},
and one that works: <a href="#section-two">go to section two</a>.</p>
${filler}
<h2 id="section-two">Section two</h2>
<p>The section the working link points to, with enough words for the extractor to keep it as part of the article.</p>
</article></body></html>`;
  const result = await callApi<{ status: string; article: { id: string } }>(page, app, 'importFile', {
    name: 'odd-links.html',
    data: { $bytes: Buffer.from(html).toString('base64') },
    mode: 'new',
  });
  expect(result.status).toBe('imported');
  await reload(page);
  await titleButton(page, 'Odd Links').click();
  const article = page.getByRole('article');
  const target = article.getByRole('heading', { name: 'Section two' });
  await expect(target).toBeVisible();
  await expect(target).not.toBeInViewport();

  for (let i = 1; i <= odd.length; i++) {
    const link = article.getByRole('link', { name: `odd link ${i}`, exact: true });
    await expect(link).toHaveAttribute('href', odd[i - 1]!);
    await link.click();
  }
  // The route did not change and nothing scrolled away.
  await expect(page).toHaveURL(new RegExp(`#/article/${result.article.id}$`));
  await expect(target).not.toBeInViewport();

  await article.getByRole('link', { name: 'go to section two' }).click();
  await expect(target).toBeInViewport();
  await expect(page).toHaveURL(new RegExp(`#/article/${result.article.id}$`));
  expect(errors.map((e) => e.message)).toEqual([]);
});
