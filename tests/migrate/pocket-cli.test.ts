import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { closeServersAfterEach } from '../web/helpers';
import { pageHtml, pocketCsv, pocketZip } from './web-exports';
import { site } from './web-site';

closeServersAfterEach();

it('gloss import pocket.zip: the report, then each page saved (highlights attached) or failed (its highlights kept), exit 1 for the failure', async () => {
  const web = await site({ '/essay': pageHtml('An essay', ['It was the best of times, it was the worst of times.', 'A second paragraph, for the reader.']) });
  const dir = tempDir();
  const library = join(dir, 'library');
  const file = join(dir, 'pocket.zip');
  writeFileSync(
    file,
    pocketZip({
      'part_000000.csv': pocketCsv([
        { title: 'An essay', url: `${web.origin}/essay`, timeAdded: 1700000000, tags: ['dickens'], status: 'unread' },
        { title: 'Gone', url: `${web.origin}/gone`, timeAdded: 1700000000, tags: [], status: 'archive' },
      ]),
      'annotations/part_000000.json': JSON.stringify([
        { url: `${web.origin}/essay`, title: 'An essay', highlights: [{ quote: 'the worst of times', created_at: 1700000100 }] },
        { url: `${web.origin}/gone`, title: 'Gone', highlights: [{ quote: 'lost words', created_at: 1700000100 }] },
      ]),
    }),
  );
  const run = await gloss('import', file, '--library', library);
  expect(run.out.split('\n')[0]).toBe(`imported ${file}: 2 pages, 2 highlights added, 2 pages to save`);
  expect(run.out).toMatch(/^saved {4}\S+ {2}An essay$/m);
  expect(run.err).toMatch(new RegExp(`^failed   ${web.origin}/gone: .*404.* \\(its highlights stay on “Gone”\\)$`, 'm'));
  expect(run.code).toBe(1);

  // The essay is a saved page holding its highlight; "Gone" is still a source without text.
  const list = await gloss('list', '--library', library, '--json');
  const rows = JSON.parse(list.out) as Array<{ id: string; title: string }>;
  expect(rows.map((r) => r.title).sort()).toEqual(['An essay', 'Gone']);
  const essay = await gloss('highlights', rows.find((r) => r.title === 'An essay')!.id, '--library', library);
  expect(essay.out).toContain('the worst of times');

  // Again: nothing added; the page already saved is recognised, the missing one tried again.
  const again = await gloss('import', file, '--library', library);
  expect(again.out.split('\n')[0]).toBe(`imported ${file}: 2 pages (2 already in your library), 0 highlights added, 2 already there, 1 page to save`);
  expect(again.err).toContain(`failed   ${web.origin}/gone`);
});
