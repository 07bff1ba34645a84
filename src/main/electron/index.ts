/**
 * Electron entry: the thin shell around the core. It opens the library,
 * wires the one IPC channel and shows the window. Everything else lives in
 * plain-Node modules that the CLI and the browser host share.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { createDispatcher } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { Library } from '../library';
import { APP_NAME, defaultLibraryDir } from '../paths';
import { registerIpc } from './ipc';
import { desktopServices } from './services';
import { electronNativeBinding } from './native';
import { registerAppProtocol, registerAppScheme } from './protocol';
import { createMainWindow, hardenApp, loadApp } from './window';

app.setName(APP_NAME);
registerAppScheme();

let window: BrowserWindow | undefined;

function showWindow(): void {
  if (!window || window.isDestroyed()) {
    window = createMainWindow();
    loadApp(window).catch(fail);
    return;
  }
  if (window.isMinimized()) window.restore();
  window.focus();
}

function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error('gloss: could not start:', err);
  dialog.showErrorBox('Gloss could not start', message);
  app.exit(1);
}

async function start(library: Library): Promise<void> {
  hardenApp();
  registerAppProtocol();
  registerIpc(createDispatcher(createHandlers(library, 'electron', desktopServices(() => window))), () => window);
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => library.close());
  showWindow();
}

try {
  // The same folder the CLI and `gloss serve` use (GLOSS_LIBRARY or the
  // platform's app-data folder for "Gloss"); set before ready so Chromium's
  // own files and the window state land there too.
  const dir = resolve(defaultLibraryDir());
  mkdirSync(dir, { recursive: true });
  app.setPath('userData', dir);
  // Chromium's caches stay out of the library's own files.
  app.setPath('sessionData', join(dir, '.chromium'));
  // One running app per library: two writers would only wait on each other.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
  } else {
    app.on('second-instance', () => {
      if (app.isReady()) showWindow();
    });
    app
      .whenReady()
      .then(() => start(Library.open(dir, { nativeBinding: electronNativeBinding() })))
      .catch(fail);
  }
} catch (err) {
  fail(err);
}
