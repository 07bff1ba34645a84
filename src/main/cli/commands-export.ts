/**
 * The CLI's export and backup commands: Markdown, SQLite snapshot, JSON.
 * Where to write is the user's --out, given to the API as this shell's
 * answer to "which folder / which file?" (cliServices), or written here
 * from what the API answers: no call carries a path of its own.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExportReport } from '../../shared/types';
import { skippedPhrase, type ExportScope } from '../../shared/export-plan';
import type { ShellServices } from '../api/handlers';
import type { LibraryApi } from '../api/library-api';
import { UsageError } from './args';
import type { Io } from './commands';

/** The folder or file the user named with --out, as the shell's answer to the API asking where. */
export function cliServices(out: string | undefined): ShellServices {
  if (out === undefined) return {};
  const path = resolve(out);
  return { chooseFolder: () => Promise.resolve(path), chooseSaveFile: () => Promise.resolve(path) };
}

/** Ids per exportToFolder call (the contract's limit). */
const EXPORT_BATCH = 500;

export interface ExportOptions {
  ids: string[];
  /** --all: annotated; --all-articles: all; null with --id. */
  scope: ExportScope | null;
  json: boolean;
}

/** Which articles: exactly one of --id, --all (with highlights or notes) and --all-articles (every one). */
export function exportScope(all: boolean, allArticles: boolean, ids: readonly string[]): ExportScope | null {
  if ([all, allArticles, ids.length > 0].filter(Boolean).length !== 1) {
    throw new UsageError('Give one of --id ID (one or more), --all or --all-articles');
  }
  return all ? 'annotated' : allArticles ? 'all' : null;
}

export async function exportMarkdown(api: LibraryApi, options: ExportOptions, io: Io): Promise<number> {
  const plan = options.scope ? await api.call('planExport', { scope: options.scope }) : null;
  const ids = plan ? plan.ids : options.ids;
  const skipped = plan?.skipped ?? 0;
  // Unknown ids fail before anything is written.
  if (!plan) for (const id of ids) await api.call('getArticle', { id });
  const chosen = await api.call('chooseExportFolder', {});
  if (!chosen) throw new Error('chooseExportFolder was not told where to write');
  const { dir } = chosen;
  const report: ExportReport = { written: [], unchanged: [], appended: [], conflicts: [], errors: [] };
  for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
    const part = await api.call('exportToFolder', { dir, articleIds: ids.slice(i, i + EXPORT_BATCH) });
    for (const key of ['written', 'unchanged', 'appended'] as const) report[key].push(...part[key]);
    report.conflicts.push(...part.conflicts);
    report.errors.push(...part.errors);
  }
  if (options.json) io.out(JSON.stringify({ dir, ...report, skipped }));
  else {
    for (const path of report.written) io.out(`written    ${resolve(dir, path)}`);
    for (const path of report.appended) io.out(`appended   ${resolve(dir, path)}`);
    for (const path of report.unchanged) io.out(`unchanged  ${resolve(dir, path)}`);
    for (const c of report.conflicts) {
      io.err(`conflict   ${resolve(dir, c.path)}: you edited this file; ${c.highlightIds.length} changed highlight(s) not written (${c.reason})`);
    }
    for (const e of report.errors) io.err(`error      ${e.articleId}: ${e.message}`);
    if (ids.length === 0) io.out(plan?.total ? 'Nothing to export: no article has highlights or a note.' : 'Nothing to export: the library is empty.');
    if (skipped > 0) io.out(`skipped    ${skippedPhrase(skipped)} (--all-articles exports every article)`);
  }
  return report.conflicts.length || report.errors.length ? 1 : 0;
}

/** A snapshot to --out (the API asks the shell where: cliServices answers). */
export async function backupLibrary(api: LibraryApi, json: boolean, io: Io): Promise<number> {
  const result = await api.call('backupLibrary', {});
  if (!result) throw new Error('backupLibrary was not told where to write');
  io.out(json ? JSON.stringify(result) : `backed up to ${result.file} (${result.bytes} bytes)`);
  return 0;
}

/** A snapshot into the library's backups/ folder. */
export async function backupNow(api: LibraryApi, json: boolean, io: Io): Promise<number> {
  const made = await api.call('backupNow', {});
  io.out(json ? JSON.stringify(made) : `backed up to ${made.file} (${made.bytes} bytes)`);
  return 0;
}

export async function exportJson(api: LibraryApi, out: string, json: boolean, io: Io): Promise<number> {
  const file = resolve(out);
  const { json: text } = await api.call('exportJson', {});
  // Written beside the target, then renamed: a crash leaves the old file whole.
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  io.out(json ? JSON.stringify({ file, bytes: Buffer.byteLength(text) }) : `exported to ${file}`);
  return 0;
}

export async function importJson(api: LibraryApi, file: string, json: boolean, io: Io): Promise<number> {
  const { issues, ...report } = await api.call('importJson', { data: readFileSync(resolve(file)) });
  if (json) io.out(JSON.stringify({ ...report, issues }));
  else {
    for (const [entity, c] of Object.entries(report)) {
      io.out(`${entity.padEnd(11)} ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted, ${c.skipped} skipped`);
    }
    // What the file held that the library does not take as it was (restore-checks.ts).
    for (const i of issues) io.err(`${i.action.padEnd(10)} ${i.kind} ${i.id}: ${i.reason}`);
  }
  return 0;
}
