/**
 * A library opened for a shell that reaches it only through the contract:
 * the command line gets a dispatcher (validated arguments, typed errors),
 * the same one IPC and HTTP use, never the Library or its stores.
 */
import type { Args, Method, Result } from '../../shared/contract';
import { GlossError } from '../../shared/errors';
import type { LibraryInfo } from '../../shared/types';
import { Library, type LibraryOptions } from '../library';
import { createDispatcher, type Dispatch } from './dispatch';
import { createHandlers, type ShellServices } from './handlers';

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
}

export function openLibraryApi(dir: string, options: OpenApiOptions): LibraryApi {
  const library = Library.open(dir, options.open ?? {});
  const dispatch = createDispatcher(createHandlers(library, options.shell, options.services ?? {}), options.onInternalError);
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
    async close() {
      await library.daily.idle();
      library.close();
    },
  };
}
