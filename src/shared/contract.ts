/**
 * The one API contract: method -> arguments -> result.
 * Main implements it once (src/main/api/handlers.ts); the Electron preload
 * and the browser host's HTTP route both carry exactly these calls.
 * Argument schemas are checked in main before any handler runs.
 */
import { z } from 'zod';
import type { Article, ArticleSummary, LibraryInfo } from './types';
import type { MethodName } from './methods';
import type { Envelope } from './errors';

/** Article ids are short lowercase base32 strings made by the store. */
export const ArticleId = z
  .string({ error: 'id must be a string' })
  .regex(/^[a-z0-9]{4,40}$/, { error: 'id must be 4-40 lowercase letters or digits' });

/** 50 MB: the largest file Gloss imports. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const noArgs = z.object({}).strict();
const byId = z.object({ id: ArticleId }).strict();

/** Marks a result type; the value itself is never used at run time. */
function returns<R>(): R {
  return undefined as unknown as R;
}

export const contract = {
  getInfo: { args: noArgs, result: returns<LibraryInfo>() },
  listArticles: { args: noArgs, result: returns<ArticleSummary[]>() },
  getArticle: { args: byId, result: returns<Article>() },
  importFile: {
    args: z
      .object({
        name: z
          .string({ error: 'name must be a string' })
          .min(1, { error: 'name must not be empty' })
          .max(1024, { error: 'name is too long' }),
        data: z.instanceof(Uint8Array, { error: 'data must be bytes (Uint8Array)' }),
      })
      .strict(),
    result: returns<ArticleSummary>(),
  },
  deleteArticle: { args: byId, result: returns<{ id: string }>() },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Args<M extends Method> = z.input<Contract[M]['args']>;
export type Result<M extends Method> = Contract[M]['result'];

/** The object the preload exposes as `window.gloss`: one function per method. */
export type GlossBridge = { [M in Method]: (args: Args<M>) => Promise<Envelope<Result<M>>> };

/** The same methods, unwrapped: results, or a thrown ApiError. */
export type GlossApi = { [M in Method]: (args: Args<M>) => Promise<Result<M>> };

// Compile-time proof that METHOD_NAMES and the contract list the same methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodsMatch: Same<MethodName, Method> = true;
void methodsMatch;
