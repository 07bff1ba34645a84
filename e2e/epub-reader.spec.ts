/**
 * Reading a book (issue 14): the Contents landmark from the book's table
 * of contents with the chapter being read marked, jumps from it, chapter
 * buttons and keys, a footnote in a popover, an image from the library, a
 * highlight across a chapter boundary with a note that survives a reload
 * (painted in both chapters, listed under its chapter, exported under its
 * chapter's heading with the book's front matter), an axe scan; in a
 * narrow window the Contents drawer, and right-to-left and vertical
 * chapters laid out their way.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { panel, reload, textPoints } from './helpers';
import { makeEpub } from '../tests/epub/make-epub';
import { pngFor } from '../tests/web/helpers';

const TITLE = 'The Lighthouse Keeper';

/** Enough paragraphs that each chapter is taller than the window. */
const filler = (chapter: number, count = 25): string =>
  Array.from({ length: count }, (_, i) => `<p>Chapter ${chapter}, paragraph ${i + 1}: the lamp turned over the grey water all night.</p>`).join('');

function book(): Uint8Array {
  return makeEpub({
    version: 3,
    title: TITLE,
    publisher: 'Harbour Press',
    identifiers: [{ value: '9780306406157', scheme: 'ISBN' }],
    series: { name: 'Coast Books', position: 2 },
    resources: { 'images/map.png': pngFor('island map') },
    chapters: [
      {
        title: 'Arrival',
        body: `<h1>Arrival</h1><p>The boat left him on the rocks.<a epub:type="noteref" id="r1" href="#n1">1</a></p>${filler(1)}<p>He lit the lamp for the first time.</p>
<aside epub:type="footnote" id="n1"><p><a href="#r1">↩</a> The rocks were called the Teeth by the fishermen.</p></aside>`,
      },
      { title: 'The Storm', body: `<h1>The Storm</h1><p>Rain came sideways from the west.</p><figure><img src="../images/map.png" alt="A map of the island"/></figure>${filler(2)}` },
      { title: 'Letters', body: `<h1>Letters</h1>${filler(3, 10)}<h2 id="reply">The reply</h2>${filler(3, 10)}` },
      { title: 'Departure', body: `<h1>Departure</h1>${filler(4)}` },
      { title: 'الرحيل', htmlAttrs: 'xml:lang="ar" dir="rtl"', body: '<h1>الرحيل</h1><p>غادر الحارس الجزيرة في الصباح.</p>' },
      {
        title: '灯台',
        htmlAttrs: 'xml:lang="ja"',
        head: '<style>html { writing-mode: vertical-rl; }</style>',
        body: `<h1>灯台</h1>${Array.from({ length: 40 }, (_, i) => `<p>灯台守は毎晩ランプを灯した。海は静かだった。第${i + 1}段落。</p>`).join('')}`,
      },
    ],
    toc: [
      { title: 'Arrival', href: 'text/ch1.xhtml' },
      { title: 'The Storm', href: 'text/ch2.xhtml' },
      { title: 'Letters', href: 'text/ch3.xhtml', children: [{ title: 'The reply', href: 'text/ch3.xhtml#reply' }] },
      { title: 'Departure', href: 'text/ch4.xhtml' },
      { title: 'الرحيل', href: 'text/ch5.xhtml' },
      { title: '灯台', href: 'text/ch6.xhtml' },
    ],
  });
}

async function openBook(page: Page): Promise<void> {
  await page.getByLabel('Import files').setInputFiles({ name: 'lighthouse.epub', mimeType: 'application/epub+zip', buffer: Buffer.from(book()) });
  await page.getByRole('list', { name: 'Library' }).getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
}

/**
 * Selects from the start of `from` to the end of `to` (as a drag would; a
 * drag over two chapters passes the selection toolbar, which appears under
 * the selection while it grows).
 */
async function selectText(page: Page, from: string, to: string): Promise<void> {
  await textPoints(page, from, to);
  await page.evaluate(
    ([a, b]) => {
      const body = document.querySelector('[data-article-body]')!;
      const find = (needle: string): [Text, number] => {
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = (n as Text).data.indexOf(needle);
          if (i >= 0) return [n as Text, i];
        }
        throw new Error(`not in the book: ${needle}`);
      };
      const [startNode, start] = find(a);
      const [endNode, end] = find(b);
      document.getSelection()!.setBaseAndExtent(startNode, start, endNode, end + b.length);
    },
    [from, to] as const,
  );
}

/** The chapters (section ids) each painted range of a colour is in. */
async function paintedChapters(page: Page, color = 'yellow'): Promise<string[]> {
  return page.evaluate((name) => {
    const layer = CSS.highlights.get(`gloss-${name}`);
    const ids = Array.from(layer ? (layer as Iterable<AbstractRange>) : [], (r) => (r as Range).startContainer.parentElement?.closest('section')?.id ?? '?');
    return [...new Set(ids)];
  }, color);
}

