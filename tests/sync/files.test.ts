/**
 * Files through the sync folder: an article's images, a PDF's file, an
 * EPUB's file and images, and earlier versions reach another library as
 * content-addressed blobs, byte for byte, and open there through the routes
 * the reader uses; an article waits until every blob it lists is there and
 * checks out (late, half-written, damaged), and a damaged blob is refused
 * and counted, never stored. Plain and encrypted folders.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Library } from '../../src/main/library';
import { storedFileAnswer } from '../../src/main/server/assets';
import type { ScryptCost } from '../../src/main/sync/crypt';
import { syncNow } from '../../src/main/sync/engine';
import { SyncFolder } from '../../src/main/sync/folder';
import { makePdf } from '../pdf/make-pdf';
import { tempDir } from '../helpers/tmp';
import { tempLibrary } from '../helpers/library';
import { pngFor } from '../web/helpers';
import { canonicalDump, checksum, importText } from './helpers';

const CHEAP: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
const EPUB = readFileSync(new URL('../fixtures/epub/lighthouse-epub3.epub', import.meta.url));
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const open = tempLibrary;

/** An article with two images, kept as an import keeps a page's images (AssetStore, in one transaction). */
function articleWithImages(lib: Library): { id: string; images: Uint8Array[] } {
  const id = importText(lib, 'orchard.txt', 'Orchard\n\nApples and pears, with two pictures.');
  const images = [pngFor('apple'), pngFor('pear')];
  const seq = lib.db.prepare(`SELECT seq FROM articles WHERE id = ?`).pluck().get(id) as number;
  lib.db.transaction(() => {
    for (const [i, bytes] of images.entries()) lib.assets.add(seq, { hash: sha(bytes), mime: 'image/png', bytes, sourceUrl: `https://example.org/${i}.png` });
  })();
  return { id, images };
}

async function importPdf(lib: Library): Promise<{ id: string; bytes: Uint8Array }> {
  const bytes = await makePdf([{ lines: ['Rivers of the North run long.'] }, { lines: ['Page two is about lakes.'] }]);
  const r = await lib.importFileWithImages({ fileName: 'rivers.pdf', bytes });
  if (r.status !== 'imported') throw new Error(`not imported: ${r.status}`);
  return { id: r.article.id, bytes };
}

function importEpub(lib: Library): string {
  const r = lib.importFile({ fileName: 'lighthouse.epub', bytes: EPUB }, 'new');
  if (r.status !== 'imported') throw new Error(`not imported: ${r.status}`);
  return r.article.id;
}

/** The reader's file routes on a library (what the hosts serve at /asset/<hash> and /document/<hash>). */
function served(lib: Library, path: string): Uint8Array | undefined {
  const answer = storedFileAnswer(path, { readAsset: (h) => lib.assets.get(h), readDocument: (h) => lib.pdfs.file(h) });
  return answer?.found && answer.status === 200 ? answer.bytes : undefined;
}

function versionsOf(lib: Library, id: string): unknown[] {
  return lib.db
    .prepare(`SELECT v.version, v.content_hash, v.text, v.replaced_at FROM article_versions v JOIN articles a ON a.seq = v.article_seq WHERE a.id = ? ORDER BY v.version`)
    .raw()
    .all(id);
}

