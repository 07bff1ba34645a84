/**
 * Saving web pages: single addresses (the Save URL form, paste, a dropped
 * link) one after another, and bulk jobs from a list of URLs (text list,
 * bookmarks HTML, Pocket/Instapaper/Omnivore CSV) with progress, cancel,
 * resume (also after a reload: the pending job is kept in localStorage) and
 * retry of the failed pages. The main process fetches, extracts and stores.
 */
import type { UrlListEntry } from '../../../shared/types';
import { readWebAddress } from '../../../shared/web-address';
import { saveUrlArgs } from '../../../shared/save-args';
import { api } from './api';
import { messageOf } from './errors';
import { library, updateSummary } from './library.svelte';
import { onPagesToSave } from './pages-to-save';
import { router } from './router.svelte';

export const URL_LIST_ACCEPT = '.txt,.csv,.html,.htm,.zip';

const JOB_KEY = 'gloss.urlJob';

/**
 * The web address `text` is (trimmed, one word), or null, by the one rule
 * (shared/web-address.ts): an http(s) URL, or an address typed without a
 * scheme (`example.com/page`), which main tries over https, then http.
 */
export function webAddress(text: string): string | null {
  return readWebAddress(text) ? text.trim().replace(/^<(.*)>$/s, '$1').trim() : null;
}

/** The first address of a text/uri-list (comments start with #). */
export function firstUriListAddress(list: string): string | null {
  for (const line of list.split(/\r?\n/)) {
    if (line.startsWith('#')) continue;
    const address = webAddress(line);
    if (address) return address;
  }
  return null;
}

/**
 * The reason in one of main's messages without its "Could not download
 * <url>: " opening, for showing beside the address it is about.
 */
export function reasonOf(message: string): string {
  return message.replace(/^Could not (?:download|save) \S+: /, '');
}

/** Why the last single save (or reading a list) failed, shown by the form. */
export interface SaveError {
  /** The address (or list file) concerned. */
  subject: string;
  /** "Could not save <subject>: <reason>" */
  text: string;
}

function saveError(subject: string, message: string, verb = 'save'): SaveError {
  return { subject, text: `Could not ${verb} ${subject}: ${reasonOf(message)}` };
}

export interface JobFailure {
  url: string;
  reason: string;
  /** Line of the list file, for lines that were not web addresses. */
  line?: number;
  /** What to save again on Retry; absent for lines that were not addresses. */
  entry?: UrlListEntry;
}

/** A bulk save, as kept in localStorage. */
export interface UrlJob {
  /** The list file's name. */
  source: string;
  total: number;
  saved: number;
  /** Already in the library (a resumed or repeated job skips them). */
  already: number;
  /** Still to save, first one next (or being saved). */
  pending: UrlListEntry[];
  failures: JobFailure[];
}

function isJob(value: unknown): value is UrlJob {
  if (!value || typeof value !== 'object') return false;
  const job = value as Partial<UrlJob>;
  return (
    typeof job.source === 'string' &&
    typeof job.total === 'number' &&
    typeof job.saved === 'number' &&
    typeof job.already === 'number' &&
    Array.isArray(job.pending) &&
    job.pending.every((e) => e && typeof e.url === 'string' && Array.isArray(e.tags)) &&
    Array.isArray(job.failures)
  );
}

function loadJob(): UrlJob | null {
  try {
    const raw = localStorage.getItem(JOB_KEY);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return isJob(value) ? value : null;
  } catch {
    return null;
  }
}


class WebSaves {
  /** The address being saved by a single save. */
  saving = $state<string | null>(null);
  /** "Saved “Title”." after a single save. */
  notice = $state<string | null>(null);
  error = $state<SaveError | null>(null);

  job = $state<UrlJob | null>(loadJob());
  running = $state(false);
  /** Cancel asked: the job stops after the page being saved. */
  cancelling = $state(false);

  #chain: Promise<unknown> = Promise.resolve();

  /** Pending entries are left and nothing is saving: Resume continues. */
  get paused(): boolean {
    return !this.running && (this.job?.pending.length ?? 0) > 0;
  }

  /**
   * Saves one address (after any single save still running); true when it
   * was saved, updated or deliberately skipped.
   */
  save(url: string): Promise<boolean> {
    const run = this.#chain.then(() => this.#saveOne(url));
    this.#chain = run;
    return run;
  }

