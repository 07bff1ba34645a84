/**
 * The Gloss library JSON format, version 1 (documented in FORMAT.md):
 * every article (body, metadata, reading state, tags by name, earlier
 * versions), highlight (deleted ones too), article note, tag, asset (bytes
 * in base64) and tombstone of one library. Ids are the public string ids,
 * never the internal row numbers.
 *
 * `parseLibraryJson` checks a file against the schema and answers
 * GlossError('invalid_argument') naming the offending path, or
 * GlossError('library_too_new') for a file written by a newer Gloss.
 * `serializeLibraryJson` writes it in one canonical form (fixed key order,
 * sorted arrays), so equal libraries give byte-identical files.
 */
import { z } from 'zod';
import { GlossError } from '../../shared/errors';
import { HIGHLIGHT_COLORS } from '../../shared/types';
import type { ArticleRecord } from '../db/article-row';
import { normalizeReviewJson, ReviewJsonSchema } from '../review/backup';

export const LIBRARY_JSON_FORMAT = 'gloss-library';
export const LIBRARY_JSON_VERSION = 1;

const Id = z.string().regex(/^[a-z0-9]{4,40}$/, { error: 'must be 4-40 lowercase letters or digits' });
const Timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
const NullableString = z.string().nullable();
const Count = z.number().int().min(0);

const ReadingSchema = z.object({
  progress: z.number().finite(),
  position: NullableString,
  state: z.enum(['unread', 'reading', 'finished']),
  archived: z.boolean(),
  favorite: z.boolean(),
});

const VersionSchema = z.object({
  version: z.number().int().min(1),
  html: z.string(),
  text: z.string(),
  replacedAt: Timestamp,
});

const ArticleAssetSchema = z.object({
  hash: z.string().min(1),
  sourceUrl: NullableString,
});

/** A PDF article's file (by hash, in `documents`), page map and PDF metadata (see PdfStore). */
const ArticlePdfSchema = z.object({
  fileHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 (64 lowercase hex digits)' }),
  pageCount: Count,
  pageStarts: z.array(Count),
  hasText: z.boolean(),
  // subject, keywords, creator, producer, dates, outline: checked again on restore (json-import.ts).
  info: z.record(z.string(), z.unknown()),
});

/** A book's file (by hash, in `documents`), chapters and metadata (see BookStore). */
const ArticleBookSchema = z.object({
  fileHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 (64 lowercase hex digits)' }),
  // {id, title, start, writingMode} and the metadata: checked again on restore (epub/restore.ts).
  chapters: z.array(z.unknown()),
  info: z.record(z.string(), z.unknown()),
});

const AnchoringReportSchema = z.object({
  exact: Count,
  moved: Count,
  orphaned: Count,
  movedIds: z.array(z.string()),
  orphanedIds: z.array(z.string()),
  at: z.string(),
});

const ArticleSchema = z.object({
  id: Id,
  format: z.enum(['text', 'markdown', 'html', 'pdf', 'epub', 'highlights']),
  title: z.string(),
  author: NullableString,
  siteName: NullableString,
  sourceUrl: NullableString,
  sourceName: NullableString,
  // Added with format 1's saved web pages; older files lack them (read as null).
  canonicalUrl: NullableString.default(null),
  leadImage: NullableString.default(null),
  publishedAt: NullableString,
  language: NullableString,
  excerpt: NullableString,
  wordCount: Count,
  addedAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().min(1),
  anchorReport: AnchoringReportSchema.nullable(),
  reading: ReadingSchema,
  body: z.object({ html: z.string(), text: z.string() }),
  tags: z.array(z.string().min(1)),
  assets: z.array(ArticleAssetSchema),
  versions: z.array(VersionSchema),
  // PDF articles only; absent in files without PDFs (and in older files).
  pdf: ArticlePdfSchema.optional(),
  // EPUB articles only; absent otherwise (and in older files).
  book: ArticleBookSchema.optional(),
});

const HighlightSchema = z
  .object({
    id: Id,
    articleId: Id,
    color: z.enum(HIGHLIGHT_COLORS),
    quote: z.object({ exact: z.string(), prefix: z.string(), suffix: z.string() }),
    position: z.object({ start: Count, end: Count }),
    note: z.string(),
    anchor: z.enum(['exact', 'moved', 'orphaned']),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    deletedAt: Timestamp.nullable(),
    // Its tags by name (migration 10); absent when it has none (and in older files).
    tags: z.array(z.string().min(1)).optional(),
  })
  .refine((h) => h.position.end >= h.position.start, {
    error: 'position.end must not be before position.start',
    path: ['position', 'end'],
  });

