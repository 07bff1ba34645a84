/**
 * The extension's service worker (Firefox: its background script): the
 * context menus, the keyboard shortcut, the retry alarm, and every save the
 * popup asks for, one at a time (so the queue is never sent twice at once).
 */
import { ext } from './browser-api';
import { ConnectorError, isPaired, NotRunning, pair } from './connector';
import { flushQueue, linkJob, queuedCount, RETRY_ALARM, RETRY_MINUTES, save, tabJob, type Outcome, type SaveJob } from './saves';
import type { PopupRequest, PopupState } from './messages';

let chain: Promise<unknown> = Promise.resolve();
/** Runs `task` after every earlier one. */
function serially<T>(task: () => Promise<T>): Promise<T> {
  const next = chain.then(task, task);
  chain = next.catch(() => undefined);
  return next;
}

/** The page the user means: the active tab, or (popup opened as a tab) the web page used last. */
async function targetTab(): Promise<chrome.tabs.Tab | undefined> {
  const [active] = await ext.tabs.query({ active: true, lastFocusedWindow: true });
  if (active?.url && /^https?:/i.test(active.url)) return active;
  const pages = await ext.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  return pages.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

async function state(): Promise<PopupState> {
  const flushed = await flushQueue().catch(() => ({ delivered: [], left: 0 }));
  const { lastQueueError } = (await ext.storage.local.get('lastQueueError')) as { lastQueueError?: string };
  const tab = await targetTab();
  return {
    paired: await isPaired(),
    queued: await queuedCount(),
    delivered: flushed.delivered.length,
    lastQueueError: lastQueueError ?? null,
    page: tab ? { title: tab.title ?? tab.url ?? '', url: tab.url ?? '' } : null,
  };
}

async function saveFromTab(kind: 'page' | 'selection', mode: 'ask' | 'update', tabId?: number): Promise<Outcome> {
  const id = tabId ?? (await targetTab())?.id;
  if (id === undefined) return { result: 'error', message: 'Open the web page to save first.' };
  let job: SaveJob;
  try {
    job = await tabJob(id, kind, mode);
  } catch (err) {
    return { result: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  return save(job);
}

async function handle(message: PopupRequest): Promise<unknown> {
  switch (message.type) {
    case 'state':
      return serially(state);
    case 'pair':
      try {
        await pair(message.code);
        return { ok: true };
      } catch (err) {
        if (err instanceof NotRunning) return { ok: false, message: 'Gloss is not running: start it, then pair.' };
        return { ok: false, message: err instanceof ConnectorError || err instanceof Error ? err.message : String(err) };
      }
    case 'save':
      return serially(() => saveFromTab(message.kind, message.mode ?? 'ask'));
  }
}

ext.runtime.onMessage.addListener((message: PopupRequest, sender, reply) => {
  if (sender.id !== ext.runtime.id) return false;
  handle(message).then(reply, (err: unknown) => reply({ result: 'error', message: err instanceof Error ? err.message : String(err) }));
  return true; // answers asynchronously
});

/** Feedback for saves without the popup (menus, shortcut): the toolbar badge. */
async function showOutcome(outcome: Outcome): Promise<void> {
  const [text, color, title] =
    outcome.result === 'done'
      ? [outcome.answer.status === 'exists' ? '=' : '✓', '#1a7f37', `Gloss: ${outcome.answer.status === 'exists' ? 'already saved' : 'saved'} “${outcome.answer.article.title}”`]
      : outcome.result === 'queued'
        ? ['…', '#9a6700', `Gloss is not running: ${outcome.queued} save(s) queued`]
        : ['!', '#cf222e', `Gloss: ${outcome.message}`];
  await ext.action.setBadgeBackgroundColor({ color });
  await ext.action.setBadgeText({ text });
  await ext.action.setTitle({ title });
}

ext.runtime.onInstalled.addListener(() => {
  ext.contextMenus.removeAll(() => {
    ext.contextMenus.create({ id: 'save-page', title: 'Save page to Gloss', contexts: ['page'] });
    ext.contextMenus.create({ id: 'save-link', title: 'Save link to Gloss', contexts: ['link'] });
    ext.contextMenus.create({ id: 'save-selection', title: 'Save selection as highlight', contexts: ['selection'] });
  });
});

ext.contextMenus.onClicked.addListener((info, tab) => {
  const run = (): Promise<Outcome> =>
    info.menuItemId === 'save-link' && info.linkUrl
      ? save(linkJob(info.linkUrl))
      : saveFromTab(info.menuItemId === 'save-selection' ? 'selection' : 'page', 'ask', tab?.id);
  void serially(run).then(showOutcome);
});

ext.commands.onCommand.addListener((command) => {
  if (command === 'save-page') void serially(() => saveFromTab('page', 'ask')).then(showOutcome);
});

ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === RETRY_ALARM) void serially(flushQueue);
});
void ext.alarms.get(RETRY_ALARM).then((existing) => {
  if (!existing) void ext.alarms.create(RETRY_ALARM, { periodInMinutes: RETRY_MINUTES });
});
