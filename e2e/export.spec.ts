/**
 * Markdown export in the browser host: Export notes downloads one .md file,
 * Copy as Markdown fills the clipboard (without the front matter), Export
 * all… asks which articles, says what it skips and downloads a zip, the
 * export template in Settings (a broken one is refused, a valid one changes
 * the next export), and Back up library… writes a SQLite snapshot into the
 * library's backups/ folder.
 * Locates the UI by role and accessible name; highlights are made with the
 * mouse and the toolbar, or through the API for setup.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Download, Page } from '@playwright/test';
import YAML from 'yaml';
import { expect, SEED, test } from './fixtures';
import { apiHighlight, callApi, dragSelect, libraryList, panel, SEED_TITLE, SENTENCE, writeTemp } from './helpers';

const OTHER_TITLE = 'Reading Slowly';

function otherArticle(): string {
  return writeTemp(
    'reading-slowly.md',
    [
      '---',
      `title: ${OTHER_TITLE}`,
      'author: Test Author',
      '---',
      '',
      'A short piece written for the end-to-end tests of Gloss, about reading one paragraph at a time.',
      '',
      'Slow reading keeps more of what you read, and notes keep the rest.',
      '',
    ].join('\n'),
  );
}

async function importFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Import files').setInputFiles(files);
  const n = files.length;
  await expect(page.getByRole('status')).toContainText(`Imported ${n} of ${n} file${n === 1 ? '' : 's'}.`);
}

async function openArticle(page: Page, title: string): Promise<string> {
  await libraryList(page).getByRole('button', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).hash.split('/').pop()!;
}

async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

function frontMatter(markdown: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  expect(match, 'the file starts with YAML front matter').not.toBeNull();
  return YAML.parse(match![1]!) as Record<string, unknown>;
}

/** Imports the seed, opens it, highlights SENTENCE with the mouse and writes an article note. */
async function seedWithHighlight(page: Page): Promise<string> {
  await importFiles(page, [SEED]);
  const id = await openArticle(page, SEED_TITLE);
  await expect(panel(page).getByText('No highlights yet.')).toBeVisible();
  await dragSelect(page, 'But recent research', 'starts in the gut.');
  const toolbar = page.getByRole('toolbar', { name: 'Highlight' });
  await toolbar.getByRole('button', { name: 'Highlight', exact: true }).click();
  await expect(panel(page).getByRole('list').first().getByRole('listitem')).toHaveCount(1);
  await panel(page).getByRole('textbox', { name: 'Article note' }).fill('My take: **gut first**, then skin.');
  return id;
}