const NoteSchema = z.object({
  articleId: Id,
  note: z.string(),
  updatedAt: Timestamp,
});

const TagSchema = z.object({
  name: z.string().min(1),
  createdAt: Timestamp,
});

/** A stored file (an image asset, or a PDF): bytes in base64, checked against the hash on restore. */
const StoredFileSchema = z
  .object({
    hash: z.string().min(1),
    mime: z.string(),
    size: Count,
    createdAt: Timestamp,
    bytes: z.base64({ error: 'must be base64' }),
  })
  .refine((a) => Buffer.from(a.bytes, 'base64').length === a.size, {
    error: 'size does not match the decoded bytes',
    path: ['size'],
  });
const AssetSchema = StoredFileSchema;
const DocumentSchema = StoredFileSchema;

const TombstoneSchema = z.object({
  entity: z.enum(['article', 'highlight', 'tag']),
  id: z.string().min(1),
  deletedAt: Timestamp,
});

export const LibraryJsonSchema = z
  .object({
    format: z.literal(LIBRARY_JSON_FORMAT),
    version: z.literal(LIBRARY_JSON_VERSION),
    exportedAt: Timestamp,
    articles: z.array(ArticleSchema),
    highlights: z.array(HighlightSchema),
    articleNotes: z.array(NoteSchema),
    tags: z.array(TagSchema),
    assets: z.array(AssetSchema),
    tombstones: z.array(TombstoneSchema),
    // PDF files; absent when the library has none (and in older files).
    documents: z.array(DocumentSchema).optional(),
    // The daily review's cards and answers; absent when there are none (and in older files).
    review: ReviewJsonSchema.optional(),
  })
  .superRefine((lib, ctx) => {
    const unique = (values: string[], path: (i: number) => (string | number)[], what: string): void => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', path: path(i), message: `duplicate ${what} ${v}` });
        seen.add(v);
      });
    };
    unique(lib.articles.map((a) => a.id), (i) => ['articles', i, 'id'], 'article id');
    unique(lib.highlights.map((h) => h.id), (i) => ['highlights', i, 'id'], 'highlight id');
    unique(lib.articleNotes.map((n) => n.articleId), (i) => ['articleNotes', i, 'articleId'], 'note for article');
    unique(lib.tags.map((t) => t.name.toLowerCase()), (i) => ['tags', i, 'name'], 'tag');
    unique(lib.assets.map((a) => a.hash), (i) => ['assets', i, 'hash'], 'asset');
    unique(lib.tombstones.map((t) => `${t.entity}:${t.id}`), (i) => ['tombstones', i, 'id'], 'tombstone');
    unique((lib.documents ?? []).map((d) => d.hash), (i) => ['documents', i, 'hash'], 'document');
    const documentHashes = new Set((lib.documents ?? []).map((d) => d.hash));
    lib.articles.forEach((a, i) => {
      if (a.pdf && !documentHashes.has(a.pdf.fileHash)) {
        ctx.addIssue({ code: 'custom', path: ['articles', i, 'pdf', 'fileHash'], message: `no document ${a.pdf.fileHash} in this file` });
      }
      if (a.book && !documentHashes.has(a.book.fileHash)) {
        ctx.addIssue({ code: 'custom', path: ['articles', i, 'book', 'fileHash'], message: `no document ${a.book.fileHash} in this file` });
      }
    });

    const articleIds = new Set(lib.articles.map((a) => a.id));
    const assetHashes = new Set(lib.assets.map((a) => a.hash));
    lib.highlights.forEach((h, i) => {
      if (!articleIds.has(h.articleId)) {
        ctx.addIssue({ code: 'custom', path: ['highlights', i, 'articleId'], message: `no article ${h.articleId} in this file` });
      }
    });
    lib.articleNotes.forEach((n, i) => {
      if (!articleIds.has(n.articleId)) {
        ctx.addIssue({ code: 'custom', path: ['articleNotes', i, 'articleId'], message: `no article ${n.articleId} in this file` });
      }
    });
    lib.articles.forEach((a, i) => {
      a.assets.forEach((ref, j) => {
        if (!assetHashes.has(ref.hash)) {
          ctx.addIssue({ code: 'custom', path: ['articles', i, 'assets', j, 'hash'], message: `no asset ${ref.hash} in this file` });
        }
      });
      const versions = new Set<number>();
      a.versions.forEach((v, j) => {
        if (versions.has(v.version) || v.version >= a.version) {
          ctx.addIssue({
            code: 'custom',
            path: ['articles', i, 'versions', j, 'version'],
            message: `earlier versions must be distinct and below the article's version ${a.version}`,
          });
        }
        versions.add(v.version);
      });
    });
  });

