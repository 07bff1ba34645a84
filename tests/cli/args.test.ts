import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/main/cli/args';

const SPEC = { library: 'value', json: 'flag', id: 'value', limit: 'value', all: 'flag' } as const;

function refusal(argv: string[]): string {
  try {
    parseArgs(argv, SPEC);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
}

describe('reading the command line (node:util parseArgs)', () => {
  it('takes options before or after the arguments, --name value and --name=value, repeats, and -- ends options', () => {
    const parsed = parseArgs(['a', '--json', '--library', 'lib', 'b', '--id=one', '--id', 'two', '--', '--all', '-'], SPEC);
    expect(parsed.positionals).toEqual(['a', 'b', '--all', '-']);
    expect(parsed.values).toEqual({ library: 'lib', id: 'two' });
    expect(parsed.all).toEqual({ library: ['lib'], id: ['one', 'two'] });
    expect([...parsed.flags]).toEqual(['json']);
    expect(parseArgs(['--library=--odd'], SPEC).values.library).toBe('--odd');
    // Only long options exist: single-dash words are arguments, as typed (a search for "-x").
    expect(parseArgs(['NEAR(', '-x', '-abc', '-abc', '-5', '--json'], SPEC).positionals).toEqual(['NEAR(', '-x', '-abc', '-abc', '-5']);
  });

  it('refuses unknown options, values on flags and missing values, each in one line', () => {
    expect(refusal(['--frob'])).toBe('Unknown option --frob');
    expect(refusal(['--toString'])).toBe('Unknown option --toString');
    expect(refusal(['--json=yes'])).toBe('--json takes no value');
    expect(refusal(['--library'])).toBe('--library needs a value');
    expect(refusal(['--library='])).toBe('--library needs a value');
    // A forgotten value is not a folder named after the next option.
    expect(refusal(['--library', '--json'])).toBe('--library needs a value');
  });
});
