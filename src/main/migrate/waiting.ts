/**
 * Highlights waiting for their page (Pocket, Instapaper, Hypothesis): an
 * item with highlights but no text is stored at once as a highlights-only
 * source whose source URL is the page's address, so nothing is lost if the
 * page can never be fetched. No table of its own: the source's URL is the
 * link. The one rule, applied by Library to every page it stores (a URL
 * save, the URL-list job, a saved page imported as a file): a stored page
 * whose address or canonical URL is a waiting source's URL takes that
 * source's highlights (attach-text.ts: placed exactly, fuzzily, or kept as
 * "Not found in text"), its tags, note, added date and state, and the
 * source is gone.
 */
import type { Database } from 'better-sqlite3';
import type { LibraryStores } from './stores';
import { attachTextToSource, type AttachReport } from './attach-text';
import { addressKeys } from '../web/url';

interface UrlRow {
  id: string;
  format: string;
}

/**
 * The article already holding this page: a document saved from it (its
 * source or canonical URL) first, else a source waiting for it. Undefined
 * when the library has neither.
 */
export function articleAtAddress(db: Database, url: string): { id: string; waiting: boolean } | undefined {
  const keys = addressKeys([url]);
  if (keys.length === 0) return undefined;
  const marks = keys.map(() => '?').join(', ');
  const rows = db
    .prepare<string[], UrlRow>(
      `SELECT id, format FROM articles WHERE source_url IN (${marks}) OR canonical_url IN (${marks})
       ORDER BY (format = 'highlights'), updated_at DESC, seq DESC`,
    )
    .all(...keys, ...keys);
  const row = rows[0];
  return row ? { id: row.id, waiting: row.format === 'highlights' } : undefined;
}

/** Sets the state a page had in the service it comes from (only ever turns archived/favourite on). */
export function keepServiceState(db: Database, articleId: string, state: { archived?: boolean | undefined; favorite?: boolean | undefined }): void {
  if (state.archived) db.prepare(`UPDATE articles SET archived = 1 WHERE id = ?`).run(articleId);
  if (state.favorite) db.prepare(`UPDATE articles SET favorite = 1 WHERE id = ?`).run(articleId);
}

interface SourceRow {
  id: string;
  added_at: string;
  archived: number;
  favorite: number;
}

export interface WaitingAttached extends AttachReport {
  /** The source that waited (deleted now). */
  sourceId: string;
}

/**
 * Attaches every source waiting for the page `documentId` was saved from
 * (`urls`: where it was asked for, fetched from, its canonical URL). The
 * document keeps the earlier added date and takes the source's archived and
 * favourite state. One transaction per source; [] when nothing waited.
 */
export function attachWaitingSources(
  library: LibraryStores,
  documentId: string,
  urls: readonly (string | null | undefined)[],
  now: Date = new Date(),
): WaitingAttached[] {
  const keys = addressKeys(urls);
  if (keys.length === 0) return [];
  const marks = keys.map(() => '?').join(', ');
  const sources = library.db
    .prepare<string[], SourceRow>(
      `SELECT id, added_at, archived, favorite FROM articles
       WHERE format = 'highlights' AND source_url IN (${marks}) ORDER BY seq`,
    )
    .all(...keys);
  const out: WaitingAttached[] = [];
  for (const source of sources) {
    out.push(
      library.db.transaction(() => {
        const report = attachTextToSource(library, source.id, documentId, now);
        // The page was in the user's library since the service saved it, not since today.
        library.db.prepare(`UPDATE articles SET added_at = min(added_at, ?) WHERE id = ?`).run(source.added_at, documentId);
        keepServiceState(library.db, documentId, { archived: source.archived === 1, favorite: source.favorite === 1 });
        return { ...report, sourceId: source.id };
      })(),
    );
  }
  return out;
}

/** Why a waiting page could not be saved, and when (ISO 8601). */
export interface PageSaveFailure {
  /** One line, without the address ("the server answered 404 Not Found."). */
  reason: string;
  failedAt: string;
}

/** A save error's message without its "Could not download <url> (redirected to …): " opening. */
export function failureReason(message: string): string {
  return message.replace(/^Could not (?:download|save) \S+(?: \(redirected to \S+\))?: /, '').trim() || message;
}

/**
 * Keeps why saving the page at `urls` failed on every source waiting for
 * it (the latest failure replaces an earlier one), so the entry can say so
 * and offer Try again. The row goes with the source when its page is saved
 * (ON DELETE CASCADE). Returns how many sources it was kept on.
 */
export function recordPageSaveFailure(db: Database, urls: readonly (string | null | undefined)[], message: string, now: Date = new Date()): number {
  const keys = addressKeys(urls);
  if (keys.length === 0) return 0;
  const marks = keys.map(() => '?').join(', ');
  return db
    .prepare(
      `INSERT INTO page_save_failures (article_seq, reason, failed_at)
       SELECT seq, ?, ? FROM articles WHERE format = 'highlights' AND source_url IN (${marks})
       ON CONFLICT (article_seq) DO UPDATE SET reason = excluded.reason, failed_at = excluded.failed_at`,
    )
    .run(failureReason(message), now.toISOString(), ...keys).changes;
}

/** The last failed save of the page a source waits for, or undefined. */
export function pageSaveFailureOf(db: Database, articleId: string): PageSaveFailure | undefined {
  return db
    .prepare<[string], PageSaveFailure>(
      `SELECT f.reason, f.failed_at AS failedAt FROM page_save_failures f JOIN articles a ON a.seq = f.article_seq WHERE a.id = ?`,
    )
    .get(articleId);
}