test('reads a book: Contents marks and jumps, chapter buttons and keys, a footnote popover, a highlight across chapters with a note after a reload', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await openBook(page);

  const contents = page.getByRole('navigation', { name: 'Contents' });
  await expect(contents.getByRole('link')).toHaveText(['Arrival', 'The Storm', 'Letters', 'The reply', 'Departure', 'الرحيل', '灯台']);
  await expect(contents.getByRole('link', { name: 'Arrival' })).toHaveAttribute('aria-current', 'location');

  // The image comes from the library.
  const map = page.getByRole('img', { name: 'A map of the island' });
  await map.scrollIntoViewIfNeeded();
  await expect.poll(() => map.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  // A jump from Contents: chapter 3 at the reading line, and marked.
  await contents.getByRole('link', { name: 'Letters' }).click();
  await expect(page.getByRole('heading', { name: 'Letters', exact: true })).toBeInViewport();
  await expect(contents.getByRole('link', { name: 'Letters' })).toHaveAttribute('aria-current', 'location');
  await expect(contents.locator('[aria-current]')).toHaveCount(1);

  // Scrolling marks the entry read now: the chapter's second part.
  const below = await page
    .getByRole('heading', { name: 'The reply' })
    .evaluate((h) => h.getBoundingClientRect().top - parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop));
  await page.mouse.move(400, 500);
  await page.mouse.wheel(0, Math.round(below));
  await expect(contents.getByRole('link', { name: 'The reply' })).toHaveAttribute('aria-current', 'location');

  // Next chapter (toolbar, named with the chapter), then back with Alt+←.
  await page.getByRole('button', { name: 'Next chapter: Departure' }).first().click();
  await expect(page.getByRole('heading', { name: 'Departure', exact: true })).toBeInViewport();
  await expect(contents.getByRole('link', { name: 'Departure' })).toHaveAttribute('aria-current', 'location');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(contents.getByRole('link', { name: 'Letters' })).toHaveAttribute('aria-current', 'location');
  await expect(page.getByRole('heading', { name: 'Letters', exact: true })).toBeInViewport();

  // A footnote opens beside its reference; Escape closes it and the keyboard is back on the reference.
  await contents.getByRole('link', { name: 'Arrival' }).click();
  const ref = page.locator('[data-article-body] a[role="doc-noteref"]');
  await ref.click();
  const note = page.getByRole('dialog', { name: 'Footnote 1' });
  await expect(note).toBeVisible();
  await expect(note).toContainText('The rocks were called the Teeth by the fishermen.');
  await expect(note).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(note).toBeHidden();
  await expect(ref).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeAttached(); // still reading

  // No accessibility violations with Contents open beside the book.
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // A highlight from the end of chapter 1 into chapter 2, with a note.
  await selectText(page, 'He lit the lamp', 'Rain came sideways');
  const toolbar = page.getByRole('toolbar', { name: 'Highlight' });
  await toolbar.getByRole('button', { name: 'Highlight', exact: true }).click();
  await expect(toolbar).toBeHidden();
  await expect.poll(() => paintedChapters(page)).toEqual(['c1', 'c2']);
  const { start } = await textPoints(page, 'lamp for the first');
  await page.mouse.click(start.x + 2, start.y);
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await popover.getByRole('textbox', { name: 'Note' }).fill('Crossing into the storm.');
  await expect(popover.getByRole('status')).toHaveText('Saved');
  await page.keyboard.press('Escape');

  await reload(page);
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect.poll(() => paintedChapters(page)).toEqual(['c1', 'c2']);
  // Listed under chapter 1's heading, with its note.
  const arrival = panel(page).getByRole('heading', { name: 'Arrival' });
  await expect(arrival).toBeVisible();
  const group = arrival.locator('xpath=following-sibling::ol[1]');
  await expect(group.getByRole('listitem')).toHaveCount(1);
  await expect(group).toContainText('He lit the lamp for the first time.');
  await expect(group).toContainText('Crossing into the storm.');

  // Exported as one Markdown file: the highlight and its note under its chapter's heading, the book's fields up front.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export notes' }).click()]);
  const markdown = readFileSync(await download.path(), 'utf8');
  for (const field of ['kind: book', 'isbn: "9780306406157"', 'publisher: Harbour Press', 'series: Coast Books', 'series_position: 2', 'chapters: 6']) {
    expect(markdown.split('\n---\n')[0]).toContain(`\n${field}\n`);
  }
  expect(markdown).toMatch(/\n### Arrival\n\n> He lit the lamp for the first time\.\n[^#]*> Rain came sideways\n\n\^gloss-\S+\n\nCrossing into the storm\.\n/);
});

test('in a narrow window Contents is a drawer; right-to-left and vertical chapters keep their layout', async ({ page }) => {
  await page.setViewportSize({ width: 700, height: 800 });
  await openBook(page);

  const open = page.getByRole('button', { name: 'Contents', exact: true });
  await open.click();
  const drawer = page.getByRole('dialog', { name: 'Contents' });
  await expect(drawer).toBeVisible();
  await drawer.getByRole('link', { name: '灯台' }).click();
  await expect(drawer).toBeHidden();

  // The vertical chapter: lines top to bottom in a box that scrolls sideways, the page still scrolls down.
  const vertical = page.locator('section#c6');
  await expect(vertical).toBeInViewport();
  const layout = await vertical.evaluate((el) => ({
    mode: getComputedStyle(el).writingMode,
    sideways: el.scrollWidth > el.clientWidth,
    height: el.clientHeight,
  }));
  expect(layout).toMatchObject({ mode: 'vertical-rl', sideways: true });
  expect(layout.height).toBeLessThanOrEqual(800);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The right-to-left chapter reads from the right edge, in its language.
  const rtl = page.locator('section#c5');
  await expect(rtl).toHaveAttribute('dir', 'rtl');
  await expect(rtl).toHaveAttribute('lang', 'ar');
  expect(await rtl.locator('p').evaluate((p) => getComputedStyle(p).textAlign)).toBe('right');

  // Reopened, the drawer marks the chapter being read.
  await open.click();
  await expect(drawer.getByRole('link', { name: '灯台' })).toHaveAttribute('aria-current', 'location');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(open).toBeFocused();
});
