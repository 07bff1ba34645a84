/**
 * The one wrapper every call from a renderer goes through, in both shells:
 * known method, valid arguments, then the handler; always an envelope back.
 * Bad input is refused before any handler runs, so it changes nothing.
 */
import { contract, type Method } from '../../shared/contract';
import { GlossError, userErrorOf, type Envelope } from '../../shared/errors';
import type { Handlers } from './handlers';

export type Dispatch = (method: unknown, args: unknown) => Promise<Envelope<unknown>>;

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export function createDispatcher(
  handlers: Handlers,
  onInternalError: (err: unknown, method: string) => void = (err, method) =>
    console.error(`gloss: ${method} failed:`, err),
): Dispatch {
  return async (method, args) => {
    if (!isMethod(method)) {
      return fail(new GlossError('unknown_method', `Unknown method: ${nameOf(method)}`));
    }
    const parsed = contract[method].args.safeParse(args ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; ');
      return fail(new GlossError('invalid_argument', `Invalid arguments for ${method}: ${detail}`));
    }
    try {
      const handler = handlers[method] as (a: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (err) {
      const known = userErrorOf(err);
      if (known) return fail(known);
      onInternalError(err, method);
      return fail(new GlossError('internal', `Something went wrong in ${method}. Nothing was changed.`));
    }
  };
}

/** A printable name for whatever was sent as a method (an object may not even convert to a string). */
function nameOf(method: unknown): string {
  if (method !== null && (typeof method === 'object' || typeof method === 'function')) return `(a ${typeof method}, not a name)`;
  return String(method).slice(0, 80);
}

function fail(err: GlossError): Envelope<never> {
  return { ok: false, error: err.toInfo() };
}
