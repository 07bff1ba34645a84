import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

describe('gloss sync', () => {
  it('two libraries, one folder: a highlight made in one appears in the other; status lists both devices', async () => {
    const folder = tempDir();
    const dirA = tempDir();
    const dirB = tempDir();
    const a = Library.open(dirA);
    let articleId: string;
    let highlightId: string;
    try {
      const r = a.importFile({ fileName: 'gardens.txt', bytes: new TextEncoder().encode('Gardens\n\nPatience is the gardener\u2019s first tool.') }, 'new');
      if (r.status !== 'imported') throw new Error(r.status);
      articleId = r.article.id;
      const text = a.getArticle(articleId).text;
      const start = text.indexOf('Patience');
      highlightId = a.createHighlight({ articleId, quote: { exact: 'Patience', prefix: text.slice(0, start), suffix: text.slice(start + 8, start + 40) }, position: { start, end: start + 8 }, color: 'pink', note: 'the first tool' }).id;
    } finally {
      a.close();
    }

    const first = await gloss('sync', '--folder', folder, '--device-name', 'laptop', '--library', dirA);
    expect(first.err).toBe('');
    expect(first.out).toMatch(/^synced laptop through .*: published \d+ changes/);
    const second = await gloss('sync', '--folder', folder, '--device-name', 'desktop', '--library', dirB, '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({ deviceName: 'desktop', applied: { pending: 0, failed: 0 } });

    const shown = await gloss('highlights', articleId, '--library', dirB, '--json');
    expect(shown.code).toBe(0);
    expect(JSON.stringify(JSON.parse(shown.out))).toContain(highlightId);
    expect(shown.out).toContain('the first tool');

    // The folder and the name are remembered; status lists both devices.
    const status = await gloss('sync', 'status', '--library', dirB, '--json');
    const s = JSON.parse(status.out) as { folder: string; deviceName: string; devices: { name: string }[]; unpublished: number };
    expect(s).toMatchObject({ folder: realpathSync(folder), deviceName: 'desktop', unpublished: 0 });
    expect(s.devices.map((d) => d.name).sort()).toEqual(['desktop', 'laptop']);

    // A folder holding another library's sync is refused, in one line.
    const other = tempDir();
    mkdirSync(join(other, 'Gloss'));
    writeFileSync(join(other, 'Gloss', 'library.json'), JSON.stringify({ format: 'gloss-sync', version: 1, library: 'someoneelse00000' }));
    const refused = await gloss('sync', '--folder', other, '--library', dirB);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^gloss: The sync folder .* holds another Gloss library \(someoneelse00000\)[^\n]*\n$/);
  }, 60_000);
});