const has = (lib: Library, id: string): boolean => lib.db.prepare(`SELECT 1 FROM articles WHERE id = ?`).get(id) !== undefined;
const count = (lib: Library, table: string): number => lib.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('sync carries files and versions', () => {
  it('images, a PDF and an EPUB arrive byte for byte and open; earlier versions list the same', async () => {
    const folder = tempDir();
    const a = open();
    const b = open();
    const { id: page, images } = articleWithImages(a);
    const pdf = await importPdf(a);
    const book = importEpub(a);
    a.updateArticle(page, { fileName: 'orchard.txt', bytes: new TextEncoder().encode('Orchard\n\nApples, pears and plums, with two pictures.') });
    expect(versionsOf(a, page)).toHaveLength(1);

    const first = syncNow(a.db, { folder, deviceName: 'laptop' });
    // Bodies, one version, two images, the PDF, the EPUB and its images: each a blob.
    expect(first.published.blobs).toBeGreaterThanOrEqual(3 + 1 + 2 + 2);
    const applied = syncNow(b.db, { folder, deviceName: 'desktop' }).applied;
    expect(applied).toMatchObject({ pending: 0, failed: 0, rejected: 0 });

    for (const bytes of images) expect(Buffer.from(served(b, `/asset/${sha(bytes)}`)!)).toEqual(Buffer.from(bytes));
    expect(b.db.prepare(`SELECT source_url FROM article_assets ORDER BY source_url`).pluck().all()).toContain('https://example.org/1.png');
    // The PDF view's data and file.
    expect(b.getArticle(pdf.id).pdf).toEqual(a.getArticle(pdf.id).pdf);
    expect(Buffer.from(served(b, `/document/${sha(pdf.bytes)}`)!)).toEqual(Buffer.from(pdf.bytes));
    expect(Buffer.from(b.getPdfFile(pdf.id).bytes)).toEqual(Buffer.from(pdf.bytes));
    // The book: its chapters and metadata, its file, and its images (cover) from the asset route.
    const bookOnB = b.getArticle(book);
    expect(bookOnB.book).toEqual(a.getArticle(book).book);
    expect(bookOnB.book!.fileHash).toBe(sha(EPUB));
    const bookImages = [...bookOnB.html.matchAll(/gloss-asset:([0-9a-f]{64})/g)].map((m) => m[1]!);
    expect(bookImages.length).toBeGreaterThan(0);
    for (const hash of bookImages) expect(served(b, `/asset/${hash}`)).toEqual(served(a, `/asset/${hash}`));
    expect(Buffer.from(b.db.prepare(`SELECT bytes FROM documents WHERE hash = ?`).pluck().get(sha(EPUB)) as Buffer)).toEqual(EPUB);
    expect(versionsOf(b, page)).toEqual(versionsOf(a, page));

    // A second round writes no blob again; a change made on B (a new version) comes back to A.
    syncNow(a.db);
    b.updateArticle(page, { fileName: 'orchard.txt', bytes: new TextEncoder().encode('Orchard\n\nApples, pears, plums and quinces.') });
    // Only the new body: the new version is the body before (its blob is there), and so are the images.
    expect(syncNow(b.db).published.blobs).toBe(1);
    syncNow(a.db);
    expect(versionsOf(a, page)).toHaveLength(2);
    expect(versionsOf(a, page)).toEqual(versionsOf(b, page));
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
    expect(checksum(b.db)).toBe(checksum(a.db));
  });

  it('an article waits for a late or half-written blob and arrives once it is whole', async () => {
    const folder = tempDir();
    const a = open();
    const b = open();
    const pdf = await importPdf(a);
    syncNow(a.db, { folder, deviceName: 'laptop' });
    const blob = join(folder, 'Gloss', 'blobs', sha(pdf.bytes));
    const whole = readFileSync(blob);
    renameSync(blob, `${blob}.away`);

    let applied = syncNow(b.db, { folder, deviceName: 'desktop' }).applied;
    expect(has(b, pdf.id)).toBe(false);
    expect(applied.pending).toBe(1);

    // Half of it arrived: still waiting, and not counted as damaged.
    writeFileSync(blob, whole.subarray(0, whole.length >> 1));
    applied = syncNow(b.db).applied;
    expect(has(b, pdf.id)).toBe(false);
    expect(applied).toMatchObject({ pending: 1, rejected: 0 });

    renameSync(`${blob}.away`, blob);
    applied = syncNow(b.db).applied;
    expect(applied.pending).toBe(0);
    expect(has(b, pdf.id)).toBe(true);
    expect(Buffer.from(b.getPdfFile(pdf.id).bytes)).toEqual(Buffer.from(pdf.bytes));
  });

  it('a damaged blob is refused and counted, never stored; the article waits until a good copy arrives', () => {
    const folder = tempDir();
    const a = open();
    const b = open();
    const { id, images } = articleWithImages(a);
    syncNow(a.db, { folder, deviceName: 'laptop' });
    const blob = join(folder, 'Gloss', 'blobs', sha(images[0]!));
    const good = readFileSync(blob);
    const bad = Buffer.from(good);
    bad[bad.length - 1]! ^= 0xff;
    writeFileSync(blob, bad);

    const applied = syncNow(b.db, { folder, deviceName: 'desktop' }).applied;
    expect(applied.rejected).toBeGreaterThanOrEqual(1);
    expect(applied.pending).toBe(1);
    expect(has(b, id)).toBe(false);
    expect(count(b, 'assets')).toBe(0);

    writeFileSync(blob, good);
    expect(syncNow(b.db).applied).toMatchObject({ pending: 0, rejected: 0 });
    for (const bytes of images) expect(Buffer.from(served(b, `/asset/${sha(bytes)}`)!)).toEqual(Buffer.from(bytes));
  });

  it('an encrypted folder: files travel sealed under names that do not give their hashes; a damaged one is refused', async () => {
    const folder = tempDir();
    const a = open();
    const b = open();
    const { images } = articleWithImages(a);
    const pdf = await importPdf(a);
    syncNow(a.db, { folder, deviceName: 'laptop', passphrase: 'correct horse', scrypt: CHEAP });
    const blobs = join(folder, 'Gloss', 'blobs');
    for (const bytes of [...images, pdf.bytes]) {
      expect(() => readFileSync(join(blobs, sha(bytes)))).toThrow();
    }
    // Damage the PDF's sealed blob: B refuses it and the PDF waits; the article with images arrives.
    const sealed = new SyncFolder(folder);
    sealed.claim(folder, null, () => 'unused', { passphrase: 'correct horse' });
    const pdfBlob = join(blobs, sealed.blobNameOfHash(sha(pdf.bytes)));
    const good = readFileSync(pdfBlob);
    const bad = Buffer.from(good);
    bad[bad.length >> 1]! ^= 0xff;
    writeFileSync(pdfBlob, bad);
    let applied = syncNow(b.db, { folder, deviceName: 'desktop', passphrase: 'correct horse' }).applied;
    expect(applied.rejected).toBeGreaterThanOrEqual(1);
    expect(applied.pending).toBe(1);
    expect(has(b, pdf.id)).toBe(false);
    expect(count(b, 'documents')).toBe(0);
    for (const bytes of images) expect(Buffer.from(served(b, `/asset/${sha(bytes)}`)!)).toEqual(Buffer.from(bytes));

    // Cut short, it is only late (not counted); whole again, it arrives.
    truncateSync(pdfBlob, 100);
    expect(syncNow(b.db).applied).toMatchObject({ pending: 1, rejected: 0 });
    writeFileSync(pdfBlob, good);
    applied = syncNow(b.db).applied;
    expect(applied).toMatchObject({ pending: 0, rejected: 0 });
    expect(Buffer.from(b.getPdfFile(pdf.id).bytes)).toEqual(Buffer.from(pdf.bytes));
    expect(checksum(b.db)).toBe(checksum(a.db));
  });
});
