/**
 * better-sqlite3 is a native addon: Node (tests, CLI) and Electron need
 * builds for different ABIs. `npm install` keeps the Node build in
 * node_modules and scripts/electron-sqlite.mjs puts the Electron build in
 * native/electron-<version>/; this picks the latter when it exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';

export function electronNativeBinding(): string | undefined {
  const file = join(app.getAppPath(), 'native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}
