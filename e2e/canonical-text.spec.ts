/**
 * Highlights are stored as offsets into the canonical text main computes
 * (jsdom) and re-found in the text the reader computes (Chromium). This
 * proves the two agree on every page of the shared web corpus, as shown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { expect, ROOT, test, WEB_CORPUS } from './fixtures';
import { callApi, goto } from './helpers';

// The test injects the shared canonical-text code into the app page.
test.use({ bypassCSP: true });
test.setTimeout(300_000);

// Bundled: the module imports its helpers (the word counter).
const canonicalSource = buildSync({
  entryPoints: [join(ROOT, 'src/shared/text/canonical.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  globalName: 'GlossCanonical',
}).outputFiles[0]!.text;

test('main and the reader compute the same canonical text for every corpus page', async ({ page, app }) => {
  const pages = readdirSync(WEB_CORPUS).sort();
  const call = (method: string, args: unknown): Promise<unknown> => callApi(page, app, method, args);

  const imported: { dir: string; id: string }[] = [];
  for (const dir of pages) {
    const bytes = readFileSync(join(WEB_CORPUS, dir, 'source.html'));
    const result = (await call('importFile', {
      name: `${dir}.html`,
      data: { $bytes: bytes.toString('base64') },
      mode: 'new',
    })) as { article: { id: string } };
    imported.push({ dir, id: result.article.id });
  }
  expect(imported).toHaveLength(pages.length);

  // One page load, then article to article by the app's own routing (a full load per page cost ~1 s each).
  await goto(page, app.url);
  const shownText = (): Promise<string | null> =>
    page.evaluate((source) => {
      const w = window as unknown as { GlossCanonical?: { canonicalText: (n: Node) => string } };
      if (!w.GlossCanonical) new Function(source)();
      const body = document.querySelector('[data-article-body]');
      return body && w.GlossCanonical ? w.GlossCanonical.canonicalText(body) : null;
    }, `${canonicalSource}; window.GlossCanonical = GlossCanonical;`);

  const mismatches: string[] = [];
  for (const { dir, id } of imported) {
    const article = (await call('getArticle', { id })) as { title: string; text: string };
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#/article/${id}`);
    // The reader shows the new article once its body's text is that article's (or, on a real difference,
    // what it shows when the wait runs out).
    let shown: string | null = null;
    try {
      await expect
        .poll(async () => (shown = await shownText()), { timeout: 10_000, intervals: [20, 50, 100, 250] })
        .toBe(article.text);
    } catch {
      const at = [...(shown ?? '')].findIndex((c, i) => c !== article.text[i]);
      mismatches.push(`${dir}: differs at ${at}: ${JSON.stringify((shown ?? '').slice(at, at + 40))} vs ${JSON.stringify(article.text.slice(at, at + 40))}`);
    }
  }
  expect(mismatches, mismatches.join('\n')).toEqual([]);
});
