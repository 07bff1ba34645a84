/**
 * Export to a folder of Markdown files, safe to run again and again.
 *
 * A manifest (`.gloss-export.json`) remembers, per article, the file name,
 * the hash of the bytes Gloss last wrote and the highlights that were in it.
 * On re-export:
 * - a missing file is written;
 * - a file still equal to its hash is Gloss's own: it is rewritten with the
 *   current data (and not touched at all when the bytes are the same);
 * - a file the user edited keeps every byte; highlights new since the last
 *   export are appended under `## New highlights (YYYY-MM-DD)`, and
 *   highlights changed or deleted since (or a changed article note) are
 *   reported as conflicts, never silently rewritten.
 * A file found without a manifest entry is adopted only if it links back to
 * the same article (`gloss://article/<id>`); anything else is the user's
 * and the article gets another name.
 *
 * No file is ever left partly written, even when the process is killed:
 * every file is first written whole to a hidden temp file (a big export
 * writes them from a worker thread while the next ones render: see
 * writer.ts); then the manifest is written with each changed entry also
 * holding the entry it replaces and the hash of the bytes about to land;
 * then the temp files are renamed into place; then the manifest is written
 * again without that. A kill between the two manifests is resolved on the
 * next export, file by file: a file holding the new bytes takes the new
 * entry, any other the old one. Running out of disk space stops the export
 * before anything is renamed: the folder stays as it was. The folder is
 * listed once: files that are not there are not looked for.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GlossError, userErrorOf } from '../../shared/errors';
import type { ArticleNote, ColorLabels, Highlight } from '../../shared/types';
import {
  articleGlossUrl,
  buildView,
  byDocumentOrder,
  compileExportTemplate,
  DEFAULT_TEMPLATE,
  highlightFingerprint,
  markChapterStarts,
  noteFingerprint,
  renderArticleMarkdown,
  type ExportArticle,
} from './markdown';
import { assignFileNames } from './slug';
import type { CompiledTemplate } from './template';
import { backgroundWriter, inlineWriter, isTempName, removeStaleTemps, writeFileAtomic, type ExportWriter } from './writer';

export { writeFileAtomic };

export const MANIFEST_NAME = '.gloss-export.json';

export interface ExportItem {
  article: ExportArticle;
  highlights: readonly Highlight[];
  note?: ArticleNote | string | null;
  /** The library's colour labels (Settings); the defaults when absent. */
  colorLabels?: ColorLabels;
}

function labelsOf(item: ExportItem): { colorLabels?: ColorLabels } {
  return item.colorLabels ? { colorLabels: item.colorLabels } : {};
}

export interface FolderExportOptions {
  dir: string;
  articles: readonly ExportItem[];
  /** Template source; DEFAULT_TEMPLATE when absent. Checked before anything is written. */
  template?: string;
  /** The export time (dated headings, manifest). Default: the current time. */
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  /** Write files from a worker thread; default: when there are BACKGROUND_WRITES_FROM articles or more. */
  backgroundWrites?: boolean;
}

/** From this many articles on, files are written by a worker thread. */
export const BACKGROUND_WRITES_FROM = 64;

export type ConflictReason = 'highlights_changed' | 'highlights_deleted' | 'note_changed';

export interface ExportConflict {
  /** Path of the file, relative to the export folder. */
  path: string;
  articleId: string;
  reason: ConflictReason;
  highlightIds: string[];
}

export interface ExportReport {
  /** Relative paths of files written whole (new, or Gloss's own file with new data). */
  written: string[];
  /** Files left as they were. */
  unchanged: string[];
  /** Files the user edited, with new highlights appended. */
  appended: string[];
  /** Changes Gloss did not apply because the user edited the file. */
  conflicts: ExportConflict[];
  errors: Array<{ articleId: string; message: string }>;
}

export interface ManifestEntry {
  path: string;
  /** sha256 (hex) of the bytes Gloss last wrote whole. */
  hash: string;
  /** Highlights the file holds, in document order. */
  highlightIds: string[];
  /** Fingerprint of each highlight as exported (text, colour, note, orphaned). */
  highlights: Record<string, string>;
  /** Fingerprint of the article note as exported. */
  note: string;
  exportedAt: string;
}

export interface Manifest {
  version: 1;
  files: Record<string, ManifestEntry>;
}