export type LibraryJson = z.infer<typeof LibraryJsonSchema>;
export type LibraryJsonArticle = LibraryJson['articles'][number];
// An article in the file is the articles row as db/article-row.ts maps it, plus its
// body, tags, assets and versions: a column added there and not here fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const articleIsRecord: Same<Omit<LibraryJsonArticle, 'body' | 'tags' | 'assets' | 'versions' | 'pdf' | 'book'>, ArticleRecord> = true;
void articleIsRecord;
export type LibraryJsonHighlight = LibraryJson['highlights'][number];
export type LibraryJsonNote = LibraryJson['articleNotes'][number];
export type LibraryJsonTag = LibraryJson['tags'][number];
export type LibraryJsonAsset = LibraryJson['assets'][number];
export type LibraryJsonTombstone = LibraryJson['tombstones'][number];
export type LibraryJsonDocument = NonNullable<LibraryJson['documents']>[number];
export type LibraryJsonArticlePdf = NonNullable<LibraryJsonArticle['pdf']>;
export type LibraryJsonArticleBook = NonNullable<LibraryJsonArticle['book']>;

/** `articles[2].body.html` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

const MAX_LISTED_ISSUES = 5;

/**
 * Reads a library JSON file: `input` is its text (or already parsed JSON).
 * Throws GlossError('invalid_argument') for anything that is not a valid
 * version-1 file, naming the first offending paths, and
 * GlossError('library_too_new') for a file of a newer format version.
 */
