/**
 * Property-based fuzz of the dispatcher (fast-check): for every method of
 * the contract (read from the contract object, so a new method is covered
 * without touching this file), arguments its schema refuses (wrong types,
 * missing and extra fields, huge strings and arrays, deep nesting,
 * `__proto__`/`constructor` keys, NaN and Infinity) answer a typed error
 * envelope, never throw, never reach a handler, and leave the library's
 * logical content exactly as it was. Unknown method names likewise.
 *
 * Seeded: GLOSS_FUZZ_SEED replays another sequence.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import { contract } from '../../src/shared/contract';
import { ERROR_CODES, type Envelope } from '../../src/shared/errors';
import { SEED } from '../helpers/tmp';
import { logicalChecksum } from '../reliability/library-state';

const FUZZ_SEED = Number(process.env.GLOSS_FUZZ_SEED ?? 424_242);
const RUNS_PER_METHOD = 40;

/** Values built to hurt: each alone, or as a field of an otherwise plausible call. */
function nested(depth: number, make: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = make(value);
  return value;
}
const polluted = (): unknown => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, 1e308, null, undefined, '', true, 0, -1, 0.5),
  fc.constantFrom<unknown>('__proto__', 'constructor', 'prototype', 'toString', "'; DROP TABLE articles; --", '\u0000', '\ud800'),
  fc.integer({ min: 1, max: 3 }).map((m) => 'x'.repeat(m * 700_000)),
  fc.integer({ min: 10_001, max: 60_000 }).map((n) => new Array<string>(n).fill('abcd1234')),
  fc.integer({ min: 50, max: 3000 }).map((d) => nested(d, (inner) => ({ a: inner }))),
  fc.integer({ min: 50, max: 3000 }).map((d) => nested(d, (inner) => [inner])),
  fc.constant(null).map(polluted),
  fc.constant(null).map(() => Object.create(null) as unknown),
  fc.constant(null).map(() => new Uint8Array(0)),
  fc.constant(null).map(() => new Date(NaN)),
  fc.constant(null).map(() => () => 'a function'),
  fc.constant(null).map(() => Symbol('s')),
  fc.bigInt(),
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
);

interface Known {
  articleIds: string[];
  highlightIds: string[];
}

/** Plausible values (real ids, valid enums, bytes), so a wrong call can be wrong in one field only. */
function plausible(known: Known): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(...known.articleIds, ...known.highlightIds, 'yellow', 'finished', 'asc', 'title', 'new', 'a tag', 'https://example.com/'),
    fc.constantFrom<unknown>(0, 1, 5, 0.5, true, false, '2024-01-01T00:00:00Z'),
    fc.constant(known.articleIds),
    fc.constant(null).map(() => new TextEncoder().encode('A title\n\nSome text.\n')),
    fc.constant(null).map(() => ({ exact: 'gut', prefix: '', suffix: '' })),
    fc.constant(null).map(() => ({ start: 0, end: 3 })),
    fc.string({ maxLength: 20 }),
  );
}

/** Arguments for `schema`: its own fields (some dropped, some wrong), extra keys, or no object at all. */
function argsFor(schema: z.ZodType, known: Known): fc.Arbitrary<unknown> {
  const shape = (schema as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const value = fc.oneof({ weight: 2, arbitrary: plausible(known) }, { weight: 3, arbitrary: hostile });
  const fields = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] })
    : fc.constant({} as Record<string, unknown>);
  const extraKeys = fc.array(fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra'), fc.string({ maxLength: 8 })), value), {
    maxLength: 3,
  });
  const object = fc.tuple(fields, extraKeys).map(([base, extra]) => {
    const out: Record<string, unknown> = { ...base };
    // defineProperty: a "__proto__" key becomes an own key, as JSON.parse makes it.
    for (const [k, v] of extra) Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
    return out;
  });
  const refused = (args: unknown): boolean => {
    try {
      return !schema.safeParse(args ?? {}).success;
    } catch {
      return true; // a schema that throws is for the dispatcher to survive
    }
  };
  return fc.oneof({ weight: 4, arbitrary: object }, { weight: 1, arbitrary: hostile }).filter(refused);
}

