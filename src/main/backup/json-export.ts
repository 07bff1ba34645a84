/**
 * Writes a whole library as the JSON format of json-format.ts (see
 * FORMAT.md), read in one transaction so the file is a consistent picture
 * even while the app writes. The output is in canonical order: two exports
 * of equal libraries (with the same `exportedAt`) serialize to the same bytes.
 */
import type { Database } from 'better-sqlite3';
import { articleColumnsSql, toArticleRecord, type ArticleRow } from '../db/article-row';
import {
  LIBRARY_JSON_FORMAT,
  LIBRARY_JSON_VERSION,
  normalizeLibraryJson,
  type LibraryJson,
  type LibraryJsonArticle,
  type LibraryJsonAsset,
  type LibraryJsonHighlight,
} from './json-format';
import { exportReviewJson } from '../review/backup';

export interface ExportOptions {
  /** The file's `exportedAt`; defaults to now. */
  now?: Date;
}

type ArticleRowWithBody = ArticleRow & { html: string | null; text: string | null };

interface HighlightRow {
  id: string;
  article_id: string;
  color: LibraryJsonHighlight['color'];
  quote: string;
  prefix: string;
  suffix: string;
  start_offset: number;
  end_offset: number;
  note: string;
  anchor: LibraryJsonHighlight['anchor'];
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

function groupBySeq<T extends { article_seq: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.article_seq);
    if (list) list.push(row);
    else map.set(row.article_seq, [row]);
  }
  return map;
}

/** Everything in the library, as a canonical LibraryJson object. */
/** The rows of a table of stored files (image assets, PDF files) as the file writes them. */
function storedFiles(db: Database, table: 'assets' | 'documents'): LibraryJsonAsset[] {
  const rows = db.prepare(`SELECT hash, mime, bytes, created_at FROM ${table}`).all() as {
    hash: string;
    mime: string;
    bytes: Buffer;
    created_at: string;
  }[];
  return rows.map((r) => ({
    hash: r.hash,
    mime: r.mime,
    size: r.bytes.length,
    createdAt: r.created_at,
    bytes: Buffer.from(r.bytes).toString('base64'),
  }));
}

