/**
 * Reading comfort (#16): the progress bar and time left move as you scroll,
 * an image opens larger (Escape returns focus to it), a wide table scrolls
 * inside its block, Listen says when the system has no voices, and the
 * library and the reader hold up in a 360 px window, with WCAG 1.4.12 text
 * spacing, and at 640 px (1280 px at 200 % zoom); axe finds nothing in the
 * library, the reader and the highlight popover in any theme.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type GlossApp } from './fixtures';
import { apiHighlight, callApi, goto, libraryList, textPoints } from './helpers';

// Scans in four themes and three window sizes: slow on a loaded 2-core machine.
test.setTimeout(180_000);

const IMAGE_ALT = 'A blue field with a white circle';
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="450"><rect width="900" height="450" fill="#1f5fbf"/><circle cx="450" cy="225" r="120" fill="#fff"/></svg>`;
const WORDS = 'The river bends slowly past the mill and the reader follows it down to the sea.';

/** An article of about 1,700 words with an image, a wide table and a wide code block. */
function articleHtml(): string {
  const paragraphs = Array.from({ length: 20 }, (_, i) => `<p>Paragraph ${i + 1}. ${`${WORDS} `.repeat(5).trim()}</p>`);
  const cells = Array.from({ length: 14 }, (_, i) => `<td>column-${i + 1}-with-a-long-unbreakable-value</td>`).join('');
  const head = Array.from({ length: 14 }, (_, i) => `<th>Heading ${i + 1}</th>`).join('');
  return `<!doctype html><html lang="en"><head><title>The Long River</title></head><body><article>
<h1>The Long River</h1>
${paragraphs.slice(0, 4).join('\n')}
<p><img src="data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}" alt="${IMAGE_ALT}" width="900" height="450"></p>
${paragraphs.slice(4, 8).join('\n')}
<table><thead><tr>${head}</tr></thead><tbody><tr>${cells}</tr><tr>${cells}</tr></tbody></table>
<pre><code>const wide = ${JSON.stringify('x'.repeat(300))}; // a line far wider than the column</code></pre>
${paragraphs.slice(8).join('\n')}
</article></body></html>`;
}

/** How many speech voices the system offers (Chromium lists them late, after `voiceschanged`, or never). */
function countVoices(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        if (!('speechSynthesis' in window)) return resolve(0);
        if (speechSynthesis.getVoices().length > 0) return resolve(speechSynthesis.getVoices().length);
        const done = (): void => resolve(speechSynthesis.getVoices().length);
        speechSynthesis.addEventListener('voiceschanged', done, { once: true });
        // No event comes where there are no voices at all: the wait has to end.
        setTimeout(done, 2000);
      }),
  );
}

async function importArticle(page: Page, app: GlossApp): Promise<string> {
  const { article } = await callApi<{ article: { id: string } }>(page, app, 'importFile', {
    name: 'long-river.html',
    data: { $bytes: Buffer.from(articleHtml()).toString('base64') },
    mode: 'new',
  });
  return article.id;
}

/** Layout faults in the page now: horizontal overflow, controls clipped or cut off by the window, text outside its box. */
function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) faults.push(`page scrolls sideways: ${root.scrollWidth} > ${window.innerWidth}`);
    const name = (el: Element): string =>
      `${el.localName}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return false;
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && !el.closest('.visually-hidden, [hidden], dialog:not([open])');
    };
    const controls = [...document.querySelectorAll('button, select, input, a.btn, label, [role="button"], [role="tab"], h1, h2')].filter(visible);
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      // Cut off by the window (the page's sticky bars do not scroll sideways).
      if (r.left < -1 || r.right > window.innerWidth + 1) faults.push(`outside the window: ${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
      // Text that does not fit its own box (clipped where overflow is hidden, spilling elsewhere).
      const h = el as HTMLElement;
      if (!/^h\d$/.test(el.localName) && el.localName !== 'input' && (h.scrollWidth > h.clientWidth + 1 || h.scrollHeight > h.clientHeight + 1) && h.clientWidth > 0) {
        faults.push(`text outside its box: ${name(el)} ${h.scrollWidth}×${h.scrollHeight} in ${h.clientWidth}×${h.clientHeight}`);
      }
    }
    // Toolbar controls never overlap each other.
    for (const bar of document.querySelectorAll('[data-page-chrome], [role="toolbar"], [role="group"]')) {
      const items = [...bar.querySelectorAll(':scope button, :scope select, :scope input')].filter(visible).map((el) => [el, el.getBoundingClientRect()] as const);
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          const [a, ra] = items[i]!;
          const [b, rb] = items[j]!;
          if (a.contains(b) || b.contains(a)) continue;
          const overlapX = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const overlapY = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          if (overlapX > 1 && overlapY > 1) faults.push(`overlapping: ${name(a)} and ${name(b)}`);
        }
      }
    }
    return [...new Set(faults)];
  });
}

