/**
 * A book's Markdown export, from a real library (SQLite file, the EPUB
 * kept in it): highlights grouped under their chapters' headings (one
 * crossing chapters under the chapter where it starts), each with its
 * EPUB CFI for templates, front matter with kind: book, authors, ISBN,
 * publisher, series and chapters; a golden file byte for byte; edit-safe
 * re-export of the grouped layout; and `gloss highlights --json` carrying
 * the CFI as a W3C FragmentSelector.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import type { LibraryApi } from '../../src/main/api/library-api';
import { showHighlights } from '../../src/main/cli/commands';
import { BookCfi } from '../../src/main/epub/cfi';
import { compileExportTemplate, DEFAULT_TEMPLATE, exportToFolder, renderArticleMarkdown } from '../../src/main/export';
import { ExportReader } from '../../src/main/export/items';
import { Library } from '../../src/main/library';
import { GlossError } from '../../src/shared/errors';
import type { Highlight } from '../../src/shared/types';
import { makeEpub } from '../epub/make-epub';
import { tempDir } from '../helpers/tmp';

const GOLDEN = join(import.meta.dirname, 'golden', 'book.md');
const BOOK_ID = 'b7k3m9q2x4v8w1zt';

const EPUB = makeEpub({
  title: 'The Lighthouse Log',
  creators: [
    { name: 'Mara Quill', role: 'aut', fileAs: 'Quill, Mara' },
    { name: 'Tom Turner', role: 'trl' },
    { name: 'Jo Reed' },
  ],
  identifiers: [{ value: '9780306406157', scheme: 'ISBN' }],
  publisher: 'Harbour Press',
  date: '2021-05-04',
  series: { name: 'Coast Books', position: 2 },
  chapters: [
    { title: 'Arrival', body: '<h1>Arrival</h1><p id="a1">The boat reached the <em>island</em> at dawn.</p><p>Gulls circled the old tower.</p>' },
    { title: 'The Tower', body: '<h1>The Tower</h1><p>Two hundred steps led to the lamp.</p>' },
    { title: 'Storm', body: '<h1>Storm</h1><p>Rain came in sideways all night.</p>' },
  ],
});

const libraries: Library[] = [];
afterEach(() => {
  for (const l of libraries.splice(0)) l.close();
});

function bookLibrary() {
  const library = Library.open(tempDir());
  libraries.push(library);
  const result = library.importFile({ fileName: 'log.epub', bytes: EPUB });
  if (result.status !== 'imported') throw new Error(result.status);
  const id = library.db.prepare<[], string>(`SELECT id FROM articles`).pluck().get()!;
  const article = library.getArticle(id);
  const highlight = (hid: string, exact: string, note = '', until?: string): Highlight => {
    const start = article.text.indexOf(exact);
    const end = until ? article.text.indexOf(until) + until.length : start + exact.length;
    if (start < 0 || end < start) throw new Error(`no ${exact}`);
    return library.createHighlight({
      id: hid,
      articleId: id,
      quote: { exact: article.text.slice(start, end), prefix: '', suffix: '' },
      position: { start, end },
      color: 'yellow',
      note,
    });
  };
  return { library, article, highlight };
}

/** Four highlights: two in chapter 1 (one running on into chapter 2), one in chapter 2, one in chapter 3. */
function highlightBook(highlight: ReturnType<typeof bookLibrary>['highlight']): void {
  highlight('h3storm0000000000', 'Rain came in sideways', 'The storm chapter.');
  highlight('h1island000000000', 'reached the island');
  highlight('h4lamp00000000000', 'the lamp');
  highlight('h2tower0000000000', 'the old tower.', '', 'Two hundred');
}

/** The export with the random parts (article id, import time) fixed. */
function stable(markdown: string, articleId: string): string {
  return markdown.replaceAll(articleId, BOOK_ID).replace(/^saved: .*$/m, 'saved: "2024-03-01T09:30:00.000Z"');
}

function frontMatterOf(markdown: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) throw new Error('no front matter');
  return YAML.parse(match[1]!) as Record<string, unknown>;
}

