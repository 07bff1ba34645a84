/**
 * Library state shared by the views: the article list, file imports with
 * their progress and errors, and the pending delete confirmation.
 */
import type { ArticleSummary } from '../../../shared/types';
import { api, ApiError } from './api';
import { messageOf } from './errors';

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

export const IMPORT_ACCEPT = '.txt,.md,.markdown,.html,.htm';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

class LibraryState {
  articles = $state<ArticleSummary[]>([]);
  /** True once the list has been fetched at least once. */
  loaded = $state(false);
  loading = $state(false);
  loadError = $state<string | null>(null);

  progress = $state<ImportProgress | null>(null);
  /** "Imported 4 of 5 files." once a batch is done. */
  importSummary = $state<string | null>(null);
  importFailures = $state<ImportFailure[]>([]);

  pendingDelete = $state<DeleteRequest | null>(null);
  deleteError = $state<string | null>(null);

  #queue: File[] = [];
  #batchTotal = 0;
  #batchDone = 0;
  #batchImported = 0;
  #refreshSeq = 0;

  get importing(): boolean {
    return this.progress !== null;
  }

  async refresh(): Promise<void> {
    const seq = ++this.#refreshSeq;
    this.loading = true;
    try {
      const list = await api.listArticles({});
      if (seq !== this.#refreshSeq) return;
      this.articles = list;
      this.loadError = null;
      this.loaded = true;
    } catch (error) {
      if (seq !== this.#refreshSeq) return;
      this.loadError = messageOf(error);
    } finally {
      if (seq === this.#refreshSeq) this.loading = false;
    }
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
    this.importSummary = null;
    this.importFailures = [];
    let file: File | undefined;
    while ((file = this.#queue.shift())) {
      this.progress = { current: this.#batchDone + 1, total: this.#batchTotal, name: file.name };
      try {
        const buffer = await file.arrayBuffer();
        await api.importFile({ name: file.name, data: new Uint8Array(buffer) });
        this.#batchImported++;
      } catch (error) {
        this.importFailures.push({ name: file.name, message: messageOf(error) });
      }
      this.#batchDone++;
    }
    this.progress = null;
    this.importSummary = `Imported ${this.#batchImported} of ${plural(this.#batchTotal, 'file')}.`;
    await this.refresh();
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
    this.articles = this.articles.filter((a) => a.id !== request.id);
    this.pendingDelete = null;
    this.deleteError = null;
    void this.refresh();
    return true;
  }
}

export const library = new LibraryState();
