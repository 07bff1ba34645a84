/**
 * The Electron build of better-sqlite3 is found in the checkout under
 * `npm start` and beside app.asar in a packaged app (where the packaging
 * config puts it), or the app explains what is missing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/tmp';
import { app, resetStandIn } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const { electronNativeBinding } = await import('../../src/main/electron/native');

const ELECTRON = '39.0.0';
const FOLDER = `electron-${ELECTRON}-better-sqlite3-12.3.4`;

/** An app folder (package.json, node_modules/better-sqlite3) inside a resources folder. */
function layout(): { resources: string; appPath: string } {
  const resources = tempDir('gloss-native-');
  const appPath = join(resources, 'app');
  mkdirSync(join(appPath, 'node_modules', 'better-sqlite3'), { recursive: true });
  writeFileSync(join(appPath, 'package.json'), '{"name":"gloss"}');
  writeFileSync(join(appPath, 'node_modules', 'better-sqlite3', 'package.json'), '{"name":"better-sqlite3","version":"12.3.4"}');
  return { resources, appPath };
}

function put(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, '');
  return file;
}

beforeEach(() => {
  resetStandIn();
  Object.defineProperty(process.versions, 'electron', { value: ELECTRON, configurable: true });
});

afterEach(() => {
  delete (process.versions as Record<string, string>).electron;
  delete (process as { resourcesPath?: string }).resourcesPath;
});

describe('the Electron SQLite binding', () => {
  it('comes from native/ in the checkout when not packaged', () => {
    const { resources, appPath } = layout();
    app.appPath = appPath;
    (process as { resourcesPath?: string }).resourcesPath = resources;
    put(join(resources, 'native', FOLDER, 'better_sqlite3.node'));
    expect(() => electronNativeBinding()).toThrow(/Run `node scripts\/electron-sqlite\.mjs`/);
    const file = put(join(appPath, 'native', FOLDER, 'better_sqlite3.node'));
    expect(electronNativeBinding()).toBe(file);
  });

  it('comes from resources/native/ beside app.asar when packaged', () => {
    const { resources, appPath } = layout();
    app.appPath = appPath;
    app.isPackaged = true;
    (process as { resourcesPath?: string }).resourcesPath = resources;
    // A copy inside the app folder (app.asar) cannot be loaded, and is not looked for.
    put(join(appPath, 'native', FOLDER, 'better_sqlite3.node'));
    expect(() => electronNativeBinding()).toThrow(/missing its SQLite library.*Reinstall Gloss/);
    const file = put(join(resources, 'native', FOLDER, 'better_sqlite3.node'));
    expect(electronNativeBinding()).toBe(file);
  });
});
