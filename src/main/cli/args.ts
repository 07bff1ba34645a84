/**
 * The command line's options, read with node:util's parseArgs: options may
 * stand before or after the arguments; `--name value` and `--name=value`;
 * `--` ends options. parseArgs splits the words into tokens; the strict
 * checks are made here so each refusal is one line of ours (Node's own
 * messages are several sentences long and change between versions).
 */
import { parseArgs as tokenize } from 'node:util';

export interface OptionSpec {
  /** Takes a value (`--library DIR`) or is a flag (`--json`). */
  [name: string]: 'value' | 'flag';
}

export interface ParsedArgs {
  positionals: string[];
  /** The last value of each option. */
  values: Record<string, string>;
  /** Every value of each option, in order (`--id a --id b`). */
  all: Record<string, string[]>;
  flags: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, kind]) => [name, { type: kind === 'value' ? 'string' : 'boolean' } as const]),
  );
  const { tokens } = tokenize({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const values: Record<string, string> = {};
  const all: Record<string, string[]> = {};
  const flags = new Set<string>();
  let shortFrom = -1;
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    // Only long options exist: `-x` is an argument as typed (a search for "-x"); a group
    // like `-abc` comes as one token per letter, all from the same word.
    if (!token.rawName.startsWith('--')) {
      if (shortFrom !== token.index) positionals.push(argv[token.index]!);
      shortFrom = token.index;
      continue;
    }
    const kind = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined;
    if (!kind) throw new UsageError(`Unknown option ${token.rawName}`);
    if (kind === 'flag') {
      if (token.value !== undefined) throw new UsageError(`--${token.name} takes no value`);
      flags.add(token.name);
      continue;
    }
    // `--library --json` is a forgotten value, not a folder named --json (`--library=--json` is one).
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--'))) {
      throw new UsageError(`--${token.name} needs a value`);
    }
    values[token.name] = value;
    (all[token.name] ??= []).push(value);
  }
  return { positionals, values, all, flags };
}
