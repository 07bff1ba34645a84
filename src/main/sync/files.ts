/**
 * An article's stored files (its images, its PDF or EPUB file) and its
 * earlier versions travel through the sync folder as its body does: each is
 * a content-addressed blob (written once; sealed in an encrypted folder),
 * and the article's `files` and `versions` fields list them, made when
 * publishing from the library's rows (listsOf). A receiving library writes
 * them only once every blob listed has arrived whole and checks out (its
 * SHA-256 is the one listed; FileReceiver); until then the article waits in
 * sync_pending. A blob of its listed size whose bytes do not match is
 * refused and counted (SyncFolder.rejected), never stored. A list that is
 * not one this version reads (damaged, a file over the 200 MB cap) is left
 * out: the article arrives without it rather than waiting for ever.
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { MAX_PDF_BYTES } from '../../shared/contract';
import { EPUB_MIME } from '../epub/read-epub';
import { PDF_MIME } from '../pdf/read-pdf';
import type { SyncFolder } from './folder';
import type { FieldValue } from './line-format';

/** The largest file synced: the largest Gloss imports (PDFs and EPUBs alike). */
export const MAX_SYNCED_FILE_BYTES = MAX_PDF_BYTES;

interface FileEntry {
  /** SHA-256 of the bytes: the library's key for the file. */
  hash: string;
  mime: string;
  size: number;
  /** The blob's name in the folder (the hash, or in an encrypted folder an HMAC of it). */
  blob: string;
}

interface AssetEntry extends FileEntry {
  url: string | null;
}

interface PdfEntry extends FileEntry {
  pageCount: number;
  hasText: number;
  /** article_documents' JSON columns, as stored. */
  pageStarts: string;
  info: string;
}

interface BookEntry extends FileEntry {
  chapters: string;
  info: string;
}

/** The `files` field: images (by hash), and the PDF or EPUB file with what its reader needs beside it. */
interface FilesList {
  assets: AssetEntry[];
  pdf?: PdfEntry;
  epub?: BookEntry;
}

/** One earlier version: a body blob (materialize.ts's blobOf) and when it was replaced. */
interface VersionEntry {
  version: number;
  replacedAt: string;
  contentHash: string;
  size: number;
  blob: string;
}

/** A body or version blob (materialize.ts's blobOf): the text and its stored content hash. */
export interface BodyBlobBytes {
  bytes: Buffer;
  hash: string;
}

type BlobOf = (body: { html: string; text: string; content_hash: string | null }) => BodyBlobBytes;

const publishers = new WeakMap<Database, FilePublisher>();
const receivers = new WeakMap<Database, FileReceiver>();

export function filePublisherOf(db: Database, blobOf: BlobOf): FilePublisher {
  let p = publishers.get(db);
  if (!p) publishers.set(db, (p = new FilePublisher(db, blobOf)));
  return p;
}

export function fileReceiverOf(db: Database): FileReceiver {
  let r = receivers.get(db);
  if (!r) receivers.set(db, (r = new FileReceiver(db)));
  return r;
}

/** The lists an article's fields carry, made from its rows, their blobs written into the folder. */
export class FilePublisher {
  private readonly s: Record<string, Statement>;