  async #saveOne(url: string): Promise<boolean> {
    this.saving = url;
    this.error = null;
    this.notice = null;
    try {
      let result = await api.saveUrl({ url, mode: 'ask' });
      if (result.status === 'duplicate') {
        const choice = await library.askDuplicate(url, result.existing, result.match, 'url');
        if (choice === 'skip' || choice === 'open') {
          this.notice = `Skipped: “${result.existing.title}” is already in your library.`;
          if (choice === 'open') router.openArticle(result.existing.id);
          return true;
        }
        result = await api.saveUrl({ url, mode: choice });
      }
      if (result.status === 'updated') {
        this.notice = updateSummary(result.article.title, result.report);
        library.bumpRevision(result.article.id);
      } else {
        this.notice = `Saved “${result.article.title}”.`;
      }
      await library.refresh();
      return true;
    } catch (error) {
      this.error = saveError(url, messageOf(error));
      return false;
    } finally {
      this.saving = null;
    }
  }

  dismissError(): void {
    this.error = null;
  }

  retireNotice(): void {
    if (!this.saving) this.notice = null;
  }

  /** Reads a list of URLs and saves them (joining a job that is not finished). */
  async importList(file: File): Promise<void> {
    this.error = null;
    let list;
    try {
      list = await api.parseUrlList({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) });
    } catch (error) {
      this.error = saveError(file.name, messageOf(error), 'read');
      return;
    }
    const invalid: JobFailure[] = list.invalid.map((item) => ({
      url: item.value,
      reason: 'not a web address',
      ...(item.line !== undefined ? { line: item.line } : {}),
    }));
    await this.queue(file.name, list.entries, invalid);
  }

  /**
   * Saves these pages in the background (joining a job that is not
   * finished): a list file's, or the pages a Pocket, Instapaper or
   * Hypothesis import left to save, whose highlights wait for them.
   */
  async queue(source: string, entries: UrlListEntry[], invalid: JobFailure[] = []): Promise<void> {
    const job = this.job;
    const added = entries.length + invalid.length;
    if (job && job.pending.length > 0) {
      job.pending.push(...entries);
      job.failures.push(...invalid);
      job.total += added;
    } else {
      this.job = { source, total: added, saved: 0, already: 0, pending: entries, failures: invalid };
    }
    this.#persist();
    await this.run();
  }

  /** Saves the pending entries one after another until done or cancelled. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.cancelling = false;
    try {
      for (;;) {
        const job = this.job;
        const entry = job?.pending[0];
        if (!job || !entry || this.cancelling) break;
        try {
          const result = await api.saveUrl(saveUrlArgs(entry));
          if (result.status === 'duplicate') job.already++;
          else job.saved++;
        } catch (error) {
          job.failures.push({ url: entry.url, reason: reasonOf(messageOf(error)), entry });
        }
        job.pending.shift();
        this.#persist();
        void library.refresh();
      }
    } finally {
      this.running = false;
      this.cancelling = false;
      this.#persist();
    }
  }

  cancel(): void {
    if (this.running) this.cancelling = true;
  }

  /** Saves the failed pages again (lines that were not addresses stay failed). */
  async retryFailed(): Promise<void> {
    const job = this.job;
    if (!job || this.running) return;
    const retry = job.failures.filter((f) => f.entry);
    if (retry.length === 0) return;
    job.failures = job.failures.filter((f) => !f.entry);
    job.pending.push(...retry.map((f) => f.entry!));
    this.#persist();
    await this.run();
  }

  /** Forgets the job (and what it had left to do). */
  dismissJob(): void {
    if (this.running) return;
    this.job = null;
    this.#persist();
  }

  /** Keeps the job while it has pages to save or failures to retry. */
  #persist(): void {
    try {
      const job = this.job;
      if (job && (job.pending.length > 0 || job.failures.length > 0)) {
        localStorage.setItem(JOB_KEY, JSON.stringify($state.snapshot(job)));
      } else {
        localStorage.removeItem(JOB_KEY);
      }
    } catch {
      // Storage full or unavailable: the job still runs, it just cannot resume after a reload.
    }
  }
}

export const webSaves = new WebSaves();
onPagesToSave((source, entries) => webSaves.queue(source, entries));
