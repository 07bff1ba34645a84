/**
 * Markdown export from the UI, shared by the reader (Export notes, Copy as
 * Markdown) and the library (Export all…):
 * - desktop: a folder the user chooses, written in batches with progress,
 *   then a notice with what happened and Show in folder;
 * - browser host: the Markdown is rendered in batches and downloaded (one
 *   `.md` file, or a zip for several).
 */
import type { ExportReport, MarkdownFile } from '../../../shared/types';
import { skippedPhrase, type ExportPlan, type ExportScope } from '../../../shared/export-plan';
import { api, ApiError, shellKind } from './api';
import { messageOf } from './errors';
import { flushAllSavers } from './autosave.svelte';
import { writesSettled } from './writes';
import { zipFiles } from './zip';
import { conflictLine, localDay, plural, uniqueNames } from './export-files';

/** Ids per exportToFolder call (desktop). */
export const FOLDER_BATCH = 25;
/** Ids per renderMarkdown call (browser host). */
export const RENDER_BATCH = 50;

export interface ExportProgress {
  done: number;
  total: number;
}

/** Export all…, before it starts: the counts it offers a choice between. */
export interface ExportChoice {
  annotated: number;
  total: number;
  /** Preselected: annotated articles, or all when none has highlights or notes. */
  scope: ExportScope;
}

export interface ExportNotice {
  message: string;
  /** Files Gloss did not fully write because the user edited them. */
  conflicts: string[];
  /** Articles that could not be exported. */
  errors: string[];
  /** The folder written to (desktop), for Show in folder. */
  dir: string | null;
}