  constructor(
    db: Database,
    private readonly blobOf: BlobOf,
  ) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      seq: p(`SELECT seq FROM articles WHERE id = ?`),
      assets: p(`SELECT l.asset_hash AS hash, l.source_url AS url, a.mime, a.size FROM article_assets l JOIN assets a ON a.hash = l.asset_hash
        WHERE l.article_seq = ? ORDER BY l.asset_hash`),
      assetBytes: p(`SELECT bytes FROM assets WHERE hash = ?`),
      pdf: p(`SELECT l.document_hash AS hash, d.mime, d.size, l.page_count AS pageCount, l.has_text AS hasText, l.page_starts AS pageStarts, l.info
        FROM article_documents l JOIN documents d ON d.hash = l.document_hash WHERE l.article_seq = ?`),
      epub: p(`SELECT l.document_hash AS hash, d.mime, d.size, l.chapters, l.info FROM article_books l JOIN documents d ON d.hash = l.document_hash WHERE l.article_seq = ?`),
      documentBytes: p(`SELECT bytes FROM documents WHERE hash = ?`),
      versions: p(`SELECT version, html, text, content_hash, replaced_at FROM article_versions WHERE article_seq = ? ORDER BY version`),
    };
  }

  /**
   * The article's `files` or `versions` field as it is now (its blobs written first), and how many blobs
   * were new to the folder; undefined when the article is no longer in the library.
   */
  listOf(field: 'files' | 'versions', articleId: string, folder: SyncFolder): { value: string; written: number } | undefined {
    const seq = (this.s.seq!.get(articleId) as { seq: number } | undefined)?.seq;
    if (seq === undefined) return undefined;
    return field === 'files' ? this.files(seq, folder) : this.versions(seq, folder);
  }

  private files(seq: number, folder: SyncFolder): { value: string; written: number } {
    let written = 0;
    /** The file's blob name once it is in the folder; undefined when its bytes are not what its hash says (left out). */
    const put = (hash: string, size: number, bytesOf: Statement): string | undefined => {
      const name = folder.blobNameOfHash(hash);
      // Already there and whole: its bytes need not be read from the library.
      if (folder.readBlob(name, size)) return name;
      const bytes = bytesOf.pluck().get(hash) as Buffer | undefined;
      if (!bytes) return undefined;
      const blob = folder.writeBlob(bytes);
      if (blob.hash !== name) return undefined;
      if (blob.written) written++;
      return name;
    };
    const list: FilesList = { assets: [] };
    for (const a of this.s.assets!.all(seq) as Omit<AssetEntry, 'blob'>[]) {
      const blob = put(a.hash, a.size, this.s.assetBytes!);
      if (blob) list.assets.push({ hash: a.hash, mime: a.mime, size: a.size, blob, url: a.url });
    }
    const pdf = this.s.pdf!.get(seq) as Omit<PdfEntry, 'blob'> | undefined;
    const pdfBlob = pdf && put(pdf.hash, pdf.size, this.s.documentBytes!);
    if (pdf && pdfBlob) list.pdf = { ...pdf, blob: pdfBlob };
    const epub = this.s.epub!.get(seq) as Omit<BookEntry, 'blob'> | undefined;
    const epubBlob = epub && put(epub.hash, epub.size, this.s.documentBytes!);
    if (epub && epubBlob) list.epub = { ...epub, blob: epubBlob };
    return { value: JSON.stringify(list), written };
  }

  private versions(seq: number, folder: SyncFolder): { value: string; written: number } {
    let written = 0;
    const list: VersionEntry[] = [];
    for (const v of this.s.versions!.all(seq) as { version: number; html: string; text: string; content_hash: string; replaced_at: string }[]) {
      const { bytes } = this.blobOf(v);
      const blob = folder.writeBlob(bytes);
      if (blob.written) written++;
      list.push({ version: v.version, replacedAt: v.replaced_at, contentHash: v.content_hash, size: bytes.length, blob: blob.hash });
    }
    return { value: JSON.stringify(list), written };
  }
}

/** What a receiving library writes for an article's lists, with the bytes it did not hold yet (read and checked). */
export interface FilesPlan {
  files?: { list: FilesList; bytes: Map<string, Buffer> };
  versions?: { list: VersionEntry[]; bodies: Map<number, { html: string; text: string }> };
}

/** Writes the files and versions an article's merged fields list, once all their blobs are in the folder. */
export class FileReceiver {
  private readonly s: Record<string, Statement>;

