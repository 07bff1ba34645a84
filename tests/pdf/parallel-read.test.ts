/**
 * A PDF's pages read in parts on the extraction workers (read-pdf.ts,
 * pdf-pages.ts) give exactly what one pass in this thread gives: text, page
 * map, metadata, outline, title, errors. A big file is split on its own; a
 * worker that dies while reading one stores nothing and says the file is
 * damaged, as a parser error does.
 */
import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { PARALLEL_PDF_BYTES, readPdf } from '../../src/main/pdf/read-pdf';
import { GlossError } from '../../src/shared/errors';
import { tempDir } from '../helpers/tmp';
import { bundledPool } from '../workers/bundled-pool';
import { makeEncryptedPdf, makePdf, type TextPage } from './make-pdf';

const WORDS = 'river estuary delta meander tide silt basin channel current bank ford reed heron willow spring marsh'.split(' ');

/** `count` pages of about 50 lines each, deterministic, with a paragraph break every few lines. */
function pages(count: number): TextPage[] {
  let n = 7;
  const word = (): string => WORDS[(n = (n * 1103515245 + 12345) % 2147483648) % WORDS.length]!;
  return Array.from({ length: count }, (_, p) => ({
    heading: { text: `Chapter ${p + 1}`, size: 16 },
    lines: Array.from({ length: 50 }, (_, l) => (l % 9 === 8 ? '' : Array.from({ length: 13 }, word).join(' '))),
    size: 11,
  }));
}

let small: Uint8Array;
let big: Uint8Array;

beforeAll(async () => {
  small = await makePdf(pages(7), {
    title: 'Rivers in Parts',
    author: 'A. Surveyor',
    subject: 'Northern rivers',
    keywords: ['rivers', 'survey'],
    creationDate: new Date('2024-02-13T09:30:00Z'),
    outline: [
      { title: 'Start', page: 1 },
      { title: 'Middle', page: 5 },
    ],
    imagePages: [3, 8], // pages without text: empty sections, pages that start where the next text does
  });
  // Big enough to be split on its own: 24 pages and an attached file (pdf.js never reads it for the text).
  const padded = await PDFDocument.load(await makePdf(pages(24), { title: 'A Long Survey' }), { updateMetadata: false });
  await padded.attach(randomBytes(PARALLEL_PDF_BYTES), 'padding.bin', { mimeType: 'application/octet-stream' });
  big = await padded.save();
}, 60_000);

async function rejection(p: Promise<unknown>): Promise<GlossError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GlossError);
  return err as GlossError;
}

describe('reading a PDF in parts on the extraction workers', () => {
  it('gives what one pass in this thread gives, for 2 and 3 parts', async () => {
    bundledPool(3, { install: true });
    const whole = await readPdf({ fileName: 'rivers.pdf', bytes: small }, { parts: 1 });
    expect(whole.facts.pageCount).toBe(9);
    expect(whole.facts.outline.map((o) => o.page)).toEqual([1, 5]);
    expect(whole.article.meta.title).toBe('Rivers in Parts');
    for (const parts of [2, 3]) {
      expect(await readPdf({ fileName: 'rivers.pdf', bytes: small }, { parts })).toEqual(whole);
    }
  });

  it('gives the same errors: a password needed, a wrong one, a damaged file; the right password reads it', async () => {
    bundledPool(2, { install: true });
    const locked = makeEncryptedPdf('A locked page of text about rivers.', 'tide');
    for (const parts of [1, 2]) {
      const needed = await rejection(readPdf({ fileName: 'locked.pdf', bytes: locked }, { parts }));
      expect(needed).toMatchObject({ code: 'password_required', message: expect.stringMatching(/^“locked\.pdf” is protected by a password/) });
      const wrong = await rejection(readPdf({ fileName: 'locked.pdf', bytes: locked, password: 'silt' }, { parts }));
      expect(wrong).toMatchObject({ code: 'wrong_password', message: 'The password for “locked.pdf” is not right. Nothing was imported.' });
      const junk = new Uint8Array(Buffer.from('%PDF-1.7\nthis is not really a pdf at all\n%%EOF\n'));
      const damaged = await rejection(readPdf({ fileName: 'junk.pdf', bytes: junk }, { parts }));
      expect(damaged).toMatchObject({ code: 'damaged_file', message: '“junk.pdf” cannot be read as a PDF: it is damaged or not a PDF. Nothing was imported.' });
    }
    const open = await readPdf({ fileName: 'locked.pdf', bytes: locked, password: 'tide' }, { parts: 2 });
    expect(open).toEqual(await readPdf({ fileName: 'locked.pdf', bytes: locked, password: 'tide' }, { parts: 1 }));
    expect(open.article.text).toBe('A locked page of text about rivers.');
  });

  it('splits a big file on its own and stores the same article as one pass', async () => {
    expect(big.length).toBeGreaterThanOrEqual(PARALLEL_PDF_BYTES);
    const pool = bundledPool(2, { install: true });
    const whole = await readPdf({ fileName: 'long.pdf', bytes: big }, { parts: 1 });
    expect(pool.threads).toBe(0);
    const library = Library.open(tempDir());
    try {
      const result = await library.importFileWithImages({ fileName: 'long.pdf', bytes: big }, 'new');
      expect(pool.threads).toBe(2);
      if (result.status !== 'imported') throw new Error(result.status);
      const stored = library.articles.get(result.article.id)!;
      expect(stored.text).toBe(whole.article.text);
      expect(stored.html).toBe(whole.article.html);
      expect(library.pdfs.info(result.article.id)?.pageStarts).toEqual(whole.facts.pageStarts);
    } finally {
      library.close();
    }
  });

  it('stores nothing and says the file is damaged when a worker dies reading it', async () => {
    bundledPool(2, {
      install: true,
      entry: {
        source: `const { parentPort } = require('node:worker_threads');
          parentPort.postMessage({ ready: true });
          parentPort.on('message', () => process.exit(3));`,
        eval: true,
        execArgv: [],
      },
    });
    const library = Library.open(tempDir());
    try {
      const err = await rejection(library.importFileWithImages({ fileName: 'long.pdf', bytes: big }, 'new'));
      expect(err).toMatchObject({ code: 'damaged_file', message: '“long.pdf” cannot be read as a PDF: part of it is damaged. Nothing was imported.' });
      const count = (t: string): number => library.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
      expect([count('articles'), count('documents'), count('articles_fts')]).toEqual([0, 0, 0]);
    } finally {
      library.close();
    }
  });
});
