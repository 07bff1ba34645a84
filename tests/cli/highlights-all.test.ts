/**
 * `gloss highlights --all` as a child process on a real library: every
 * highlight newest first with its source and its colour's label, the
 * filters (--color, --tag, --source, --since), --json, and one clear line
 * for bad input.
 */
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import type { HighlightColor } from '../../src/shared/types';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Two articles, three highlights on known days (one tagged, one with a note). Made once for the file. */
function seeded() {
  const dir = tempDir();
  const library = Library.open(dir);
  const birds = library.importFile({ fileName: 'birds.txt', bytes: bytes('Birds\n\nThe wren sings loudly at dawn. The heron waits.\n') }, 'new').article.id;
  const apples = library.importFile({ fileName: 'apples.txt', bytes: bytes('Apples\n\nGrafting keeps a variety alive.\n') }, 'new').article.id;
  const add = (article: string, exact: string, color: HighlightColor, day: string, note = '', tags: string[] = []): string => {
    const start = library.getArticle(article).text.indexOf(exact);
    return library.highlights.create(
      { articleId: article, quote: { exact, prefix: '', suffix: '' }, position: { start, end: start + exact.length }, color, note, tags },
      new Date(`${day}T08:00:00.000Z`),
    ).id;
  };
  const wren = add(birds, 'The wren sings loudly', 'yellow', '2026-03-01', 'tiny but loud', ['song']);
  const heron = add(birds, 'The heron waits', 'green', '2026-03-02');
  const graft = add(apples, 'Grafting keeps a variety alive', 'yellow', '2026-03-03');
  library.setSettings({ colorLabels: { green: 'Counterpoint' } });
  library.close();
  return { dir, birds, apples, wren, heron, graft };
}

interface AllJson {
  total: number;
  highlights: { id: string; quote: string; color: string; label: string; note: string; tags: string[]; source: { id: string; title: string; kind: string } }[];
}

describe('gloss highlights --all', () => {
  it('prints every highlight newest first, filters, and answers JSON', async () => {
    const s = seeded();
    const lib = ['--library', s.dir];
    const text = await gloss('highlights', '--all', ...lib);
    expect(text.err).toBe('');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^3 highlights\n/);
    const order = [s.graft, s.heron, s.wren].map((id) => text.out.indexOf(id));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.out).toContain(`${s.wren}  2026-03-01  yellow (Key idea)  Birds`);
    expect(text.out).toContain(`${s.heron}  2026-03-02  green (Counterpoint)  Birds`);
    expect(text.out).toContain('    “The wren sings loudly”');
    expect(text.out).toContain('    tags: song');
    expect(text.out).toContain('    tiny but loud');

    const ids = async (...args: string[]): Promise<string[]> => {
      const r = await gloss('highlights', '--all', '--json', ...lib, ...args);
      expect(r.err).toBe('');
      return (JSON.parse(r.out) as AllJson).highlights.map((h) => h.id);
    };
    expect(await ids('--color', 'yellow')).toEqual([s.graft, s.wren]);
    expect(await ids('--color', 'green', '--color', 'yellow')).toEqual([s.graft, s.heron, s.wren]);
    expect(await ids('--tag', 'Song')).toEqual([s.wren]);
    expect(await ids('--source', s.birds)).toEqual([s.heron, s.wren]);
    expect(await ids('--since', '2026-03-02')).toEqual([s.graft, s.heron]);
    expect(await ids('--source', s.birds, '--color', 'yellow')).toEqual([s.wren]);
    const green = JSON.parse((await gloss('highlights', '--all', '--json', '--color', 'green', ...lib)).out) as AllJson;
    expect(green.highlights.map((h) => [h.color, h.label])).toEqual([['green', 'Counterpoint']]);
    const json = JSON.parse((await gloss('highlights', '--all', '--json', '--tag', 'song', ...lib)).out) as AllJson;
    expect(json).toMatchObject({
      total: 1,
      highlights: [{ id: s.wren, quote: 'The wren sings loudly', color: 'yellow', label: 'Key idea', note: 'tiny but loud', tags: ['song'], source: { id: s.birds, title: 'Birds', kind: 'article' } }],
    });
  });

  it('says what is wrong in one line', async () => {
    const s = seeded();
    const lib = ['--library', s.dir];
    const color = await gloss('highlights', '--all', '--color', 'mauve', ...lib);
    expect(color.code).toBe(2);
    expect(color.err.split('\n')[0]).toBe('gloss: --color must be one of yellow, green, blue, pink, purple (got “mauve”)');
    const since = await gloss('highlights', '--all', '--since', 'yesterday', ...lib);
    expect(since.code).toBe(1);
    expect(since.err.trim()).toBe('gloss: since must be a date (YYYY-MM-DD) or an ISO date-time: yesterday');
    const stray = await gloss('highlights', s.birds, '--color', 'yellow', ...lib);
    expect(stray.code).toBe(2);
    expect(stray.err).toContain('--color, --source and --since go with highlights --all');
    // The per-article form is unchanged.
    const one = await gloss('highlights', s.birds, ...lib);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^Birds: 2 highlights/);
  });
});