export function parseLibraryJson(input: unknown): LibraryJson {
  let data: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new GlossError('invalid_argument', `This is not a Gloss library file: it is not valid JSON (${(err as Error).message}).`);
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new GlossError('invalid_argument', 'This is not a Gloss library file: expected a JSON object.');
  }
  const head = data as { format?: unknown; version?: unknown };
  if (head.format !== LIBRARY_JSON_FORMAT) {
    throw new GlossError(
      'invalid_argument',
      `This is not a Gloss library file: format must be "${LIBRARY_JSON_FORMAT}" (found ${JSON.stringify(head.format) ?? 'nothing'}).`,
    );
  }
  if (typeof head.version !== 'number' || !Number.isInteger(head.version) || head.version < 1) {
    throw new GlossError(
      'invalid_argument',
      `This Gloss library file has no valid version number (found ${JSON.stringify(head.version) ?? 'nothing'}).`,
    );
  }
  if (head.version > LIBRARY_JSON_VERSION) {
    throw new GlossError(
      'library_too_new',
      `This library file was written by a newer version of Gloss (format version ${head.version}; this version reads up to ${LIBRARY_JSON_VERSION}). Update Gloss to import it.`,
    );
  }
  const result = LibraryJsonSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues;
    const listed = issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
      .join('; ');
    const more = issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more problems)` : '';
    throw new GlossError('invalid_argument', `This Gloss library file is not valid: ${listed}${more}.`);
  }
  return result.data;
}

/** Code-unit order: the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tag order: case-insensitive, then exact, so it is total and stable. */
export function compareTagNames(a: string, b: string): number {
  return compareStrings(a.toLowerCase(), b.toLowerCase()) || compareStrings(a, b);
}

/**
 * The canonical form: every object rebuilt in the documented key order,
 * every array sorted (articles, highlights by id; notes by article id; tags
 * by name; assets by hash; tombstones by entity then id; an article's tags
 * by name, assets by hash, versions by number).
 */
export function normalizeLibraryJson(lib: LibraryJson): LibraryJson {
  return {
    format: LIBRARY_JSON_FORMAT,
    version: LIBRARY_JSON_VERSION,
    exportedAt: lib.exportedAt,
    articles: lib.articles
      .map((a) => ({
        id: a.id,
        format: a.format,
        title: a.title,
        author: a.author,
        siteName: a.siteName,
        sourceUrl: a.sourceUrl,
        sourceName: a.sourceName,
        canonicalUrl: a.canonicalUrl,
        leadImage: a.leadImage,
        publishedAt: a.publishedAt,
        language: a.language,
        excerpt: a.excerpt,
        wordCount: a.wordCount,
        addedAt: a.addedAt,
        updatedAt: a.updatedAt,
        version: a.version,
        anchorReport: a.anchorReport && {
          exact: a.anchorReport.exact,
          moved: a.anchorReport.moved,
          orphaned: a.anchorReport.orphaned,
          movedIds: [...a.anchorReport.movedIds],
          orphanedIds: [...a.anchorReport.orphanedIds],
          at: a.anchorReport.at,
        },
        reading: {
          progress: a.reading.progress,
          position: a.reading.position,
          state: a.reading.state,
          archived: a.reading.archived,
          favorite: a.reading.favorite,
        },
        body: { html: a.body.html, text: a.body.text },
        tags: [...a.tags].sort(compareTagNames),
        assets: a.assets
          .map((r) => ({ hash: r.hash, sourceUrl: r.sourceUrl }))
          .sort((x, y) => compareStrings(x.hash, y.hash)),
        versions: a.versions
          .map((v) => ({ version: v.version, html: v.html, text: v.text, replacedAt: v.replacedAt }))
          .sort((x, y) => x.version - y.version),
        ...(a.pdf
          ? {
              pdf: {
                fileHash: a.pdf.fileHash,
                pageCount: a.pdf.pageCount,
                pageStarts: [...a.pdf.pageStarts],
                hasText: a.pdf.hasText,
                info: a.pdf.info,
              },
            }
          : {}),
        ...(a.book ? { book: { fileHash: a.book.fileHash, chapters: [...a.book.chapters], info: a.book.info } } : {}),
      }))
      .sort((x, y) => compareStrings(x.id, y.id)),
    highlights: lib.highlights
      .map((h) => ({
        id: h.id,
        articleId: h.articleId,
        color: h.color,
        quote: { exact: h.quote.exact, prefix: h.quote.prefix, suffix: h.quote.suffix },
        position: { start: h.position.start, end: h.position.end },
        note: h.note,
        anchor: h.anchor,
        createdAt: h.createdAt,
        updatedAt: h.updatedAt,
        deletedAt: h.deletedAt,
        ...(h.tags?.length ? { tags: [...h.tags].sort(compareTagNames) } : {}),
      }))
      .sort((x, y) => compareStrings(x.id, y.id)),
    articleNotes: lib.articleNotes
      .map((n) => ({ articleId: n.articleId, note: n.note, updatedAt: n.updatedAt }))
      .sort((x, y) => compareStrings(x.articleId, y.articleId)),
    tags: lib.tags
      .map((t) => ({ name: t.name, createdAt: t.createdAt }))
      .sort((x, y) => compareTagNames(x.name, y.name)),
    assets: lib.assets
      .map((a) => ({ hash: a.hash, mime: a.mime, size: a.size, createdAt: a.createdAt, bytes: a.bytes }))
      .sort((x, y) => compareStrings(x.hash, y.hash)),
    tombstones: lib.tombstones
      .map((t) => ({ entity: t.entity, id: t.id, deletedAt: t.deletedAt }))
      .sort((x, y) => compareStrings(x.entity, y.entity) || compareStrings(x.id, y.id)),
    ...(lib.documents?.length
      ? {
          documents: lib.documents
            .map((d) => ({ hash: d.hash, mime: d.mime, size: d.size, createdAt: d.createdAt, bytes: d.bytes }))
            .sort((x, y) => compareStrings(x.hash, y.hash)),
        }
      : {}),
    ...(lib.review ? { review: normalizeReviewJson(lib.review) } : {}),
  };
}

/** The file's text: canonical form, two-space indentation, final newline. */
export function serializeLibraryJson(lib: LibraryJson): string {
  return `${JSON.stringify(normalizeLibraryJson(lib), null, 2)}\n`;
}