describe("a book's export", () => {
  it('groups highlights under chapter headings and matches the golden file byte for byte', () => {
    const { library, article, highlight } = bookLibrary();
    highlightBook(highlight);
    const [item] = new ExportReader(library.db).read([article.id]);
    const markdown = stable(renderArticleMarkdown({ ...item!, note: 'Read on the ferry.' }), article.id);
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(readFileSync(GOLDEN, 'utf8'));

    expect(frontMatterOf(markdown)).toMatchObject({
      kind: 'book',
      authors: ['Mara Quill', 'Jo Reed'],
      isbn: '9780306406157',
      publisher: 'Harbour Press',
      series: 'Coast Books',
      series_position: 2,
      chapters: 3,
      highlights: 4,
    });
    // Document order, each under the chapter it starts in: the one running into "The Tower" stays under "Arrival".
    const order = ['### Arrival', 'reached the island', 'the old tower.', '### The Tower', 'the lamp', '### Storm', 'Rain came in sideways'];
    const at = order.map((s) => markdown.indexOf(s));
    expect(at.every((n) => n > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(markdown.match(/^### /gm)).toHaveLength(3);
  });

  it('gives templates the CFI, chapter and book fields; the CFIs point at the highlights', () => {
    const { library, article, highlight } = bookLibrary();
    highlightBook(highlight);
    const [item] = new ExportReader(library.db).read([article.id]);
    const template = '{{kind}} {{isbn}} {{publisher}} {{series}} {{chapters}}\n{{#highlights}}\n{{chapter}}|{{chapterStart}}|{{cfi}}\n{{/highlights}}\n';
    const lines = renderArticleMarkdown({ ...item!, template }).trim().split('\n');
    expect(lines[0]).toBe('book 9780306406157 Harbour Press Coast Books #2 3');
    expect(lines.slice(1).map((l) => l.split('|').slice(0, 2).join('|'))).toEqual(['Arrival|true', 'Arrival|false', 'The Tower|true', 'Storm|true']);
    // Each CFI resolves (through the kept file) to exactly its highlight.
    const book = BookCfi.open(EPUB, article.text, article.book!.chapters)!;
    for (const [i, h] of [...item!.highlights].sort((a, b) => a.position.start - b.position.start).entries()) {
      const cfi = lines[i + 1]!.split('|')[2]!;
      expect(cfi).toMatch(/^epubcfi\(/);
      expect(book.resolve(cfi), h.quote.exact).toEqual(h.position);
    }
    // The one within a paragraph of chapter 1 (spine item 1, <p id="a1"> after the <h1>).
    expect(lines[1]!.split('|')[2]).toBe('epubcfi(/6/2!/4/4[a1],/1:9,/2/1:6)');
    // Across chapters: the spine is the parent.
    expect(lines[2]!.split('|')[2]).toBe('epubcfi(/6,/2!/4/6/1:14,/4!/4/4/1:11)');
  });

  it('reads the book file for CFIs only when the template shows them (the default does not)', () => {
    const { library, article, highlight } = bookLibrary();
    highlight('h1island000000000', 'reached the island');
    expect(compileExportTemplate(DEFAULT_TEMPLATE).names.has('cfi')).toBe(false);
    expect(library.exportItems([article.id], compileExportTemplate(DEFAULT_TEMPLATE))[0]!.highlights[0]).not.toHaveProperty('cfi');
    // A template of the user's that shows the CFI gets it, in files and in Copy as Markdown.
    library.setSettings({ exportTemplate: '# {{title}}\n{{#highlights}}\n- {{exact}} ({{cfi}})\n{{/highlights}}\n' });
    const dir = tempDir();
    const report = library.exportToFolder(dir, [article.id]);
    expect(readFileSync(join(dir, report.written[0]!), 'utf8')).toContain('- reached the island (epubcfi(/6/2!/4/4[a1],/1:9,/2/1:6))');
    expect(library.renderMarkdown([article.id])[0]!.markdown).toContain('(epubcfi(/6/2!/4/4[a1],/1:9,/2/1:6))');
  });

  it('keeps the grouped layout edit-safe: user edits stay, new highlights are appended under their chapter', () => {
    const { library, article, highlight } = bookLibrary();
    highlight('h1island000000000', 'reached the island');
    highlight('h3storm0000000000', 'Rain came in sideways');
    const dir = tempDir();
    const now = new Date('2024-05-01T12:00:00');
    const first = library.exportToFolder(dir, [article.id]);
    expect(first.written).toHaveLength(1);
    const path = join(dir, first.written[0]!);
    // The user writes between the generated blocks, under a chapter heading.
    const edited = readFileSync(path, 'utf8').replace('### Storm\n', '### Storm\n\nMy thoughts on the storm.\n');
    expect(edited).toContain('My thoughts on the storm.');
    writeFileSync(path, edited);

    // New: one in a chapter the file shows already (its heading is repeated in the appendix), one in a chapter it does not.
    highlight('h5gulls0000000000', 'Gulls circled');
    highlight('h4lamp00000000000', 'the lamp', 'Count the steps.');
    const items = new ExportReader(library.db).read([article.id]);
    const again = exportToFolder({ dir, articles: items, now });
    expect(again.appended).toEqual([first.written[0]]);
    expect(again.conflicts).toEqual([]);
    const after = readFileSync(path, 'utf8');
    expect(after.startsWith(edited)).toBe(true);
    const appended = after.slice(edited.length);
    expect(appended).toMatch(/^\n?## New highlights \(2024-05-01\)\n\n### Arrival\n\n> Gulls circled\n\n\^gloss-h5gulls0\n[\s\S]*\n### The Tower\n\n> the lamp\n\n\^gloss-h4lamp00\n/);
    expect(appended).not.toContain('### Storm');

    // Nothing new: the edited file is left alone.
    const third = exportToFolder({ dir, articles: new ExportReader(library.db).read([article.id]), now });
    expect(third.unchanged).toEqual([first.written[0]]);
    expect(readFileSync(path, 'utf8')).toBe(after);
  });

  it('`gloss highlights --json` writes the CFI as a W3C FragmentSelector; other articles and the reader get none', async () => {
    const { library, article, highlight } = bookLibrary();
    highlight('h1island000000000', 'reached the island');
    const dispatch = createDispatcher(createHandlers(library, 'browser'));
    const api = {
      call: async (method: string, args: unknown) => {
        const envelope = await dispatch(method, args);
        if (!envelope.ok) throw new GlossError(envelope.error.code, envelope.error.message);
        return envelope.value;
      },
    } as unknown as LibraryApi;
    const out: string[] = [];
    await showHighlights(api, article.id, true, { out: (l) => out.push(l), err: () => {} });
    const [record] = (JSON.parse(out.join('\n')) as { highlights: Array<{ cfi: string; selectors: unknown[] }> }).highlights;
    expect(record!.cfi).toBe('epubcfi(/6/2!/4/4[a1],/1:9,/2/1:6)');
    expect(record!.selectors).toContainEqual({
      type: 'FragmentSelector',
      conformsTo: 'http://www.idpf.org/epub/linking/cfi/epub-cfi.html',
      value: 'epubcfi(/6/2!/4/4[a1],/1:9,/2/1:6)',
    });
    // A file that no longer matches the book's chapters gives no CFI, and fails nothing.
    const chapters = library.db.prepare<[], string>(`SELECT chapters FROM article_books`).pluck().get()!;
    library.db.prepare(`UPDATE article_books SET chapters = ?`).run(JSON.stringify((JSON.parse(chapters) as unknown[]).slice(0, 1)));
    expect(library.listHighlights(article.id, { cfi: true })[0]).not.toHaveProperty('cfi');
    expect(library.renderMarkdown([article.id])[0]!.markdown).toContain('reached the island');
    library.db.prepare(`UPDATE article_books SET chapters = ?`).run(chapters);
    expect(library.listHighlights(article.id, { cfi: true })[0]!.cfi).toBe('epubcfi(/6/2!/4/4[a1],/1:9,/2/1:6)');
    // The reader's list has no CFI (it never pays for reading the file).
    expect(library.listHighlights(article.id)[0]).not.toHaveProperty('cfi');
    // Articles that are not books have none either.
    library.importFile({ fileName: 'note.txt', bytes: new TextEncoder().encode('A note\n\nPlain words here, and more plain words.') });
    const plain = library.db.prepare<[string], string>(`SELECT id FROM articles WHERE id != ?`).pluck().get(article.id)!;
    const start = library.getArticle(plain).text.indexOf('words here');
    expect(start).toBeGreaterThanOrEqual(0);
    const quote = { exact: 'words here', prefix: '', suffix: '' };
    library.createHighlight({ articleId: plain, quote, position: { start, end: start + quote.exact.length }, color: 'yellow' });
    expect(library.listHighlights(plain, { cfi: true })[0]).not.toHaveProperty('cfi');
  });
});
