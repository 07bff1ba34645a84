/**
 * Electron entry: the thin shell around the core. It opens the library,
 * wires the one IPC channel and shows the window. Everything else lives in
 * plain-Node modules that the CLI and the browser host share.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { createDispatcher } from '../api/dispatch';
import { startDesktopConnector } from './connector';
import { createHandlers } from '../api/handlers';
import { warmUpImporters, warmUpWanted } from '../import/warm-up';
import { Library } from '../library';
import { syncServiceOf } from '../sync-service/service';
import { describeStartupFailure } from '../backup/recovery';
import { restoreLibraryFile } from '../backup/restore';
import { APP_NAME, defaultLibraryDir } from '../paths';
import { DEEP_LINK_SCHEME, deepLinkInArgs, routeForDeepLink } from '../deep-link';
import { registerIpc } from './ipc';
import { desktopServices } from './services';
import { electronNativeBinding } from './native';
import { registerAppProtocol, registerAppScheme } from './protocol';
import { createMainWindow, hardenApp, loadApp } from './window';

app.setName(APP_NAME);
registerAppScheme();

let window: BrowserWindow | undefined;
/** A gloss:// route that arrived before the window could show it. */
let pendingRoute = routeForDeepLink(deepLinkInArgs(process.argv) ?? '') ?? '';

function showWindow(route = ''): void {
  if (!window || window.isDestroyed()) {
    window = createMainWindow();
    loadApp(window, route || pendingRoute).catch(fail);
    pendingRoute = '';
    return;
  }
  if (window.isMinimized()) window.restore();
  window.focus();
  // Same page, new hash: a same-document navigation the router follows.
  if (route) loadApp(window, route).catch((err: unknown) => console.warn('gloss: could not open link:', err));
}

/** Opens a gloss:// link (from an exported note) in the app. */
function openDeepLink(link: string | undefined): void {
  const route = routeForDeepLink(link ?? '');
  if (!route) return;
  if (app.isReady() && window) showWindow(route);
  else pendingRoute = route;
}

function registerDeepLinks(): void {
  // Started as `electron .` (npm start), the OS must be told how to relaunch us.
  const script = process.argv[1];
  // electronegativity PROTOCOL_HANDLER_JS_CHECK: any page or program can open a
  // gloss:// link, so links only ever go through routeForDeepLink (one fixed
  // shape: an article id, optionally a highlight id), which turns them into a
  // hash route of our own page; anything else is dropped.
  if (process.defaultApp && script) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(script)]);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  // macOS delivers links as events, possibly before ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openDeepLink(url);
  });
}

function fail(err: unknown): void {
  console.error('gloss: could not start:', err);
  // A damaged library: offer its newest good backup (recovery.ts); then start again on it.
  const dir = resolve(defaultLibraryDir());
  let binding: string | undefined;
  try {
    binding = electronNativeBinding();
  } catch {
    binding = undefined;
  }
  const failure = describeStartupFailure(dir, err, binding);
  if (failure.offer && app.isReady()) {
    const choice = dialog.showMessageBoxSync({
      type: 'error',
      title: 'Gloss could not start',
      message: failure.message,
      detail: failure.detail ?? '',
      buttons: ['Restore this backup', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    if (choice === 0) {
      try {
        restoreLibraryFile(dir, failure.offer.file, binding ? { nativeBinding: binding } : {});
        app.relaunch();
      } catch (restoreErr) {
        dialog.showErrorBox('Gloss could not restore the backup', restoreErr instanceof Error ? restoreErr.message : String(restoreErr));
      }
    }
  } else {
    dialog.showErrorBox('Gloss could not start', [failure.message, failure.detail].filter(Boolean).join('\n\n'));
  }
  app.exit(1);
}

async function start(library: Library): Promise<void> {
  hardenApp();
  registerAppProtocol((hash) => library.assets.get(hash), undefined, (hash) => library.pdfs.file(hash));
  const dispatch = createDispatcher(createHandlers(library, 'electron', desktopServices(() => window)));
  registerIpc(dispatch, () => window);
  void startDesktopConnector(dispatch);
  // Keeps the library in step through its sync folder, once one is chosen.
  const sync = syncServiceOf(library);
  sync.start();
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    sync.stop();
    library.close();
  });
  showWindow();
  // Load the HTML parser while the user looks at the library, not on first import.
  if (warmUpWanted()) setTimeout(warmUpImporters, 1500).unref();
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
    registerDeepLinks();
    // Windows and Linux start a second instance with the link in its arguments.
    app.on('second-instance', (_event, argv) => {
      const route = routeForDeepLink(deepLinkInArgs(argv) ?? '') ?? '';
      if (app.isReady()) showWindow(route);
      else if (route) pendingRoute = route;
    });
    app
      .whenReady()
      .then(() => start(Library.open(dir, { nativeBinding: electronNativeBinding() })))
      .catch(fail);
  }
} catch (err) {
  fail(err);
}
