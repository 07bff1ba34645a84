import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers, type ShellServices } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import { SEED, tempDir } from '../helpers/tmp';

function setup(services?: ShellServices) {
  const library = Library.open(tempDir());
  const dispatch = createDispatcher(createHandlers(library, services ? 'electron' : 'browser', services));
  const id = library.importFile({ fileName: SEED, bytes: readFileSync(SEED) }, 'new').article.id;
  library.setArticleNote(id, 'Worth rereading.');
  return { library, dispatch, id };
}

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

function errorOf(envelope: Envelope<unknown>) {
  if (envelope.ok) throw new Error('expected an error');
  return envelope.error;
}

describe('export through the contract', () => {
  it('stores a valid template, refuses a broken one with its line, and resets to the default', async () => {
    const { library, dispatch } = setup();
    const before = value<{ exportTemplate: string; defaultExportTemplate: string }>(await dispatch('getSettings', {}));
    expect(before.exportTemplate).toBe(before.defaultExportTemplate);

    const broken = errorOf(await dispatch('setSettings', { exportTemplate: '# {{title}}\n{{#highlights}}\n> {{quote}}\n' }));
    expect(broken.code).toBe('invalid_argument');
    expect(broken.message).toMatch(/line \d+/);
    expect(value<{ exportTemplate: string }>(await dispatch('getSettings', {})).exportTemplate).toBe(before.exportTemplate);

    await dispatch('setSettings', { exportTemplate: 'TITLE: {{title}}\n' });
    const files = value<{ markdown: string }[]>(await dispatch('renderMarkdown', { articleIds: library.listExportable() }));
    expect(files[0]?.markdown).toBe('TITLE: The Gut-Skin Connection: Glowing From The Inside Out\n');

    await dispatch('setSettings', { exportTemplate: null });
    expect(value<{ exportTemplate: string }>(await dispatch('getSettings', {})).exportTemplate).toBe(before.defaultExportTemplate);
    library.close();
  });

  it('renders an article note into Markdown named after the title', async () => {
    const { library, dispatch, id } = setup();
    expect(value<string[]>(await dispatch('listExportable', {}))).toEqual([id]);
    const [file] = value<{ fileName: string; markdown: string }[]>(await dispatch('renderMarkdown', { articleIds: [id] }));
    expect(file?.fileName).toMatch(/^the-gut-skin-connection.*\.md$/);
    expect(file?.markdown).toContain('Worth rereading.');
    library.close();
  });

  it('has no folders in the browser host, and backs up beside the library instead', async () => {
    const { library, dispatch, id } = setup();
    expect(errorOf(await dispatch('chooseExportFolder', {})).code).toBe('unsupported');
    expect(errorOf(await dispatch('exportToFolder', { dir: tempDir(), articleIds: [id] })).code).toBe('forbidden');
    const backup = value<{ file: string; bytes: number }>(await dispatch('backupLibrary', {}));
    expect(backup.file.startsWith(join(library.dir, 'backups'))).toBe(true);
    expect(readFileSync(backup.file).subarray(0, 15).toString()).toBe('SQLite format 3');
    library.close();
  });

  it('exports only into a folder the user chose in the desktop shell', async () => {
    const chosen = tempDir();
    const shown: string[] = [];
    const { library, dispatch, id } = setup({ chooseFolder: async () => chosen, showFolder: (dir) => shown.push(dir) });
    const other = tempDir();
    expect(errorOf(await dispatch('exportToFolder', { dir: other, articleIds: [id] })).code).toBe('forbidden');
    expect(value<{ dir: string }>(await dispatch('chooseExportFolder', {})).dir).toBe(chosen);
    const report = value<{ written: string[] }>(await dispatch('exportToFolder', { dir: chosen, articleIds: [id] }));
    expect(report.written).toHaveLength(1);
    expect(existsSync(join(chosen, report.written[0] ?? ''))).toBe(true);
    expect(errorOf(await dispatch('showFolder', { dir: other })).code).toBe('forbidden');
    value(await dispatch('showFolder', { dir: chosen }));
    expect(shown).toEqual([chosen]);
    library.close();
  });
});
