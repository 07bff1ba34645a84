/**
 * A small argument parser: options may stand before or after the
 * arguments; `--name value` and `--name=value`; `--` ends options.
 */
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
  const positionals: string[] = [];
  const values: Record<string, string> = {};
  const all: Record<string, string[]> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UsageError(`Unknown option --${name}`);
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    values[name] = value;
    (all[name] ??= []).push(value);
  }
  return { positionals, values, all, flags };
}
