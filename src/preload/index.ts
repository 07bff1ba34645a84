/**
 * Exposes one narrow object, window.gloss, with one function per API
 * method. The renderer never sees ipcRenderer; main validates everything.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { GlossBridge } from '../shared/contract';
import { METHOD_NAMES } from '../shared/methods';
import { IPC_CHANNEL } from '../shared/ipc';

const bridge = Object.fromEntries(
  METHOD_NAMES.map((method) => [
    method,
    // Always an envelope, even when the call cannot be sent at all.
    (args: unknown) =>
      ipcRenderer.invoke(IPC_CHANNEL, method, args).catch((err: unknown) => ({
        ok: false,
        error: { code: 'internal', message: err instanceof Error ? err.message : String(err) },
      })),
  ]),
) as unknown as GlossBridge;

contextBridge.exposeInMainWorld('gloss', Object.freeze(bridge));
