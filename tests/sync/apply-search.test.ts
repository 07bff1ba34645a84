/**
 * An apply writes the search index of what it brings at the end of its
 * transaction, not row by row (annotation-index.ts, and the articles'
 * entries: search-index.ts indexStoredArticles). Search must answer as if
 * every row had been indexed when written: synced quotes and notes are
 * found, an edited note by its new text only, a deleted highlight, note or
 * article not at all.
 */
import { describe, expect, it } from 'vitest';
import { importText } from './helpers';
import { Library } from '../../src/main/library';
import { syncNow } from '../../src/main/sync/engine';
import { tempDir } from '../helpers/tmp';

const TEXT = 'Orchards\n\nQuinces ripen late in the orchard. Medlars must blet before anyone eats them.';

/** A highlight of `exact` in the article's text. */
function highlight(lib: Library, articleId: string, exact: string, note: string): string {
  const text = lib.getArticle(articleId).text;
  const start = text.indexOf(exact);
  const end = start + exact.length;
  const quote = { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) };
  return lib.createHighlight({ articleId, quote, position: { start, end }, color: 'yellow', note }).id;
}

/** What a search finds: article ids, and each match's kind and highlight. */
function found(lib: Library, query: string): string[] {
  return lib
    .search(query)
    .results.flatMap((r) => [r.articleId, ...r.matches.filter((m) => m.kind !== 'text').map((m) => `${m.kind}:${m.highlightId ?? ''}`)])
    .sort();
}

function pending(lib: Library): number[] {
  return [
    lib.db.prepare(`SELECT count(*) FROM annotations_stale`).pluck().get() as number,
    lib.db.prepare(`SELECT count(*) FROM annotations_index_deferred`).pluck().get() as number,
  ];
}

describe('search after an apply', () => {
  it('finds synced quotes, notes and articles; edited notes by their new text; deleted ones not at all', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    try {
      const orchard = importText(a, 'orchard.txt', TEXT);
      const other = importText(a, 'vines.txt', 'Vines\n\nGrapevines climb the trellis toward the sun.');
      const quince = highlight(a, orchard, 'Quinces ripen late', 'jelly from the windfalls');
      const medlar = highlight(a, orchard, 'Medlars must blet', 'ask about bletting');
      a.setArticleNote(orchard, 'plant a crabapple');
      syncNow(a.db, { folder, deviceName: 'laptop' });
      syncNow(b.db, { folder, deviceName: 'desktop' });

      expect(found(b, 'quinces')).toEqual([orchard, `highlight:${quince}`].sort());
      expect(found(b, 'windfalls')).toEqual([orchard, `note:${quince}`].sort());
      expect(found(b, 'bletting')).toEqual([orchard, `note:${medlar}`].sort());
      expect(found(b, 'crabapple')).toEqual([orchard, 'note:'].sort());
      expect(found(b, 'trellis')).toEqual([other]);
      expect(pending(b)).toEqual([0, 0]);

      // Edited, deleted and renamed on the first device; the second applies it.
      a.updateHighlight(quince, { note: 'membrillo with cheese' });
      a.deleteHighlight(medlar);
      a.setArticleNote(orchard, 'graft a pear');
      a.updateArticle(orchard, { fileName: 'orchard.txt', bytes: new TextEncoder().encode(`${TEXT} Autumn fruit keeps.`) });
      a.deleteArticle(other);
      syncNow(a.db);
      syncNow(b.db);

      expect(found(b, 'membrillo')).toEqual([orchard, `note:${quince}`].sort());
      expect(found(b, 'windfalls')).toEqual([]);
      expect(found(b, 'bletting')).toEqual([]);
      expect(found(b, 'medlars')).toEqual([orchard]); // the article's text still has the word; the highlight is gone
      expect(found(b, 'pear')).toEqual([orchard, 'note:'].sort());
      expect(found(b, 'crabapple')).toEqual([]);
      expect(found(b, 'autumn')).toEqual([orchard]); // its new text
      expect(found(b, 'trellis')).toEqual([]);
      expect(pending(b)).toEqual([0, 0]);
      // The index holds exactly what the triggers would have written, row for row.
      expect(b.db.prepare(`SELECT rowid, quote, note FROM annotations_fts ORDER BY rowid`).raw().all()).toEqual(
        b.db
          .prepare(
            `SELECT seq, quote, note FROM highlights WHERE deleted_at IS NULL
             UNION ALL SELECT 1099511627776 + article_seq, '', note FROM article_notes WHERE note <> '' ORDER BY 1`,
          )
          .raw()
          .all(),
      );
    } finally {
      a.close();
      b.close();
    }
  });
});
