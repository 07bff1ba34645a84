/**
 * Where the Electron build of better-sqlite3 lives. scripts/electron-sqlite.mjs
 * builds it into native/<folder>/ of the checkout; the packaging config copies
 * that folder next to app.asar (resources/native/<folder>/), because a native
 * addon must be a real file on disk to be loaded. Plain Node (no electron
 * import), so electron-builder.config.ts uses the same rule.
 */
import { join } from 'node:path';

export const NATIVE_DIR = 'native';
export const NATIVE_FILE = 'better_sqlite3.node';

/** Keyed by both versions, so upgrading either one needs a fresh build. */
export function nativeBindingFolder(electronVersion: string, sqliteVersion: string): string {
  return `electron-${electronVersion}-better-sqlite3-${sqliteVersion}`;
}

export interface NativeBindingPlace {
  /** app.isPackaged */
  packaged: boolean;
  /** app.getAppPath(): the checkout under `npm start`, resources/app.asar when packaged */
  appPath: string;
  /** process.resourcesPath: the folder holding app.asar */
  resourcesPath: string;
  electronVersion: string;
  sqliteVersion: string;
}

export function nativeBindingFile(place: NativeBindingPlace): string {
  const base = place.packaged ? place.resourcesPath : place.appPath;
  return join(base, NATIVE_DIR, nativeBindingFolder(place.electronVersion, place.sqliteVersion), NATIVE_FILE);
}