/** WCAG 1.4.12's text spacing, forced on everything. */
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p, li, dd, blockquote { margin-bottom: 2em !important; }`;

/**
 * axe's WCAG A/AA rules over the page; for another theme of a page already
 * scanned whole only colours change, so only contrast is checked, over
 * `within` (selectors) when given.
 */
async function axeFaults(page: Page, contrastOnly = false, within: string[] = []): Promise<string[]> {
  let axe = new AxeBuilder({ page });
  for (const selector of within) axe = axe.include(selector);
  const results = await (contrastOnly ? axe.withRules(['color-contrast']) : axe.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('reading an article: progress and time left follow the scroll, an image opens larger, a wide table scrolls in its block, Listen says there are no voices; axe in every theme', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const id = await importArticle(page, app);
  await apiHighlight(page, app, id, 'Paragraph 2.');
  await goto(page, `${app.url}#/article/${id}`);
  const body = page.locator('[data-article-body]');
  await expect(body).toContainText('Paragraph 20.');

  // Progress: 0 % at the top with the whole text's time left; less further down.
  const bar = page.getByRole('progressbar', { name: 'Reading progress' });
  await expect(bar).toHaveAttribute('aria-valuenow', '0');
  const timeLeft = page.locator('[data-time-left]');
  await expect(timeLeft).toHaveText(/^\d+ min left$/);
  const minutes = async (): Promise<number> => Number.parseInt((await timeLeft.textContent()) ?? '', 10);
  const atTop = await minutes();
  expect(atTop).toBeGreaterThanOrEqual(7); // ~1,700 words at 230 a minute
  await expect(bar).toHaveAttribute('aria-valuetext', `0 %, ${atTop} min left`);
  await body.locator('p').filter({ hasText: 'Paragraph 14.' }).evaluate((p) => p.scrollIntoView({ block: 'start' }));
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(50);
  await expect.poll(minutes).toBeLessThan(atTop / 2);
  expect(await bar.evaluate((el) => el.tabIndex)).toBe(-1); // not a focus stop
  // The toolbar stays one row of buttons (no label wrapped inside its button).
  const tops = await page
    .locator('[data-reader-toolbar] button')
    .evaluateAll((buttons) => buttons.map((b) => [Math.round(b.getBoundingClientRect().top), Math.round(b.getBoundingClientRect().height)]));
  expect(new Set(tops.map(([top]) => top! <= tops[0]![0]! + 3)), 'one row').toEqual(new Set([true]));
  expect(Math.max(...tops.map(([, h]) => h!)), 'one line of text').toBeLessThan(48);

  // The image opens larger: a modal named by its alt text, fitted to the window; Escape closes, focus returns.
  const image = body.getByRole('img', { name: IMAGE_ALT });
  await image.scrollIntoViewIfNeeded();
  await image.click();
  const viewer = page.getByRole('dialog', { name: IMAGE_ALT });
  await expect(viewer).toBeVisible();
  const fitted = await viewer.getByRole('img').evaluate((img) => {
    const r = img.getBoundingClientRect();
    return r.width <= window.innerWidth && r.height <= window.innerHeight && r.width > 300;
  });
  expect(fitted).toBe(true);
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(image).toBeFocused();
  // The keyboard's way: Enter on the focused image; a click anywhere closes.
  await page.keyboard.press('Enter');
  await expect(viewer).toBeVisible();
  await viewer.click({ position: { x: 5, y: 5 } });
  await expect(viewer).toBeHidden();
  await expect(image).toBeFocused();

  // The wide table scrolls inside its block (the page does not), from the keyboard too.
  await body.locator('table').scrollIntoViewIfNeeded();
  const table = body.getByRole('table', { name: 'Table (scrolls sideways)' });
  await table.focus();
  await expect(table).toBeFocused();
  expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => table.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await expect(body.getByRole('region', { name: 'Code (scrolls sideways)' })).toHaveAttribute('tabindex', '0');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // Listen: where the system has no voices, the button says so instead of failing silently.
  const voices = await countVoices(page);
  const listen = page.getByRole('button', { name: 'Listen' });
  await expect(listen).toBeVisible();
  if (voices === 0) {
    await expect(listen).toHaveAccessibleDescription('No voices installed on this system');
    await listen.click();
    const player = page.getByRole('region', { name: 'Read aloud' });
    await expect(player).toContainText('No voices installed on this system');
    await player.getByRole('button', { name: 'Close read aloud' }).click();
    await expect(player).toBeHidden();
    await expect(listen).toBeFocused();
    // Its key (lib/shortcuts.ts) says the same.
    await page.keyboard.press('l');
    await expect(player).toContainText('No voices installed on this system');
    await player.getByRole('button', { name: 'Close read aloud' }).click();
  }

  // axe: the reader with the highlight popover open, and the library, in every theme.
  const { start } = await textPoints(page, 'Paragraph 2.');
  await page.mouse.click(start.x + 3, start.y);
  const popover = page.getByRole('dialog', { name: /highlight/i });
  await expect(popover).toBeVisible();
  // The whole reader once; in the other themes the toolbar (bar, time left, Listen) and the popover
  // (reading-comfort.spec.ts scans the whole reader in every theme).
  for (const theme of ['light', 'sepia', 'dark', 'black'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    const faults = await axeFaults(page, theme !== 'light', theme === 'light' ? [] : ['[data-reader-toolbar]', '[role="dialog"]']);
    expect(faults, `reader, ${theme}`).toEqual([]);
  }
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(libraryList(page)).toBeVisible();
  for (const theme of ['light', 'sepia', 'dark', 'black'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    expect(await axeFaults(page, theme !== 'light'), `library, ${theme}`).toEqual([]);
  }
});

