/**
 * Which highlights-only sources and documents may belong together, by the
 * one rule in match-source.ts: for a document (just imported), the sources
 * whose highlights it may hold; for a source, the documents that may be its
 * book. Reads only titles and authors, and of a large library only the
 * titles that may have the key (documentsThatMayMatch). (The rule also matches by ISBN, but a source holds none yet: Kindle
 * clippings carry no ISBN and Readwise's Amazon Book ID is not kept.)
 */
import type { LibraryStores } from './stores';
import type { SourceMatch } from '../../shared/types';
import { GlossError } from '../../shared/errors';
import { compareStrength, matchBooks, titleKey, type MatchStrength } from './match-source';

export interface Row {
  id: string;
  title: string;
  author: string | null;
}

// Title keys of the titles seen lately: an import of a Kindle file asks about each of its books in turn, over the same library.
const KEYS_KEPT = 50_000;
const keys = new Map<string, string>();
function cachedKey(title: string): string {
  let key = keys.get(title);
  if (key === undefined) {
    if (keys.size >= KEYS_KEPT) keys.clear();
    key = titleKey(title);
    keys.set(title, key);
  }
  return key;
}

/** The most candidates one call answers (the picker searches for the rest). */
const MAX_MATCHES = 50;

export function findSourceMatches(library: LibraryStores, articleId: string): SourceMatch[] {
  const article = library.articles.summary(articleId);
  if (!article) throw new GlossError('not_found', `No article with id ${articleId} in this library.`);
  const key = titleKey(article.title);
  if (!key) return [];
  const isSource = article.format === 'highlights';
  // Sources look for documents and documents for sources; never one source for another.
  const rows = isSource ? documentsThatMayMatch(library, key, articleId) : library.db
    .prepare<[string], Row>(`SELECT id, title, author FROM articles WHERE format = 'highlights' AND id != ?`)
    .all(articleId);
  const found: { id: string; match: MatchStrength }[] = [];
  for (const row of rows) {
    if (cachedKey(row.title) !== key) continue; // the cheap test first
    const match = matchBooks(article, row);
    if (match) found.push({ id: row.id, match });
  }
  return found
    .sort((a, b) => compareStrength(a.match, b.match))
    .slice(0, MAX_MATCHES)
    .flatMap(({ id, match }) => {
      const summary = library.articles.summary(id);
      return summary ? [{ article: summary, match }] : [];
    });
}

/**
 * The documents whose title may have this key, without folding every
 * title in a large library: a plain ASCII title has the key's longest
 * ASCII word in it (any case), so only those, and titles the rule folds
 * (other characters, apostrophes that join words), are read.
 */
export function documentsThatMayMatch(library: Pick<LibraryStores, 'db'>, key: string, except: string): Row[] {
  const word = key
    .split(' ')
    .filter((w) => /^[a-z0-9]+$/.test(w))
    .sort((a, b) => b.length - a.length)[0];
  if (!word) {
    return library.db.prepare<[string], Row>(`SELECT id, title, author FROM articles WHERE format != 'highlights' AND id != ?`).all(except);
  }
  return library.db
    .prepare<[string, string], Row>(
      `SELECT id, title, author FROM articles
       WHERE format != 'highlights' AND id != ?
         AND (title LIKE ? OR title GLOB '*[^ -~]*' OR instr(title, char(39)) > 0 OR instr(title, char(96)) > 0 OR instr(title, '&') > 0)`,
    )
    .all(except, `%${word}%`);
}
