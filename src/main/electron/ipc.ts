/**
 * The one IPC channel. Every call is checked here before the shared
 * dispatcher (which validates method and arguments) sees it: it must come
 * from the main frame of our own window, showing one of our own pages.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { GlossError, type Envelope } from '../../shared/errors';
import { IPC_CHANNEL } from '../../shared/ipc';
import type { Dispatch } from '../api/dispatch';
import { isOwnPage } from './protocol';

export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | undefined): boolean {
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame; // null once the frame has navigated away or gone
  if (!frame || frame !== window.webContents.mainFrame) return false;
  return isOwnPage(frame.url);
}

/** Registered once, before any window exists, so the first call finds it. */
export function registerIpc(dispatch: Dispatch, currentWindow: () => BrowserWindow | undefined): void {
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, args: unknown): Promise<Envelope<unknown>> => {
    let trusted = false;
    try {
      trusted = isTrustedSender(event, currentWindow());
    } catch {
      trusted = false; // the frame went away mid-check
    }
    if (!trusted) {
      return { ok: false, error: new GlossError('forbidden', 'This caller may not use Gloss.').toInfo() };
    }
    return dispatch(method, args);
  });
}
