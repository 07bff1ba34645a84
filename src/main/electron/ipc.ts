/**
 * The one IPC channel. Every call is checked here before the shared
 * dispatcher (which validates method and arguments) sees it: it must come
 * from the main frame of our own window, showing our own origin.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL } from '../../shared/ipc';
import { GlossError, type Envelope } from '../../shared/errors';
import type { Dispatch } from '../api/dispatch';
import { APP_ORIGIN } from './protocol';

export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | undefined): boolean {
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== window.webContents.mainFrame) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || isDevServer(frame.url);
  } catch {
    return false;
  }
}

/** electron-vite's dev server (npm run dev only). */
function isDevServer(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return !!dev && new URL(url).origin === new URL(dev).origin;
}

export function registerIpc(dispatch: Dispatch, currentWindow: () => BrowserWindow | undefined): void {
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, args: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event, currentWindow())) {
      return { ok: false, error: new GlossError('forbidden', 'This caller may not use Gloss.').toInfo() };
    }
    return dispatch(method, args);
  });
}
