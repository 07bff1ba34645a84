/**
 * Search answers one result per article, its matches (text, highlight,
 * note) grouped under it in a stated order; notes are shown as their text,
 * not their Markdown. On real SQLite libraries.
 */
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { markdownToText } from '../../src/main/search/markdown-text';
import { parseQuery } from '../../src/main/search/query';
import { containsPhrase } from '../../src/main/search/snippet';
import type { SearchMatch } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const plain = (m: SearchMatch | undefined): string => (m?.snippet ?? []).map((p) => p.text).join('');
const marks = (m: SearchMatch | undefined): string[] => (m?.snippet ?? []).filter((p) => p.match).map((p) => p.text.toLowerCase());

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

describe('grouped search results', () => {
  it('gives one result per article with its text, highlight and note matches under it', () => {
    const library = Library.open(tempDir());
    const id = addText(library, 'Tea', 'The kettle sang before the birds did. Later the marmalade set and the house woke up.');
    const other = addText(library, 'Jam', 'Marmalade is a preserve made from citrus.');
    const h = highlight(library, id, 'Later the marmalade set');
    library.setArticleNote(id, 'Buy **marmalade** oranges.');
    const page = library.search('marmalade');
    expect(page.results.map((r) => r.articleId).sort()).toEqual([id, other].sort());
    expect(page.total).toBe(2);
    const tea = page.results.find((r) => r.articleId === id)!;
    expect(tea).toMatchObject({ title: 'Tea', moreMatches: 0 });
    expect(tea.matches.map((m) => m.kind)).toEqual(['highlight', 'note', 'text']);
    expect(tea.matches[0]).toMatchObject({ highlightId: h });
    expect(tea.matches[1]!.highlightId).toBeUndefined();
    for (const m of tea.matches) expect(marks(m)).toEqual(['marmalade']);
    // The note is shown as text: no Markdown syntax around the word.
    expect(plain(tea.matches[1])).toBe('Buy marmalade oranges.');
    // The article's rank is its best match's.
    expect(tea.score).toBe(Math.max(...tea.matches.map((m) => m.score)));
    library.close();
  });

  it('lists the highlight that holds the whole phrase first, then other highlights, notes and the text', () => {
    const library = Library.open(tempDir());
    const body = 'Soil first, then seeds. The soil is warm in May. In spring the warm soil wakes. Water the warm soil well.';
    const id = addText(library, 'Garden', body);
    // A note that says the words many times: it wins on bm25 alone.
    const noted = highlight(library, id, 'Soil first, then seeds', 'warm soil, warm soil, warm soil');
    const scattered = highlight(library, id, 'The soil is warm in May');
    const phrase = highlight(library, id, 'the warm soil wakes');
    library.setArticleNote(id, 'soil that is **warm**');
    const [garden] = library.search('warm soil', { matchesPerResult: 10 }).results;
    const order = garden!.matches.map((m) => m.highlightId ?? m.kind);
    expect(order.slice(0, 2)).toEqual([phrase, scattered]); // the whole phrase, then both words apart
    expect(order.slice(2, 4).sort()).toEqual([noted, 'note'].sort()); // a highlight's note, the article note
    expect(order[4]).toBe('text');
    expect(garden!.matches.map((m) => m.kind)).toEqual(['highlight', 'highlight', 'note', 'note', 'text']);
    const score = (hid: string): number => garden!.matches.find((m) => m.highlightId === hid)!.score;
    expect(score(noted)).toBeGreaterThan(score(phrase)); // so the order is the rule's, not bm25's
    // A quoted phrase matches only where the words are together.
    const [top] = library.search('"warm soil"').results;
    expect(top!.matches.map((m) => m.highlightId ?? m.kind)).toEqual([phrase, noted, 'text']);
    library.close();
  });

  it('caps the matches shown under an article and counts the rest', () => {
    const library = Library.open(tempDir());
    const id = addText(library, 'Rain', 'Rain one. Rain two. Rain three. Rain four. Rain five.');
    for (const w of ['one', 'two', 'three', 'four', 'five']) highlight(library, id, `Rain ${w}`);
    const [rain] = library.search('rain').results;
    expect(rain!.matches).toHaveLength(3);
    expect(rain!.moreMatches).toBe(3); // 5 highlights + the text, 3 shown
    // Ties in bm25 go in the order of the text.
    expect(rain!.matches.map((m) => plain(m))).toEqual(['Rain one', 'Rain two', 'Rain three'].map((t) => expect.stringContaining(t)));
    const [all] = library.search('rain', { matchesPerResult: 20 }).results;
    expect(all!.matches).toHaveLength(6);
    expect(all!.moreMatches).toBe(0);
    library.close();
  });

  it('orders articles by their best match and pages by article', () => {
    const library = Library.open(tempDir());
    const weak = addText(library, 'Weak', `${'filler words here and there. '.repeat(40)}quince once.`);
    const titled = addText(library, 'Quince', 'A fruit.');
    const noted = addText(library, 'Noted', 'Nothing about it here.');
    library.setArticleNote(noted, 'quince quince');
    for (let i = 0; i < 5; i++) highlight(library, weak, 'filler words here');
    const all = library.search('quince');
    const ids = all.results.map((r) => r.articleId);
    expect(ids.sort()).toEqual([titled, noted, weak].sort());
    expect(all.results.at(-1)!.articleId).toBe(weak); // one mention deep in a long text
    const scores = all.results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(all).toMatchObject({ total: 3, totalExact: true, hasMore: false });
    const first = library.search('quince', { limit: 2 });
    const second = library.search('quince', { limit: 2, offset: 2 });
    expect(first).toMatchObject({ total: 3, hasMore: true });
    expect([...first.results, ...second.results].map((r) => r.articleId)).toEqual(all.results.map((r) => r.articleId));
    library.close();
  });

  it('reports the article\'s site and addresses for the result heading', () => {
    const library = Library.open(tempDir());
    const id = addText(library, 'Otters', 'Otters hold hands while they sleep.');
    library.db
      .prepare('UPDATE articles SET site_name = ?, source_url = ?, canonical_url = ? WHERE id = ?')
      .run('River News', 'https://www.example.org/otters?x=1', 'https://example.org/otters', id);
    const [r] = library.search('otters').results;
    expect(r).toMatchObject({
      articleId: id,
      title: 'Otters',
      siteName: 'River News',
      sourceUrl: 'https://www.example.org/otters?x=1',
      canonicalUrl: 'https://example.org/otters',
    });
    library.close();
  });

  it('gives each result of a long page its own article\'s matches (looked up together)', () => {
    const library = Library.open(tempDir());
    const made = new Map<string, string>();
    for (let i = 0; i < 30; i++) {
      const id = addText(library, `Doc ${i}`, `heron number ${i} by the water`);
      made.set(id, highlight(library, id, `number ${i} by`, `a grey **heron** ${i}`));
      library.setArticleNote(id, `heron _${i}_`);
    }
    const page = library.search('heron', { limit: 30 });
    expect(page.results).toHaveLength(30);
    for (const r of page.results) {
      const n = r.title.replace('Doc ', '');
      expect(r.matches.map((m) => m.kind)).toEqual(['note', 'note', 'text']);
      const notes = r.matches.filter((m) => m.kind === 'note');
      expect(notes.find((m) => m.highlightId)).toMatchObject({ highlightId: made.get(r.articleId), quote: `number ${n} by` });
      expect(notes.map(plain).sort()).toEqual([`a grey heron ${n}`, `heron ${n}`].sort());
      expect(r.moreMatches).toBe(0);
    }
    library.close();
  });
});

