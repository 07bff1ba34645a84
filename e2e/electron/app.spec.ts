/**
 * The Electron shell, end to end. Runs wherever Electron's binary is
 * installed; reports itself skipped where it is not (the binary cannot be
 * downloaded on every machine, e.g. this project's CI).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { ROOT, SEED } from '../fixtures';

function electronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(join(ROOT, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
test.skip(!binary, "Electron's binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD)");

test.beforeAll(() => {
  // The same step `npm start` runs first: better-sqlite3 for Electron's ABI.
  execFileSync(process.execPath, [join(ROOT, 'scripts/electron-sqlite.mjs')], { cwd: ROOT, stdio: 'inherit' });
});

test('imports, reads and keeps an article in the desktop window', async () => {
  const libraryDir = mkdtempSync(join(tmpdir(), 'gloss-electron-'));
  const launch = () =>
    electron.launch({ executablePath: binary, args: [ROOT], env: { ...process.env, GLOSS_LIBRARY: libraryDir } });
  try {
    let app = await launch();
    let window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'Library' })).toBeVisible();
    // The renderer must not reach Node or ipcRenderer: only window.gloss.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((globalThis as { gloss?: object }).gloss ?? {}).sort())).toEqual(
      ['deleteArticle', 'getArticle', 'getInfo', 'importFile', 'listArticles'],
    );
    await window.getByLabel('Import files').setInputFiles(SEED);
    const title = 'The Gut-Skin Connection: Glowing From The Inside Out';
    await expect(window.getByRole('list', { name: 'Library' }).getByRole('listitem')).toHaveCount(1);
    await window.getByRole('button', { name: title, exact: true }).click();
    await expect(window.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await app.close();

    app = await launch();
    window = await app.firstWindow();
    await expect(window.getByRole('button', { name: title, exact: true })).toBeVisible();
    await app.close();
  } finally {
    rmSync(libraryDir, { recursive: true, force: true });
  }
});
