import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

describe('gloss sync --passphrase-file', () => {
  it('encrypts a new folder; a wrong passphrase is one line and exit 1; the right one joins; later rounds need none', async () => {
    const folder = tempDir();
    const [dirA, dirB, secrets] = [tempDir(), tempDir(), tempDir()];
    const right = join(secrets, 'right.txt');
    const wrong = join(secrets, 'wrong.txt');
    writeFileSync(right, 'tomato vines in June\n'); // the trailing newline an editor adds is not part of it
    writeFileSync(wrong, 'tomato vines in July\n');
    const a = Library.open(dirA);
    let articleId: string;
    try {
      const r = a.importFile({ fileName: 'gardens.txt', bytes: new TextEncoder().encode('Gardens\n\nPatience is the gardener\u2019s first tool.') }, 'new');
      if (r.status !== 'imported') throw new Error(r.status);
      articleId = r.article.id;
    } finally {
      a.close();
    }

    const first = await gloss('sync', '--folder', folder, '--device-name', 'laptop', '--passphrase-file', right, '--library', dirA);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(readFileSync(join(folder, 'Gloss', 'library.json'), 'utf8'))).toMatchObject({ version: 2, encryption: { kdf: 'scrypt' } });

    const refused = await gloss('sync', '--folder', folder, '--passphrase-file', wrong, '--library', dirB);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^gloss: Wrong passphrase for the sync folder[^\n]*\n$/);

    writeFileSync(right, 'tomato vines in June'); // without the newline: the same passphrase
    const joined = await gloss('sync', '--folder', folder, '--device-name', 'desktop', '--passphrase-file', right, '--library', dirB, '--json');
    expect(joined.err).toBe('');
    expect(JSON.parse(joined.out)).toMatchObject({ applied: { pending: 0, failed: 0, rejected: 0 } });

    // The app (or a later command) syncs without the passphrase: the key is remembered, the passphrase is not.
    const again = await gloss('sync', '--library', dirB);
    expect(again.code).toBe(0);
    const b = Library.open(dirB);
    try {
      expect(b.getArticle(articleId).text).toContain('Patience is the gardener');
      const values = b.db.prepare(`SELECT value FROM settings`).pluck().all() as string[];
      expect(values.some((v) => v.includes('tomato'))).toBe(false);
    } finally {
      b.close();
    }
  }, 90_000);
});
