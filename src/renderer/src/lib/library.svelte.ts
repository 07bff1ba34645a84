/**
 * Library state shared by the views: the article list, file imports with
 * their progress and errors, and deleting one article (with Undo).
 */
import { tick } from 'svelte';
import type { AnchoringReport, ArticleSummary, DuplicateMatch, ImportResult } from '../../../shared/types';
import { highlightsReportSentence } from '../../../shared/highlights-report';
import { importLimitOf, tooLargeToImport } from '../../../shared/import-limit';
import type { ImportItem } from './page-files';
import { api, ApiError } from './api';
import { messageOf } from './errors';
import { flushAllSavers } from './autosave.svelte';
import { writesSettled } from './writes';
import { libraryList } from './library-list.svelte';
import { messages } from './messages.svelte';
import { hashFor, router } from './router.svelte';
import { attachOffers } from './attach-offers.svelte';
import { withPdfPassword } from './import-password';
import { rememberPdfPasswordOf } from './pdf-passwords';
import { importJobs } from './import-jobs.svelte';
import { queuePagesToSave } from './pages-to-save';

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

/** What to do with a file whose article is already in the library ('open': skip it and open the one there). */
export type DuplicateChoice = 'update' | 'new' | 'skip' | 'open';

export interface DuplicateQuestion {
  /** A file's name, or the web address being saved. */
  fileName: string;
  /** What is being imported: a file, or a web page (refreshed by fetching it again). */
  kind: 'file' | 'url';
  /** The title of the article already in the library. */
  title: string;
  /** 'identical': nothing new (Skip is the default); 'same-source': another version of it (Update is offered). */
  match: DuplicateMatch;
  answer: (choice: DuplicateChoice) => void;
}

/** A password-protected PDF waiting for its password (answer null: skip it). */
export interface PasswordQuestion {
  fileName: string;
  /** The password given last was not right. */
  wrong: boolean;
  /** A password was given and is being tried (the dialog stays open meanwhile). */
  checking: boolean;
  answer: (password: string | null) => void;
}

/** "Updated “Title”: 3 highlights placed, 1 moved, 1 not found." */
export function updateSummary(title: string, report: AnchoringReport): string {
  return `Updated “${title}”: ${plural(report.exact, 'highlight')} placed, ${report.moved} moved, ${report.orphaned} not found.`;
}

// .txt and .csv also take highlights exports (Kindle's My Clippings.txt, Readwise's CSV), .zip Omnivore's export, recognised by their content.
export const IMPORT_ACCEPT = '.txt,.md,.markdown,.html,.htm,.pdf,.epub,.csv,.zip';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

class LibraryState {
  progress = $state<ImportProgress | null>(null);
  /** "Imported 4 of 5 files." once a batch is done. */
  importSummary = $state<string | null>(null);
  importFailures = $state<ImportFailure[]>([]);
  /** Highlights exports of the batch: the first source of each, linked from the summary. */
  importSources = $state<ArticleSummary[]>([]);

  /** A re-import waiting for the user: update, import as new, or skip. */
  pendingDuplicate = $state<DuplicateQuestion | null>(null);
  /** A protected PDF waiting for its password (PasswordDialog). */
  pendingPassword = $state<PasswordQuestion | null>(null);
  /** Bumped when an article's text is replaced, so an open reader reloads it. */
  revisions = $state<Record<string, number>>({});

