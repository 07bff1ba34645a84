/**
 * The one IPC channel, driven through the electron stand-in: only the main
 * frame of our own window, showing our own page, reaches the dispatcher.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL } from '../../src/shared/ipc';
import { recorded, resetStandIn, StandInFrame, StandInWebContents } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const { registerIpc } = await import('../../src/main/electron/ipc');

interface StandInWindow {
  webContents: StandInWebContents;
  isDestroyed: () => boolean;
}

function windowShowing(url: string): StandInWindow {
  return { webContents: new StandInWebContents(url), isDestroyed: () => false };
}

const dispatched: unknown[][] = [];
let current: StandInWindow | undefined;

async function call(event: { sender: unknown; senderFrame: unknown }): Promise<unknown> {
  const handler = recorded.ipcHandlers.get(IPC_CHANNEL);
  if (!handler) throw new Error('no IPC handler registered');
  return handler(event, 'getInfo', { x: 1 });
}

const FORBIDDEN = { ok: false, error: { code: 'forbidden', message: 'This caller may not use Gloss.' } };

beforeEach(() => {
  resetStandIn();
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  dispatched.length = 0;
  current = windowShowing('app://gloss/index.html');
  registerIpc(
    async (method, args) => {
      dispatched.push([method, args]);
      return { ok: true, value: 'dispatched' };
    },
    () => current as never,
  );
});

describe('the IPC channel', () => {
  it('dispatches a call from the main frame of our window on our page', async () => {
    const wc = (current as StandInWindow).webContents;
    expect(await call({ sender: wc, senderFrame: wc.mainFrame })).toEqual({ ok: true, value: 'dispatched' });
    expect(dispatched).toEqual([['getInfo', { x: 1 }]]);
  });

  it('refuses another webContents, a subframe, a gone frame, a foreign page, a closed window', async () => {
    const wc = (current as StandInWindow).webContents;
    const other = new StandInWebContents('app://gloss/index.html');
    expect(await call({ sender: other, senderFrame: other.mainFrame }), 'another webContents').toEqual(FORBIDDEN);
    expect(await call({ sender: wc, senderFrame: new StandInFrame('app://gloss/index.html') }), 'a subframe').toEqual(FORBIDDEN);
    expect(await call({ sender: wc, senderFrame: null }), 'a frame gone').toEqual(FORBIDDEN);

    for (const url of ['https://example.org/', 'app://evil/index.html', 'file:///index.html', 'http://localhost:5173/']) {
      current = windowShowing(url);
      const page = current.webContents;
      expect(await call({ sender: page, senderFrame: page.mainFrame }), url).toEqual(FORBIDDEN);
    }

    current = { webContents: wc, isDestroyed: () => true };
    expect(await call({ sender: wc, senderFrame: wc.mainFrame }), 'closed window').toEqual(FORBIDDEN);
    current = undefined;
    expect(await call({ sender: wc, senderFrame: wc.mainFrame }), 'no window').toEqual(FORBIDDEN);
    expect(dispatched).toEqual([]);
  });

  it('refuses a caller whose frame throws while being checked', async () => {
    const wc = (current as StandInWindow).webContents;
    const vanishing = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    Object.defineProperty(wc, 'mainFrame', { value: vanishing });
    expect(await call({ sender: wc, senderFrame: vanishing })).toEqual(FORBIDDEN);
    expect(dispatched).toEqual([]);
  });
});
