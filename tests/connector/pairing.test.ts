/** Pairing codes over time (a clock the test moves) and what the library file keeps of a key. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Pairing, PAIRING_CODE_TTL_MS } from '../../src/main/connector/pairing';
import { Library } from '../../src/main/library';
import { tempDir } from '../helpers/tmp';

const ORIGIN = `moz-extension://${'0'.repeat(8)}-1111-2222-3333-${'4'.repeat(12)}`;
let library: Library | undefined;
afterEach(() => library?.close());

describe('pairing', () => {
  it('a code expires after two minutes; the library keeps only hashes; a new code replaces the old', () => {
    library = Library.open(join(tempDir(), 'library'));
    let now = Date.parse('2026-11-27T08:00:00Z');
    const pairing = new Pairing(library.db, library.settings, () => new Date(now));
    const first = pairing.start();
    expect(Date.parse(first.expiresAt) - now).toBe(PAIRING_CODE_TTL_MS);
    const second = pairing.start();
    expect(() => pairing.pair(first.code, 'Old code', ORIGIN)).toThrow(/not the code/);
    now += PAIRING_CODE_TTL_MS + 1;
    expect(pairing.state().pendingUntil).toBeNull();
    expect(() => pairing.pair(second.code, 'Too late', ORIGIN)).toThrow(/No pairing code/);

    const third = pairing.start();
    now += PAIRING_CODE_TTL_MS - 1000;
    const { key, id } = pairing.pair(third.code, 'Firefox', ORIGIN);
    const stored = library.db.prepare("SELECT group_concat(value, ' ') AS v FROM settings WHERE key LIKE 'connector.%'").get() as { v: string };
    expect(stored.v).not.toContain(key);
    expect(stored.v).not.toContain(third.code);
    expect(pairing.check(key, ORIGIN)?.id).toBe(id);
    expect(pairing.check(key, ORIGIN.replace('0000', 'ffff'))).toBeNull();
    expect(pairing.check('', ORIGIN)).toBeNull();
  });
});
