/** The CLI's export and backup commands: Markdown, SQLite snapshot, JSON. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportLibraryJson, importLibraryJson, serializeLibraryJson } from '../backup';
import type { Library } from '../library';
import { UsageError } from './args';
import type { Io } from './commands';

export interface ExportOptions {
  out: string;
  ids: string[];
  all: boolean;
  json: boolean;
}

export function exportMarkdown(library: Library, options: ExportOptions, io: Io): number {
  if (options.all === options.ids.length > 0) throw new UsageError('Give either --id ID (one or more) or --all');
  const ids = options.all ? library.listExportable() : options.ids;
  for (const id of ids) library.getArticle(id); // unknown ids fail before anything is written
  const dir = resolve(options.out);
  const report = library.exportToFolder(dir, ids);
  if (options.json) io.out(JSON.stringify({ dir, ...report }));
  else {
    for (const path of report.written) io.out(`written    ${resolve(dir, path)}`);
    for (const path of report.appended) io.out(`appended   ${resolve(dir, path)}`);
    for (const path of report.unchanged) io.out(`unchanged  ${resolve(dir, path)}`);
    for (const c of report.conflicts) {
      io.err(`conflict   ${resolve(dir, c.path)}: you edited this file; ${c.highlightIds.length} changed highlight(s) not written (${c.reason})`);
    }
    for (const e of report.errors) io.err(`error      ${e.articleId}: ${e.message}`);
    if (ids.length === 0) io.out('Nothing to export: no article has highlights or a note.');
  }
  return report.conflicts.length || report.errors.length ? 1 : 0;
}

export async function backupLibrary(library: Library, out: string, json: boolean, io: Io): Promise<number> {
  const result = await library.backup(resolve(out));
  io.out(json ? JSON.stringify(result) : `backed up to ${result.file} (${result.bytes} bytes)`);
  return 0;
}

export function exportJson(library: Library, out: string, json: boolean, io: Io): number {
  const file = resolve(out);
  const text = serializeLibraryJson(exportLibraryJson(library.db));
  // Written beside the target, then renamed: a crash leaves the old file whole.
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  io.out(json ? JSON.stringify({ file, bytes: Buffer.byteLength(text) }) : `exported to ${file}`);
  return 0;
}

export function importJson(library: Library, file: string, json: boolean, io: Io): number {
  const { issues, ...report } = importLibraryJson(library.db, readFileSync(resolve(file)));
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
