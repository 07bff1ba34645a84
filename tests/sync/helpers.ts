/**
 * Sync test helpers: a canonical dump of a library's logical content (what
 * sync must make equal: by ids and names, never by local row numbers) and
 * its checksum.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
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
    search: all(`SELECT a.id, f.title, f.text FROM articles_fts f JOIN articles a ON a.seq = f.rowid ORDER BY a.id`),
  };
}

export function checksum(db: Database): string {
  return createHash('sha256').update(JSON.stringify(canonicalDump(db))).digest('hex');
}
