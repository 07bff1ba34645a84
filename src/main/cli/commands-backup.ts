/**
 * The CLI's backup commands: list the library's backups, restore one. Both
 * work without opening the library, so they work on a damaged one.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GlossError } from '../../shared/errors';
import type { BackupInfo } from '../../shared/types';
import { listBackups } from '../backup/backup-files';
import { backupDate, isDamagedLibrary, newestGoodBackup } from '../backup/recovery';
import { resolveBackupSource, restoreLibraryFile } from '../backup/restore';
import { openLibraryApi } from '../api/library-api';
import { defaultLibraryDir } from '../paths';
import type { Io } from './commands';

/** "1.2 MB" */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function line(b: BackupInfo): string {
  return `${backupDate(b)}  ${b.reason.padEnd(14)}  ${size(b.bytes).padStart(9)}  ${b.file}`;
}

export function listBackupsCommand(dir: string, json: boolean, io: Io): number {
  if (!existsSync(dir)) throw new GlossError('not_found', `No library at ${dir}.`);
  const backups = listBackups(dir);
  if (json) io.out(JSON.stringify(backups, null, 2));
  else if (backups.length === 0) io.out(`No backups yet in ${resolve(dir, 'backups')}.`);
  else for (const b of backups) io.out(line(b));
  return 0;
}

/**
 * Restores a backup. Refused (conflict) while another process has the
 * library open: the CLI cannot close another process's connection, and
 * moving a file under it would lose its unwritten WAL.
 */
export async function restoreCommand(dir: string, nameOrFile: string, json: boolean, io: Io): Promise<number> {
  const result = restoreLibraryFile(dir, resolveBackupSource(dir, nameOrFile));
  // Open it once: proves it works, and upgrades an older backup's schema now.
  await openLibraryApi(dir, { shell: 'cli' }).close();
  if (json) io.out(JSON.stringify(result));
  else {
    io.out(`restored ${result.restored.file}`);
    if (result.setAside) io.out(`the previous library file is kept as ${result.setAside.file}`);
  }
  return 0;
}

/**
 * The line for a library that could not be used: a damaged one gets the
 * command that restores the newest good backup.
 */
export function withWayForward(err: unknown, dir: string): unknown {
  if (!isDamagedLibrary(err)) return err;
  const message = err instanceof Error ? err.message.replace(/\.$/, '') : String(err);
  const code = err instanceof GlossError ? err.code : 'library_corrupt';
  const good = newestGoodBackup(dir);
  // Another app's database where the library should be: a backup may not be the answer.
  if (!good && code === 'not_a_library') return err;
  const where = resolve(dir) === resolve(defaultLibraryDir()) ? '' : ` --library ${JSON.stringify(resolve(dir))}`;
  const next = good
    ? `Restore the newest good backup (${backupDate(good)}, ${good.reason}): gloss restore ${good.name}${where}`
    : `No good backup in ${resolve(dir, 'backups')}`;
  return new GlossError(code, `${message}. ${next}`);
}
