/**
 * The way forward when a library cannot be used: the newest backup that
 * would restore (it opens, passes integrity_check, is a Gloss library not
 * newer than this one). The CLI, `gloss serve` and the desktop app all offer it.
 */
import { GlossError } from '../../shared/errors';
import type { BackupInfo } from '../../shared/types';
import { isCorruption } from '../db/library-check';
import { listBackups } from './backup-files';
import { isGoodBackup } from './restore';

/** Checks backups newest first and stops at the first good one. */
export function newestGoodBackup(libraryDir: string, nativeBinding?: string): BackupInfo | undefined {
  return listBackups(libraryDir).find((b) => isGoodBackup(b.file, nativeBinding));
}

/** True when restoring a backup is the way forward from `err`. */
export function isDamagedLibrary(err: unknown): boolean {
  if (err instanceof GlossError) return err.code === 'library_corrupt' || err.code === 'not_a_library';
  return isCorruption(err);
}

/** "2026-11-25 13:04 UTC" */
export function backupDate(info: BackupInfo): string {
  return `${info.date.slice(0, 10)} ${info.date.slice(11, 16)} UTC`;
}

/** What the desktop app says when the library does not open, and the backup it offers. */
export interface StartupFailure {
  message: string;
  /** The newest good backup, when restoring one is the way forward. */
  offer?: BackupInfo;
  /** One line on the offer, for the dialog's detail text. */
  detail?: string;
}

export function describeStartupFailure(libraryDir: string, err: unknown, nativeBinding?: string): StartupFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (!isDamagedLibrary(err)) return { message };
  let offer: BackupInfo | undefined;
  try {
    offer = newestGoodBackup(libraryDir, nativeBinding);
  } catch {
    offer = undefined;
  }
  if (!offer) return { message, detail: 'There is no good backup in the library’s backups folder.' };
  return {
    message,
    offer,
    detail: `The newest good backup is from ${backupDate(offer)} (${offer.reason}). Restoring it keeps the damaged file in the backups folder.`,
  };
}
