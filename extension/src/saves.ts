/**
 * Saving to Gloss, and the queue of saves made while it was not running.
 * A save that finds no app is kept in storage.local (the
 * `unlimitedStorage` permission: a page with its images can be tens of MB)
 * and sent again when the popup opens, before every save, and every
 * RETRY_MINUTES on an alarm, oldest first.
 */
import { ext } from './browser-api';
import { capturePage, type Capture, type CaptureLimits } from './capture';
import { ConnectorError, NotRunning, request, type SaveAnswer } from './connector';

export const RETRY_MINUTES = 1;
export const RETRY_ALARM = 'gloss-retry-queue';

/** What the app accepts (the connector's caps; src/main/connector/requests.ts). */
const LIMITS: CaptureLimits = {
  maxHtmlChars: 20 * 1024 * 1024,
  maxImages: 100,
  maxImageBytes: 10 * 1024 * 1024,
  maxTotalImageBytes: 28 * 1024 * 1024,
};

export type SaveKind = 'page' | 'selection' | 'link';

export interface SaveJob {
  kind: SaveKind;
  body: Record<string, unknown>;
  /** For messages: the page's title or the link. */
  label: string;
  queuedAt?: string;
}

export type Outcome =
  | { result: 'done'; answer: SaveAnswer; job: SaveJob }
  | { result: 'queued'; queued: number }
  | { result: 'error'; message: string };

const ROUTE: Record<SaveKind, string> = { page: '/save-page', selection: '/save-selection', link: '/save-link' };

/** The page in a tab, serialized there. */
export async function captureTab(tabId: number): Promise<Capture> {
  let results: chrome.scripting.InjectionResult<Awaited<ReturnType<typeof capturePage>>>[];
  try {
    results = await ext.scripting.executeScript({ target: { tabId }, func: capturePage, args: [LIMITS] });
  } catch (err) {
    throw new Error(`This page cannot be saved (${err instanceof Error ? err.message : String(err)}).`);
  }
  const value = results[0]?.result;
  if (!value) throw new Error('This page cannot be saved (nothing came back from it).');
  if ('error' in value) throw new Error(value.error);
  return value;
}

/** A save job for a tab's page, or its selection as a highlight. */
export async function tabJob(tabId: number, kind: 'page' | 'selection', mode: 'ask' | 'update' = 'ask'): Promise<SaveJob> {
  const page = await captureTab(tabId);
  if (!/^https?:/i.test(page.url)) throw new Error('Gloss saves web pages (http and https) only.');
  const body: Record<string, unknown> = { url: page.url, title: page.title, html: page.html, images: page.images, mode };
  if (kind === 'selection') {
    if (!page.selection) throw new Error('Select a passage on the page first.');
    body.selection = page.selection;
  }
  return { kind, body, label: page.title || page.url };
}

export function linkJob(url: string, mode: 'ask' | 'update' = 'ask'): SaveJob {
  return { kind: 'link', body: { url, mode }, label: url };
}

async function queue(): Promise<SaveJob[]> {
  const { queue: q } = (await ext.storage.local.get('queue')) as { queue?: SaveJob[] };
  return Array.isArray(q) ? q : [];
}

export async function queuedCount(): Promise<number> {
  return (await queue()).length;
}

async function deliver(job: SaveJob): Promise<SaveAnswer> {
  return request<SaveAnswer>(ROUTE[job.kind], job.body);
}

/**
 * Sends the queued saves, oldest first; stops at the first one the app is
 * not there for. A save the app refuses (a page it cannot read) is dropped
 * with its reason kept in `lastQueueError`; one refused for want of pairing
 * stays until the browser is paired again.
 */
export async function flushQueue(): Promise<{ delivered: SaveAnswer[]; left: number }> {
  const delivered: SaveAnswer[] = [];
  for (;;) {
    const [job] = await queue();
    if (!job) return { delivered, left: 0 };
    try {
      delivered.push(await deliver(job));
    } catch (err) {
      if (err instanceof NotRunning || (err instanceof ConnectorError && err.status === 401)) return { delivered, left: (await queue()).length };
      await ext.storage.local.set({ lastQueueError: `${job.label}: ${err instanceof Error ? err.message : String(err)}` });
    }
    const rest = await queue();
    await ext.storage.local.set({ queue: rest.slice(1) });
  }
}

/** Saves now, or queues when Gloss is not running. Earlier queued saves go first. */
export async function save(job: SaveJob): Promise<Outcome> {
  try {
    await flushQueue();
    return { result: 'done', answer: await deliver(job), job };
  } catch (err) {
    if (err instanceof NotRunning) {
      const q = [...(await queue()), { ...job, queuedAt: new Date().toISOString() }];
      await ext.storage.local.set({ queue: q });
      return { result: 'queued', queued: q.length };
    }
    return { result: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}