test('small windows and text spacing: nothing scrolls sideways, clips or overlaps in the library or the reader', async ({ page, app }) => {
  const id = await importArticle(page, app);
  await callApi(page, app, 'importFile', {
    name: 'second.md',
    data: { $bytes: Buffer.from('---\ntitle: A second, rather long title for a narrow library row\n---\n\nSome words.\n').toString('base64') },
    mode: 'new',
  });
  const check = async (where: string): Promise<void> => {
    expect.soft(await layoutFaults(page), where).toEqual([]);
  };
  const openLibrary = async (): Promise<void> => {
    await goto(page, app.url);
    await expect(libraryList(page).getByRole('listitem')).toHaveCount(2);
  };
  const openReader = async (): Promise<void> => {
    await goto(page, `${app.url}#/article/${id}`);
    await expect(page.locator('[data-article-body]')).toContainText('Paragraph 20.');
    await expect(page.getByRole('progressbar', { name: 'Reading progress' })).toBeVisible();
  };

  for (const width of [360, 420, 640]) {
    await page.setViewportSize({ width, height: 740 });
    await openLibrary();
    await check(`library at ${width} px`);
    await openReader();
    await check(`reader at ${width} px`);
    if (width >= 420) {
      // Favourite, Archive and Mark as finished on one row.
      const tops = await page
        .getByRole('button', { name: /^(Favourite|Archive|Mark as finished)$/ })
        .evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
      expect(tops).toHaveLength(3);
      expect(new Set(tops).size, `the article's buttons at ${width} px`).toBe(1);
    }
  }

  // WCAG 1.4.12 text spacing at 360 px: reader, then library.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.addStyleTag({ content: TEXT_SPACING });
  await check('reader at 360 px with text spacing');
  // The Text settings popover and the Keyboard shortcuts dialog, in the same narrow window.
  await page.getByRole('button', { name: 'Text and theme' }).click();
  await expect(page.getByRole('dialog', { name: 'Text settings' })).toBeVisible();
  await check('Text settings at 360 px with text spacing');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await check('Keyboard shortcuts at 360 px with text spacing');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  await check('reader at 1280 px with text spacing');
  await page.getByRole('button', { name: 'Back to library' }).click();
  await expect(libraryList(page)).toBeVisible();
  await page.setViewportSize({ width: 360, height: 740 });
  await check('library at 360 px with text spacing');
});

test('Listen reads aloud, pauses and resumes where the system has voices', async ({ page, app }) => {
  const voices = await countVoices(page);
  test.skip(voices === 0, 'This system has no speech voices (Chromium without speech-dispatcher): only the no-voices path above runs here.');
  const id = await importArticle(page, app);
  await goto(page, `${app.url}#/article/${id}`);
  await page.getByRole('button', { name: 'Listen' }).click();
  await expect(page.getByRole('button', { name: 'Pause reading' })).toBeVisible();
  // The sentence being read is painted, inside the window; Speed and Voice are offered.
  const spokenOnScreen = (): Promise<boolean> =>
    page.evaluate(() => {
      const range = [...(CSS.highlights.get('gloss-speech') ?? [])][0];
      if (!(range instanceof Range)) return false;
      const box = range.getBoundingClientRect();
      return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    });
  await expect.poll(spokenOnScreen).toBe(true);
  const player = page.getByRole('region', { name: 'Read aloud' });
  await expect(player.getByLabel('Speed')).toBeVisible();
  await expect(player.getByLabel('Voice')).toBeVisible();
  await page.keyboard.press('l');
  await expect(page.getByRole('button', { name: 'Resume reading' })).toBeVisible();
  await player.getByRole('button', { name: 'Close read aloud' }).click();
  await expect(player).toBeHidden();
});
