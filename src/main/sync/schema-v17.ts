/**
 * Migration 17: articles' files (images, PDF and EPUB files) and earlier
 * versions sync (files.ts). The capture triggers are made again from the
 * current entity list, so they watch article_assets, article_documents,
 * article_books and article_versions; a library that syncs already puts
 * what those hold into its outbox, so its next publish carries the files
 * and versions of the articles it published before. (A library that never
 * synced publishes everything at its first sync.)
 */
import type { Database } from 'better-sqlite3';
import { emitSources, installCaptureTriggers } from './capture';
import { ARTICLE_BLOB_FIELDS, SOURCES } from './entities';

export function syncArticleFiles(db: Database): void {
  installCaptureTriggers(db);
  const syncing = db.prepare(`SELECT capture FROM sync_state`).pluck().get() === 1;
  if (!syncing) return;
  const blobFields: ReadonlySet<string> = new Set(ARTICLE_BLOB_FIELDS);
  emitSources(db, SOURCES.filter((s) => Object.keys(s.fields).some((f) => blobFields.has(f))));
}