/** Starts a download of `data` as `fileName`. */
export function download(data: BlobPart, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start reading it before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

class ExportState {
  progress = $state<ExportProgress | null>(null);
  notice = $state<ExportNotice | null>(null);
  error = $state<string | null>(null);
  /** The reader's Copy as Markdown line ("Copied as Markdown"). */
  copyStatus = $state('');
  copyError = $state<string | null>(null);
  /** Markdown the clipboard refused: shown in a dialog to copy by hand. */
  fallbackMarkdown = $state<string | null>(null);
  copying = $state(false);
  /** Export all…'s question (which articles), while it is asked. */
  choice = $state<ExportChoice | null>(null);
  /** True from the click until the folder or download is done (including the folder chooser). */
  busy = $state(false);

  #copySeq = 0;
  #copyTimer: ReturnType<typeof setTimeout> | undefined;

  dismiss(): void {
    this.notice = null;
    this.error = null;
  }

  /** Moving to another view retires a plain notice; one listing conflicts or errors stays until dismissed. */
  retireNotice(): void {
    const notice = this.notice;
    if (this.busy || !notice) return;
    if (notice.conflicts.length === 0 && notice.errors.length === 0) this.notice = null;
  }

  /** Export all…: asks which articles (those with highlights or notes, or all), saying how many each is. */
  async exportAll(): Promise<void> {
    if (this.busy) return;
    this.dismiss();
    let plan: ExportPlan;
    try {
      await settle();
      plan = await api.planExport({ scope: 'annotated' });
    } catch (error) {
      this.error = `Could not export: ${messageOf(error)}`;
      return;
    }
    if (plan.total === 0) {
      this.notice = { message: 'Nothing to export yet: the library is empty.', conflicts: [], errors: [], dir: null };
      return;
    }
    this.choice = { annotated: plan.annotated, total: plan.total, scope: plan.annotated > 0 ? 'annotated' : 'all' };
  }

  cancelExportAll(): void {
    this.choice = null;
  }

  /** The answer to Export all…'s question: the articles of that scope, as the library holds them now. */
  async confirmExportAll(scope: ExportScope): Promise<void> {
    this.choice = null;
    let plan: ExportPlan;
    try {
      plan = await api.planExport({ scope });
    } catch (error) {
      this.error = `Could not export: ${messageOf(error)}`;
      return;
    }
    if (plan.ids.length === 0) {
      this.notice = {
        message: 'Nothing to export yet: no article has highlights or a note.',
        conflicts: [],
        errors: [],
        dir: null,
      };
      return;
    }
    await this.exportArticles(plan.ids, plan.skipped);
  }

  /**
   * Exports these articles: to a folder on the desktop, as downloads in the
   * browser. `skipped`: how many Export all… left out, for the message.
   */
  async exportArticles(ids: readonly string[], skipped = 0): Promise<void> {
    if (this.busy || ids.length === 0) return;
    this.busy = true;
    this.dismiss();
    try {
      await settle();
      if (shellKind === 'electron') {
        let dir: string | null;
        try {
          dir = (await api.chooseExportFolder({}))?.dir ?? null;
        } catch (error) {
          if (error instanceof ApiError && error.code === 'unsupported') {
            await this.#download(ids, skipped);
            return;
          }
          throw error;
        }
        if (dir) await this.#toFolder(dir, ids, skipped);
      } else {
        await this.#download(ids, skipped);
      }
    } catch (error) {
      this.error = `Could not export: ${messageOf(error)}`;
    } finally {
      this.progress = null;
      this.busy = false;
    }
  }

  async #toFolder(dir: string, ids: readonly string[], skipped: number): Promise<void> {
    const report: ExportReport = { written: [], unchanged: [], appended: [], conflicts: [], errors: [] };
    this.progress = { done: 0, total: ids.length };
    for (const batch of chunks(ids, FOLDER_BATCH)) {
      try {
        const part = await api.exportToFolder({ dir, articleIds: batch });
        report.written.push(...part.written);
        report.unchanged.push(...part.unchanged);
        report.appended.push(...part.appended);
        report.conflicts.push(...part.conflicts);
        report.errors.push(...part.errors);
      } catch (error) {
        // One failed batch does not lose the others: report its articles.
        const message = messageOf(error);
        report.errors.push(...batch.map((articleId) => ({ articleId, message })));
      }
      this.progress = { done: this.progress.done + batch.length, total: ids.length };
    }
    const failed = new Set(report.errors.map((e) => e.articleId)).size;
    const exported = ids.length - failed;
    this.notice = {
      message: withSkipped(`Exported ${plural(exported, 'article')} to ${dir}`, skipped),
      conflicts: report.conflicts.map(conflictLine),
      errors: report.errors.map((e) => `${e.articleId}: ${e.message}`),
      dir,
    };
  }

  async #download(ids: readonly string[], skipped: number): Promise<void> {
    const files: MarkdownFile[] = [];
    this.progress = { done: 0, total: ids.length };
    for (const batch of chunks(ids, RENDER_BATCH)) {
      files.push(...(await api.renderMarkdown({ articleIds: batch })));
      this.progress = { done: this.progress.done + batch.length, total: ids.length };
    }
    if (files.length === 0) throw new Error('There was nothing to export.');
    const names = uniqueNames(files.map((f) => f.fileName));
    let fileName: string;
    if (files.length === 1) {
      fileName = names[0]!;
      download(files[0]!.markdown, fileName, 'text/markdown;charset=utf-8');
    } else {
      const encoder = new TextEncoder();
      const zip = zipFiles(files.map((f, i) => ({ name: names[i]!, data: encoder.encode(f.markdown) })));
      fileName = `gloss-export-${localDay()}.zip`;
      download(zip, fileName, 'application/zip');
    }
    this.notice = {
      message: withSkipped(`Downloaded ${plural(files.length, 'article')} as ${fileName}`, skipped),
      conflicts: [],
      errors: [],
      dir: null,
    };
  }

  async showFolder(dir: string): Promise<void> {
    try {
      await api.showFolder({ dir });
    } catch (error) {
      this.error = `Could not show the folder: ${messageOf(error)}`;
    }
  }

  /**
   * Copies one article's notes as Markdown, without the file's YAML front
   * matter (it is for a vault, not for pasting); falls back to a dialog when
   * the clipboard refuses.
   */
  async copyMarkdown(articleId: string): Promise<void> {
    if (this.copying) return;
    this.copying = true;
    this.copyError = null;
    this.#announceCopy('');
    let markdown: string;
    try {
      await settle();
      const [file] = await api.renderMarkdown({ articleIds: [articleId], frontMatter: false });
      if (!file) throw new Error('There was nothing to copy.');
      markdown = file.markdown;
    } catch (error) {
      this.copyError = `Could not copy as Markdown: ${messageOf(error)}`;
      this.copying = false;
      return;
    }
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(markdown);
      this.#announceCopy('Copied as Markdown');
    } catch {
      this.fallbackMarkdown = markdown;
    } finally {
      this.copying = false;
    }
  }

  closeFallback(): void {
    this.fallbackMarkdown = null;
  }

  clearCopyMessages(): void {
    clearTimeout(this.#copyTimer);
    this.copyStatus = '';
    this.copyError = null;
  }

  #announceCopy(message: string): void {
    clearTimeout(this.#copyTimer);
    // Repeat announcements must change the text to be spoken again.
    this.#copySeq++;
    this.copyStatus = message && this.#copySeq % 2 === 0 ? `${message}\u00a0` : message;
    if (message) this.#copyTimer = setTimeout(() => (this.copyStatus = ''), 6000);
  }
}

/** "Exported 3 articles to DIR; 22 without highlights or notes skipped." when Export all… left some out. */
function withSkipped(message: string, skipped: number): string {
  return skipped > 0 ? `${message}; ${skippedPhrase(skipped)}.` : message;
}

/** Notes and highlights still being saved must be in the export. */
async function settle(): Promise<void> {
  await flushAllSavers();
  await writesSettled();
}

export const exporter = new ExportState();
