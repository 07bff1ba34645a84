/**
 * Where the library lives. The CLI and the browser host default to the
 * same folder as the desktop app (Electron's userData for the app "Gloss"),
 * so all three open one library.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const APP_NAME = 'Gloss';

/** Electron's default userData folder for an app named Gloss, per platform. */
export function defaultLibraryDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.GLOSS_LIBRARY) return env.GLOSS_LIBRARY;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
  // An empty or relative XDG_CONFIG_HOME counts as unset (XDG spec).
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), APP_NAME);
}
