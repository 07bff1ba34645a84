/**
 * Library state shared by the views: the article list, file imports with
 * their progress and errors, and the pending delete confirmation.
 */
import type { AnchoringReport, ImportResult } from '../../../shared/types';
import { api, ApiError } from './api';
import { messageOf } from './errors';
import { flushAllSavers } from './autosave.svelte';
import { writesSettled } from './writes';
import { libraryList } from './library-list.svelte';

export interface ImportFailure {
  name: string;
  message: string;
}

export interface ImportProgress {
  /** 1-based index of the file being imported. */
  current: number;
  total: number;
  name: string;
}

export interface DeleteRequest {
  id: string;
  title: string;
  /** Where the user asked: the reader returns to the library afterwards. */
  from: 'library' | 'reader';
}

/** What to do with a file whose article is already in the library. */
export type DuplicateChoice = 'update' | 'new' | 'skip';

export interface DuplicateQuestion {
  /** A file's name, or the web address being saved. */
  fileName: string;
  /** What is being imported: a file, or a web page (refreshed by fetching it again). */
  kind: 'file' | 'url';
  /** The title of the article already in the library. */
  title: string;
  answer: (choice: DuplicateChoice) => void;
}

/** "Updated “Title”: 3 highlights placed, 1 moved, 1 not found." */
export function updateSummary(title: string, report: AnchoringReport): string {
  return `Updated “${title}”: ${plural(report.exact, 'highlight')} placed, ${report.moved} moved, ${report.orphaned} not found.`;
}

export const IMPORT_ACCEPT = '.txt,.md,.markdown,.html,.htm';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

class LibraryState {
  progress = $state<ImportProgress | null>(null);
  /** "Imported 4 of 5 files." once a batch is done. */
  importSummary = $state<string | null>(null);
  importFailures = $state<ImportFailure[]>([]);

  /** A re-import waiting for the user: update, import as new, or skip. */
  pendingDuplicate = $state<DuplicateQuestion | null>(null);
  /** Bumped when an article's text is replaced, so an open reader reloads it. */
  revisions = $state<Record<string, number>>({});

  pendingDelete = $state<DeleteRequest | null>(null);
  deleteError = $state<string | null>(null);

  #queue: File[] = [];
  #batchTotal = 0;
  #batchDone = 0;
  #batchImported = 0;
  #batchSkipped = 0;
  #batchUpdates: string[] = [];
  /** Questions wait for the one on screen to be answered. */
  #questions: Promise<unknown> = Promise.resolve();

  get importing(): boolean {
    return this.progress !== null;
  }

  /** Reloads the visible part of the library list (after imports, deletes, saves). */
  async refresh(): Promise<void> {
    // Counts must include notes and highlights still on their way.
    await flushAllSavers();
    await writesSettled();
    await libraryList.reload();
  }

  /**
   * Imports files one after another. Files added while a batch runs join it.
   * Resolves when the whole batch is done.
   */
  async importFiles(files: Iterable<File>): Promise<void> {
    const list = [...files];
    if (list.length === 0) return;
    this.#queue.push(...list);
    if (this.progress) {
      this.#batchTotal += list.length;
      this.progress.total = this.#batchTotal;
      return;
    }
    this.#batchTotal = list.length;
    this.#batchDone = 0;
    this.#batchImported = 0;
    this.#batchSkipped = 0;
    this.#batchUpdates = [];
    this.importSummary = null;
    this.importFailures = [];
    let file: File | undefined;
    while ((file = this.#queue.shift())) {
      this.progress = { current: this.#batchDone + 1, total: this.#batchTotal, name: file.name };
      try {
        const buffer = await file.arrayBuffer();
        const data = new Uint8Array(buffer);
        let result: ImportResult = await api.importFile({ name: file.name, data, mode: 'ask' });
        if (result.status === 'duplicate') {
          const choice = await this.askDuplicate(file.name, result.existing.title);
          if (choice === 'skip') {
            this.#batchSkipped++;
          } else {
            result = await api.importFile({ name: file.name, data, mode: choice });
          }
        }
        if (result.status === 'imported') {
          this.#batchImported++;
        } else if (result.status === 'updated') {
          this.#batchUpdates.push(updateSummary(result.article.title, result.report));
          this.bumpRevision(result.article.id);
        }
      } catch (error) {
        this.importFailures.push({ name: file.name, message: messageOf(error) });
      }
      this.#batchDone++;
    }
    this.progress = null;
    const parts: string[] = [];
    if (this.#batchImported > 0 || (this.#batchUpdates.length === 0 && this.#batchSkipped === 0)) {
      parts.push(`Imported ${this.#batchImported} of ${plural(this.#batchTotal, 'file')}.`);
    }
    parts.push(...this.#batchUpdates);
    if (this.#batchSkipped > 0) parts.push(`Skipped ${plural(this.#batchSkipped, 'file')} already in the library.`);
    this.importSummary = parts.join(' ');
    await this.refresh();
  }

  /**
   * Asks what to do with an import whose article is already in the library
   * (the duplicate dialog). Questions asked while one is open wait their turn.
   */
  askDuplicate(fileName: string, title: string, kind: 'file' | 'url' = 'file'): Promise<DuplicateChoice> {
    const asked = this.#questions.then(
      () =>
        new Promise<DuplicateChoice>((resolve) => {
          this.pendingDuplicate = {
            fileName,
            kind,
            title,
            answer: (choice) => {
              this.pendingDuplicate = null;
              resolve(choice);
            },
          };
        }),
    );
    this.#questions = asked;
    return asked;
  }

  /** Tells an open reader that this article's text was replaced. */
  bumpRevision(id: string): void {
    this.revisions[id] = (this.revisions[id] ?? 0) + 1;
  }

  /** Forgets a finished batch's summary line (not its failures). */
  clearImportSummary(): void {
    if (!this.progress && this.importFailures.length === 0) this.importSummary = null;
  }

  dismissImportMessages(): void {
    this.importSummary = null;
    this.importFailures = [];
  }

  requestDelete(request: DeleteRequest): void {
    this.deleteError = null;
    this.pendingDelete = request;
  }

  cancelDelete(): void {
    this.pendingDelete = null;
    this.deleteError = null;
  }

  /** Deletes the pending article; true when it is gone. */
  async confirmDelete(): Promise<boolean> {
    const request = this.pendingDelete;
    if (!request) return false;
    try {
      await api.deleteArticle({ id: request.id });
    } catch (error) {
      // Already gone counts as deleted.
      if (!(error instanceof ApiError && error.code === 'not_found')) {
        this.deleteError = messageOf(error);
        return false;
      }
    }
    libraryList.selected.delete(request.id);
    this.pendingDelete = null;
    this.deleteError = null;
    await this.refresh();
    return true;
  }
}

export const library = new LibraryState();
