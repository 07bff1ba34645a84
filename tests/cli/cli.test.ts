import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs } from '../helpers/cli';
import { ROOT, SEED, tempDir } from '../helpers/tmp';

/** Runs the real CLI, as `npm run gloss --` does. */
function gloss(...args: string[]) {
  const result = spawnSync(process.execPath, cliArgs(...args), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GLOSS_LIBRARY: '' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the gloss CLI', () => {
  it('imports, lists, shows and deletes', () => {
    const library = tempDir();
    const imported = gloss('import', SEED, '--library', library, '--json');
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const line = JSON.parse(imported.out.trim()) as { ok: boolean; id: string; title: string };
    expect(line).toMatchObject({ ok: true, status: 'imported', title: 'The Gut-Skin Connection: Glowing From The Inside Out' });

    const list = gloss('list', '--library', library, '--json');
    const rows = JSON.parse(list.out) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: line.id, author: 'Shin Min-Hae', publishedAt: '2024-02-13' });
    expect(rows[0]?.readingMinutes).toBeGreaterThan(1);

    // --sort: by author A to Z ("Shin" before "Zebra"), where newest first puts the later import first.
    const later = join(tempDir(), 'later.md');
    writeFileSync(later, '---\ntitle: Later\nauthor: Zed Zebra\n---\n\nA later note.\n');
    expect(gloss('import', later, '--library', library).code).toBe(0);
    const titles = (...extra: string[]) => (JSON.parse(gloss('list', '--library', library, '--json', ...extra).out) as { title: string }[]).map((r) => r.title);
    expect(titles()).toEqual(['Later', line.title]);
    expect(titles('--sort', 'author')).toEqual([line.title, 'Later']);
    const badSort = gloss('list', '--sort', 'colour', '--library', library);
    expect(badSort.code).toBe(2);
    expect(badSort.err).toMatch(/--sort must be one of added, published, title, author, progress/);

    const text = gloss('show', line.id, '--text', '--library', library);
    expect(text.code).toBe(0);
    expect(text.out).toContain('The Gut-Skin Axis: A Two-Way Street');

    expect(gloss('delete', line.id, '--library', library).code).toBe(0);
    const [rest] = JSON.parse(gloss('list', '--library', library, '--json').out) as { id: string; title: string }[];
    expect(rest?.title).toBe('Later');
    expect(gloss('delete', rest!.id, '--library', library).code).toBe(0);
    expect(gloss('list', '--library', library).out).toMatch(/library is empty/);
  });

  it('reports each failed file, imports the rest, and exits 1', () => {
    const dir = tempDir();
    const library = join(dir, 'lib');
    const empty = join(dir, 'empty.txt');
    const pdf = join(dir, 'paper.pdf');
    writeFileSync(empty, '');
    writeFileSync(pdf, '%PDF-1.7');
    const result = gloss('import', empty, SEED, pdf, join(dir, 'missing.md'), '--library', library, '--json');
    expect(result.code).toBe(1);
    const lines = result.out.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; source: string; error?: string });
    expect(lines.map((l) => l.ok)).toEqual([false, true, false, false]);
    expect(lines[0]?.error).toMatch(/empty/i);
    expect(lines[2]?.error).toMatch(/\.pdf|not supported|unsupported/i);
    expect(lines[3]?.error).toBe('No such file.');
    expect((JSON.parse(gloss('list', '--library', library, '--json').out) as unknown[]).length).toBe(1);
  });

  it('explains usage errors with exit code 2', () => {
    const result = gloss('frobnicate');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/Unknown command: frobnicate/);
    expect(gloss('show', '--library', tempDir()).code).toBe(2);
  });
});
