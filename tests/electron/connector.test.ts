/**
 * The desktop app's connector glue, through the electron stand-in: it
 * listens on 127.0.0.1 with the app's dispatcher, closes before the app
 * quits, and a port in use leaves the app without it (no throw).
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app, resetStandIn } from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const { startDesktopConnector } = await import('../../src/main/electron/connector');

const EXT = `chrome-extension://${'a'.repeat(32)}`;

afterEach(() => resetStandIn());

describe('the desktop connector', () => {
  it('serves the extension over the app dispatcher and closes before quit', async () => {
    const calls: unknown[] = [];
    const connector = await startDesktopConnector(
      async (method, args) => {
        calls.push([method, args]);
        return { ok: true, value: { id: 'b'.repeat(16), name: 'Chromium', pairedAt: '', lastUsedAt: '' } };
      },
      { GLOSS_CONNECTOR_PORT: '0' },
    );
    expect(connector).not.toBeNull();
    const res = await fetch(`${connector!.url}/status`, { headers: { origin: EXT, 'x-gloss-key': 'k' } });
    expect(res.status).toBe(200);
    expect(calls).toEqual([['useBrowserKey', { key: 'k', origin: EXT }]]);
    app.emit('before-quit');
    await vi.waitFor(() => expect(connector!.server.listening).toBe(false));
  });

  it('a port in use: the app runs on without the connector, saying why', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const port = (taken.address() as AddressInfo).port;
      const connector = await startDesktopConnector(async () => ({ ok: true, value: null }), { GLOSS_CONNECTOR_PORT: String(port) });
      expect(connector).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`port ${port} on 127.0.0.1 is in use`)));
      expect(await startDesktopConnector(async () => ({ ok: true, value: null }), { GLOSS_CONNECTOR_PORT: 'off' })).toBeNull();
    } finally {
      warn.mockRestore();
      taken.close();
    }
  });
});
