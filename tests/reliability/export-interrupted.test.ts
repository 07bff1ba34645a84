/**
 * An export stopped at the worst moments, deterministically: the random
 * SIGKILLs of crash.test.ts rarely land in the few microseconds between
 * the renames and the last manifest write, so here the manifest write
 * itself fails at a chosen point (a stand-in for the process dying there:
 * nothing after it runs). Plus the temp files a killed export leaves.
 */
import type * as FsModule from 'node:fs';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MANIFEST_NAME, readManifest } from '../../src/main/export';
import { isTempName, tempPathFor } from '../../src/main/export/writer';
import { Library } from '../../src/main/library';
import { tempDir } from '../helpers/tmp';

/**
 * Which manifest write dies: the one before the renames (it lists what each
 * entry replaces, under "pending"), the last one, or none.
 */
const crash = vi.hoisted(() => ({ dieOn: null as 'pending' | 'last' | null }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof FsModule>();
  const writeFileSync = ((path: unknown, ...rest: unknown[]) => {
    if (typeof path === 'string' && path.includes(MANIFEST_NAME_LITERAL) && crash.dieOn) {
      const pending = String(rest[0]).includes('"pending":');
      if (pending === (crash.dieOn === 'pending')) throw new Error('the process died here');
    }
    return (fs.writeFileSync as (...a: unknown[]) => void)(path, ...rest);
  }) as typeof fs.writeFileSync;
  return { ...fs, writeFileSync, default: { ...fs, writeFileSync } };
});
const MANIFEST_NAME_LITERAL = '.gloss-export.json';

function libraryWithNotes(dir: string, n: number): { library: Library; ids: string[]; highlight: (nth: number) => void } {
  const library = Library.open(dir);
  for (let i = 0; i < n; i++) {
    const body = `Field notes ${i}\n\nThe heron waited by the reeds, patient and grey, while the river carried leaves and light downstream toward the old mill.\n`;
    const { article } = library.importFile({ fileName: `notes-${i}.txt`, bytes: new TextEncoder().encode(body) }, 'new');
    library.setArticleNote(article.id, `Note on ${i}`);
  }
  const ids = library.listExportable();
  const highlight = (nth: number): void => {
    for (const id of ids) {
      const text = library.getArticle(id).text;
      const m = [...text.matchAll(/[A-Za-z]{5,}/g)][nth]!;
      const start = m.index;
      const end = start + m[0].length;
      library.createHighlight({
        articleId: id,
        quote: { exact: m[0], prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
        position: { start, end },
        color: 'green',
      });
    }
  };
  return { library, ids, highlight };
}

/** Exports `ids`, dying at the manifest write `dieOn`. */
function exportDyingAt(library: Library, out: string, ids: string[], dieOn: 'pending' | 'last'): void {
  crash.dieOn = dieOn;
  try {
    library.exportToFolder(out, ids);
  } catch (err) {
    expect((err as Error).message).toBe('the process died here');
  } finally {
    crash.dieOn = null;
  }
}

describe('an export stopped between its steps', () => {
  for (const [when, dieOn, count] of [
    ['before anything is renamed', 'pending', 3],
    ['after the files are renamed, before the last manifest', 'last', 3],
    ['the same, writing from a worker thread', 'last', 70],
  ] as const) {
    it(`is trusted by the next export: ${when}`, () => {
      const { library, ids, highlight } = libraryWithNotes(tempDir(), count);
      const out = tempDir();
      highlight(0);
      library.exportToFolder(out, ids);
      highlight(1);
      exportDyingAt(library, out, ids, dieOn);
      highlight(2);
      const report = library.exportToFolder(out, ids);
      // Every file is Gloss's own: rewritten whole, none taken for one the user edited.
      expect(report).toMatchObject({ appended: [], conflicts: [], errors: [] });
      const manifest = readManifest(out);
      for (const file of library.renderMarkdown(ids)) {
        expect(readFileSync(join(out, manifest.files[file.articleId]!.path), 'utf8')).toBe(file.markdown);
      }
      expect(readdirSync(out).filter(isTempName)).toEqual([]);
      library.close();
    });
  }

  it('removes temp files a killed export left, keeps those of a running process and every other file', () => {
    const { library, ids } = libraryWithNotes(tempDir(), 2);
    const out = tempDir();
    library.exportToFolder(out, ids);
    const target = join(out, readManifest(out).files[ids[0]!]!.path);
    const dead = tempPathFor(target).replace(`.${process.pid}-`, '.999999999-');
    const mine = tempPathFor(target);
    const running = tempPathFor(target).replace(`.${process.pid}-`, `.${process.ppid}-`);
    const lookalike = join(out, '.notes.md.123-abc.gloss-tmp'); // not Gloss's pattern: the user's
    for (const file of [dead, mine, running, lookalike]) writeFileSync(file, 'half a fi');
    library.exportToFolder(out, ids);
    const names = readdirSync(out);
    expect(names).not.toContain(dead.split('/').pop());
    expect(names).not.toContain(mine.split('/').pop());
    expect(names).toContain(running.split('/').pop());
    expect(names).toContain('.notes.md.123-abc.gloss-tmp');
    expect(names.filter((n) => n.endsWith('.md')).sort()).toEqual(Object.values(readManifest(out).files).map((e) => e.path).sort());
    expect(names).toContain(MANIFEST_NAME);
    library.close();
  });
});