/** An entry whose file is about to be replaced (in the manifest written before the renames). */
interface PendingEntry extends ManifestEntry {
  pending: { written: string; previous: ManifestEntry | null };
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

function parseEntry(value: unknown): ManifestEntry | null {
  const e = value as Partial<ManifestEntry> | null;
  if (!e || typeof e !== 'object' || typeof e.path !== 'string' || !isPlainFileName(e.path)) return null;
  return {
    path: e.path,
    hash: typeof e.hash === 'string' ? e.hash : '',
    highlightIds: Array.isArray(e.highlightIds) ? e.highlightIds.filter((x) => typeof x === 'string') : [],
    highlights: e.highlights && typeof e.highlights === 'object' ? { ...e.highlights } : {},
    note: typeof e.note === 'string' ? e.note : '',
    exportedAt: typeof e.exportedAt === 'string' ? e.exportedAt : '',
  };
}

/**
 * An entry of an export that was stopped between its two manifest writes:
 * the new entry if its file holds the bytes that export wrote, else the
 * entry it would have replaced (none if there was none).
 */
function resolvePending(dir: string, entry: ManifestEntry, pending: unknown): ManifestEntry | null {
  const { written, previous } = (pending ?? {}) as { written?: unknown; previous?: unknown };
  const current = readIfExists(join(dir, entry.path));
  if (current !== null && typeof written === 'string' && sha256(current) === written) return entry;
  return parseEntry(previous);
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_NAME);
  if (!existsSync(path)) return { version: 1, files: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // An unreadable manifest is treated as none: files are then adopted only
    // when they link back to their article, and edited ones are never overwritten.
    return { version: 1, files: {} };
  }
  const files: Record<string, ManifestEntry> = {};
  const raw = (parsed as { files?: unknown } | null)?.files;
  if (raw && typeof raw === 'object') {
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      let entry = parseEntry(value);
      if (entry && 'pending' in (value as object)) entry = resolvePending(dir, entry, (value as PendingEntry).pending);
      if (entry) files[id] = entry;
    }
  }
  return { version: 1, files };
}

/** A name inside the folder: no separators, no "..". */
function isPlainFileName(path: string): boolean {
  return path !== '' && !/[/\\]/.test(path) && path !== '.' && path !== '..' && path !== MANIFEST_NAME;
}

