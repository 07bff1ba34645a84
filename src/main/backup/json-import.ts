/**
 * Reads a library JSON file (json-format.ts, FORMAT.md) into a library, in
 * ONE transaction: a file that fails validation, or any error on the way,
 * leaves the library exactly as it was.
 *
 * Into an empty library it restores everything as it was exported (same
 * ids, timestamps, bodies; search rows written like the store writes them).
 * Into a non-empty one it merges by id — the rules are in FORMAT.md, in short:
 * - articles, highlights, notes: the newer `updatedAt` wins the whole record
 *   (a tie keeps the local one);
 * - a tombstone (local or incoming, the later one counts) deletes any
 *   version of its entity last updated at or before the deletion; a version
 *   updated after it wins, and the tombstone is dropped (resurrection);
 * - tags merge by name (case-insensitively), an article's tags are the union;
 * - assets merge by hash, earlier versions of an article by version number.
 *
 * The file is checked like any import (restore-checks.ts): bodies and
 * versions are sanitized, non-http(s) source URLs dropped, assets whose
 * bytes do not match their hash or are no image skipped. What was changed
 * or skipped is listed in the report's `issues`.
 */
import type { Database, Statement } from 'better-sqlite3';
import { countWords } from '../../shared/text/canonical';
import { tagKey, tagNamesFromSource, uniqueTagNames } from '../../shared/tags';
import { INSERT_ARTICLE_ROW_SQL, toArticleRow, UPDATE_ARTICLE_ROW_SQL } from '../db/article-row';
import { contentHash } from '../db/articles';
import { TagRows } from '../db/tags';
import { indexArticle, unindexArticle } from '../search/search-index';
import { reanchorStoredRow, type StoredHighlightRow } from '../highlights/place';
import { checkDocument, cleanPdfInfo, PDF_MIME } from '../pdf/restore';
import { checkBookFile, cleanBookInfo, cleanChapters, EPUB_MIME, looksLikeZip } from '../epub/restore';
import { checkAsset, cleanBody, httpUrlOrNull, shown, type AssetCheck, type CleanBody, type RestoreIssue } from './restore-checks';
import {
  parseLibraryJson,
  type LibraryJson,
  type LibraryJsonArticle,
  type LibraryJsonAsset,
  type LibraryJsonHighlight,
  type LibraryJsonTombstone,
} from './json-format';
import { mergeReviewJson } from '../review/backup';

export interface EntityCounts {
  /** New in the library. */
  added: number;
  /** Replaced by a newer incoming version. */
  updated: number;
  /** Already present and as new or newer locally. */
  unchanged: number;
  /** Deleted (highlights: soft-deleted) by an incoming tombstone or newer deletion. */
  deleted: number;
  /** Not imported: tombstoned here, or their article is gone, or (highlights) they belong to another article here. */
  skipped: number;
}

export interface MergeReport {
  articles: EntityCounts;
  highlights: EntityCounts;
  notes: EntityCounts;
  tags: EntityCounts;
  assets: EntityCounts;
  tombstones: EntityCounts;
  /** What the import changed (sanitized, dropped URLs, re-anchored) or skipped (bad assets), in file order. */
  issues: RestoreIssue[];
}

export interface ImportOptions {
  /** The time of local highlight re-anchoring; defaults to now. */
  now?: Date;
}

function counts(): EntityCounts {
  return { added: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0 };
}

/** Milliseconds of an ISO timestamp; unreadable ones count as oldest. */
function time(iso: string | null | undefined): number {
  if (!iso) return Number.NEGATIVE_INFINITY;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return time(b) > time(a) ? b : a;
}

const key = (entity: string, id: string): string => `${entity}\u0000${id}`;

interface LocalArticle {
  seq: number;
  updated_at: string;
  html: string | null;
}

interface LocalHighlight {
  id: string;
  article_seq: number;
  updated_at: string;
  deleted_at: string | null;
}

/**
 * The file's bodies, versions and assets checked before the write
 * transaction starts: sanitizing is the slow part of a restore, and other
 * writers (the app, a sync) should not wait on it behind the write lock.
 */
class CheckedFile {
  private readonly bodies = new Map<LibraryJsonArticle, CleanBody>();
  private readonly versions = new Map<LibraryJsonArticle['versions'][number], CleanBody>();
  private readonly assets = new Map<LibraryJsonAsset, AssetCheck>();