describe('containsPhrase', () => {
  it('holds the query words in order, next to each other, the last as typed prefix', () => {
    const q = (text: string) => parseQuery(text).parts;
    expect(containsPhrase('The kettle sang.', q('kettle sang '))).toBe(true);
    expect(containsPhrase('sang, the kettle', q('kettle sang '))).toBe(false);
    expect(containsPhrase('the kettle, then it sang', q('kettle sang '))).toBe(false);
    expect(containsPhrase('The Kettle Sang loudly', q('kettle sa'))).toBe(true);
    expect(containsPhrase('Café crème', q('"cafe creme"'))).toBe(true);
    expect(containsPhrase('anything', [])).toBe(false);
  });
});

describe('markdownToText', () => {
  it('keeps the words, drops the syntax and raw HTML', () => {
    expect(markdownToText('Some **bold word** and _em_ and `code`.')).toBe('Some bold word and em and code.');
    expect(markdownToText('[a link](https://example.org "t") and ![alt text](x.png)')).toBe('a link and alt text');
    expect(markdownToText('# Heading\n\n- one\n- *two*\n\n> quoted')).toBe('Heading\none\ntwo\nquoted');
    expect(markdownToText('a <b onclick="x()">bold</b> word<script>alert(1)</script>')).not.toMatch(/[<>]|onclick|script/);
    expect(markdownToText('<div>\nraw block\n</div>\n\nafter')).toBe('after');
    expect(markdownToText('| h1 | h2 |\n|---|---|\n| c1 | c2 |')).toBe('h1 h2 \nc1 c2');
    expect(markdownToText('```js\nlet x = 1;\n```')).toBe('let x = 1;');
    expect(markdownToText('a\\*b')).toBe('a*b');
    expect(markdownToText('just words')).toBe('just words');
  });
});
