/**
 * Talking to the Gloss app's connector on 127.0.0.1: the port (built in,
 * or `port` in storage.local), the per-install key from pairing, and
 * answers as one-line messages.
 */
import { ext } from './browser-api';

declare const __GLOSS_PORT__: number;

export const DEFAULT_PORT = __GLOSS_PORT__;

/** The app is not running (or not reachable on the port). */
export class NotRunning extends Error {
  constructor() {
    super('Gloss is not running.');
  }
}

/** The app answered with a refusal or an error. */
export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SaveAnswer {
  status: 'saved' | 'updated' | 'exists';
  article: { id: string; title: string };
  openUrl: string;
  highlighted?: boolean;
}

interface Stored {
  key?: string;
  port?: number;
}

export async function stored(): Promise<Stored> {
  return (await ext.storage.local.get(['key', 'port'])) as Stored;
}

export async function isPaired(): Promise<boolean> {
  return !!(await stored()).key;
}

/** One request; NotRunning when nothing answers, ConnectorError for a refusal. */
export async function request<T>(path: string, init: { method: 'GET' | 'POST'; body?: unknown }): Promise<T> {
  const { key, port } = await stored();
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port ?? DEFAULT_PORT}${path}`, {
      method: init.method,
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(key ? { 'x-gloss-key': key } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    throw new NotRunning();
  }
  let json: { ok?: boolean; error?: { message?: string } } & Record<string, unknown>;
  try {
    json = (await res.json()) as typeof json;
  } catch {
    throw new ConnectorError(res.status, `Gloss answered ${res.status}.`);
  }
  if (!res.ok || !json.ok) throw new ConnectorError(res.status, json.error?.message ?? `Gloss answered ${res.status}.`);
  return json as T;
}

/** Exchanges the code the app shows for this install's key. */
export async function pair(code: string): Promise<void> {
  const answer = await request<{ key: string }>('/pair', { method: 'POST', body: { code, name: browserName() } });
  await ext.storage.local.set({ key: answer.key });
}

function browserName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chromium\//.test(ua) ? 'Chromium' : /Chrome\//.test(ua) ? 'Chrome' : 'Browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /CrOS/.test(ua) ? 'ChromeOS' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}