  constructor(lib: LibraryJson) {
    for (const a of lib.articles) {
      this.bodies.set(a, cleanBody(a.body.html));
      for (const v of a.versions) this.versions.set(v, cleanBody(v.html));
    }
    for (const asset of lib.assets) this.assets.set(asset, checkAsset(asset));
  }

  body(a: LibraryJsonArticle): CleanBody {
    return this.bodies.get(a) ?? cleanBody(a.body.html);
  }

  version(v: LibraryJsonArticle['versions'][number]): CleanBody {
    return this.versions.get(v) ?? cleanBody(v.html);
  }

  asset(asset: LibraryJsonAsset): AssetCheck {
    return this.assets.get(asset) ?? checkAsset(asset);
  }
}

class Importer {
  private readonly s: Record<string, Statement>;
  readonly report: MergeReport = {
    articles: counts(),
    highlights: counts(),
    notes: counts(),
    tags: counts(),
    assets: counts(),
    tombstones: counts(),
    issues: [],
  };
  /** Effective tombstones: the later of local and incoming, by entity+id. */
  private readonly tombs = new Map<string, LibraryJsonTombstone>();
  private readonly localTombs = new Map<string, string>();
  private readonly incomingTombKeys = new Set<string>();
  /** Articles whose body the import replaced: local-only highlights are re-anchored. */
  private readonly rebodied = new Set<string>();
  /**
   * Articles stored with another text than the file's (sanitizing removed
   * text, or the file's text did not match its HTML): the file's highlights
   * point into the file's text, so they are re-anchored too.
   */
  private readonly retexted = new Set<string>();
  private readonly incomingHighlightIds: Set<string>;
  /** When each tag (by tagKey) was created, from the file's tag list. */
  private readonly tagCreated = new Map<string, string>();
  private readonly tagRows: TagRows;
  /** Incoming highlights with tags, linked once every highlight of the file is in. */
  private readonly pendingHighlightTags: LibraryJsonHighlight[] = [];
  /** File tag names already reported as repaired (a name is reported once). */
  private readonly reportedTags = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly lib: LibraryJson,
    private readonly now: string,
    private readonly checked: CheckedFile,
  ) {
    this.incomingHighlightIds = new Set(lib.highlights.map((h) => h.id));
    this.tagRows = new TagRows(db);
    for (const t of lib.tags) {
      for (const name of tagNamesFromSource([t.name])) if (!this.tagCreated.has(tagKey(name))) this.tagCreated.set(tagKey(name), t.createdAt);
    }
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      articleById: p(`SELECT a.seq, a.updated_at, b.html FROM articles a
        LEFT JOIN article_bodies b ON b.article_seq = a.seq WHERE a.id = ?`),
      insertArticle: p(INSERT_ARTICLE_ROW_SQL),
      updateArticle: p(UPDATE_ARTICLE_ROW_SQL),
      upsertBody: p(`INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, ?)
        ON CONFLICT (article_seq) DO UPDATE SET html = excluded.html, text = excluded.text,
          content_hash = excluded.content_hash`),
      // The search index is written as every writer does (search/search-index.ts).
      // Highlights and article notes need nothing here: triggers on their
      // tables (migration 4) keep annotations_fts in step with every insert,
      // update, soft delete and cascading delete this import makes.
      deleteArticle: p(`DELETE FROM articles WHERE seq = ?`),
      insertVersion: p(`INSERT OR IGNORE INTO article_versions (article_seq, version, html, text, content_hash, replaced_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      assetExists: p(`SELECT 1 FROM assets WHERE hash = ?`),
      insertDocument: p(`INSERT OR IGNORE INTO documents (hash, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?)`),
      documentExists: p(`SELECT 1 FROM documents WHERE hash = ?`),
      linkDocument: p(`INSERT INTO article_documents (article_seq, document_hash, page_count, page_starts, has_text, info)
        VALUES (@seq, @hash, @pageCount, @pageStarts, @hasText, @info)
        ON CONFLICT (article_seq) DO UPDATE SET document_hash = excluded.document_hash, page_count = excluded.page_count,
          page_starts = excluded.page_starts, has_text = excluded.has_text, info = excluded.info
        WHERE @replace = 1`),
      linkBook: p(`INSERT INTO article_books (article_seq, document_hash, chapters, info)
        VALUES (@seq, @hash, @chapters, @info)
        ON CONFLICT (article_seq) DO UPDATE SET document_hash = excluded.document_hash, chapters = excluded.chapters, info = excluded.info
        WHERE @replace = 1`),
      bodyLength: p(`SELECT length(text) FROM article_bodies WHERE article_seq = ?`),
      versionExists: p(`SELECT 1 FROM article_versions WHERE article_seq = ? AND version = ?`),
      insertAsset: p(`INSERT OR IGNORE INTO assets (hash, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?)`),
      linkAsset: p(`INSERT OR IGNORE INTO article_assets (article_seq, asset_hash, source_url) VALUES (?, ?, ?)`),
      highlightById: p(`SELECT id, article_seq, updated_at, deleted_at FROM highlights WHERE id = ?`),
      linkHighlightTag: p(`INSERT OR IGNORE INTO highlight_tags (highlight_seq, tag_seq) SELECT seq, ? FROM highlights WHERE id = ?`),
      insertHighlight: p(`INSERT INTO highlights (id, article_seq, color, quote, prefix, suffix, start_offset,
          end_offset, note, orphaned, anchor, created_at, updated_at, deleted_at)
        VALUES (@id, @seq, @color, @exact, @prefix, @suffix, @start, @end, @note, @orphaned, @anchor,
          @createdAt, @updatedAt, @deletedAt)`),
      updateHighlight: p(`UPDATE highlights SET color = @color, quote = @exact, prefix = @prefix, suffix = @suffix,
          start_offset = @start, end_offset = @end, note = @note, orphaned = @orphaned, anchor = @anchor,
          created_at = @createdAt, updated_at = @updatedAt, deleted_at = @deletedAt
        WHERE id = @id`),
      softDeleteHighlight: p(`UPDATE highlights SET deleted_at = @at, updated_at = @at WHERE id = @id`),
      localHighlightsOf: p(`SELECT h.id, h.quote, h.prefix, h.suffix, h.start_offset, h.end_offset, h.anchor
        FROM highlights h WHERE h.article_seq = ? ORDER BY h.start_offset, h.id`),
      setSelectors: p(`UPDATE highlights SET quote = @exact, prefix = @prefix, suffix = @suffix,
          start_offset = @start, end_offset = @end, anchor = @anchor, orphaned = 0, updated_at = @now
        WHERE id = @id`),
      markOrphaned: p(`UPDATE highlights SET anchor = 'orphaned', orphaned = 1, updated_at = @now WHERE id = @id`),
      bodyText: p(`SELECT text FROM article_bodies WHERE article_seq = ?`),
      noteOf: p(`SELECT updated_at FROM article_notes WHERE article_seq = ?`),
      upsertNote: p(`INSERT INTO article_notes (article_seq, note, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (article_seq) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at`),
      allTombstones: p(`SELECT entity, id, deleted_at FROM tombstones`),
      upsertTombstone: p(`INSERT INTO tombstones (entity, id, deleted_at) VALUES (?, ?, ?)
        ON CONFLICT (entity, id) DO UPDATE SET deleted_at = excluded.deleted_at`),
      deleteTombstone: p(`DELETE FROM tombstones WHERE entity = ? AND id = ?`),
      articleExists: p(`SELECT 1 FROM articles WHERE id = ?`),
      liveHighlightExists: p(`SELECT 1 FROM highlights WHERE id = ? AND deleted_at IS NULL`),
    };
  }

  private seqOf(articleId: string): number | undefined {
    return (this.s.articleById!.get(articleId) as LocalArticle | undefined)?.seq;
  }

  run(): MergeReport {
    this.loadTombstones();
    this.mergeTags();
    this.mergeAssets();
    this.mergeDocuments();
    this.mergeArticles();
    this.mergeHighlights();
    this.mergeNotes();
    this.reanchorLocalHighlights();
    this.settleTombstones();
    return this.report;
  }

  private loadTombstones(): void {
    const local = this.s.allTombstones!.all() as { entity: LibraryJsonTombstone['entity']; id: string; deleted_at: string }[];
    for (const t of local) {
      this.localTombs.set(key(t.entity, t.id), t.deleted_at);
      this.tombs.set(key(t.entity, t.id), { entity: t.entity, id: t.id, deletedAt: t.deleted_at });
    }
    for (const t of this.lib.tombstones) {
      const k = key(t.entity, t.id);
      this.incomingTombKeys.add(k);
      const known = this.tombs.get(k);
      if (!known || time(t.deletedAt) > time(known.deletedAt)) this.tombs.set(k, t);
    }
  }

  private tomb(entity: LibraryJsonTombstone['entity'], id: string): string | undefined {
    return this.tombs.get(key(entity, id))?.deletedAt;
  }

  /**
   * A file's tag name as stored: repaired like any imported tag (a file
   * written before the rule, or by hand, may hold a name too long or with a
   * comma); each repair is reported once.
   */
  private tagNames(raw: string): string[] {
    const names = tagNamesFromSource([raw]);
    if ((names.length !== 1 || names[0] !== raw) && !this.reportedTags.has(raw)) {
      this.reportedTags.add(raw);
      const what = names.length === 0 ? 'it is no valid tag name' : `stored as ${names.map((n) => shown(n)).join(', ')}`;
      this.issue('tag', [...raw].slice(0, 80).join(''), names.length === 0 ? 'skipped' : 'changed', what);
    }
    return names;
  }

  private mergeTags(): void {
    for (const tag of this.lib.tags) {
      const names = this.tagNames(tag.name);
      if (names.length === 0) this.report.tags.skipped++;
      for (const name of names) {
        if (this.tagRows.find(name)) {
          this.report.tags.unchanged++;
        } else {
          this.tagRows.ensure(name, tag.createdAt);
          this.report.tags.added++;
        }
      }
    }
  }

  private issue(kind: RestoreIssue['kind'], id: string, action: RestoreIssue['action'], reason: string): void {
    this.report.issues.push({ kind, id, action, reason });
  }

  private mergeAssets(): void {
    for (const asset of this.lib.assets) {
      const check = this.checked.asset(asset);
      if (!check.ok) {
        this.report.assets.skipped++;
        this.issue('asset', asset.hash, 'skipped', check.reason);
        continue;
      }
      const { bytes, mime } = check;
      const result = this.s.insertAsset!.run(asset.hash, mime, bytes.length, bytes, asset.createdAt);
      if (result.changes > 0) {
        this.report.assets.added++;
        if (mime !== asset.mime) this.issue('asset', asset.hash, 'changed', `its type is ${mime}, not ${shown(asset.mime)}`);
      } else this.report.assets.unchanged++;
    }
  }

  /** PDF files, counted with the assets (both are files kept by hash). */
  private mergeDocuments(): void {
    for (const doc of this.lib.documents ?? []) {
      // A zip can only be an EPUB book; anything else must be a PDF.
      const book = looksLikeZip(doc.bytes);
      const check = book ? checkBookFile(doc) : checkDocument(doc);
      if (!check.ok) {
        this.report.assets.skipped++;
        this.issue('asset', doc.hash, 'skipped', `${book ? 'EPUB' : 'PDF'} file: ${check.reason}`);
        continue;
      }
      const result = this.s.insertDocument!.run(doc.hash, book ? EPUB_MIME : PDF_MIME, check.bytes.length, check.bytes, doc.createdAt);
      if (result.changes > 0) this.report.assets.added++;
      else this.report.assets.unchanged++;
    }
  }

  /** A PDF article's file link and pages: set when the incoming article was written, else only where the library has none. */
  private mergePdf(seq: number, a: LibraryJsonArticle, written: boolean): void {
    if (!a.pdf) return;
    if (!this.s.documentExists!.get(a.pdf.fileHash)) {
      this.issue('article', a.id, 'changed', 'its PDF file was not in the library file or was damaged: its text is kept, the pages are not');
      return;
    }
    this.s.linkDocument!.run({
      seq,
      hash: a.pdf.fileHash,
      pageCount: a.pdf.pageCount,
      pageStarts: JSON.stringify(a.pdf.pageStarts),
      hasText: a.pdf.hasText ? 1 : 0,
      info: JSON.stringify(cleanPdfInfo(a.pdf.info)),
      replace: written ? 1 : 0,
    });
  }

  /** A book's file link, chapters and metadata: as for PDFs (mergePdf). */
  private mergeBook(seq: number, a: LibraryJsonArticle, written: boolean): void {
    if (!a.book) return;
    if (!this.s.documentExists!.get(a.book.fileHash)) {
      this.issue('article', a.id, 'changed', 'its EPUB file was not in the library file or was damaged: its text is kept, the chapters are not');
      return;
    }
    const textLength = (this.s.bodyLength!.pluck().get(seq) as number | undefined) ?? 0;
    this.s.linkBook!.run({
      seq,
      hash: a.book.fileHash,
      chapters: JSON.stringify(cleanChapters(a.book.chapters, textLength)),
      info: JSON.stringify(cleanBookInfo(a.book.info)),
      replace: written ? 1 : 0,
    });
  }

  private articleParams(a: LibraryJsonArticle, body: CleanBody): Record<string, unknown> {
    return toArticleRow({
      ...a,
      sourceUrl: httpUrlOrNull(a.sourceUrl),
      canonicalUrl: httpUrlOrNull(a.canonicalUrl),
      wordCount: body.text === a.body.text ? a.wordCount : countWords(body.text),
    });
  }

  /** The article's body as it will be stored, and what that changed (reported once it is written). */
  private cleanArticle(a: LibraryJsonArticle): { body: CleanBody; issues: string[] } {
    const body = this.checked.body(a);
    const issues: string[] = [];
    if (body.htmlChanged) issues.push('unsafe or unsupported HTML was removed from its body');
    if (body.text !== a.body.text) {
      issues.push(body.htmlChanged ? 'its text changed with it' : 'its text did not match its HTML and was recomputed');
    }
    for (const [field, value] of [['sourceUrl', a.sourceUrl], ['canonicalUrl', a.canonicalUrl]] as const) {
      if (value !== null && httpUrlOrNull(value) === null) issues.push(`${field} ${shown(value)} is not an http(s) address and was dropped`);
    }
    return { body, issues };
  }

  private writeBody(seq: number, a: LibraryJsonArticle, clean: { body: CleanBody; issues: string[] }): void {
    const { body } = clean;
    this.s.upsertBody!.run(seq, body.html, body.text, contentHash(body.html));
    indexArticle(this.db, seq, { title: a.title, author: a.author, text: body.text });
    if (body.text !== a.body.text) this.retexted.add(a.id);
    if (clean.issues.length) this.issue('article', a.id, 'changed', clean.issues.join('; '));
  }

  /** Tags (union, by name), asset links and earlier versions of an article that stays. */
  private mergeArticleParts(seq: number, a: LibraryJsonArticle): void {
    for (const name of uniqueTagNames(a.tags.flatMap((raw) => this.tagNames(raw)))) {
      this.tagRows.link(seq, this.tagRows.ensure(name, this.tagCreated.get(tagKey(name)) ?? a.addedAt));
    }
    // A link to an asset the import skipped (and the library lacks) would break the foreign key.
    for (const ref of a.assets) {
      if (this.s.assetExists!.get(ref.hash)) this.s.linkAsset!.run(seq, ref.hash, ref.sourceUrl);
    }
    for (const v of a.versions) {
      if (this.s.versionExists!.get(seq, v.version)) continue; // a local version of that number is kept
      const body = this.checked.version(v);
      this.s.insertVersion!.run(seq, v.version, body.html, body.text, contentHash(body.html), v.replacedAt);
      if (body.htmlChanged || body.text !== v.text) {
        const what = body.htmlChanged ? 'unsafe or unsupported HTML was removed' : 'its text did not match its HTML and was recomputed';
        this.issue('version', `${a.id} v${v.version}`, 'changed', what);
      }
    }
  }

  private deleteLocalArticle(seq: number): void {
    unindexArticle(this.db, seq);
    this.s.deleteArticle!.run(seq);
  }

  private mergeArticles(): void {
    // Oldest first, so a restored library lists in its original order.
    const incoming = [...this.lib.articles].sort(
      (x, y) => time(x.addedAt) - time(y.addedAt) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
    );
    const seen = new Set<string>();
    for (const a of incoming) {
      seen.add(a.id);
      const local = this.s.articleById!.get(a.id) as LocalArticle | undefined;
      const deletedAt = this.tomb('article', a.id);
      const incomingWins = !local || time(a.updatedAt) > time(local.updated_at);
      const winnerTime = incomingWins ? a.updatedAt : local!.updated_at;
      if (deletedAt !== undefined && time(deletedAt) >= time(winnerTime)) {
        if (local) {
          this.deleteLocalArticle(local.seq);
          this.report.articles.deleted++;
        } else {
          this.report.articles.skipped++;
        }
        continue;
      }
      let seq: number;
      if (!local) {
        const clean = this.cleanArticle(a);
        seq = Number(this.s.insertArticle!.run(this.articleParams(a, clean.body)).lastInsertRowid);
        this.writeBody(seq, a, clean);
        this.report.articles.added++;
      } else if (incomingWins) {
        const clean = this.cleanArticle(a);
        seq = local.seq;
        this.s.updateArticle!.run({ ...this.articleParams(a, clean.body), seq });
        this.writeBody(seq, a, clean);
        if (local.html !== clean.body.html) this.rebodied.add(a.id);
        this.report.articles.updated++;
      } else {
        seq = local.seq;
        this.report.articles.unchanged++;
      }
      this.mergeArticleParts(seq, a);
      this.mergePdf(seq, a, !local || incomingWins);
      this.mergeBook(seq, a, !local || incomingWins);
    }
    // Incoming deletions of articles the file no longer carries.
    for (const t of this.lib.tombstones) {
      if (t.entity !== 'article' || seen.has(t.id)) continue;
      const local = this.s.articleById!.get(t.id) as LocalArticle | undefined;
      if (local && time(t.deletedAt) >= time(local.updated_at)) {
        this.deleteLocalArticle(local.seq);
        this.report.articles.deleted++;
      }
    }
  }

  private highlightParams(h: LibraryJsonHighlight, seq: number): Record<string, unknown> {
    return {
      id: h.id,
      seq,
      color: h.color,
      exact: h.quote.exact,
      prefix: h.quote.prefix,
      suffix: h.quote.suffix,
      start: h.position.start,
      end: h.position.end,
      note: h.note,
      orphaned: h.anchor === 'orphaned' ? 1 : 0,
      anchor: h.anchor,
      createdAt: h.createdAt,
      updatedAt: h.updatedAt,
      deletedAt: h.deletedAt,
    };
  }

  private mergeHighlights(): void {
    const counts = this.report.highlights;
    for (const h of this.lib.highlights) {
      const seq = this.seqOf(h.articleId);
      if (seq === undefined) {
        counts.skipped++;
        continue;
      }
      const local = this.s.highlightById!.get(h.id) as LocalHighlight | undefined;
      if (local && local.article_seq !== seq) {
        counts.skipped++;
        continue;
      }
      const incomingWins = !local || time(h.updatedAt) > time(local.updated_at);
      const winner = incomingWins
        ? { updatedAt: h.updatedAt, deletedAt: h.deletedAt }
        : { updatedAt: local!.updated_at, deletedAt: local!.deleted_at };
      const deletedAt = this.tomb('highlight', h.id);
      const tombWins =
        winner.deletedAt === null && deletedAt !== undefined && time(deletedAt) >= time(winner.updatedAt);
      if (tombWins) {
        if (local && local.deleted_at === null) {
          this.s.softDeleteHighlight!.run({ id: h.id, at: deletedAt });
          counts.deleted++;
        } else if (local) {
          counts.unchanged++;
        } else {
          counts.skipped++;
        }
        continue;
      }
      // Tags: the union (as for articles), whichever side's record wins.
      if (h.tags) this.pendingHighlightTags.push(h);
      if (!local) {
        this.s.insertHighlight!.run(this.highlightParams(h, seq));
        counts.added++;
      } else if (incomingWins) {
        this.s.updateHighlight!.run(this.highlightParams(h, seq));
        if (local.deleted_at === null && h.deletedAt !== null) counts.deleted++;
        else counts.updated++;
      } else {
        counts.unchanged++;
      }
    }
    for (const h of this.pendingHighlightTags.splice(0)) {
      for (const name of uniqueTagNames(h.tags!.flatMap((raw) => this.tagNames(raw)))) {
        this.s.linkHighlightTag!.run(this.tagRows.ensure(name, this.tagCreated.get(tagKey(name)) ?? h.createdAt).seq, h.id);
      }
    }
    // Incoming deletions of highlights the file no longer carries.
    for (const t of this.lib.tombstones) {
      if (t.entity !== 'highlight' || this.incomingHighlightIds.has(t.id)) continue;
      const local = this.s.highlightById!.get(t.id) as LocalHighlight | undefined;
      if (local && local.deleted_at === null && time(t.deletedAt) >= time(local.updated_at)) {
        this.s.softDeleteHighlight!.run({ id: t.id, at: t.deletedAt });
        counts.deleted++;
      }
    }
  }

  private mergeNotes(): void {
    const counts = this.report.notes;
    for (const n of this.lib.articleNotes) {
      const seq = this.seqOf(n.articleId);
      if (seq === undefined) {
        counts.skipped++;
        continue;
      }
      const local = this.s.noteOf!.get(seq) as { updated_at: string } | undefined;
      if (local && time(n.updatedAt) <= time(local.updated_at)) {
        counts.unchanged++;
        continue;
      }
      this.s.upsertNote!.run(seq, n.note, n.updatedAt);
      if (local) counts.updated++;
      else counts.added++;
    }
  }

  /**
   * An article whose body the import replaced keeps the local highlights the
   * file did not carry: they are re-anchored on the new text like
   * HighlightStore.reanchorArticle does (placed, moved or orphaned; never
   * dropped). Highlights from the file already describe that text — unless
   * the stored text is not the file's (retexted): then they are re-anchored
   * as well, and each one that moved or was lost is reported.
   */
  private reanchorLocalHighlights(): void {
    for (const articleId of new Set([...this.rebodied, ...this.retexted])) {
      const seq = this.seqOf(articleId);
      if (seq === undefined) continue;
      const body = this.s.bodyText!.get(seq) as { text: string } | undefined;
      if (!body) continue;
      const retexted = this.retexted.has(articleId);
      const rows = this.s.localHighlightsOf!.all(seq) as (StoredHighlightRow & { id: string })[];
      for (const row of rows) {
        if (!retexted && this.incomingHighlightIds.has(row.id)) continue;
        const result = reanchorStoredRow(body.text, row);
        if (result.write === 'orphan') this.s.markOrphaned!.run({ id: row.id, now: this.now });
        if (result.write === 'selectors') {
          const { quote, position } = result.selectors;
          this.s.setSelectors!.run({ id: row.id, ...quote, ...position, anchor: result.status, now: this.now });
        }
        if (retexted && result.write !== 'none') {
          const what =
            result.status === 'orphaned'
              ? `its text ${shown(row.quote)} is no longer in the article's text; kept, shown as not found`
              : `re-anchored on the article's corrected text (${result.status})`;
          this.issue('highlight', row.id, 'changed', what);
        }
      }
    }
  }

  /**
   * The tombstone table after the merge: the later deletion of each entity
   * is kept, unless the entity is alive after the merge (then a newer
   * version beat the deletion, and the tombstone goes, as on undo).
   */
  private settleTombstones(): void {
    const counts = this.report.tombstones;
    for (const [k, t] of this.tombs) {
      const alive =
        (t.entity === 'article' && this.s.articleExists!.get(t.id) !== undefined) ||
        (t.entity === 'highlight' && this.s.liveHighlightExists!.get(t.id) !== undefined);
      const local = this.localTombs.get(k);
      const fromFile = this.incomingTombKeys.has(k);
      if (!fromFile && !alive) continue; // a local deletion the file knows nothing about
      if (alive) {
        if (local !== undefined) {
          this.s.deleteTombstone!.run(t.entity, t.id);
          counts.deleted++;
        }
        continue;
      }
      const deletedAt = later(local, t.deletedAt)!;
      if (local === undefined) {
        this.s.upsertTombstone!.run(t.entity, t.id, deletedAt);
        counts.added++;
      } else if (deletedAt !== local) {
        this.s.upsertTombstone!.run(t.entity, t.id, deletedAt);
        counts.updated++;
      } else {
        counts.unchanged++;
      }
    }
  }
}

/**
 * Imports (restores or merges) a library JSON file into `db`, atomically.
 * `input` is the file's text, its bytes, or the parsed JSON; it is validated
 * first (GlossError 'invalid_argument' / 'library_too_new', nothing written).
 */
export function importLibraryJson(db: Database, input: unknown, options: ImportOptions = {}): MergeReport {
  const lib = parseLibraryJson(input);
  const now = (options.now ?? new Date()).toISOString();
  const checked = new CheckedFile(lib);
  return db.transaction(() => {
    const report = new Importer(db, lib, now, checked).run();
    // After highlights: a card or answer goes with its highlight.
    mergeReviewJson(db, lib.review);
    return report;
  })();
}
