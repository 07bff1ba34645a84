/**
 * Sync (#19) as a user sees it: two `gloss serve` instances on two
 * libraries and one folder (standing in for the folder a sync app keeps in
 * step). Both are set up in Settings → Sync; a highlight made in one
 * appears in the other's open reader without a Sync now there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, SEED, startServer, stopServer, test, whenReady } from './fixtures';
import { dragSelect, panel, SEED_TITLE, SENTENCE } from './helpers';

function settingsDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Settings' });
}

function syncSection(page: Page) {
  return settingsDialog(page).getByRole('region', { name: 'Sync' });
}

/** Settings → Sync: the folder and this device's name, then Start syncing. */
async function startSyncing(page: Page, folder: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const section = syncSection(page);
  await expect(section.getByRole('status')).toHaveText(/Not syncing\./);
  await section.getByLabel('Sync folder').fill(folder);
  await section.getByLabel("This device's name").fill(name);
  await section.getByRole('button', { name: 'Start syncing' }).click();
  await expect(section.getByRole('button', { name: 'Sync now' })).toBeVisible();
}

function openArticle(page: Page) {
  return page.getByRole('list', { name: 'Library' }).getByRole('button', { name: SEED_TITLE, exact: true }).click();
}

test('two libraries sync through one folder: set up in Settings, a highlight made in one appears in the other', async ({ page, browser }) => {
  test.slow(); // two servers and two pages walk the whole path
  const folder = mkdtempSync(join(tmpdir(), 'gloss-e2e-sync-'));
  const otherDir = mkdtempSync(join(tmpdir(), 'gloss-e2e-'));
  const other = await startServer(otherDir);
  const desktop = await browser.newPage();
  try {
    // The laptop has the article; it starts syncing alone.
    await page.getByLabel('Import files').setInputFiles([SEED]);
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 of 1 file.' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Sync:/ })).toBeHidden();
    await startSyncing(page, folder, 'Laptop');
    const laptopSection = syncSection(page);
    await expect(laptopSection.getByRole('status')).toContainText('Waiting for other devices: No other device syncs through this folder yet.');
    await expect(laptopSection.getByRole('list', { name: 'Devices' })).toContainText('Laptop (this device)');
    const scan = await new AxeBuilder({ page }).include('#settings-sync').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(scan.violations).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(settingsDialog(page)).toBeHidden();
    await expect(page.getByRole('button', { name: 'Sync: waiting for other devices' })).toBeVisible();

    // The desktop joins the folder: the article arrives and both devices are listed.
    await desktop.goto(other.url);
    await whenReady(desktop);
    await startSyncing(desktop, folder, 'Desktop');
    const desktopSection = syncSection(desktop);
    await expect(desktopSection.getByRole('status')).toContainText('Up to date.');
    await expect(desktopSection.getByRole('list', { name: 'Devices' }).getByRole('listitem')).toHaveText([/Laptop|Desktop/, /Laptop|Desktop/]);
    await desktop.keyboard.press('Escape');
    await openArticle(desktop);
    await expect(desktop.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
    await expect(panel(desktop).getByText('No highlights yet.')).toBeVisible();

    // The laptop highlights a sentence and syncs now (from the header's status).
    await openArticle(page);
    await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
    await dragSelect(page, 'But recent research', 'starts in the gut.');
    const toolbar = page.getByRole('toolbar', { name: 'Highlight' });
    await toolbar.getByRole('button', { name: 'Highlight', exact: true }).click();
    await expect(panel(page).getByRole('list').first().getByRole('listitem')).toHaveCount(1);
    await page.getByRole('button', { name: /^Sync: / }).click();
    await expect(laptopSection.getByRole('button', { name: 'Sync now' })).toBeFocused();
    await laptopSection.getByRole('button', { name: 'Sync now' }).click();
    await expect(laptopSection.getByRole('status')).toContainText('Synced at');
    await expect(laptopSection.getByRole('status')).toContainText('Up to date.');

    // The desktop syncs on its own (its folder watch); its open reader shows the highlight.
    const desktopItems = panel(desktop).getByRole('list').first().getByRole('listitem');
    await expect(desktopItems).toHaveCount(1, { timeout: 15_000 });
    await expect(desktopItems.first().getByRole('button')).toHaveText(SENTENCE);
    await expect(desktop.getByRole('button', { name: 'Sync: up to date' })).toBeVisible();
  } finally {
    await desktop.close();
    await stopServer(other);
    rmSync(otherDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  }
});
