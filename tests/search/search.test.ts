import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLibraryJson } from '../../src/main/backup/json-import';
import { exportLibraryJson } from '../../src/main/backup/json-export';
import { Library } from '../../src/main/library';
import type { SearchMatch, SearchResult } from '../../src/shared/types';
import { WEB_CORPUS_DIR } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** The marked words of a match (of a result: its first match). */
const marked = (r: SearchResult | SearchMatch | undefined): string[] =>
  ((r && 'matches' in r ? r.matches[0]?.snippet : r?.snippet) ?? []).filter((p) => p.match).map((p) => p.text.toLowerCase());
/** Every match of every result. */
const allMatches = (results: readonly SearchResult[]): SearchMatch[] => results.flatMap((r) => r.matches);

function textLibrary(): Library {
  return Library.open(tempDir());
}

function addText(library: Library, title: string, body: string): string {
  return library.importFile({ fileName: `${title}.txt`, bytes: bytes(`${title}\n\n${body}\n`) }, 'new').article.id;
}

function highlight(library: Library, articleId: string, exact: string, note = ''): string {
  const text = library.getArticle(articleId).text;
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`no ${exact}`);
  return library.createHighlight({
    articleId,
    quote: { exact, prefix: '', suffix: '' },
    position: { start, end: start + exact.length },
    color: 'yellow',
    note,
  }).id;
}

