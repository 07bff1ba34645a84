/**
 * What an export needs from the library, read in a few set-wide queries
 * (one per kind: articles, tags, highlights, notes) instead of four per
 * article, and without the article bodies, which export never uses.
 *
 * The statements are prepared once per database; callers run read() inside
 * a transaction so the four reads see one snapshot.
 */
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import { parsePageStarts, withPage } from '../../shared/pdf/highlight-page';
import type { AnchorStatus, Highlight, HighlightColor } from '../../shared/types';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from '../db/articles';
import { bookInfoOf } from '../epub/store';
import { BookCfis } from '../highlights/book-cfi';
import type { ExportItem } from './folder';

/** A highlight row as an array (better-sqlite3's raw mode: no object per row). */
type HighlightRow = [
  articleSeq: number,
  id: string,
  articleId: string,
  color: string,
  quote: string,
  prefix: string,
  suffix: string,
  start: number,
  end: number,
  note: string,
  anchor: AnchorStatus,
  createdAt: string,
  updatedAt: string,
];

/** The requested articles' rows: `?` is a JSON array of ids. */
const WANTED = `SELECT a.seq FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`;

export class ExportReader {
  private readonly selectArticles: Statement<[string], SummaryRow>;
  private readonly selectTags: Statement<[string], { article_seq: number; name: string }>;
  private readonly selectHighlights: Statement<[string], HighlightRow>;
  private readonly selectNotes: Statement<[string], { article_seq: number; note: string; updated_at: string | null }>;
  private readonly selectPages: Statement<[string], { article_seq: number; page_count: number; page_starts: string }>;
  private readonly selectBooks: Statement<[string], { article_seq: number; chapters: string; info: string }>;
  private readonly selectHighlightTags: Statement<[string], { id: string; name: string }>;
  private readonly cfis: BookCfis;

  constructor(db: Database) {
    this.selectArticles = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`);
    // Same order as ArticleStore.get (tags by name, case-insensitively).
    this.selectTags = db.prepare(`
      SELECT at.article_seq, t.name FROM article_tags at JOIN tags t ON t.seq = at.tag_seq
      WHERE at.article_seq IN (${WANTED}) ORDER BY at.article_seq, t.name COLLATE NOCASE`);
    // Live highlights in HighlightStore.list order (document order, orphaned last).
    this.selectHighlights = db.prepare(`
      SELECT h.article_seq, h.id, a.id AS article_id, h.color, h.quote, h.prefix, h.suffix, h.start_offset,
        h.end_offset, h.note, h.anchor, h.created_at, h.updated_at
      FROM highlights h JOIN articles a ON a.seq = h.article_seq
      WHERE h.article_seq IN (${WANTED}) AND h.deleted_at IS NULL
      ORDER BY h.article_seq, h.anchor = 'orphaned', h.start_offset, h.end_offset, h.created_at, h.id`)
      .raw() as unknown as Statement<[string], HighlightRow>;
    this.selectNotes = db.prepare(`SELECT article_seq, note, updated_at FROM article_notes WHERE article_seq IN (${WANTED})`);
    // PDFs: the page count (front matter) and the page map (each highlight's page).
    this.selectPages = db.prepare(
      `SELECT article_seq, page_count, page_starts FROM article_documents WHERE article_seq IN (${WANTED})`,
    );
    // Books: the description and chapters (front matter, highlights grouped by chapter).
    this.selectBooks = db.prepare(`SELECT article_seq, chapters, info FROM article_books WHERE article_seq IN (${WANTED})`);
    // Highlight tags (migration 10), in HighlightStore order (by name, case-insensitively).
    this.selectHighlightTags = db.prepare(`
      SELECT h.id, t.name FROM highlights h JOIN highlight_tags ht ON ht.highlight_seq = h.seq JOIN tags t ON t.seq = ht.tag_seq
      WHERE h.article_seq IN (${WANTED}) AND h.deleted_at IS NULL ORDER BY h.id, t.name COLLATE NOCASE`);
    this.cfis = new BookCfis(db);
  }

  /**
   * One item per id, in the order given; not_found for an unknown id.
   * `cfi: false` leaves books' highlights without their CFI (it is read from
   * the book's file: only worth it when the template shows it).
   */
  read(articleIds: readonly string[], options: { cfi?: boolean } = {}): ExportItem[] {
    if (articleIds.length === 0) return [];
    const wanted = JSON.stringify(articleIds);
    const rows = new Map(this.selectArticles.all(wanted).map((row) => [row.id, row]));
    const tags = groupBySeq(this.selectTags.all(wanted), (t) => t.name);
    const highlightTags = new Map<string, string[]>();
    for (const { id, name } of this.selectHighlightTags.all(wanted)) {
      const names = highlightTags.get(id);
      if (names) names.push(name);
      else highlightTags.set(id, [name]);
    }
    const highlights = new Map<number, Highlight[]>();
    for (const row of this.selectHighlights.all(wanted)) {
      let group = highlights.get(row[0]);
      if (!group) highlights.set(row[0], (group = []));
      group.push({ ...toHighlight(row), tags: highlightTags.get(row[1]) ?? [] });
    }
    const notes = new Map(this.selectNotes.all(wanted).map((n) => [n.article_seq, n]));
    const pages = new Map(this.selectPages.all(wanted).map((p) => [p.article_seq, p]));
    const books = new Map(this.selectBooks.all(wanted).map((b) => [b.article_seq, b]));
    return articleIds.map((id) => {
      const row = rows.get(id);
      if (!row) throw new GlossError('not_found', `No article with id ${id} in this library.`);
      const note = notes.get(row.seq);
      const pdf = pages.get(row.seq);
      const pageStarts = pdf ? parsePageStarts(pdf.page_starts) : null;
      const summary = toSummary(row);
      const bookRow = summary.format === 'epub' ? books.get(row.seq) : undefined;
      const book = bookRow ? bookInfoOf('', 0, bookRow.chapters, bookRow.info) : undefined;
      const own = (highlights.get(row.seq) ?? []).map((h) => withPage(h, pageStarts));
      return {
        article: {
          ...summary,
          tags: tags.get(row.seq) ?? [],
          ...(pdf && summary.format === 'pdf' ? { pdf: { pageCount: pdf.page_count } } : {}),
          ...(book ? { book: { creators: book.creators, isbn: book.isbn, publisher: book.publisher, series: book.series, chapters: book.chapters } } : {}),
        },
        highlights: book && options.cfi !== false ? this.cfis.withCfis(id, own) : own,
        note: { articleId: id, note: note?.note ?? '', updatedAt: note?.updated_at ?? null },
      };
    });
  }
}

function groupBySeq<R extends { article_seq: number }, T>(rows: R[], map: (row: R) => T): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    let group = groups.get(row.article_seq);
    if (!group) groups.set(row.article_seq, (group = []));
    group.push(map(row));
  }
  return groups;
}

/** As HighlightStore returns highlights. */
function toHighlight([, id, articleId, color, quote, prefix, suffix, start, end, note, anchor, createdAt, updatedAt]: HighlightRow): Highlight {
  return {
    id,
    articleId,
    color: color as HighlightColor,
    quote: { exact: quote, prefix, suffix },
    position: { start, end },
    note,
    anchor,
    createdAt,
    updatedAt,
  };
}
