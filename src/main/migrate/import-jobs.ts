/**
 * Big exports imported in the background (an Omnivore ZIP of thousands of
 * items): a job per file, run by main between other requests (the import
 * yields to the event loop after each item), with progress ("412 of
 * 5,000"), cancel (after the item being imported) and resume. The file and
 * the job's state are kept in the library's `import-jobs/` folder until the
 * job is dismissed, so a job cut short by a crash or a quit is found again
 * as paused and resumes where it stopped: items before `done` are skipped,
 * and one that was half done is found by its identity (omnivore-import.ts),
 * so nothing is added twice. The shells poll `list()`. Each item imported
 * tells the library's sync service, as an API write does (its debounce
 * gathers them into a round every few seconds).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { MAX_PDF_BYTES } from '../../shared/contract';
import { megabytes } from '../import';
import type { HighlightsImportReport, ImportJob } from '../../shared/types';
import { GlossError, userErrorOf } from '../../shared/errors';
import { noteLocalChange } from '../sync-service/service';
import { isOmnivoreExport } from './omnivore-export';
import { importOmnivoreExport, type OmnivoreStores } from './omnivore-import';

export const IMPORT_JOBS_FOLDER = 'import-jobs';
/** An upload not finished after this long was cut short by a crash. */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;
/** Progress is written to disk at most this often (it is live in memory). */
const SAVE_EVERY_MS = 1000;

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

function isJob(value: unknown): value is ImportJob {
  if (!value || typeof value !== 'object') return false;
  const j = value as Partial<ImportJob>;
  return typeof j.id === 'string' && /^[a-z0-9]{4,40}$/.test(j.id) && typeof j.source === 'string' && typeof j.total === 'number' && typeof j.done === 'number' && typeof j.state === 'string';
}

/** Adds what a resumed run did to what the job had done before. */
function mergeReports(before: HighlightsImportReport | null, after: HighlightsImportReport): HighlightsImportReport {
  if (!before) return after;
  const add = (a = 0, b = 0): number => a + b;
  return {
    ...after,
    sources: { created: add(before.sources.created, after.sources.created), present: add(before.sources.present, after.sources.present) },
    highlights: {
      added: add(before.highlights.added, after.highlights.added),
      present: add(before.highlights.present, after.highlights.present),
      unplaced: add(before.highlights.unplaced, after.highlights.unplaced),
      fuzzy: add(before.highlights.fuzzy, after.highlights.fuzzy),
      failed: add(before.highlights.failed, after.highlights.failed),
    },
    failures: [...before.failures, ...after.failures],
    articleIds: [...before.articleIds, ...after.articleIds],
    ...(before.toSave || after.toSave ? { toSave: [...(before.toSave ?? []), ...(after.toSave ?? [])] } : {}),
  };
}

/**
 * The largest export imported in the background: 200 MB, the desktop app's
 * largest import (PDFs and EPUB books, MAX_PDF_BYTES; the CLI's limit for
 * ZIPs too). `gloss serve` refuses a bigger upload before storing it.
 */
export const MAX_EXPORT_BYTES = MAX_PDF_BYTES;

/** too_large or unsupported_format for a file that is not an export imported in the background. */
function checkExport(fileName: string, bytes: Uint8Array): void {
  if (bytes.length > MAX_EXPORT_BYTES) {
    throw new GlossError('too_large', `“${fileName}” is too large to import (${megabytes(bytes.length)}; the limit is ${megabytes(MAX_EXPORT_BYTES)}).`);
  }
  if (!isOmnivoreExport(bytes)) {
    throw new GlossError('unsupported_format', `“${fileName}” is not an export Gloss imports in the background (an Omnivore export ZIP).`);
  }
}