  constructor(db: Database) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      hasAsset: p(`SELECT 1 FROM assets WHERE hash = ?`),
      hasDocument: p(`SELECT 1 FROM documents WHERE hash = ?`),
      version: p(`SELECT content_hash, replaced_at FROM article_versions WHERE article_seq = ? AND version = ?`),
      insertAsset: p(`INSERT INTO assets (hash, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`),
      unlinkAssets: p(`DELETE FROM article_assets WHERE article_seq = ? AND asset_hash NOT IN (SELECT value FROM json_each(?))`),
      linkAsset: p(`INSERT INTO article_assets (article_seq, asset_hash, source_url) VALUES (?, ?, ?)
        ON CONFLICT (article_seq, asset_hash) DO UPDATE SET source_url = excluded.source_url`),
      insertDocument: p(`INSERT INTO documents (hash, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`),
      upsertPdf: p(`INSERT INTO article_documents (article_seq, document_hash, page_count, page_starts, has_text, info) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (article_seq) DO UPDATE SET document_hash = excluded.document_hash, page_count = excluded.page_count,
          page_starts = excluded.page_starts, has_text = excluded.has_text, info = excluded.info`),
      unlinkPdf: p(`DELETE FROM article_documents WHERE article_seq = ?`),
      upsertBook: p(`INSERT INTO article_books (article_seq, document_hash, chapters, info) VALUES (?, ?, ?, ?)
        ON CONFLICT (article_seq) DO UPDATE SET document_hash = excluded.document_hash, chapters = excluded.chapters, info = excluded.info`),
      unlinkBook: p(`DELETE FROM article_books WHERE article_seq = ?`),
      dropVersions: p(`DELETE FROM article_versions WHERE article_seq = ? AND version NOT IN (SELECT value FROM json_each(?))`),
      upsertVersion: p(`INSERT INTO article_versions (article_seq, version, html, text, content_hash, replaced_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (article_seq, version) DO UPDATE SET html = excluded.html, text = excluded.text,
          content_hash = excluded.content_hash, replaced_at = excluded.replaced_at`),
    };
  }

  /**
   * The plan for an article's `files` and `versions` fields (a field absent, or not a list this version
   * reads, is left as it is), its missing bytes read from the folder; undefined while a blob it needs is
   * missing, half-written or refused (the article waits). `seq`: the article's row, if it is there.
   */
  prepare(files: FieldValue | undefined, versions: FieldValue | undefined, seq: number | undefined, folder: SyncFolder | undefined): FilesPlan | undefined {
    const plan: FilesPlan = {};
    const fileList = parseFiles(files);
    if (fileList) {
      const bytes = new Map<string, Buffer>();
      const wanted: [FileEntry, Statement][] = fileList.assets.map((a) => [a, this.s.hasAsset!]);
      if (fileList.pdf) wanted.push([fileList.pdf, this.s.hasDocument!]);
      if (fileList.epub) wanted.push([fileList.epub, this.s.hasDocument!]);
      for (const [entry, held] of wanted) {
        if (bytes.has(entry.hash) || held.get(entry.hash)) continue;
        const b = readChecked(folder, entry.blob, entry.size, entry.hash);
        if (!b) return undefined;
        bytes.set(entry.hash, b);
      }
      plan.files = { list: fileList, bytes };
    }
    const versionList = parseVersions(versions);
    if (versionList) {
      const bodies = new Map<number, { html: string; text: string }>();
      for (const v of versionList) {
        const row = seq === undefined ? undefined : (this.s.version!.get(seq, v.version) as { content_hash: string; replaced_at: string } | undefined);
        if (row && row.content_hash === v.contentHash && row.replaced_at === v.replacedAt) continue;
        const b = folder?.readBlob(v.blob, v.size);
        if (!b) return undefined;
        const body = parseBody(b, v.contentHash);
        if (!body) return undefined;
        bodies.set(v.version, body);
      }
      plan.versions = { list: versionList, bodies };
    }
    return plan;
  }

  /** Writes a prepared plan for the article's row: its rows then match the lists exactly. */
  write(seq: number, plan: FilesPlan, now: string): void {
    if (plan.files) {
      const { list, bytes } = plan.files;
      const store = (e: FileEntry, insert: Statement): void => {
        const b = bytes.get(e.hash);
        if (b) insert.run(e.hash, e.mime, e.size, b, now);
      };
      for (const a of list.assets) store(a, this.s.insertAsset!);
      this.s.unlinkAssets!.run(seq, JSON.stringify(list.assets.map((a) => a.hash)));
      for (const a of list.assets) this.s.linkAsset!.run(seq, a.hash, a.url);
      if (list.pdf) {
        store(list.pdf, this.s.insertDocument!);
        this.s.upsertPdf!.run(seq, list.pdf.hash, list.pdf.pageCount, list.pdf.pageStarts, list.pdf.hasText, list.pdf.info);
      } else this.s.unlinkPdf!.run(seq);
      if (list.epub) {
        store(list.epub, this.s.insertDocument!);
        this.s.upsertBook!.run(seq, list.epub.hash, list.epub.chapters, list.epub.info);
      } else this.s.unlinkBook!.run(seq);
    }
    if (plan.versions) {
      const { list, bodies } = plan.versions;
      this.s.dropVersions!.run(seq, JSON.stringify(list.map((v) => v.version)));
      for (const v of list) {
        const body = bodies.get(v.version);
        if (body) this.s.upsertVersion!.run(seq, v.version, body.html, body.text, v.contentHash, v.replacedAt);
      }
    }
  }
}

