/**
 * The hardened main window: sandboxed, isolated, no Node, no permissions,
 * no downloads, no navigation away from the app, no webviews, no new
 * windows; http(s) links open in the user's browser. Size and position persist.
 */
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session, shell, type WebContents } from 'electron';
import { APP_URL, devServerUrl, isOwnPage } from './protocol';
import { loadWindowState, trackWindowState } from './window-state';
import { parseHttpUrl } from '../../shared/http-url';

/**
 * The address to hand to the system browser for a link the app may not
 * follow itself: http(s) only, re-serialized by the URL parser, so no
 * `file:`, `smb:`, `javascript:` or custom-scheme handler is ever launched.
 */
export function externalLinkTarget(url: string): string | undefined {
  const u = parseHttpUrl(url);
  return u?.hostname ? u.href : undefined;
}

function openInBrowser(url: string): void {
  const target = externalLinkTarget(url);
  if (!target) return;
  // electronegativity OPEN_EXTERNAL_JS_CHECK: only http(s) URLs reach this
  // call (externalLinkTarget above); every other scheme is dropped.
  shell.openExternal(target).catch((err: unknown) => console.warn('gloss: could not open link:', err));
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isOwnPage(event.url)) return;
    event.preventDefault();
    openInBrowser(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isOwnPage(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isOwnPage(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Denies every permission and download, and locks down every WebContents. */
export function hardenApp(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
}

export function createMainWindow(): BrowserWindow {
  const state = loadWindowState();
  const window = new BrowserWindow({
    ...state.bounds,
    minWidth: 480,
    minHeight: 360,
    title: 'Gloss',
    show: false,
    webPreferences: {
      // electronegativity PRELOAD_JS_CHECK: the preload (src/preload/index.ts)
      // runs sandboxed and exposes only window.gloss, one function per API
      // method over the one IPC channel; it hands the page no Electron or Node object.
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // No `auxclick` (middle-click) events: Electron's checklist against a
      // second path to new windows (which are refused anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  trackWindowState(window);
  window.once('ready-to-show', () => {
    // maximize() would show the window early; do it just before showing.
    if (state.maximized) window.maximize();
    window.show();
  });
  return window;
}

/** Loads the app, optionally at a hash route (`#/article/<id>`). */
export async function loadApp(window: BrowserWindow, route = ''): Promise<void> {
  await window.loadURL((devServerUrl() ?? APP_URL).replace(/#.*$/, '') + route);
}