export class ImportJobs {
  private readonly dir: string;
  private jobs: Map<string, ImportJob> | undefined;
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly library: OmnivoreStores,
    libraryDir: string,
  ) {
    this.dir = join(libraryDir, IMPORT_JOBS_FOLDER);
  }

  /** Starts importing an export in the background; unsupported_format for a file that is not one. */
  start(fileName: string, bytes: Uint8Array): ImportJob {
    checkExport(fileName, bytes);
    const id = randomBytes(8).toString('hex');
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.zipPath(id), bytes);
    return this.begin(id, fileName);
  }

  /**
   * start() for an export already written to a file in this library's
   * `import-jobs/` folder (an upload `gloss serve` streamed there): the file
   * becomes the job's, moved, not copied. It is removed when refused.
   */
  startFromFile(fileName: string, file: string): ImportJob {
    try {
      if (resolve(dirname(file)) !== resolve(this.dir)) throw new GlossError('invalid_argument', 'An upload must be in the import-jobs folder.');
      checkExport(fileName, readFileSync(file));
      const id = randomBytes(8).toString('hex');
      renameSync(file, this.zipPath(id));
      return this.begin(id, fileName);
    } catch (err) {
      rmSync(file, { force: true });
      throw err;
    }
  }

  /**
   * The folder uploads are written to before startFromFile (created when
   * missing). An upload left by a crash (a day old) is removed here.
   */
  uploadFolder(): string {
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir)) {
      if (!/^upload-[0-9a-f]+\.part$/.test(name)) continue;
      const file = join(this.dir, name);
      try {
        if (Date.now() - statSync(file).mtimeMs > STALE_UPLOAD_MS) rmSync(file, { force: true });
      } catch {
        // Gone meanwhile.
      }
    }
    return this.dir;
  }

  private begin(id: string, fileName: string): ImportJob {
    const jobs = this.load();
    const job: ImportJob = { id, source: fileName, total: 0, done: 0, state: 'running', report: null, error: null };
    jobs.set(id, job);
    this.save(job);
    this.run(job);
    return { ...job };
  }

  /** Every job not dismissed, oldest first; a job cut short (a crash, a quit) is paused. */
  list(): ImportJob[] {
    return [...this.load().values()].map((j) => ({ ...j }));
  }

  cancel(id: string): ImportJob {
    const job = this.get(id);
    const running = this.running.get(id);
    if (running && job.state === 'running') {
      job.state = 'cancelling';
      running.controller.abort();
    }
    return { ...job };
  }

  resume(id: string): ImportJob {
    const job = this.get(id);
    if (!this.running.has(id) && (job.state === 'paused' || job.state === 'failed')) {
      if (!existsSync(this.zipPath(id))) throw new GlossError('not_found', `The file of this import (“${job.source}”) is no longer there: import it again.`);
      job.state = 'running';
      job.error = null;
      this.save(job);
      this.run(job);
    }
    return { ...job };
  }

  /** Forgets a job that is not running (its kept file goes too). */
  dismiss(id: string): void {
    const job = this.get(id);
    if (this.running.has(id)) throw new GlossError('invalid_argument', `“${job.source}” is still importing: cancel it first.`);
    this.jobs!.delete(id);
    rmSync(this.zipPath(id), { force: true });
    rmSync(this.statePath(id), { force: true });
  }

  /** Resolves when no job is running (tests, quitting). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Stops every running job after its current item; they resume as paused next time. */
  async stopAll(): Promise<void> {
    for (const r of this.running.values()) r.controller.abort();
    await this.idle();
  }

  private get(id: string): ImportJob {
    const job = this.load().get(id);
    if (!job) throw new GlossError('not_found', `No import job ${id}.`);
    return job;
  }

  private zipPath(id: string): string {
    return join(this.dir, `${id}.zip`);
  }

  private statePath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private load(): Map<string, ImportJob> {
    if (this.jobs) return this.jobs;
    this.jobs = new Map();
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      // No jobs yet.
    }
    const found: ImportJob[] = [];
    for (const name of names) {
      try {
        const value: unknown = JSON.parse(readFileSync(join(this.dir, name), 'utf8'));
        if (!isJob(value)) continue;
        // Running when the app stopped: paused now (resume continues).
        if (value.state === 'running' || value.state === 'cancelling') value.state = 'paused';
        found.push(value);
      } catch {
        // A state file cut short by a crash: its job is lost, the items it imported are in the library.
      }
    }
    for (const job of found.sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''))) this.jobs.set(job.id, job);
    return this.jobs;
  }

  /** Written whole to a temporary file, then renamed: a crash leaves the old state or the new one. */
  private save(job: ImportJob): void {
    job.startedAt ??= new Date().toISOString();
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.statePath(job.id)}.tmp`;
    writeFileSync(tmp, JSON.stringify(job));
    renameSync(tmp, this.statePath(job.id));
  }

  private run(job: ImportJob): void {
    const controller = new AbortController();
    const from = job.done;
    const before = job.report;
    let lastSave = Date.now();
    const done = (async () => {
      try {
        // The caller gets its answer (the job) before the first item is imported.
        await new Promise((resolve) => setImmediate(resolve));
        const bytes = readFileSync(this.zipPath(job.id));
        const result = await importOmnivoreExport(this.library, job.source, bytes, {
          from,
          signal: controller.signal,
          onProgress: (n, total) => {
            // An item was committed: the running sync service publishes it soon, as after a write through the API.
            if (n > job.done) noteLocalChange(this.library);
            job.done = n;
            job.total = total;
            if (Date.now() - lastSave >= SAVE_EVERY_MS) {
              lastSave = Date.now();
              this.save(job);
            }
          },
        });
        job.report = mergeReports(before, result.report);
        job.state = result.cancelled ? 'paused' : 'done';
        // A finished job keeps its report until dismissed; its file is no longer needed.
        if (!result.cancelled) rmSync(this.zipPath(job.id), { force: true });
      } catch (err) {
        if (!this.library.db.open) {
          // The library closed under it (the app quitting): paused, to resume next time.
          job.state = 'paused';
        } else {
          job.state = 'failed';
          job.error = userErrorOf(err)?.message ?? (err instanceof Error ? err.message : String(err));
        }
      } finally {
        this.running.delete(job.id);
        if (this.jobs?.has(job.id)) this.save(job);
      }
    })();
    this.running.set(job.id, { controller, done });
  }
}

const perLibrary = new WeakMap<OmnivoreStores, ImportJobs>();

/** The one set of jobs of a library (the app's window and `gloss serve` share it). */
export function importJobsOf(library: OmnivoreStores, libraryDir: string): ImportJobs {
  let jobs = perLibrary.get(library);
  if (!jobs) perLibrary.set(library, (jobs = new ImportJobs(library, libraryDir)));
  return jobs;
}
