/** `gloss import x.pdf` through the CLI's dispatcher: a useful line, --password for an encrypted file. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { makeEncryptedPdf, makePdf } from './make-pdf';

it('imports a PDF and says how many pages it has; a scanned one says it has no text', async () => {
  const dir = tempDir();
  const library = join(dir, 'lib');
  const paper = join(dir, 'paper.pdf');
  writeFileSync(paper, await makePdf([{ lines: ['One.'] }, { lines: ['Two.'] }, { lines: ['Three.'] }], { title: 'A Paper' }));
  const scan = join(dir, 'scan.pdf');
  writeFileSync(scan, await makePdf([], { imagePages: [1] }));
  const result = await gloss('import', paper, scan, '--library', library);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  const lines = result.out.trim().split('\n');
  expect(lines[0]).toMatch(/^imported [a-z0-9]+ {2}A Paper {2}\(PDF, 3 pages\)$/);
  expect(lines[1]).toMatch(/^imported [a-z0-9]+ {2}scan {2}\(PDF, 1 page, no text: scanned pages cannot be searched or highlighted\)$/);
});

it('asks for the password of an encrypted PDF and opens it with --password', async () => {
  const dir = tempDir();
  const library = join(dir, 'lib');
  const file = join(dir, 'minutes.pdf');
  writeFileSync(file, makeEncryptedPdf('Minutes of the board', 'tulip'));
  const without = await gloss('import', file, '--library', library);
  expect(without.code).toBe(1);
  expect(without.err).toContain('“minutes.pdf” is protected by a password');
  const wrong = await gloss('import', file, '--library', library, '--password', 'rose', '--json');
  expect(JSON.parse(wrong.out.trim())).toMatchObject({ ok: false, error: expect.stringMatching(/password .* is not right/) });
  const right = await gloss('import', file, '--library', library, '--password', 'tulip');
  expect(right.code).toBe(0);
  expect(right.out).toMatch(/^imported [a-z0-9]+ {2}Minutes of the board {2}\(PDF, 1 page\)\n$/);
});