describe('search on the shared web corpus', () => {
  let library: Library;
  const pages: { id: string; text: string }[] = [];

  beforeAll(() => {
    library = Library.open(tempDir('gloss-search-'));
    const dirs = readdirSync(WEB_CORPUS_DIR).sort().slice(0, 20);
    for (const d of dirs) {
      const file = join(WEB_CORPUS_DIR, d, 'source.html');
      try {
        const id = library.importFile({ fileName: `${d}.html`, bytes: readFileSync(file) }, 'new').article.id;
        pages.push({ id, text: library.getArticle(id).text });
      } catch {
        // A page Gloss refuses (no readable content) is simply not part of this library.
      }
    }
  }, 180_000);
  afterAll(() => library?.close());

  it('finds the page of a distinctive phrase first, with the phrase marked in the snippet', () => {
    let checked = 0;
    const norm = (t: string): string => t.toLowerCase().replace(/\s+/g, ' ');
    for (const page of pages) {
      // Five consecutive plain words from the middle of the page.
      const tokens = page.text.split(/\s+/);
      let phrase = '';
      for (let i = Math.floor(tokens.length / 2); i + 5 <= tokens.length && !phrase; i++) {
        const window = tokens.slice(i, i + 5);
        if (window.every((w) => /^[A-Za-z]{3,}$/.test(w))) phrase = window.join(' ');
      }
      if (!phrase) continue;
      // Only phrases that occur, as written, in this page alone.
      const holders = pages.filter((p) => norm(p.text).includes(norm(phrase)));
      if (holders.length !== 1 || holders[0]!.id !== page.id) continue;
      const { results } = library.search(`"${phrase}"`);
      expect(results[0]?.articleId, phrase).toBe(page.id);
      expect(marked(results[0]).join(' ')).toContain(phrase.split(' ')[0]!.toLowerCase());
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('ranks a title hit above body mentions', () => {
    const target = library.listArticles().find((a) => /\b[A-Za-z]{6,}\b/.test(a.title));
    expect(target).toBeDefined();
    const word = target!.title.match(/\b[A-Za-z]{6,}\b/)![0];
    const { results } = library.search(`${word} `);
    const titled = results.filter((r) => r.title.toLowerCase().includes(word.toLowerCase()));
    expect(titled.length).toBeGreaterThan(0);
    expect(results[0]!.title.toLowerCase()).toContain(word.toLowerCase());
  });

  it('pages through results without overlap', () => {
    const all = library.search('the ', { limit: 200 });
    const first = library.search('the ', { limit: 5 });
    const second = library.search('the ', { limit: 5, offset: 5 });
    expect(first.results.map((r) => r.articleId)).toEqual(all.results.slice(0, 5).map((r) => r.articleId));
    expect(second.results.map((r) => r.articleId)).toEqual(all.results.slice(5, 10).map((r) => r.articleId));
    expect(all.total).toBeGreaterThanOrEqual(all.results.length);
  });

  it('uses the FTS indexes (no table scans) for the search queries', () => {
    for (const sql of [
      `SELECT rowid FROM articles_fts WHERE articles_fts MATCH '"the"*' ORDER BY rowid DESC LIMIT 10`,
      `SELECT rowid, bm25(articles_fts, 10.0, 4.0, 1.0) AS score FROM articles_fts WHERE articles_fts MATCH '"the"' AND rowid >= 3 ORDER BY score LIMIT 20`,
      `SELECT rowid, bm25(annotations_fts) AS score FROM annotations_fts WHERE annotations_fts MATCH '"the"' AND rowid >= 3 ORDER BY score LIMIT 20`,
    ]) {
      const plan = (library.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/VIRTUAL TABLE INDEX \d+:.*M/);
      expect(plan).not.toMatch(/SCAN (articles|highlights)\b/);
    }
  });
});

describe('search', () => {
  it('folds diacritics and case both ways', () => {
    const library = textLibrary();
    const id = addText(library, 'Morning', 'We met at the Café de Flore and ordered crème brûlée.');
    for (const q of ['cafe', 'CAFÉ', 'creme brulee', 'Crème']) {
      expect(library.search(q).results[0]?.articleId, q).toBe(id);
    }
    expect(marked(library.search('cafe').results[0])).toEqual(['café']);
    const other = addText(library, 'Straße', 'Eine naïve Übung in Ölçü.');
    expect(library.search('strasse').results).toHaveLength(0); // ß is not folded to ss
    expect(library.search('naive ubung olcu').results[0]?.articleId).toBe(other);
    library.close();
  });

  it('matches the last term as a prefix as you type', () => {
    const library = textLibrary();
    const id = addText(library, 'Notes', 'Gardening in winter is mostly planning.');
    expect(library.search('gard').results[0]?.articleId).toBe(id);
    expect(library.search('winter plan').results[0]?.articleId).toBe(id);
    expect(library.search('plan winter').results).toHaveLength(0); // only the last term is a prefix
    expect(marked(library.search('gard').results[0])).toEqual(['gardening']);
    library.close();
  });

  it('takes hostile and empty queries without error', () => {
    const library = textLibrary();
    const id = addText(library, 'Syntax', 'Foo and bar near the column, not the row: a:b works.');
    const hostile = ['"', '*', 'NEAR(', '-foo', 'a:b', ')(', 'AND', '"', 'OR NOT', 'foo*bar', '{title}: x', 'col:foo', '^foo', "'; DROP TABLE articles; --", '\u0000', '"unclosed phrase'];
    for (const q of hostile) {
      expect(() => library.search(q), q).not.toThrow();
    }
    for (const q of ['', '   ', '"', '*', ')(', '-', '"""']) {
      expect(library.search(q), JSON.stringify(q)).toMatchObject({ results: [], total: 0 });
    }
    expect(library.search('-foo').results[0]?.articleId).toBe(id);
    expect(library.search('NEAR(').results[0]?.articleId).toBe(id);
    expect(library.search('a:b').results[0]?.articleId).toBe(id);
    expect(library.search('AND').results[0]?.articleId).toBe(id);
    expect(library.search('not the row').results[0]?.articleId).toBe(id);
    expect(library.articles.count()).toBe(1);
    library.close();
  });

  it('finds highlights and notes, with the highlight id', () => {
    const library = textLibrary();
    const id = addText(library, 'Tea', 'The kettle sang before the birds did. Then the house woke up.');
    const h1 = highlight(library, id, 'kettle sang');
    const h2 = highlight(library, id, 'house woke', 'a lovely zephyr of a sentence');
    library.setArticleNote(id, 'Remember the quokka.');
    const [tea] = library.search('"kettle sang"').results;
    expect(tea).toMatchObject({ articleId: id, title: 'Tea' });
    const quote = tea!.matches.find((m) => m.kind === 'highlight');
    expect(quote).toMatchObject({ highlightId: h1 });
    expect(marked(quote)).toEqual(['kettle sang']);
    const note = library.search('zephyr').results;
    expect(note).toHaveLength(1);
    expect(note[0]!.matches).toMatchObject([{ kind: 'note', highlightId: h2, quote: 'house woke' }]);
    const articleNote = library.search('quokka').results;
    expect(articleNote).toHaveLength(1);
    expect(articleNote[0]).toMatchObject({ articleId: id, matches: [{ kind: 'note' }] });
    expect(articleNote[0]!.matches[0]!.highlightId).toBeUndefined();
    library.close();
  });

  it('keeps the highlight and note index in step with every change', () => {
    const library = textLibrary();
    const id = addText(library, 'Tea', 'The kettle sang before the birds did. Then the house woke up.');
    const h = highlight(library, id, 'kettle sang', 'wombat');
    const hits = (q: string): number => allMatches(library.search(`${q} `).results).filter((m) => m.kind !== 'text').length;
    expect(hits('wombat')).toBe(1);
    library.updateHighlight(h, { note: 'platypus' });
    expect(hits('wombat')).toBe(0);
    expect(hits('platypus')).toBe(1);
    library.updateHighlight(h, { color: 'green' });
    expect(hits('platypus')).toBe(1);
    library.deleteHighlight(h);
    expect(hits('platypus')).toBe(0);
    library.restoreHighlight(h);
    expect(hits('platypus')).toBe(1);
    library.setArticleNote(id, 'echidna');
    expect(hits('echidna')).toBe(1);
    library.setArticleNote(id, '');
    expect(hits('echidna')).toBe(0);
    library.setArticleNote(id, 'numbat');

    // Update in place: the quote moves with the re-anchored highlight.
    library.updateArticle(id, { fileName: 'Tea.txt', bytes: bytes('Tea\n\nFirst a new line. The kettle sang before the birds did.\n') });
    expect(hits('platypus')).toBe(1);
    expect(allMatches(library.search('"kettle sang"').results).some((m) => m.highlightId === h)).toBe(true);

    // JSON export, delete, re-import: the index follows.
    const json = exportLibraryJson(library.db);
    library.deleteArticle(id);
    expect(hits('platypus')).toBe(0);
    expect(hits('numbat')).toBe(0);
    expect(library.db.prepare('SELECT count(*) FROM annotations_fts').pluck().get()).toBe(0);
    const fresh = textLibrary();
    importLibraryJson(fresh.db, json);
    expect(fresh.search('platypus ').results[0]).toMatchObject({ articleId: id, matches: [{ kind: 'note', highlightId: h }] });
    expect(fresh.search('numbat ').results[0]).toMatchObject({ articleId: id, matches: [{ kind: 'note' }] });
    library.close();
    fresh.close();
  });

  it('ranks only a bounded window of very common matches and says the total is a lower bound', () => {
    const library = textLibrary();
    for (let i = 0; i < 12; i++) addText(library, `Common ${i}`, `lorem ipsum ${i % 3 === 0 ? 'rare' : ''} text`);
    const all = library.search('lorem');
    expect(all).toMatchObject({ total: 12, totalExact: true });
    const capped = library.search('lorem', { limit: 3, candidateCap: 5 });
    expect(capped.totalExact).toBe(false);
    expect(capped.results).toHaveLength(3);
    expect(capped.hasMore).toBe(true);
    expect(library.search('lorem rare', { candidateCap: 5 }).results).toHaveLength(4);
    library.close();
  });
});
