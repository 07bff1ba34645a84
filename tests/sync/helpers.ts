/**
 * Sync test helpers: a canonical dump of a library's logical content (what
 * sync must make equal: by ids and names, never by local row numbers) and
 * its checksum.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Library } from '../../src/main/library';
import { ARTICLE_FIELDS, HIGHLIGHT_FIELDS, REVIEW_CARD_FIELDS, SYNCED_SETTINGS } from '../../src/main/sync/entities';

export function canonicalDump(db: Database): Record<string, unknown[]> {
  const all = (sql: string): unknown[] => db.prepare(sql).raw().all();
  return {
    articles: all(`SELECT a.id, ${ARTICLE_FIELDS.map((c) => `a.${c}`).join(', ')}, b.content_hash, b.text
      FROM articles a LEFT JOIN article_bodies b ON b.article_seq = a.seq ORDER BY a.id`),
    highlights: all(`SELECT h.id, a.id, ${HIGHLIGHT_FIELDS.map((c) => `h.${c}`).join(', ')}
      FROM highlights h JOIN articles a ON a.seq = h.article_seq ORDER BY h.id`),
    notes: all(`SELECT a.id, n.note, n.updated_at FROM article_notes n JOIN articles a ON a.seq = n.article_seq WHERE n.note <> '' ORDER BY a.id`),
    tags: all(`SELECT name, created_at FROM tags ORDER BY lower(name)`),
    articleTags: all(`SELECT a.id, t.name FROM article_tags l JOIN articles a ON a.seq = l.article_seq JOIN tags t ON t.seq = l.tag_seq ORDER BY a.id, lower(t.name)`),
    highlightTags: all(`SELECT h.id, t.name FROM highlight_tags l JOIN highlights h ON h.seq = l.highlight_seq JOIN tags t ON t.seq = l.tag_seq ORDER BY h.id, lower(t.name)`),
    reviewCards: all(`SELECT highlight_id, ${REVIEW_CARD_FIELDS.join(', ')} FROM review_cards ORDER BY highlight_id`),
    reviewLog: all(`SELECT highlight_id, reviewed_at, answer, day FROM review_log ORDER BY highlight_id, reviewed_at`),
    settings: all(`SELECT key, value FROM settings WHERE key IN (${SYNCED_SETTINGS.map((k) => `'${k}'`).join(', ')}) ORDER BY key`),
    // Files and earlier versions (files.ts): by article id and content hash, the bytes by their SHA-256.
    assets: all(`SELECT a.id, l.asset_hash, l.source_url, s.mime, s.size, s.bytes FROM article_assets l JOIN articles a ON a.seq = l.article_seq
      JOIN assets s ON s.hash = l.asset_hash ORDER BY a.id, l.asset_hash`).map(hashingBytes),
    pdfs: all(`SELECT a.id, l.document_hash, l.page_count, l.page_starts, l.has_text, l.info, d.mime, d.bytes FROM article_documents l
      JOIN articles a ON a.seq = l.article_seq JOIN documents d ON d.hash = l.document_hash ORDER BY a.id`).map(hashingBytes),
    books: all(`SELECT a.id, l.document_hash, l.chapters, l.info, d.mime, d.bytes FROM article_books l
      JOIN articles a ON a.seq = l.article_seq JOIN documents d ON d.hash = l.document_hash ORDER BY a.id`).map(hashingBytes),
    versions: all(`SELECT a.id, v.version, v.html, v.text, v.content_hash, v.replaced_at FROM article_versions v
      JOIN articles a ON a.seq = v.article_seq ORDER BY a.id, v.version`),
    search: all(`SELECT a.id, f.title, f.text FROM articles_fts f JOIN articles a ON a.seq = f.rowid ORDER BY a.id`),
  };
}

/** A dumped row with its file's bytes (the last column) as their SHA-256. */
function hashingBytes(row: unknown): unknown {
  const r = row as unknown[];
  return [...r.slice(0, -1), createHash('sha256').update(r[r.length - 1] as Buffer).digest('hex')];
}

export function checksum(db: Database): string {
  return createHash('sha256').update(JSON.stringify(canonicalDump(db))).digest('hex');
}

/** Imports a plain-text article into `lib`; its id. */
export function importText(lib: Library, name: string, text: string): string {
  const r = lib.importFile({ fileName: name, bytes: new TextEncoder().encode(text) }, 'new');
  if (r.status !== 'imported') throw new Error(`not imported: ${r.status}`);
  return r.article.id;
}
