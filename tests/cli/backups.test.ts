import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import type { BackupInfo, RestoreResult } from '../../src/shared/types';
import { gloss } from '../helpers/cli';
import { SEED, tempDir } from '../helpers/tmp';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('gloss backups and gloss restore', { timeout: 120_000 }, () => {
  it('are in gloss help', async () => {
    const help = await gloss('help');
    expect(help.out).toMatch(/^ {2}backups {2,}/m);
    expect(help.out).toMatch(/^ {2}restore <backup\|file> {2,}/m);
  });

  it('list the daily backup, restore one (the current file kept aside), and the library has its data back', async () => {
    const dir = tempDir();
    const seeded = Library.open(dir);
    seeded.importFile({ fileName: 'a.txt', bytes: text('Alpha\n\nThe first article.\n') }, 'new');
    seeded.close();

    // The first write of the day backs the library up first.
    expect((await gloss('import', SEED, '--library', dir)).code).toBe(0);
    const listed = await gloss('backups', '--library', dir, '--json');
    expect(listed.code).toBe(0);
    const [daily] = JSON.parse(listed.out) as BackupInfo[];
    expect(daily).toMatchObject({ reason: 'daily' });
    expect(daily!.file).toBe(join(dir, 'backups', daily!.name));
    expect(daily!.bytes).toBeGreaterThan(0);

    const human = await gloss('backups', '--library', dir);
    expect(human.out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC {2}daily +\d+(\.\d)? KB {2}\/.+-daily\.sqlite$/m);

    const restored = await gloss('restore', daily!.name, '--library', dir, '--json');
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    const result = JSON.parse(restored.out) as RestoreResult;
    expect(result.restored.name).toBe(daily!.name);
    expect(result.setAside?.reason).toBe('before-restore');
    expect(existsSync(result.setAside!.file)).toBe(true);

    const titles = (JSON.parse((await gloss('list', '--library', dir, '--json')).out) as { title: string }[]).map((a) => a.title);
    expect(titles).toEqual(['Alpha']);
    // The file set aside still has the seed article: restore it back by path.
    expect((await gloss('restore', result.setAside!.file, '--library', dir)).code).toBe(0);
    expect((JSON.parse((await gloss('list', '--library', dir, '--json')).out) as unknown[]).length).toBe(2);
  });

  it('refuses to restore while another process has the library open', async () => {
    const dir = tempDir();
    const app = Library.open(dir); // this test process plays the app
    try {
      app.importFile({ fileName: 'a.txt', bytes: text('Alpha\n\nThe first article.\n') }, 'new');
      const backup = await app.backupNow();
      const result = await gloss('restore', backup.name, '--library', dir);
      expect(result.code).toBe(1);
      expect(result.err.trim()).toMatch(/^gloss: The library is open in another Gloss process/);
      expect(app.listBackups().map((b) => b.reason)).toEqual(['manual']);
    } finally {
      app.close();
    }
  });

  it('says which backup names exist when the name is wrong', async () => {
    const dir = tempDir();
    Library.open(dir).close();
    const result = await gloss('restore', 'no-such-backup', '--library', dir);
    expect(result.code).toBe(1);
    expect(result.err.trim()).toBe('gloss: No backup named no-such-backup (gloss backups lists them) and no such file.');
  });
});
