/**
 * Talking to the Gloss app's connector on 127.0.0.1: the port (built in,
 * or the one the user set under Advanced, `port` in storage.local), the
 * per-install key from pairing, and answers as one-line messages.
 */
import { ext } from './browser-api';

declare const __GLOSS_PORT__: number;

export const DEFAULT_PORT = __GLOSS_PORT__;
/** Ports a user may set: not the privileged ones (Gloss never listens there). */
export const MIN_PORT = 1024;
export const MAX_PORT = 65535;

/** The port in `value` when it is one a user may set, else null. */
export function validPort(value: unknown): number | null {
  const port = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT ? port : null;
}

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

/** The port every request goes to (pairing, saves, the queue). */
export async function connectorPort(): Promise<number> {
  return validPort((await stored()).port) ?? DEFAULT_PORT;
}

/** Sets the port (the built-in one is stored as no setting, so a new build's default applies). */
export async function setConnectorPort(port: number): Promise<void> {
  if (port === DEFAULT_PORT) await ext.storage.local.remove('port');
  else await ext.storage.local.set({ port });
}

export async function isPaired(): Promise<boolean> {
  return !!(await stored()).key;
}

/**
 * One request; NotRunning when nothing answers, ConnectorError for a refusal.
 * Always a POST: Firefox sends no Origin on an extension's GET (measured on
 * Firefox 153: GET has none, POST has moz-extension://…), and the connector
 * refuses a request without the extension's Origin.
 */
export async function request<T>(path: string, body: unknown): Promise<T> {
  const { key } = await stored();
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${await connectorPort()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-gloss-key': key } : {}) },
      body: JSON.stringify(body),
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
  const answer = await request<{ key: string }>('/pair', { code, name: browserName() });
  await ext.storage.local.set({ key: answer.key });
}

function browserName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chromium\//.test(ua) ? 'Chromium' : /Chrome\//.test(ua) ? 'Chrome' : 'Browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /CrOS/.test(ua) ? 'ChromeOS' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}
