/**
 * The window's hardening, driven through the electron stand-in the way
 * Electron would: its webPreferences, and every navigation, redirect, new
 * window, webview, permission and download the glue decides on.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, recorded, resetStandIn, session, StandInEvent, type BrowserWindow, type StandInWebContents } from './electron-stand-in';
import { tempDir } from '../helpers/tmp';

vi.mock('electron', () => import('./electron-stand-in'));

const glue = await import('../../src/main/electron/window');
const { externalLinkTarget, hardenApp, loadApp } = glue;
/** The glue's window, as the stand-in built it. */
const createMainWindow = (): BrowserWindow => glue.createMainWindow() as unknown as BrowserWindow;

/** The listeners the glue put on a WebContents, called the way Electron calls them. */
function fire(contents: StandInWebContents, name: string, fields: Record<string, unknown>): StandInEvent {
  const event = new StandInEvent(fields);
  contents.emit(name, event);
  return event;
}

/** Lets `openExternal(...).catch(...)` settle. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  resetStandIn();
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  app.setPath('userData', tempDir('gloss-window-'));
  hardenApp();
});

describe('the main window', () => {
  it('is sandboxed and isolated, without Node, webviews, insecure content or auxclick', () => {
    const window = createMainWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
    });
    // Nothing that would loosen any of that.
    for (const key of ['nodeIntegrationInSubFrames', 'enableBlinkFeatures', 'experimentalFeatures', 'enableRemoteModule']) {
      expect(prefs[key], key).toBeUndefined();
    }
    expect(prefs.preload).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('loads the app from app://gloss/, at the route asked for', async () => {
    const window = createMainWindow();
    await loadApp(window as never, '#/article/abcd1234');
    expect(window.loadedUrls).toEqual(['app://gloss/index.html#/article/abcd1234']);
  });
});

describe('every WebContents', () => {
  const contents = (): StandInWebContents => createMainWindow().webContents;

  it('stays on the app: navigation elsewhere is refused, http(s) goes to the browser', async () => {
    const wc = contents();
    expect(fire(wc, 'will-navigate', { url: 'app://gloss/index.html#/settings' }).defaultPrevented).toBe(false);
    for (const url of ['https://example.org/page', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'about:blank']) {
      expect(fire(wc, 'will-navigate', { url }).defaultPrevented, url).toBe(true);
    }
    await settle();
    expect(recorded.openedExternally).toEqual(['https://example.org/page']);
  });

  it('refuses redirects away from the app, and subframe navigation', () => {
    const wc = contents();
    expect(fire(wc, 'will-redirect', { url: 'https://example.org/' }).defaultPrevented).toBe(true);
    expect(fire(wc, 'will-redirect', { url: 'app://gloss/index.html' }).defaultPrevented).toBe(false);
    expect(fire(wc, 'will-frame-navigate', { url: 'https://example.org/', isMainFrame: false }).defaultPrevented).toBe(true);
  });

  it('opens no new window; an http(s) link goes to the browser instead', async () => {
    const wc = contents();
    expect(wc.windowOpenHandler).toBeDefined();
    for (const url of ['https://example.org/a', 'app://gloss/index.html', 'file:///etc/passwd', 'smb://host/share']) {
      expect(wc.windowOpenHandler?.({ url }), url).toEqual({ action: 'deny' });
    }
    await settle();
    expect(recorded.openedExternally).toEqual(['https://example.org/a']);
  });

  it('attaches no webview', () => {
    expect(fire(contents(), 'will-attach-webview', {}).defaultPrevented).toBe(true);
  });
});

describe('the session', () => {
  it('denies every permission request and check', () => {
    const ses = session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const answer = vi.fn();
      ses.permissionRequestHandler?.({}, permission, answer, {});
      expect(answer, permission).toHaveBeenCalledExactlyOnceWith(false);
      expect(ses.permissionCheckHandler?.({}, permission, 'app://gloss', {}), permission).toBe(false);
    }
    expect(ses.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://gloss' })).toBe(false);
  });

  it('cancels every download', () => {
    const event = new StandInEvent();
    session.defaultSession.emit('will-download', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('links for the system browser', () => {
  it('are http(s) only', () => {
    expect(externalLinkTarget('https://example.org/a?b#c')).toBe('https://example.org/a?b#c');
    expect(externalLinkTarget('HTTP://Example.org')).toBe('http://example.org/');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id PCWDiagnostic',
      'vbscript:msgbox',
      'data:text/html,<script>1</script>',
      'app://gloss/index.html',
      'gloss://article/abcd1234',
      'mailto:a@example.org',
      'http://',
      'not a url',
      '',
    ]) {
      expect(externalLinkTarget(url), url).toBeUndefined();
    }
  });
});