export function exportLibraryJson(db: Database, options: ExportOptions = {}): LibraryJson {
  const exportedAt = (options.now ?? new Date()).toISOString();
  return db.transaction((): LibraryJson => {
    const articleRows = db
      .prepare(
        `SELECT ${articleColumnsSql()}, b.html, b.text
         FROM articles a LEFT JOIN article_bodies b ON b.article_seq = a.seq`,
      )
      .all() as ArticleRowWithBody[];
    const tagRows = groupBySeq(
      db
        .prepare(`SELECT at.article_seq, t.name FROM article_tags at JOIN tags t ON t.seq = at.tag_seq`)
        .all() as { article_seq: number; name: string }[],
    );
    const assetLinks = groupBySeq(
      db.prepare(`SELECT article_seq, asset_hash, source_url FROM article_assets`).all() as {
        article_seq: number;
        asset_hash: string;
        source_url: string | null;
      }[],
    );
    const versionRows = groupBySeq(
      db.prepare(`SELECT article_seq, version, html, text, replaced_at FROM article_versions`).all() as {
        article_seq: number;
        version: number;
        html: string;
        text: string;
        replaced_at: string;
      }[],
    );

    const pdfLinks = new Map(
      (
        db.prepare(`SELECT article_seq, document_hash, page_count, page_starts, has_text, info FROM article_documents`).all() as {
          article_seq: number;
          document_hash: string;
          page_count: number;
          page_starts: string;
          has_text: number;
          info: string;
        }[]
      ).map((l) => [
        l.article_seq,
        {
          fileHash: l.document_hash,
          pageCount: l.page_count,
          pageStarts: JSON.parse(l.page_starts) as number[],
          hasText: l.has_text === 1,
          info: JSON.parse(l.info) as Record<string, unknown>,
        },
      ]),
    );

    // article_books came with migration 7 (a library file is always migrated before export).
    const bookLinks = new Map(
      (db.prepare(`SELECT article_seq, document_hash, chapters, info FROM article_books`).all() as {
        article_seq: number;
        document_hash: string;
        chapters: string;
        info: string;
      }[]).map((l) => [
        l.article_seq,
        { fileHash: l.document_hash, chapters: JSON.parse(l.chapters) as unknown[], info: JSON.parse(l.info) as Record<string, unknown> },
      ]),
    );

    const articles: LibraryJsonArticle[] = articleRows.map((row) => ({
      ...toArticleRecord(row),
      body: { html: row.html ?? '', text: row.text ?? '' },
      tags: (tagRows.get(row.seq) ?? []).map((t) => t.name),
      assets: (assetLinks.get(row.seq) ?? []).map((l) => ({ hash: l.asset_hash, sourceUrl: l.source_url })),
      versions: (versionRows.get(row.seq) ?? []).map((v) => ({
        version: v.version,
        html: v.html,
        text: v.text,
        replacedAt: v.replaced_at,
      })),
      ...(pdfLinks.has(row.seq) ? { pdf: pdfLinks.get(row.seq)! } : {}),
      ...(bookLinks.has(row.seq) ? { book: bookLinks.get(row.seq)! } : {}),
    }));

    const highlightTags = new Map<string, string[]>();
    for (const row of db
      .prepare(`SELECT h.id, t.name FROM highlight_tags ht JOIN highlights h ON h.seq = ht.highlight_seq JOIN tags t ON t.seq = ht.tag_seq`)
      .all() as { id: string; name: string }[]) {
      highlightTags.set(row.id, [...(highlightTags.get(row.id) ?? []), row.name]);
    }
    const highlights = (
      db
        .prepare(
          `SELECT h.id, a.id AS article_id, h.color, h.quote, h.prefix, h.suffix, h.start_offset,
             h.end_offset, h.note, h.anchor, h.created_at, h.updated_at, h.deleted_at
           FROM highlights h JOIN articles a ON a.seq = h.article_seq`,
        )
        .all() as HighlightRow[]
    ).map(
      (h): LibraryJsonHighlight => ({
        ...(highlightTags.has(h.id) ? { tags: highlightTags.get(h.id)! } : {}),
        id: h.id,
        articleId: h.article_id,
        color: h.color,
        quote: { exact: h.quote, prefix: h.prefix, suffix: h.suffix },
        position: { start: h.start_offset, end: h.end_offset },
        note: h.note,
        anchor: h.anchor,
        createdAt: h.created_at,
        updatedAt: h.updated_at,
        deletedAt: h.deleted_at,
      }),
    );

    const articleNotes = (
      db
        .prepare(
          `SELECT a.id AS article_id, n.note, n.updated_at
           FROM article_notes n JOIN articles a ON a.seq = n.article_seq`,
        )
        .all() as { article_id: string; note: string; updated_at: string }[]
    ).map((n) => ({ articleId: n.article_id, note: n.note, updatedAt: n.updated_at }));

    const tags = (db.prepare(`SELECT name, created_at FROM tags`).all() as { name: string; created_at: string }[]).map(
      (t) => ({ name: t.name, createdAt: t.created_at }),
    );

    const assets = storedFiles(db, 'assets');
    const documents = storedFiles(db, 'documents');
    const review = exportReviewJson(db);

    const tombstones = (
      db.prepare(`SELECT entity, id, deleted_at FROM tombstones`).all() as {
        entity: 'article' | 'highlight' | 'tag';
        id: string;
        deleted_at: string;
      }[]
    ).map((t) => ({ entity: t.entity, id: t.id, deletedAt: t.deleted_at }));

    return normalizeLibraryJson({
      format: LIBRARY_JSON_FORMAT,
      version: LIBRARY_JSON_VERSION,
      exportedAt,
      articles,
      highlights,
      articleNotes,
      tags,
      assets,
      tombstones,
      ...(documents.length ? { documents } : {}),
      ...(review ? { review } : {}),
    });
  }).deferred(); // reads only: one snapshot, never waiting for a writer
}