function isTypedError(envelope: unknown): envelope is Envelope<never> & { ok: false } {
  if (!envelope || typeof envelope !== 'object') return false;
  const e = envelope as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  return (
    e.ok === false &&
    typeof e.error?.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(e.error.code) &&
    typeof e.error.message === 'string'
  );
}

describe('the dispatcher under fuzzed arguments', () => {
  let dir: string;
  let library: Library;
  let dispatch: Dispatch;
  const reachedHandler: string[] = [];
  const internal: unknown[] = [];
  const known: Known = { articleIds: [], highlightIds: [] };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gloss-fuzz-'));
    library = Library.open(dir);
    const seed = library.importFile({ fileName: 'seed.txt', bytes: readFileSync(SEED) }, 'new');
    const other = library.importFile({ fileName: 'morning.txt', bytes: new TextEncoder().encode('A Quiet Morning\n\nThe kettle sang before the birds did.\n') }, 'new');
    for (const r of [seed, other]) if (r.status === 'imported') known.articleIds.push(r.article.id);
    const text = library.getArticle(known.articleIds[0]!).text;
    const start = text.indexOf('gut');
    known.highlightIds.push(
      library.createHighlight({ articleId: known.articleIds[0]!, quote: { exact: 'gut', prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + 3, start + 35) }, position: { start, end: start + 3 }, color: 'yellow', note: 'a note' }).id,
    );
    library.setArticleNote(known.articleIds[0]!, 'An article note.');
    library.tagArticles(known.articleIds, ['reading']);
    const handlers = createHandlers(library, 'browser', { chooseFolder: () => Promise.resolve(null), showFolder: () => {} });
    // Every handler is wrapped: a call that reaches one did get past the schema.
    const watched = Object.fromEntries(
      Object.entries(handlers).map(([name, handler]) => [
        name,
        (args: unknown) => {
          reachedHandler.push(name);
          return (handler as (a: unknown) => unknown)(args);
        },
      ]),
    ) as unknown as typeof handlers;
    dispatch = createDispatcher(watched, (err) => internal.push(err));
  });

  afterAll(() => {
    library.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const method of Object.keys(contract) as Array<keyof typeof contract>) {
    it(`${method}: refused arguments give a typed error and change nothing`, async () => {
      const schema = contract[method].args as z.ZodType;
      const before = logicalChecksum(library.db);
      await fc.assert(
        fc.asyncProperty(argsFor(schema, known), async (args) => {
          let envelope: unknown;
          try {
            envelope = await dispatch(method, args);
          } catch (err) {
            throw new Error(`dispatch threw: ${String(err)}`);
          }
          expect(isTypedError(envelope), JSON.stringify(envelope)?.slice(0, 300)).toBe(true);
          const { error } = envelope as { error: { code: string; message: string } };
          expect(error.code).toBe('invalid_argument');
          // One clear line, whatever was sent.
          expect(error.message).not.toMatch(/\n/);
          expect(error.message.length).toBeLessThanOrEqual(2000);
          expect(logicalChecksum(library.db)).toBe(before);
        }),
        { seed: FUZZ_SEED ^ method.length, numRuns: RUNS_PER_METHOD, endOnFailure: true },
      );
      expect(reachedHandler).toEqual([]);
      expect(internal).toEqual([]);
    });
  }

  it('unknown method names, of any type, give unknown_method', async () => {
    const before = logicalChecksum(library.db);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostile, fc.string(), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'valueOf')).filter(
          (m) => !(typeof m === 'string' && Object.hasOwn(contract, m)),
        ),
        hostile,
        async (method, args) => {
          let envelope: unknown;
          try {
            envelope = await dispatch(method, args);
          } catch (err) {
            throw new Error(`dispatch threw: ${String(err)}`);
          }
          expect(envelope).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
          expect((envelope as { error: { message: string } }).error.message.length).toBeLessThanOrEqual(200);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 200, endOnFailure: true },
    );
    expect(logicalChecksum(library.db)).toBe(before);
    expect(reachedHandler).toEqual([]);
  });
});
