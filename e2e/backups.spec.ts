/**
 * Settings → Backups through `gloss serve`: the list (date, reason, size),
 * Back up now, and Restore… with its confirmation, after which the library
 * shows the restored data.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SEED, test } from './fixtures';
import { goto, SEED_TITLE, writeTemp } from './helpers';

const SECOND = 'Written after the backup';

async function importFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Import files').setInputFiles(files);
  const n = files.length;
  await expect(page.getByRole('status')).toContainText(`Imported ${n} of ${n} file${n === 1 ? '' : 's'}.`);
}

function titles(page: Page) {
  return page.getByRole('list', { name: 'Library' });
}

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  return page.getByRole('dialog', { name: 'Settings' });
}

test('Settings → Backups lists backups, backs up now, and restores one after confirmation', async ({ page, app }) => {
  await importFiles(page, [SEED]);

  let settings = await openSettings(page);
  const backups = settings.getByRole('table', { name: 'Backups' });
  await expect(settings.getByText('No backups yet.')).toBeVisible();
  await settings.getByRole('button', { name: 'Back up now' }).click();
  await expect(settings.getByRole('region', { name: 'Backups' }).getByRole('status')).toContainText(/Backed up: \S+-manual\.sqlite/);
  const rows = backups.getByRole('row');
  await expect(rows).toHaveCount(2); // the header and one backup
  await expect(rows.nth(1)).toContainText('Backed up by hand');
  await expect(rows.nth(1)).toContainText(/\d+(\.\d)? KB/);
  const files = readdirSync(join(app.libraryDir, 'backups'));
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z-manual\.sqlite$/);
  await settings.getByRole('button', { name: 'Cancel' }).click();
  await expect(settings).toBeHidden();

  await importFiles(page, [writeTemp('second.md', `# ${SECOND}\n\nThis one is not in the backup.\n`)]);
  await expect(titles(page).getByRole('button', { name: SECOND, exact: true })).toBeVisible();

  settings = await openSettings(page);
  await settings.getByRole('button', { name: /^Restore the backup of / }).click();
  const confirm = page.getByRole('dialog', { name: /^Restore the backup of .+\?$/ });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('The current library is kept in the backups folder');
  // Cancel changes nothing.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(readdirSync(join(app.libraryDir, 'backups'))).toHaveLength(1);

  await settings.getByRole('button', { name: /^Restore the backup of / }).click();
  await confirm.getByRole('button', { name: 'Restore', exact: true }).click();

  // The app reloads on the restored library: the later article is gone, the seed is there.
  await expect(titles(page).getByRole('button', { name: SEED_TITLE, exact: true })).toBeVisible();
  await expect(titles(page).getByRole('button', { name: SECOND, exact: true })).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();

  // The replaced library is kept, and listed.
  settings = await openSettings(page);
  await expect(backups.getByRole('row')).toHaveCount(3);
  await expect(backups).toContainText('Before a restore');
  const kept = readdirSync(join(app.libraryDir, 'backups')).filter((f) => f.endsWith('-before-restore.sqlite'));
  expect(kept).toHaveLength(1);
  expect(existsSync(join(app.libraryDir, 'backups', kept[0]!))).toBe(true);

  // It survives a restart of the server too.
  await app.restart();
  await goto(page, app.url);
  await expect(titles(page).getByRole('button', { name: SEED_TITLE, exact: true })).toBeVisible();
  await expect(titles(page).getByRole('button', { name: SECOND, exact: true })).toHaveCount(0);
});