/** A blob's bytes once whole and of the listed SHA-256; undefined while not (a damaged one is counted by readBlob). */
function readChecked(folder: SyncFolder | undefined, blob: string, size: number, hash: string): Buffer | undefined {
  const bytes = folder?.readBlob(blob, size);
  if (!bytes || bytes.length !== size) return undefined;
  // A plain folder's blob name is this hash, checked by readBlob already; an encrypted one's is an HMAC of it.
  if (folder!.encrypted ? createHash('sha256').update(bytes).digest('hex') !== hash : blob !== hash) return undefined;
  return bytes;
}

function parseBody(bytes: Buffer, contentHash: string): { html: string; text: string } | undefined {
  try {
    const v = JSON.parse(bytes.toString('utf8')) as { html?: unknown; text?: unknown; contentHash?: unknown };
    if (typeof v.html !== 'string' || typeof v.text !== 'string' || v.contentHash !== contentHash) return undefined;
    return { html: v.html, text: v.text };
  } catch {
    return undefined;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function jsonOf(s: unknown, array: boolean): boolean {
  if (typeof s !== 'string') return false;
  try {
    const v: unknown = JSON.parse(s);
    return array ? Array.isArray(v) : isObj(v);
  } catch {
    return false;
  }
}

function isFileEntry(v: unknown, mime?: string): v is Obj & FileEntry {
  return (
    isObj(v) && typeof v.hash === 'string' && HEX64.test(v.hash) && typeof v.blob === 'string' && HEX64.test(v.blob) &&
    typeof v.mime === 'string' && v.mime.length <= 200 && (mime === undefined || v.mime === mime) &&
    isCount(v.size) && v.size <= MAX_SYNCED_FILE_BYTES
  );
}

/** A JSON field's value, or undefined when it is absent, empty or not JSON (the caller checks its shape). */
function parseJsonField(value: FieldValue | undefined): unknown {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function parseFiles(value: FieldValue | undefined): FilesList | undefined {
  const v = parseJsonField(value);
  if (!isObj(v) || !Array.isArray(v.assets)) return undefined;
  const assets: AssetEntry[] = [];
  for (const a of v.assets as unknown[]) {
    if (!isFileEntry(a) || (a.url !== null && typeof a.url !== 'string')) return undefined;
    assets.push({ hash: a.hash, mime: a.mime, size: a.size, blob: a.blob, url: a.url as string | null });
  }
  const list: FilesList = { assets };
  if (v.pdf !== undefined) {
    const p = v.pdf;
    if (!isFileEntry(p, PDF_MIME) || !isCount(p.pageCount) || (p.hasText !== 0 && p.hasText !== 1) || !jsonOf(p.pageStarts, true) || !jsonOf(p.info, false)) return undefined;
    list.pdf = { hash: p.hash, mime: p.mime, size: p.size, blob: p.blob, pageCount: p.pageCount, hasText: p.hasText, pageStarts: p.pageStarts as string, info: p.info as string };
  }
  if (v.epub !== undefined) {
    const e = v.epub;
    if (!isFileEntry(e, EPUB_MIME) || !jsonOf(e.chapters, true) || !jsonOf(e.info, false)) return undefined;
    list.epub = { hash: e.hash, mime: e.mime, size: e.size, blob: e.blob, chapters: e.chapters as string, info: e.info as string };
  }
  return list;
}

function parseVersions(value: FieldValue | undefined): VersionEntry[] | undefined {
  const v = parseJsonField(value);
  if (!Array.isArray(v)) return undefined;
  const out: VersionEntry[] = [];
  for (const e of v as unknown[]) {
    if (
      !isObj(e) || !Number.isSafeInteger(e.version) || typeof e.replacedAt !== 'string' || typeof e.contentHash !== 'string' ||
      !isCount(e.size) || typeof e.blob !== 'string' || !HEX64.test(e.blob)
    ) {
      return undefined;
    }
    out.push({ version: e.version as number, replacedAt: e.replacedAt, contentHash: e.contentHash, size: e.size, blob: e.blob });
  }
  return out;
}
