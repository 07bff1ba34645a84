import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { clippingsFile, META } from './clippings';

it('gloss import "My Clippings.txt": one line per file, --json with the report, nothing added twice, the books listed and searchable', async () => {
  const dir = tempDir();
  const library = join(dir, 'library');
  const file = join(dir, 'My Clippings.txt');
  writeFileSync(
    file,
    clippingsFile([
      { title: 'Walden (Thoreau, Henry David)', meta: META.en, body: 'I went to the woods because I wished to live deliberately.' },
      { title: 'Walden (Thoreau, Henry David)', meta: '- Your Note on page 12 | Location 122 | Added on Monday, 5 May 2019 13:24:00', body: 'Why I keep reading.' },
      { title: 'Der Prozess (Kafka, Franz)', meta: META.de, body: 'Jemand mußte Josef K. verleumdet haben.' },
      { title: 'No metadata', meta: 'here', body: '' },
    ]),
  );
  const first = await gloss('import', file, '--library', library);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  expect(first.out.split('\n')[0]).toBe(`imported ${file}: 2 books, 2 highlights added, 1 failed`);
  expect(first.out).toContain('entry 4: no metadata line');

  const again = await gloss('import', file, '--library', library, '--json');
  expect(again.code).toBe(0);
  const line = JSON.parse(again.out.trim()) as { ok: boolean; status: string; title: string; report: { sources: object; highlights: object } };
  expect(line).toMatchObject({
    ok: true,
    status: 'highlights',
    title: 'Walden',
    report: { sources: { created: 0, present: 2 }, highlights: { added: 0, present: 2, unplaced: 0, failed: 1 } },
  });

  const list = await gloss('list', '--library', library);
  expect(list.out).toMatch(/Walden — Henry David Thoreau/);
  expect(list.out).toMatch(/Der Prozess — Franz Kafka/);
  const found = await gloss('search', 'verleumdet', '--library', library);
  expect(found.out).toContain('Der Prozess');
});
