/**
 * The browser host's Import sends a file as the raw request body (server/
 * upload.ts), not as base64 JSON: a PDF over the JSON calls' ~50 MB imports,
 * up to the 200 MB PDFs and EPUB books take; the call is the same importFile
 * through the same dispatcher (mode and password carried beside the file),
 * with the same answers; over its kind's limit, one clear line and no file
 * left behind.
 */
import { afterEach, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, MAX_PDF_BYTES } from '../../src/shared/contract';
import { importLimitOf } from '../../src/shared/import-limit';
import type { ImportResult } from '../../src/shared/types';
import { makeEncryptedPdf, makePdf } from '../pdf/make-pdf';
import { chunksOf, MB, partFiles, serveUploads, upload, type Reply, type ServedLibrary } from './upload-host';

let running: ServedLibrary | undefined;
afterEach(async () => {
  await running?.host.close();
  await running?.api.close();
  running = undefined;
});

async function serve(): Promise<ServedLibrary> {
  running = await serveUploads();
  return running;
}

/** The import's result, or a failure naming the error it answered. */
function imported(reply: Reply): ImportResult {
  if (!reply.envelope.ok) throw new Error(`${reply.envelope.error.code}: ${reply.envelope.error.message}`);
  return reply.envelope.value as ImportResult;
}

it('takes PDFs and EPUB books (and export ZIPs) up to 200 MB, other files up to 50 MB: one rule for the CLI and the host', () => {
  expect(importLimitOf('Annual report.PDF')).toBe(MAX_PDF_BYTES);
  expect(importLimitOf('novel.epub')).toBe(MAX_PDF_BYTES);
  expect(importLimitOf('Omnivore export.zip')).toBe(MAX_PDF_BYTES);
  expect(importLimitOf('notes.md')).toBe(MAX_IMPORT_BYTES);
  expect(importLimitOf('page.html')).toBe(MAX_IMPORT_BYTES);
});

it('imports a 60 MB PDF sent as the raw body: readable, its file kept, no upload left behind', async () => {
  const { host, api, folder } = await serve();
  const bytes = await makePdf(
    [{ lines: ['The first page of a large survey.'] }, { lines: ['The second page says where the rivers meet.'] }],
    { title: 'A Large Survey', filler: { afterPages: [1], bytes: 60 * MB } },
  );
  expect(bytes.length).toBeGreaterThan(60 * MB);

  const reply = await upload(host, 'Large survey.pdf', chunksOf(bytes), { method: 'importFile', args: { mode: 'ask' }, length: bytes.length });
  expect(reply.status).toBe(200);
  const result = imported(reply);
  if (result.status !== 'imported') throw new Error(`not imported: ${result.status}`);
  expect(partFiles(folder)).toEqual([]);

  const article = await api.call('getArticle', { id: result.article.id });
  expect(article.title).toBe('A Large Survey');
  expect(article.text).toContain('where the rivers meet');
  expect(article.pdf).toMatchObject({ pageCount: 2, hasText: true });
  expect(Buffer.from(api.readDocument(article.pdf!.fileHash)!.bytes).equals(bytes)).toBe(true);
});

it('refuses a file over its kind’s limit before anything is written, and arguments the contract refuses, storing nothing', async () => {
  const { host, api, folder } = await serve();
  const huge = await upload(host, 'huge.pdf', [], { method: 'importFile', args: { mode: 'ask' }, length: MAX_PDF_BYTES + 1 });
  expect(huge).toEqual({ status: 413, envelope: { ok: false, error: { code: 'too_large', message: '“huge.pdf” is too large to import (the limit is 200 MB).' } } });
  // A page is no PDF: 50 MB.
  const page = await upload(host, 'page.html', [], { method: 'importFile', length: MAX_IMPORT_BYTES + 1 });
  expect(page).toMatchObject({ status: 413, envelope: { error: { message: '“page.html” is too large to import (the limit is 50 MB).' } } });

  const bad = await upload(host, 'notes.md', [new TextEncoder().encode('# Notes\n\nA few words to keep.\n')], { method: 'importFile', args: { mode: 'sometimes' } });
  expect(bad.status).toBe(400);
  expect(bad.envelope).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('mode') } });

  // An empty file: refused in the importer's words, as the JSON call is.
  const empty = await upload(host, 'empty.txt', [], { method: 'importFile', args: { mode: 'ask' } });
  expect(empty.envelope).toEqual(await api.dispatch('importFile', { name: 'empty.txt', data: new Uint8Array(0), mode: 'ask' }));
  expect(empty.envelope).toMatchObject({ ok: false, error: { code: 'empty_file' } });

  expect(await api.call('listArticles', {})).toEqual([]);
  expect(partFiles(folder)).toEqual([]);
});

it('asks for an encrypted PDF’s password as the JSON call does, refuses a wrong one, imports with the right one; mode as in the JSON call', async () => {
  const { host, api, folder } = await serve();
  const bytes = makeEncryptedPdf('Confidential minutes of the meeting', 'tulip');

  const asked = await upload(host, 'minutes.pdf', [bytes], { method: 'importFile', args: { mode: 'ask' } });
  // The same envelope the JSON path (the dispatcher with the bytes) answers.
  expect(asked.envelope).toEqual(await api.dispatch('importFile', { name: 'minutes.pdf', data: bytes, mode: 'ask' }));
  expect(asked.envelope).toMatchObject({ ok: false, error: { code: 'password_required' } });
  const wrong = await upload(host, 'minutes.pdf', [bytes], { method: 'importFile', args: { mode: 'ask', password: 'rose' } });
  expect(wrong.envelope).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
  expect(await api.call('listArticles', {})).toEqual([]);

  const opened = imported(await upload(host, 'minutes.pdf', [bytes], { method: 'importFile', args: { mode: 'ask', password: 'tulip' } }));
  if (opened.status !== 'imported') throw new Error(`not imported: ${opened.status}`);
  expect((await api.call('getArticle', { id: opened.article.id })).text).toBe('Confidential minutes of the meeting');

  // mode 'ask' as in the JSON call: the same file again stores nothing and names the article; 'new' adds one.
  const again = imported(await upload(host, 'minutes.pdf', [bytes], { method: 'importFile', args: { mode: 'ask', password: 'tulip' } }));
  expect(again).toMatchObject({ status: 'duplicate', existing: { id: opened.article.id } });
  const added = imported(await upload(host, 'minutes.pdf', [bytes], { method: 'importFile', args: { mode: 'new', password: 'tulip' } }));
  expect(added.status).toBe('imported');
  expect(await api.call('listArticles', {})).toHaveLength(2);
  expect(partFiles(folder)).toEqual([]);
});
