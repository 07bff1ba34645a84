/** The toolbar popup: pair, Save page / Save selection as highlight, and what happened, in one line; the connector's port under Advanced. */
import { ext } from './browser-api';
import { connectorPort, MAX_PORT, MIN_PORT, setConnectorPort, validPort } from './connector';
import type { PopupRequest, PopupState } from './messages';
import type { Outcome } from './saves';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const pairForm = $<HTMLFormElement>('pair');
const codeInput = $<HTMLInputElement>('code');
const saveSection = $<HTMLElement>('save');
const status = $<HTMLElement>('status');
const actions = $<HTMLElement>('actions');
const openLink = $<HTMLAnchorElement>('open');
const updateButton = $<HTMLButtonElement>('update');
const queueNote = $<HTMLElement>('queue');
const saveButtons = [$<HTMLButtonElement>('save-page'), $<HTMLButtonElement>('save-selection')];
const portForm = $<HTMLFormElement>('port-form');
const portInput = $<HTMLInputElement>('port');

function ask<T>(message: PopupRequest): Promise<T> {
  return ext.runtime.sendMessage<PopupRequest, T>(message);
}

function say(text: string, kind: 'ok' | 'error' | 'busy' | '' = ''): void {
  status.textContent = text;
  status.dataset.kind = kind;
}

function showQueue(queued: number): void {
  queueNote.hidden = queued === 0;
  queueNote.textContent = queued === 1 ? '1 save is waiting for Gloss.' : `${queued} saves are waiting for Gloss.`;
}

/** Shows the pairing or the save controls; `report`: also what the queue did. */
async function refresh(report = true): Promise<void> {
  const s = await ask<PopupState>({ type: 'state' });
  pairForm.hidden = s.paired;
  saveSection.hidden = !s.paired;
  $<HTMLElement>('page').textContent = s.page ? s.page.title : 'No web page to save.';
  showQueue(s.queued);
  if (!report) return;
  if (s.delivered > 0) say(s.delivered === 1 ? 'Sent the queued save to Gloss.' : `Sent ${s.delivered} queued saves to Gloss.`, 'ok');
  else if (s.lastQueueError) say(s.lastQueueError, 'error');
  if (!s.paired) codeInput.focus();
}

async function runSave(kind: 'page' | 'selection', mode: 'ask' | 'update' = 'ask'): Promise<void> {
  actions.hidden = true;
  for (const b of saveButtons) b.disabled = true;
  say(kind === 'selection' ? 'Saving the highlight…' : 'Saving…', 'busy');
  try {
    const outcome = await ask<Outcome>({ type: 'save', kind, mode });
    if (outcome.result === 'error') return say(outcome.message, 'error');
    if (outcome.result === 'queued') {
      showQueue(outcome.queued);
      return say('Gloss is not running. The save is queued and will be sent when Gloss is reachable.', 'error');
    }
    const { answer } = outcome;
    const what = answer.status === 'exists' ? 'Already in your library' : answer.status === 'updated' ? 'Updated' : 'Saved';
    const highlight = answer.highlighted === undefined ? '' : answer.highlighted ? ' Highlight added.' : ' The selection was not found in the saved text.';
    say(`${what}: ${answer.article.title}.${highlight}`, answer.highlighted === false ? 'error' : 'ok');
    openLink.href = answer.openUrl;
    actions.hidden = false;
    updateButton.hidden = !(answer.status === 'exists' && kind === 'page');
    updateButton.onclick = () => void runSave('page', 'update');
    await refresh(false);
  } finally {
    for (const b of saveButtons) b.disabled = false;
  }
}

pairForm.addEventListener('submit', (event) => {
  event.preventDefault();
  say('Pairing…', 'busy');
  void ask<{ ok: boolean; message?: string }>({ type: 'pair', code: codeInput.value }).then(async (answer) => {
    if (!answer.ok) return say(answer.message ?? 'Pairing failed.', 'error');
    say('Paired with Gloss.', 'ok');
    await refresh();
  });
});
portForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const port = validPort(portInput.value);
  if (port === null) {
    portInput.setAttribute('aria-invalid', 'true');
    say(`The port must be a whole number from ${MIN_PORT} to ${MAX_PORT}.`, 'error');
    portInput.focus();
    return;
  }
  portInput.removeAttribute('aria-invalid');
  void setConnectorPort(port).then(async () => {
    say(`The extension now calls Gloss on port ${port}.`, 'ok');
    await refresh(false);
  });
});
saveButtons[0]!.addEventListener('click', () => void runSave('page'));
saveButtons[1]!.addEventListener('click', () => void runSave('selection'));

void connectorPort().then((port) => (portInput.value = String(port)));
void refresh();
