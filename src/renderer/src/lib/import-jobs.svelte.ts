/**
 * Big exports (an Omnivore ZIP) imported in the background by main
 * (src/main/migrate/import-jobs.ts): the renderer starts a job, then polls
 * its progress while one runs, and offers Cancel, Resume and Dismiss. Jobs
 * live in main (with the file), so a reload or a restart finds them again;
 * one cut short by a quit or a crash comes back paused.
 */
import type { ImportJob } from '../../../shared/types';
import { api, ApiError } from './api';
import { messageOf } from './errors';
import { libraryList } from './library-list.svelte';
import { queuePagesToSave } from './pages-to-save';

/** How often progress is asked for while a job runs. */
const POLL_MS = 400;

class ImportJobsState {
  jobs = $state<ImportJob[]>([]);
  error = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastDone = -1;

  /** The jobs main has (after a reload or a restart); starts polling if one runs. */
  async load(): Promise<void> {
    try {
      this.#apply(await api.listImportJobs({}));
    } catch {
      // An older main without jobs, or the library closed: nothing to show.
    }
  }

  /**
   * Starts a background import of `file`; false when main says it is not an
   * export it imports that way (the caller imports it as any other file).
   */
  async start(file: File): Promise<boolean> {
    try {
      const job = await api.startImportJob({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) });
      this.#apply([...this.jobs.filter((j) => j.id !== job.id), job]);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unsupported_format') return false;
      throw error;
    }
  }

  async cancel(id: string): Promise<void> {
    await this.#act(() => api.cancelImportJob({ id }));
  }

  async resume(id: string): Promise<void> {
    await this.#act(() => api.resumeImportJob({ id }));
  }

  /** Queues the pages of a finished job's items without content (the URL-list job saves them), then forgets the job. */
  async savePages(job: ImportJob): Promise<void> {
    const entries = job.report?.toSave ?? [];
    if (entries.length === 0) return;
    await this.dismiss(job.id);
    await queuePagesToSave(job.source, entries);
  }

  async dismiss(id: string): Promise<void> {
    try {
      await api.dismissImportJob({ id });
      this.jobs = this.jobs.filter((j) => j.id !== id);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  async #act(call: () => Promise<ImportJob>): Promise<void> {
    this.error = null;
    try {
      const job = await call();
      this.#apply(this.jobs.map((j) => (j.id === job.id ? job : j)));
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  #apply(jobs: ImportJob[]): void {
    this.jobs = jobs;
    const active = jobs.some((j) => j.state === 'running' || j.state === 'cancelling');
    // New articles appear in the list as they are imported, and once more at the end.
    const done = jobs.reduce((n, j) => n + j.done, 0);
    if (done !== this.#lastDone) {
      this.#lastDone = done;
      void libraryList.reload();
    }
    if (active && !this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.load();
      }, POLL_MS);
    }
  }
}

export const importJobs = new ImportJobsState();
