/** `gloss import book.epub` through the CLI's dispatcher: one line per book, one clear line for a refused one. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { makeEpub } from './make-epub';

it('imports a book and says who wrote it and how many chapters it has; a DRM book is refused in one line and the rest still imports', async () => {
  const dir = tempDir();
  const library = join(dir, 'lib');
  const book = join(dir, 'crossing.epub');
  writeFileSync(
    book,
    makeEpub({
      title: 'The Crossing',
      creators: [{ name: 'Jane Doe', role: 'aut' }],
      chapters: [
        { title: 'One', body: '<h1>One</h1><p>The first chapter.</p>' },
        { title: 'Two', body: '<h1>Two</h1><p>The second chapter.</p>' },
      ],
    }),
  );
  const drm = join(dir, 'locked.epub');
  writeFileSync(
    drm,
    makeEpub({
      chapters: [{ title: 'One', body: '<p>Secret.</p>' }],
      extra: {
        'META-INF/encryption.xml':
          '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/text/ch1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>',
      },
    }),
  );
  const result = await gloss('import', book, drm, '--library', library);
  expect(result.code).toBe(1);
  expect(result.out).toMatch(/^imported [a-z0-9]+ {2}The Crossing {2}\(EPUB by Jane Doe, 2 chapters\)\n$/);
  const errLines = result.err.trim().split('\n');
  expect(errLines).toHaveLength(1);
  expect(errLines[0]).toContain('“locked.epub” is protected by DRM (its content is encrypted): Gloss can only import books without copy protection. Nothing was imported.');
  const list = await gloss('list', '--library', library, '--json');
  expect((JSON.parse(list.out) as { title: string; author: string }[]).map((a) => [a.title, a.author])).toEqual([['The Crossing', 'Jane Doe']]);
  const text = await gloss('show', (JSON.parse(list.out) as { id: string }[])[0]!.id, '--text', '--library', library);
  expect(text.out).toContain('One\n\nThe first chapter.\n\nTwo\n\nThe second chapter.');
});
