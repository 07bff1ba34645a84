/**
 * `gloss sync [--folder DIR] [--device-name NAME] [--passphrase-file F]`: one
 * round (publish, then apply) through a folder a sync app keeps in step,
 * folder and name remembered (for an encrypted folder, the key derived from
 * the passphrase; never the passphrase); and `gloss sync status`. One line
 * each, or JSON with --json.
 */
import { readFileSync } from 'node:fs';
import { GlossError } from '../../shared/errors';
import type { SyncRound, SyncStatus } from '../../shared/sync';
import type { LibraryApi } from '../api/library-api';
import type { Io } from './commands';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function roundSentence(r: SyncRound): string {
  const parts = [
    `published ${plural(r.published.ops, 'change')}`,
    `applied ${plural(r.applied.written, 'item')} from ${plural(r.applied.ops, 'operation')}`,
  ];
  if (r.applied.pending) parts.push(`${plural(r.applied.pending, 'article')} waiting for ${r.applied.pending === 1 ? 'its' : 'their'} text to arrive`);
  if (r.applied.failed) parts.push(`${plural(r.applied.failed, 'item')} refused`);
  if (r.applied.rejected) parts.push(`${plural(r.applied.rejected, 'encrypted item')} that did not open refused (damaged, or changed by someone without the passphrase)`);
  return `synced ${r.deviceName} through ${r.folder}: ${parts.join(', ')}.`;
}

/** The passphrase in a file: its text without the one trailing newline an editor or `echo` adds. */
export function readPassphraseFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new GlossError('not_found', `Cannot read the passphrase file ${file}.`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (!passphrase) throw new GlossError('invalid_argument', `The passphrase file ${file} is empty.`);
  return passphrase;
}

export async function syncCommand(api: LibraryApi, options: { folder?: string; deviceName?: string; passphrase?: string; json: boolean }, io: Io): Promise<number> {
  const round = await api.call('syncNow', {
    ...(options.folder !== undefined ? { folder: options.folder } : {}),
    ...(options.deviceName !== undefined ? { deviceName: options.deviceName } : {}),
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
  });
  io.out(options.json ? JSON.stringify(round) : roundSentence(round));
  return 0;
}

export async function syncStatusCommand(api: LibraryApi, json: boolean, io: Io): Promise<number> {
  const s: SyncStatus = await api.call('getSyncStatus', { devices: true });
  if (json) {
    io.out(JSON.stringify(s));
    return 0;
  }
  if (!s.folder) {
    io.out('Not syncing yet: run gloss sync --folder DIR with a folder your sync app keeps in step.');
    return 0;
  }
  io.out(`Folder: ${s.folder}`);
  io.out(`This device: ${s.deviceName ?? s.device} (${s.device})`);
  io.out(`Last sync: ${s.lastRound?.at ?? 'never'}; ${plural(s.unpublished, 'change')} not yet published; ${plural(s.waiting, 'article')} waiting for text`);
  for (const d of s.devices ?? []) io.out(`  ${d.id === s.device ? '*' : ' '} ${d.name ?? d.id}  ${d.id}  last seen ${d.lastSeen ?? 'never'}`);
  return 0;
}