test.describe('export', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('Export notes downloads the article as Markdown; Copy as Markdown fills the clipboard', async ({ page }) => {
    await seedWithHighlight(page);

    // Export notes right after typing: the note still on its way is in the file.
    const { download, bytes } = await downloadOf(page, () =>
      page.getByRole('button', { name: 'Export notes' }).click(),
    );
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const markdown = bytes.toString('utf8');
    expect(frontMatter(markdown)).toMatchObject({ title: SEED_TITLE, highlights: 1 });
    expect(markdown.split('\n')).toContain(`> ${SENTENCE}`);
    expect(markdown).toContain('My take: **gut first**, then skin.');
    await expect(page.getByRole('status').filter({ hasText: 'Downloaded' })).toHaveText(
      new RegExp(`Downloaded 1 article as ${download.suggestedFilename().replace(/[.]/g, '\\.')}`),
    );

    // Copy as Markdown: the same text without the YAML front matter (that is for files), announced politely.
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied as Markdown' })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith(`# ${SEED_TITLE}\n`)).toBe(true);
    expect(copied).not.toContain('gloss: gloss://article/');
    expect(markdown).toBe(`${/^---\n[\s\S]*?\n---\n\n/.exec(markdown)![0]}${copied}`);
  });

  test('Copy as Markdown shows the Markdown in a dialog when the clipboard refuses', async ({ page }) => {
    await seedWithHighlight(page);
    await page.evaluate(() => {
      Object.defineProperty(navigator.clipboard, 'writeText', {
        value: () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
      });
    });
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    const dialog = page.getByRole('dialog', { name: 'Copy as Markdown' });
    await expect(dialog).toBeVisible();
    const field = dialog.getByRole('textbox', { name: 'Markdown' });
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(new RegExp(`> ${SENTENCE.replace(/[.]/g, '\\.')}`));
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });

  test('Export all… asks which articles, says what it skips, and downloads them', async ({ page, app }) => {
    await importFiles(page, [SEED, otherArticle()]);
    const dialog = page.getByRole('dialog', { name: 'Export all' });
    const only = dialog.getByRole('radio', { name: /Only articles with highlights or notes/ });
    const every = dialog.getByRole('radio', { name: /All articles/ });

    // Nothing annotated yet: only "All articles" can be chosen.
    await page.getByRole('button', { name: 'Export all…' }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleDescription('No article has highlights or notes yet. Export all 2 articles.');
    await expect(only).toBeDisabled();
    await expect(every).toBeChecked();
    await expect(every).toHaveAccessibleName('All articles (2)');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    const articles = await callApi<Array<{ id: string; title: string }>>(page, app, 'listArticles', {});
    const seedId = articles.find((a) => a.title === SEED_TITLE)!.id;
    const otherId = articles.find((a) => a.title === OTHER_TITLE)!.id;
    await apiHighlight(page, app, seedId, SENTENCE, { note: 'seed note' });

    // The default: only the annotated article, and the count of the one skipped, before and after.
    await page.getByRole('button', { name: 'Export all…' }).click();
    await expect(dialog).toHaveAccessibleDescription('Export 1 article with highlights or notes (1 without is skipped).');
    await expect(only).toBeChecked();
    await expect(only).toHaveAccessibleName('Only articles with highlights or notes (1)');
    const one = await downloadOf(page, () => dialog.getByRole('button', { name: 'Export' }).click());
    await expect(dialog).toBeHidden();
    expect(one.download.suggestedFilename()).toMatch(/\.md$/);
    expect(one.bytes.toString('utf8')).toContain('seed note');
    await expect(
      page.getByRole('status').filter({
        hasText: `Downloaded 1 article as ${one.download.suggestedFilename()}; 1 without highlights or notes skipped.`,
      }),
    ).toBeVisible();

    // All articles: both, in a zip, nothing skipped.
    const files = await callApi<Array<{ fileName: string }>>(page, app, 'renderMarkdown', {
      articleIds: [seedId, otherId],
    });
    await page.getByRole('button', { name: 'Export all…' }).click();
    await every.check();
    await expect(dialog).toHaveAccessibleDescription('Export all 2 articles.');
    const { download, bytes } = await downloadOf(page, () => dialog.getByRole('button', { name: 'Export' }).click());
    expect(download.suggestedFilename()).toMatch(/^gloss-export-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const text = bytes.toString('utf8');
    for (const file of files) expect(text).toContain(file.fileName);
    expect(text).toContain(`> ${SENTENCE}`);
    expect(text).toContain(`title: ${OTHER_TITLE}`);
    const status = page.getByRole('status').filter({ hasText: `Downloaded 2 articles as ${download.suggestedFilename()}` });
    await expect(status).toBeVisible();
    await expect(status).not.toContainText('skipped');
  });

  test('Settings: a broken template is refused, a valid one changes the next export', async ({ page, app }) => {
    await seedWithHighlight(page);
    const before = await callApi<{ exportTemplate: string; defaultExportTemplate: string }>(
      page,
      app,
      'getSettings',
      {},
    );
    expect(before.exportTemplate).toBe(before.defaultExportTemplate);

    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog).toBeVisible();
    const field = dialog.getByRole('textbox', { name: 'Export template' });
    await expect(field).toHaveValue(before.defaultExportTemplate);
    await expect(dialog).toContainText('highlightCount');

    // Broken: the error shows in the dialog, which stays open; nothing is saved.
    await field.fill('# {{title}}\n{{#highlights}}\n{{quote}}\n');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Template error at line');
    await expect(dialog).toBeVisible();
    expect((await callApi<{ exportTemplate: string }>(page, app, 'getSettings', {})).exportTemplate).toBe(
      before.defaultExportTemplate,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    // Reopened: the saved (default) template, not the broken edit.
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(field).toHaveValue(before.defaultExportTemplate);
    await field.fill('TITLE: {{title}}\n{{#highlights}}\nQUOTE: {{exact}}\n{{/highlights}}\n');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();

    const { bytes } = await downloadOf(page, () => page.getByRole('button', { name: 'Export notes' }).click());
    expect(bytes.toString('utf8')).toBe(`TITLE: ${SEED_TITLE}\nQUOTE: ${SENTENCE}\n`);

    // Reset to default, saved: exports carry front matter again.
    await page.getByRole('button', { name: 'Settings' }).click();
    await dialog.getByRole('button', { name: 'Reset to default', exact: true }).click();
    await expect(field).toHaveValue(before.defaultExportTemplate);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    const again = await downloadOf(page, () => page.getByRole('button', { name: 'Export notes' }).click());
    expect(frontMatter(again.bytes.toString('utf8'))).toMatchObject({ title: SEED_TITLE });
  });

  test('Back up library… writes a SQLite snapshot into the library’s backups folder', async ({ page, app }) => {
    await importFiles(page, [SEED]);
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: 'Back up library…' }).click();
    const status = dialog.getByRole('region', { name: 'Backups' }).getByRole('status');
    await expect(status).toContainText('Library backed up to ');
    const message = (await status.textContent()) ?? '';
    const match = /Library backed up to (.+) \(([^)]+)\)/.exec(message.trim());
    expect(match, message).not.toBeNull();
    const file = match![1]!;
    expect(resolve(file).startsWith(resolve(join(app.libraryDir, 'backups')) + sep)).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  });
});
