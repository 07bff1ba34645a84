/**
 * better-sqlite3 is a native addon: Node (tests, CLI) and Electron need
 * builds for different ABIs. `npm install` keeps the Node build in
 * node_modules and scripts/electron-sqlite.mjs puts the Electron build in
 * native/ (resources/native/ in a packaged app); this finds it, or explains
 * how to make it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { app } from 'electron';
import { GlossError } from '../../shared/errors';
import { nativeBindingFile } from './native-path';

export function electronNativeBinding(): string {
  const appPath = app.getAppPath();
  const require = createRequire(join(appPath, 'package.json'));
  const pkg = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { version: string };
  const electronVersion = process.versions.electron ?? 'unknown';
  const file = nativeBindingFile({
    packaged: app.isPackaged,
    appPath,
    resourcesPath: process.resourcesPath,
    electronVersion,
    sqliteVersion: pkg.version,
  });
  if (!existsSync(file)) {
    throw new GlossError(
      'internal',
      app.isPackaged
        ? `This copy of Gloss is missing its SQLite library (${file}). Reinstall Gloss.`
        : `better-sqlite3 is not built for Electron ${electronVersion} yet. Run \`node scripts/electron-sqlite.mjs\` (npm start does) and start again.`,
    );
  }
  return file;
}