  #queue: ImportItem[] = [];
  #batchTotal = 0;
  #batchDone = 0;
  #batchImported = 0;
  #batchSkipped = 0;
  #batchLocked = 0;
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
   * Imports files one after another (a saved page with the images of its
   * folder: see page-files.ts). Files added while a batch runs join it.
   * Resolves when the whole batch is done.
   */
  async importFiles(files: Iterable<File | ImportItem>): Promise<void> {
    const list = [...files].map((f) => (f instanceof File ? { file: f } : f));
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
    this.#batchLocked = 0;
    this.#batchUpdates = [];
    this.importSummary = null;
    this.importFailures = [];
    this.importSources = [];
    // What may belong together (a book and its Kindle highlights): offered once the batch is done.
    const arrived = { documents: [] as ArticleSummary[], sources: [] as string[] };
    let item: ImportItem | undefined;
    while ((item = this.#queue.shift())) {
      const file = item.file;
      this.progress = { current: this.#batchDone + 1, total: this.#batchTotal, name: file.name };
      try {
        // A big export (an Omnivore ZIP) imports in the background, with its own progress (ImportJobStatus).
        if (/\.zip$/i.test(file.name) && (await importJobs.start(file))) {
          this.#batchUpdates.push(`Importing ${file.name} in the background.`);
          this.#batchDone++;
          continue;
        }
        // Refused before its bytes are read into memory (the host would refuse it after the upload).
        if (file.size > importLimitOf(file.name)) {
          this.importFailures.push({ name: file.name, message: tooLargeToImport(file.name) });
          this.#batchDone++;
          continue;
        }
        const buffer = await file.arrayBuffer();
        const data = new Uint8Array(buffer);
        const resources = item.resources?.length
          ? await Promise.all(item.resources.map(async (r) => ({ name: r.name, data: new Uint8Array(await r.file.arrayBuffer()) })))
          : undefined;
        const base = { name: file.name, data, ...(resources ? { resources } : {}) };
        // A protected PDF: asked for its password until it opens or is skipped (then nothing is stored).
        const first = await withPdfPassword(
          (password) => api.importFile({ ...base, ...(password !== undefined ? { password } : {}), mode: 'ask' }),
          (wrong) => this.askPassword(file.name, wrong),
        ).finally(() => {
          // The password was right (or the import failed otherwise): the dialog closes.
          this.pendingPassword = null;
        });
        if (!first) {
          this.#batchLocked++;
          this.#batchDone++;
          continue;
        }
        const args = { ...base, ...(first.password !== undefined ? { password: first.password } : {}) };
        let result: ImportResult = first.result;
        if (result.status === 'duplicate') {
          const choice = await this.askDuplicate(file.name, result.existing, result.match);
          if (choice === 'skip' || choice === 'open') {
            this.#batchSkipped++;
            if (choice === 'open') router.openArticle(result.existing.id);
          } else {
            result = await api.importFile({ ...args, mode: choice });
          }
        }
        // The PDF the password opened opens in the reader without asking again (in memory only).
        if (first.password !== undefined) await rememberPdfPasswordOf(data, first.password);
        if (result.status === 'imported') {
          this.#batchImported++;
          arrived.documents.push(result.article);
        } else if (result.status === 'updated') {
          this.#batchUpdates.push(updateSummary(result.article.title, result.report));
          this.bumpRevision(result.article.id);
        } else if (result.status === 'highlights') {
          // One report per highlights export; its failed entries are listed with the other failures.
          this.#batchImported++;
          this.#batchUpdates.push(`Highlights from ${highlightsReportSentence(file.name, result.report)}.`);
          arrived.sources.push(...result.report.articleIds);
          this.importSources.push(result.article);
          // Pocket, Instapaper, Hypothesis: their pages are saved in the background; each takes the highlights waiting for it.
          const toSave = result.report.toSave;
          if (toSave?.length) void queuePagesToSave(file.name, toSave);
          for (const f of result.report.failures) this.importFailures.push({ name: `${file.name}, ${f.where}`, message: f.reason });
        }
      } catch (error) {
        this.importFailures.push({ name: file.name, message: messageOf(error) });
      }
      this.#batchDone++;
    }
    this.progress = null;
    const parts: string[] = [];
    if (this.#batchImported > 0 || (this.#batchUpdates.length === 0 && this.#batchSkipped === 0 && this.#batchLocked === 0)) {
      parts.push(`Imported ${this.#batchImported} of ${plural(this.#batchTotal, 'file')}.`);
    }
    parts.push(...this.#batchUpdates);
    if (this.#batchSkipped > 0) parts.push(`Skipped ${plural(this.#batchSkipped, 'file')} already in the library.`);
    if (this.#batchLocked > 0) parts.push(`Skipped ${plural(this.#batchLocked, 'file')} protected by a password.`);
    this.importSummary = parts.join(' ');
    await this.refresh();
    await attachOffers.offerAfterImport(arrived.documents, arrived.sources);
  }

  /**
   * Asks what to do with an import whose article is already in the library
   * (the duplicate dialog). Questions asked while one is open wait their turn.
   */
  askDuplicate(
    fileName: string,
    existing: { title: string },
    match: DuplicateMatch,
    kind: 'file' | 'url' = 'file',
  ): Promise<DuplicateChoice> {
    const title = existing.title;
    const asked = this.#questions.then(
      () =>
        new Promise<DuplicateChoice>((resolve) => {
          this.pendingDuplicate = {
            fileName,
            kind,
            title,
            match,
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

  /** Asks for a protected PDF's password (PasswordDialog); null: skip it. Waits for any question on screen. */
  askPassword(fileName: string, wrong: boolean): Promise<string | null> {
    const asked = this.#questions.then(
      () =>
        new Promise<string | null>((resolve) => {
          const question: PasswordQuestion = {
            fileName,
            wrong,
            checking: false,
            answer: (password) => {
              this.pendingPassword = password === null ? null : { ...question, checking: true, answer: () => {} };
              resolve(password);
            },
          };
          this.pendingPassword = question;
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
    if (!this.progress && this.importFailures.length === 0) {
      this.importSummary = null;
      this.importSources = [];
    }
  }

  dismissImportMessages(): void {
    this.importSummary = null;
    this.importSources = [];
    this.importFailures = [];
  }

  /**
   * Deletes one article at once and says so with Undo (the rule for every
   * destructive action: no question first). The same core call as a bulk
   * delete, so Undo puts back its highlights, notes and tags too. From the
   * reader, the library is shown (with the message); from the list, focus
   * moves to the next row. True when it is gone.
   */
  async requestDelete(request: DeleteRequest): Promise<boolean> {
    const index = libraryList.indexOf(request.id);
    const scope = hashFor({ name: 'library' });
    let undoToken: string | null = null;
    try {
      ({ undoToken } = await api.deleteArticles({ ids: [request.id] }));
    } catch (error) {
      // Already gone (another window) counts as deleted, without an undo.
      if (!(error instanceof ApiError && error.code === 'not_found')) {
        messages.error(`Could not delete “${request.title}”: ${messageOf(error)}`);
        return false;
      }
    }
    libraryList.selected.delete(request.id);
    const token = undoToken;
    messages.success(`Deleted “${request.title}”.`, {
      scope,
      undo: token === null ? undefined : {
        run: async () => {
          try {
            await api.undoDeleteArticles({ undoToken: token });
          } finally {
            await this.refresh();
          }
        },
        done: `Restored “${request.title}”.`,
      },
    });
    if (request.from === 'reader') {
      // The article is gone: nothing to return focus to.
      router.returnFocusId = null;
      router.toLibrary();
      return true;
    }
    await this.refresh();
    await tick();
    focusAfterDelete(index);
    return true;
  }
}

/** Focus the next article's title (or the previous one, or the heading) after a delete from the list. */
function focusAfterDelete(index: number): void {
  const next = index < 0 ? undefined : (libraryList.itemAt(index) ?? libraryList.itemAt(index - 1));
  const target = next ? document.getElementById(`article-title-${next.id}`) : document.getElementById('library-heading');
  target?.focus();
}

export const library = new LibraryState();
