/**
 * better-sqlite3 is a native addon: Node (tests, CLI) and Electron need
 * builds for different ABIs. `npm install` keeps the Node build in
 * node_modules and scripts/electron-sqlite.mjs puts the Electron build in
 * native/; this finds the latter, or explains how to make it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { app } from 'electron';
import { GlossError } from '../../shared/errors';

export function electronNativeBinding(): string {
  const root = app.getAppPath();
  const require = createRequire(join(root, 'package.json'));
  const pkg = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { version: string };
  const file = join(root, 'native', `electron-${process.versions.electron}-better-sqlite3-${pkg.version}`, 'better_sqlite3.node');
  if (!existsSync(file)) {
    throw new GlossError(
      'internal',
      `better-sqlite3 is not built for Electron ${process.versions.electron} yet. Run \`node scripts/electron-sqlite.mjs\` (npm start does) and start again.`,
    );
  }
  return file;
}
