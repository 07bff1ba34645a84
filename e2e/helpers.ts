/**
 * Helpers the browser-host specs share: the seed article's title and first
 * sentence, navigation that waits until the app is ready, temporary files,
 * direct API calls (setup), and selecting article text with the mouse.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, whenReady, type GlossApp } from './fixtures';

export { whenReady };

export const SEED_TITLE = 'The Gut-Skin Connection: Glowing From The Inside Out';
export const SENTENCE = 'But recent research reveals a fascinating truth: healthy skin starts in the gut.';

/** Reloads the page, then waits until the app answers (see whenReady). */
export async function reload(page: Page): Promise<void> {
  await page.reload();
  await whenReady(page);
}

/** Goes to `url` (a new load, or only a new #route), then waits until the app answers. */
export async function goto(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await whenReady(page);
}

/** Writes a file into this test's output folder and returns its path. */
export function writeTemp(name: string, content: string): string {
  const path = test.info().outputPath(name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Calls one API method with the app's token; fails the test unless it answers ok. */
export async function callApi<T>(page: Page, app: GlossApp, method: string, args: unknown): Promise<T> {
  const response = await page.request.post(`${app.origin}/api/${method}`, {
    headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
    data: JSON.stringify(args),
  });
  const envelope = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  expect(envelope, `${method}: ${envelope.error?.message}`).toMatchObject({ ok: true });
  return envelope.value;
}

/** Creates a highlight through the API (setup), on the first occurrence of `exact`. */
export async function apiHighlight(
  page: Page,
  app: GlossApp,
  articleId: string,
  exact: string,
  { color = 'green', note = '' }: { color?: string; note?: string } = {},
): Promise<void> {
  const { text } = await callApi<{ text: string }>(page, app, 'getArticle', { id: articleId });
  const start = text.indexOf(exact);
  expect(start, `not in the article: ${exact}`).toBeGreaterThanOrEqual(0);
  const end = start + exact.length;
  await callApi(page, app, 'createHighlight', {
    articleId,
    color,
    quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
    position: { start, end },
    note,
  });
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Viewport points just inside the first character of `from` and the last
 * character of `to` (each the first occurrence in the article body), once
 * scrolled into view: `center` puts `from`'s block in the middle of the
 * window, `nearBottom` puts `to`'s last line just above the window's bottom.
 */
export async function textPoints(
  page: Page,
  from: string,
  to: string = from,
  place: 'center' | 'nearBottom' = 'center',
): Promise<{ start: Point; end: Point }> {
  // After a reload the reader shows its title before the body has arrived.
  const body = page.locator('[data-article-body]');
  await expect(body).toContainText(from);
  await expect(body).toContainText(to);
  // Measure until two measurements a frame apart agree: a web font arriving
  // or a panel opening after the body shows moves the text under the mouse.
  return page.evaluate(
    async ([fromText, toText, where]) => {
      await document.fonts.ready;
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const body = document.querySelector('[data-article-body]');
      if (!body) throw new Error('no article body');
      const find = (needle: string): [Text, number] => {
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = (n as Text).data.indexOf(needle);
          if (i >= 0) return [n as Text, i];
        }
        throw new Error(`not in the article: ${needle}`);
      };
      const [startNode, startIndex] = find(fromText);
      const [endNode, endIndex] = find(toText);
      const charRect = (node: Text, i: number): DOMRect => {
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + 1);
        return r.getClientRects()[0]!;
      };
      const scrollIntoPlace = () => {
        if (where === 'center') startNode.parentElement?.scrollIntoView({ block: 'center' });
        else window.scrollBy(0, charRect(endNode, endIndex + toText.length - 1).bottom - (window.innerHeight - 24));
      };
      const measure = () => {
        scrollIntoPlace();
        const a = charRect(startNode, startIndex);
        const b = charRect(endNode, endIndex + toText.length - 1);
        return {
          start: { x: a.left + 1, y: a.top + a.height / 2 },
          end: { x: b.right - 1, y: b.top + b.height / 2 },
        };
      };
      let points = measure();
      for (let tries = 0; tries < 20; tries++) {
        await frame();
        await frame();
        const again = measure();
        if (JSON.stringify(again) === JSON.stringify(points)) return again;
        points = again;
      }
      return points;
    },
    [from, to, place] as const,
  );
}

/** Selects from the start of `from` to the end of `to` by dragging the mouse. */
export async function dragSelect(page: Page, from: string, to: string = from): Promise<void> {
  const { start, end } = await textPoints(page, from, to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: 4 });
  await page.mouse.up();
}

/** The reader's Highlights panel. */
export function panel(page: Page) {
  return page.getByRole('complementary', { name: 'Highlights' });
}

/** The library's list of articles. */
export function libraryList(page: Page) {
  return page.getByRole('list', { name: 'Library' });
}

/**
 * Imports a plain-text article titled `title` whose `sentences` are
 * paragraphs below two long filler paragraphs (below the fold of the window).
 */
export async function importTextArticle(page: Page, app: GlossApp, title: string, sentences: string[]): Promise<string> {
  const filler = 'Other words fill this paragraph so the passage sits below the fold of the window. '.repeat(40);
  const text = `${title}\n\n${filler}\n\n${filler}\n\n${sentences.join('\n\n')}\n\nThe end.\n`;
  const result = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: `${title}.txt`,
    data: { $bytes: Buffer.from(text).toString('base64') },
    mode: 'new',
  });
  return result.article.id;
}
