import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { attachSentence } from '../../src/main/cli/commands-migrate';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { austenClippings, austenEpub } from './austen';

it('gloss attach <source> <document>: --json with the report, the source gone, bad ids refused in one line', async () => {
  const dir = tempDir();
  const library = join(dir, 'library');
  const clippings = join(dir, 'My Clippings.txt');
  const book = join(dir, 'pride.epub');
  writeFileSync(clippings, austenClippings());
  writeFileSync(book, austenEpub());
  const imported = await gloss('import', clippings, book, '--library', library, '--json');
  expect(imported.code).toBe(0);
  const [kindle, epub] = imported.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; report?: { articleIds: string[] } });
  const source = kindle!.report!.articleIds[0]!;
  const documentId = epub!.id;

  const wrong = await gloss('attach', documentId, source, '--library', library);
  expect(wrong.code).toBe(1);
  expect(wrong.err).toBe('gloss: “Pride and Prejudice: A Novel” is not a source without text.\n');

  const attached = await gloss('attach', source, documentId, '--library', library, '--json');
  expect(attached.err).toBe('');
  expect(attached.code).toBe(0);
  expect(JSON.parse(attached.out)).toMatchObject({ articleId: documentId, exact: 2, fuzzy: 0, unplaced: 1, unplacedIds: [expect.any(String)] });

  const again = await gloss('attach', source, documentId, '--library', library);
  expect(again.code).toBe(1);
  expect(again.err).toBe(`gloss: No article with id ${source} in this library.\n`);
});

it('says in one line how many were placed, and where to review the rest', () => {
  expect(attachSentence({ articleId: 'x', exact: 2, fuzzy: 1, unplaced: 1, unplacedIds: ['y'] })).toBe(
    '4 highlights: 2 placed exactly, 1 fuzzily, 1 not found in the text (Review unplaced in the reader’s Highlights panel)',
  );
  expect(attachSentence({ articleId: 'x', exact: 1, fuzzy: 0, unplaced: 0, unplacedIds: [] })).toBe('1 highlight: 1 placed exactly, 0 fuzzily, 0 not found in the text');
});
