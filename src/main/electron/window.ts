/**
 * The hardened main window: sandboxed, isolated, no Node, no permissions,
 * no downloads, no navigation away from the app, no webviews, no new
 * windows; http(s) links open in the user's browser. Size and position persist.
 */
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session, shell, type WebContents } from 'electron';
import { APP_URL, devServerUrl, isOwnPage } from './protocol';
import { loadWindowState, trackWindowState } from './window-state';

export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function openInBrowser(url: string): void {
  shell.openExternal(url).catch((err: unknown) => console.warn('gloss: could not open link:', err));
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) openInBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isOwnPage(event.url)) return;
    event.preventDefault();
    if (isExternalLink(event.url)) openInBrowser(event.url);
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
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
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
