/**
 * Attaching a text to a highlights-only source: when the book arrives (an
 * EPUB, PDF or HTML file imported the ordinary way), the source's
 * highlights move onto that article, each placed in its text (place-quote.ts:
 * exact, with typography folded, or approximately); what cannot be placed
 * is kept as "Not found in text" on the document. The source's note and
 * tags go with them, and the source is deleted: the document is the entry
 * now. One transaction. Choosing the document (title + author or ISBN,
 * confirmed by the user) is the shell's part.
 */
import type { LibraryStores } from './stores';
import type { AttachReport } from '../../shared/types';
import { GlossError } from '../../shared/errors';
import { selectorsAt } from '../highlights/place';
import { QuotePlacer } from './place-quote';

export type { AttachReport };

interface Row {
  id: string;
  quote: string;
  deleted_at: string | null;
}

export function attachTextToSource(library: LibraryStores, sourceId: string, documentId: string, now: Date = new Date()): AttachReport {
  const source = library.articles.get(sourceId);
  if (!source) throw new GlossError('not_found', `No article with id ${sourceId} in this library.`);
  if (source.format !== 'highlights') throw new GlossError('invalid_argument', `“${source.title}” is not a source without text.`);
  const target = library.articles.get(documentId);
  if (!target) throw new GlossError('not_found', `No article with id ${documentId} in this library.`);
  if (target.format === 'highlights') throw new GlossError('invalid_argument', `“${target.title}” has no text to attach.`);
  const targetSeq = library.articles.seqOf(documentId)!;
  const sourceSeq = library.articles.seqOf(sourceId)!;
  const rows = library.db
    .prepare<[number], Row>(`SELECT id, quote, deleted_at FROM highlights WHERE article_seq = ? ORDER BY start_offset, id`)
    .all(sourceSeq);
  const move = library.db.prepare(`
    UPDATE highlights SET article_seq = @seq, quote = @exact, prefix = @prefix, suffix = @suffix,
      start_offset = @start, end_offset = @end, anchor = @anchor, orphaned = @orphaned, updated_at = @now
    WHERE id = @id`);
  const placer = new QuotePlacer(target.text);
  const report: AttachReport = { articleId: documentId, exact: 0, fuzzy: 0, unplaced: 0, unplacedIds: [] };
  const stamp = now.toISOString();
  library.db.transaction(() => {
    for (const row of rows) {
      const found = placer.place(row.quote);
      if (found) {
        const { quote, position } = selectorsAt(target.text, found.start, found.end);
        move.run({ id: row.id, seq: targetSeq, ...quote, ...position, anchor: found.status === 'exact' ? 'exact' : 'moved', orphaned: 0, now: stamp });
      } else {
        // Kept with its own quote and no context: "Not found in text" on the document.
        move.run({ id: row.id, seq: targetSeq, exact: row.quote, prefix: '', suffix: '', start: 0, end: 0, anchor: 'orphaned', orphaned: 1, now: stamp });
      }
      if (row.deleted_at !== null) continue; // moved too (undo still works), not counted
      if (!found) {
        report.unplaced++;
        report.unplacedIds.push(row.id);
      } else report[found.status]++;
    }
    const note = library.highlights.getNote(sourceId).note;
    if (note) {
      const current = library.highlights.getNote(documentId).note;
      library.highlights.setNote(documentId, [current.trimEnd(), note].filter(Boolean).join('\n\n'), now);
    }
    if (source.tags.length) library.tags.add([documentId], source.tags, now);
    library.articles.delete(sourceId, now);
  })();
  return report;
}