function localDate(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function readIfExists(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Whether a file (not in the manifest) is an earlier Gloss export of this article. */
function linksTo(content: string, articleId: string): boolean {
  const head = content.slice(0, 4096);
  return head.includes(`gloss: ${articleGlossUrl(articleId)}\n`) || head.includes(`gloss: "${articleGlossUrl(articleId)}"`);
}

function entryFor(path: string, hash: string, highlights: readonly Highlight[], note: ExportItem['note'], now: Date): ManifestEntry {
  const sorted = [...highlights].sort(byDocumentOrder);
  return {
    path,
    hash,
    highlightIds: sorted.map((h) => h.id),
    highlights: Object.fromEntries(sorted.map((h) => [h.id, highlightFingerprint(h)])),
    note: noteFingerprint(note),
    exportedAt: now.toISOString(),
  };
}

/** The appended part: the template's own highlight layout under a dated heading. */
function appendix(template: CompiledTemplate, item: ExportItem, fresh: readonly Highlight[], now: Date): string {
  const view = buildView({ article: item.article, highlights: item.highlights, note: item.note, ...labelsOf(item) });
  const freshIds = new Set(fresh.map((h) => h.id));
  // A book's new highlights get their chapters' headings again, above the first new one of each.
  const pick = (key: 'highlights' | 'orphans'): Array<{ id: string }> =>
    markChapterStarts((view[key] as Array<{ id: string; chapter: string }>).filter((h) => freshIds.has(h.id)));
  const fallback = compileExportTemplate(DEFAULT_TEMPLATE);
  const section = (key: 'highlights' | 'orphans'): string => {
    const items = pick(key);
    if (items.length === 0) return '';
    return (template.renderSection(key, view, items) ?? fallback.renderSection(key, view, items) ?? '').trim();
  };
  const body = [section('highlights'), section('orphans')].filter(Boolean).join('\n\n');
  return `## New highlights (${localDate(now)})\n\n${body}\n`;
}

/**
 * Exports articles to `dir`, one Markdown file each. Throws GlossError
 * ('invalid_argument') for a broken template, before anything is written;
 * per-article failures land in `errors`.
 */
export function exportToFolder(options: FolderExportOptions): ExportReport {
  const { dir, articles, onProgress } = options;
  const now = options.now ?? new Date();
  if (typeof dir !== 'string' || dir === '') throw new GlossError('invalid_argument', 'Choose a folder to export to.');
  const template = compileExportTemplate(options.template ?? DEFAULT_TEMPLATE);

  const report: ExportReport = { written: [], unchanged: [], appended: [], conflicts: [], errors: [] };
  mkdirSync(dir, { recursive: true });
  const listed = readdirSync(dir);
  removeStaleTemps(dir, listed);
  // Names in the folder, case-folded: a name not among them is not read (on
  // case-insensitive file systems a differently cased name is the same file,
  // so any case-insensitive match is read to let the file system decide).
  const present = new Set(listed.filter((name) => !isTempName(name)).map((name) => name.toLowerCase()));
  // What this export wrote, for an article listed twice (its write may still be queued).
  const writtenNow = new Map<string, Buffer>();
  const readExisting = (path: string): Buffer | null =>
    writtenNow.get(path.toLowerCase()) ?? (present.has(path.toLowerCase()) ? readIfExists(join(dir, path)) : null);
  const manifest = readManifest(dir);
  const owned = new Set(Object.values(manifest.files).map((e) => e.path.toLowerCase()));
  const previous = Object.fromEntries(Object.entries(manifest.files).map(([id, e]) => [id, e.path]));
  const names = assignFileNames(
    articles.map((a) => a.article),
    {
      previous,
      isTaken: (path, articleId) => {
        if (owned.has(path.toLowerCase())) return true;
        const existing = readExisting(path);
        return existing !== null && !linksTo(existing.toString('utf8'), articleId);
      },
    },
  );

  const total = articles.length;
  const writer: ExportWriter = (options.backgroundWrites ?? total >= BACKGROUND_WRITES_FROM) ? backgroundWriter() : inlineWriter();
  // A queued write that fails undoes what its article recorded (as a failed inline write never records it).
  type Pending = {
    index: number;
    articleId: string;
    path: string;
    list: 'written' | 'appended';
    entry: ManifestEntry | undefined;
    hash: string;
  };
  const pending = new Map<string, Pending[]>();
  const errorIndex = new Map<ExportReport['errors'][number], number>();
  const write = (index: number, articleId: string, path: string, data: Buffer, list: 'written' | 'appended'): void => {
    const file = join(dir, path);
    writer.stage(file, data);
    writtenNow.set(path.toLowerCase(), data);
    const record = { index, articleId, path, list, entry: manifest.files[articleId], hash: sha256(data) };
    pending.set(file, [...(pending.get(file) ?? []), record]);
  };
  let done = 0;
  for (const [index, item] of articles.entries()) {
    const id = item.article.id;
    const path = names.get(id)!;
    try {
      const markdown = renderArticleMarkdown({ article: item.article, highlights: item.highlights, note: item.note, template, ...labelsOf(item) });
      const bytes = Buffer.from(markdown, 'utf8');
      const hash = sha256(bytes);
      const current = readExisting(path);
      const entry = manifest.files[id];

      if (current === null) {
        write(index, id, path, bytes, 'written');
        report.written.push(path);
        manifest.files[id] = entryFor(path, hash, item.highlights, item.note, now);
      } else if (current.equals(bytes)) {
        report.unchanged.push(path);
        manifest.files[id] = entryFor(path, hash, item.highlights, item.note, now);
      } else if (entry && sha256(current) === entry.hash) {
        write(index, id, path, bytes, 'written');
        report.written.push(path);
        manifest.files[id] = entryFor(path, hash, item.highlights, item.note, now);
      } else {
        const append = (data: Buffer): void => write(index, id, path, data, 'appended');
        manifest.files[id] = reconcileEdited({ item, path, current, entry, template, now, report, append });
      }
    } catch (err) {
      const error = { articleId: id, message: err instanceof Error ? err.message : String(err) };
      errorIndex.set(error, index);
      report.errors.push(error);
    }
    onProgress?.(++done, total);
  }

  const { staged, failures } = writer.finish();
  const removeStaged = (): void => {
    for (const temp of staged.values()) rmSync(temp, { force: true });
  };
  const undo = (file: string, message: string): void => {
    for (const failed of (pending.get(file) ?? []).reverse()) {
      const list = report[failed.list];
      list.splice(list.lastIndexOf(failed.path), 1);
      if (failed.entry) manifest.files[failed.articleId] = failed.entry;
      else delete manifest.files[failed.articleId];
      const error = { articleId: failed.articleId, message };
      errorIndex.set(error, failed.index);
      report.errors.push(error);
    }
  };
  // Out of space: stop before anything is renamed, so the folder stays as it was.
  for (const failure of failures.values()) {
    const full = userErrorOf(failure);
    if (full) {
      removeStaged();
      throw full;
    }
  }
  for (const [file, failure] of failures) undo(file, failure.message);

  const manifestPath = join(dir, MANIFEST_NAME);
  if (staged.size > 0) {
    try {
      writeFileAtomic(manifestPath, serializeManifest(withPending(manifest, staged, pending)));
    } catch (err) {
      removeStaged();
      throw userErrorOf(err) ?? err;
    }
  }
  for (const [file, temp] of staged) {
    try {
      renameSync(temp, file);
    } catch (err) {
      rmSync(temp, { force: true });
      undo(file, err instanceof Error ? err.message : String(err));
    }
  }
  report.errors.sort((a, b) => errorIndex.get(a)! - errorIndex.get(b)!);

  try {
    writeFileAtomic(manifestPath, serializeManifest(manifest));
  } catch (err) {
    // The files are in place and the manifest written before them describes them.
    throw userErrorOf(err) ?? err;
  }
  return report;
}

function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The manifest written before the renames: each entry about to change also says what it replaces. */
function withPending(
  manifest: Manifest,
  staged: ReadonlyMap<string, string>,
  records: ReadonlyMap<string, ReadonlyArray<{ articleId: string; entry: ManifestEntry | undefined; hash: string }>>,
): Manifest {
  const files: Record<string, ManifestEntry | PendingEntry> = { ...manifest.files };
  for (const file of staged.keys()) {
    const list = records.get(file) ?? [];
    const first = list[0];
    const last = list[list.length - 1];
    const entry = first && files[first.articleId];
    if (!first || !last || !entry) continue;
    files[first.articleId] = { ...entry, pending: { written: last.hash, previous: first.entry ?? null } };
  }
  return { version: 1, files };
}

/** A file the user edited: keep it, append what is new, report the rest. */
function reconcileEdited(args: {
  item: ExportItem;
  path: string;
  current: Buffer;
  entry: ManifestEntry | undefined;
  template: CompiledTemplate;
  now: Date;
  report: ExportReport;
  /** Writes the file's new bytes (throws when written inline and it fails). */
  append: (data: Buffer) => void;
}): ManifestEntry {
  const { item, path, current, entry, template, now, report, append } = args;
  const id = item.article.id;
  const text = current.toString('utf8');
  const view = buildView({ article: item.article, highlights: item.highlights, note: item.note, ...labelsOf(item) });
  const blockIdOf = new Map(
    [...(view.highlights as Array<{ id: string; blockId: string }>), ...(view.orphans as Array<{ id: string; blockId: string }>)].map(
      (h) => [h.id, h.blockId],
    ),
  );
  // Without a manifest entry, the file's block ids tell which highlights it holds.
  const inFile = (h: Highlight): boolean => new RegExp(`\\^${blockIdOf.get(h.id)}(?![A-Za-z0-9-])`).test(text);
  const known = new Set(entry ? entry.highlightIds : item.highlights.filter(inFile).map((h) => h.id));
  const sorted = [...item.highlights].sort(byDocumentOrder);
  const fresh = sorted.filter((h) => !known.has(h.id) && !inFile(h));
  const currentIds = new Set(sorted.map((h) => h.id));

  if (entry) {
    const changed = sorted.filter((h) => known.has(h.id) && entry.highlights[h.id] !== undefined && entry.highlights[h.id] !== highlightFingerprint(h));
    const deleted = entry.highlightIds.filter((hid) => !currentIds.has(hid));
    if (changed.length) report.conflicts.push({ path, articleId: id, reason: 'highlights_changed', highlightIds: changed.map((h) => h.id) });
    if (deleted.length) report.conflicts.push({ path, articleId: id, reason: 'highlights_deleted', highlightIds: deleted });
    if (entry.note !== noteFingerprint(item.note)) report.conflicts.push({ path, articleId: id, reason: 'note_changed', highlightIds: [] });
  }

  if (fresh.length) {
    const separator = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    append(Buffer.concat([current, Buffer.from(separator + appendix(template, item, fresh, now), 'utf8')]));
    report.appended.push(path);
  } else {
    report.unchanged.push(path);
  }

  // The hash stays that of Gloss's last whole write, so the file stays "edited";
  // what it now holds: the old highlights as they were exported, plus the new ones.
  const highlights: Record<string, string> = {};
  for (const hid of known) {
    const live = sorted.find((h) => h.id === hid);
    const fingerprint = entry?.highlights[hid] ?? (live ? highlightFingerprint(live) : undefined);
    if (fingerprint !== undefined) highlights[hid] = fingerprint;
  }
  for (const h of fresh) highlights[h.id] = highlightFingerprint(h);
  return {
    path,
    hash: entry?.hash ?? '',
    highlightIds: [...(entry?.highlightIds ?? [...known]), ...fresh.map((h) => h.id)],
    highlights,
    note: entry?.note ?? noteFingerprint(item.note),
    exportedAt: now.toISOString(),
  };
}
