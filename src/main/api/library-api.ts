/**
 * A library opened for a shell that reaches it only through the contract:
 * the command line gets a dispatcher (validated arguments, typed errors),
 * the same one IPC and HTTP use, never the Library or its stores.
 */
import type { Args, Method, Result } from '../../shared/contract';
import { GlossError, userErrorOf } from '../../shared/errors';
import type { LibraryInfo } from '../../shared/types';
import { Library, type LibraryOptions } from '../library';
import { createDispatcher, type Dispatch } from './dispatch';
import { createHandlers, type ShellServices } from './handlers';
import { syncServiceOf } from '../sync-service/service';
import { importJobsOf, MAX_EXPORT_BYTES } from '../migrate/import-jobs';
import type { ImportUpload } from '../server/upload';

export interface LibraryApi {
  /** The library folder (absolute). */
  readonly dir: string;
  /** The dispatcher, for a host that carries calls (gloss serve). */
  readonly dispatch: Dispatch;
  /** One call through the dispatcher: its result, or its error thrown as a GlossError. */
  call<M extends Method>(method: M, args: Args<M>): Promise<Result<M>>;
  /** A saved image's bytes by hash (what a host serves at /asset/<hash>). */
  readAsset(hash: string): ReturnType<Library['assets']['get']>;
  /** A PDF file's bytes by hash (what a host serves at /document/<hash>). */
  readDocument(hash: string): ReturnType<Library['pdfs']['file']>;
  /**
   * The first write of a day backs the library up first; a shell that runs
   * one command and exits waits for it here rather than racing it.
   */
  beforeWrite(): Promise<unknown> | undefined;
  /** Export ZIPs uploaded to a host as files (gloss serve): streamed to the library, imported in the background. */
  readonly importUpload: ImportUpload;
  /** Waits for a backup in progress, then closes the library. */
  close(): Promise<void>;
}

export interface OpenApiOptions {
  shell: LibraryInfo['shell'];
  /** How to open the library (read-only, never create, …). */
  open?: LibraryOptions;
  /** What this shell can do that the API cannot (where to save, which folder). */
  services?: ShellServices;
  onInternalError?: (err: unknown, method: string) => void;
  /** A long-running shell (gloss serve): keep syncing in the background once a folder is chosen. */
  syncInBackground?: boolean;
}

export function openLibraryApi(dir: string, options: OpenApiOptions): LibraryApi {
  const library = Library.open(dir, options.open ?? {});
  const dispatch = createDispatcher(createHandlers(library, options.shell, options.services ?? {}), options.onInternalError);
  const sync = syncServiceOf(library);
  if (options.syncInBackground) sync.start();
  return {
    dir: library.dir,
    dispatch,
    async call(method, args) {
      const answer = await dispatch(method, args);
      if (!answer.ok) throw new GlossError(answer.error.code, answer.error.message);
      return answer.value as Result<typeof method>;
    },
    readAsset: (hash) => library.assets.get(hash),
    readDocument: (hash) => library.pdfs.file(hash),
    beforeWrite: () => library.beforeWrite(),
    importUpload: importUploadOf(library),
    async close() {
      sync.stop();
      await library.daily.idle();
      library.close();
    },
  };
}

/** An uploaded export becomes a background import job, as startImportJob makes one from bytes. */
function importUploadOf(library: Library): ImportUpload {
  const jobs = (): ReturnType<typeof importJobsOf> => importJobsOf(library, library.dir);
  return {
    folder: () => jobs().uploadFolder(),
    limit: MAX_EXPORT_BYTES,
    start: (name, file) => {
      library.beforeWrite()?.catch(() => {
        // Reported by the next write's backup; the import goes on.
      });
      try {
        return Promise.resolve({ ok: true, value: jobs().startFromFile(name, file) });
      } catch (err) {
        const known = userErrorOf(err);
        if (!known) console.error('gloss: an uploaded import failed:', err);
        return Promise.resolve({ ok: false, error: (known ?? new GlossError('internal', `Importing “${name}” failed. Nothing was changed.`)).toInfo() });
      }
    },
  };
}
