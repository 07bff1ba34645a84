/**
 * PDF highlights leave the core with their page, derived from the page map
 * (never stored): the contract's highlight objects, the W3C selectors, and
 * the Markdown export (`p. N` on each highlight, `kind: pdf` and `pages` in
 * the front matter), through the one export path (Copy as Markdown, the
 * folder export). On real SQLite libraries with generated PDFs.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { renderArticleMarkdown } from '../../src/main/export';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import { highlightPage, w3cSelectors, withPage } from '../../src/shared/pdf/highlight-page';
import type { Highlight, MarkdownFile } from '../../src/shared/types';
import { makePdf } from '../pdf/make-pdf';
import { tempDir } from '../helpers/tmp';
import { highlightOf, seedArticle } from './fixtures';

const GOLDEN = join(import.meta.dirname, 'golden', 'pdf-article.md');

const libraries: Library[] = [];
afterEach(() => {
  for (const l of libraries.splice(0)) l.close();
});

const PAGES = [
  { lines: ['The first page speaks of rivers and their long courses.'] },
  { lines: ['Page two is about lakes and still water.'] },
  { lines: ['Page three mentions the zygomorphic estuary.'] },
];

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

async function pdfLibrary(pdf: Uint8Array) {
  const library = Library.open(tempDir());
  libraries.push(library);
  const dispatch = createDispatcher(createHandlers(library, 'browser'));
  const result = await library.importFileWithImages({ fileName: 'rivers.pdf', bytes: pdf });
  if (result.status !== 'imported') throw new Error(result.status);
  const article = library.getArticle(result.article.id);
  const highlight = (exact: string, note = ''): Highlight => {
    const start = article.text.indexOf(exact);
    if (start < 0) throw new Error(`no ${exact}`);
    return library.createHighlight({
      articleId: article.id,
      quote: { exact, prefix: '', suffix: '' },
      position: { start, end: start + exact.length },
      color: 'yellow',
      note,
    });
  };
  return { library, dispatch, article, highlight };
}

function frontMatterOf(markdown: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) throw new Error('no front matter');
  return YAML.parse(match[1]!) as Record<string, unknown>;
}

describe('the page of a PDF highlight', () => {
  it('is the page its start falls on, past pages without text, and none when orphaned or not a PDF', () => {
    // Page 1 at 0; pages 2 and 3 without text start where page 4 does.
    const pageStarts = [0, 40, 40, 40, 90];
    const at = (start: number, anchor: Highlight['anchor'] = 'exact') => highlightPage({ position: { start, end: start + 5 }, anchor }, pageStarts);
    expect(at(0)).toBe(1);
    expect(at(39)).toBe(1); // the page break between pages belongs to the page before
    expect(at(40)).toBe(4);
    expect(at(89)).toBe(4);
    expect(at(90)).toBe(5);
    expect(at(95, 'orphaned')).toBeUndefined();
    expect(at(95, 'moved')).toBe(5);
    expect(highlightPage({ position: { start: 3, end: 9 }, anchor: 'exact' }, null)).toBeUndefined();
    expect(highlightPage({ position: { start: 3, end: 9 }, anchor: 'exact' }, [])).toBeUndefined();
  });

  it('comes with the contract\'s highlights (list, create, update, restore), derived from the page map', async () => {
    const pdf = await makePdf(PAGES, { imagePages: [2] }); // page 2: an image, no text
    const { library, dispatch, article, highlight } = await pdfLibrary(pdf);
    expect(article.pdf!.pageCount).toBe(4);
    const first = highlight('rivers and their long courses');
    const third = highlight('lakes and still water');
    const fourth = highlight('zygomorphic estuary');
    expect([first.page, third.page, fourth.page]).toEqual([1, 3, 4]);
    const listed = value<Highlight[]>(await dispatch('listHighlights', { articleId: article.id }));
    expect(listed.map((h) => [h.quote.exact, h.page])).toEqual([
      ['rivers and their long courses', 1],
      ['lakes and still water', 3],
      ['zygomorphic estuary', 4],
    ]);
    expect(value<Highlight>(await dispatch('updateHighlight', { id: third.id, color: 'blue' })).page).toBe(3);
    await dispatch('deleteHighlight', { id: fourth.id });
    expect(value<Highlight>(await dispatch('restoreHighlight', { id: fourth.id })).page).toBe(4);
    // Derived, not stored: the page map is the one truth (a changed map moves the page).
    expect(library.db.prepare(`SELECT * FROM highlights WHERE id = ?`).get(first.id)).not.toHaveProperty('page');
    library.db.prepare(`UPDATE article_documents SET page_starts = ? WHERE article_seq = (SELECT seq FROM articles WHERE id = ?)`).run(
      JSON.stringify([0, 0, 0, 0]),
      article.id,
    );
    expect(library.listHighlights(article.id).map((h) => h.page)).toEqual([4, 4, 4]);
  });

  it('is absent on the highlights of other articles', () => {
    const library = Library.open(tempDir());
    libraries.push(library);
    const id = library.importFile({ fileName: 'tea.txt', bytes: new TextEncoder().encode('Tea\n\nThe kettle sang.\n') }, 'new').article.id;
    const text = library.getArticle(id).text;
    const start = text.indexOf('kettle');
    const created = library.createHighlight({ articleId: id, quote: { exact: 'kettle', prefix: '', suffix: '' }, position: { start, end: start + 6 }, color: 'yellow' });
    expect(created).not.toHaveProperty('page');
    expect(library.listHighlights(id)[0]).not.toHaveProperty('page');
  });

  it('is written out as a W3C FragmentSelector next to the quote and position selectors', () => {
    const base = highlightOf({ id: 'doc1', text: 'alpha beta gamma' }, 'beta', { id: 'h1' });
    expect(w3cSelectors(withPage(base, [0, 6]))).toEqual([
      { type: 'TextQuoteSelector', exact: 'beta', prefix: 'alpha ', suffix: ' gamma' },
      { type: 'TextPositionSelector', start: 6, end: 10 },
      { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: 'page=2' },
    ]);
    expect(w3cSelectors(withPage(base, null)).map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
  });
});

describe('exporting a PDF', () => {
  it('shows each highlight\'s page and the page count, in files and in Copy as Markdown', async () => {
    const { library, dispatch, article, highlight } = await pdfLibrary(await makePdf(PAGES));
    const onThree = highlight('zygomorphic estuary', 'Check the **estuary** map.');
    const onOne = highlight('rivers and their long courses');
    const [file] = value<MarkdownFile[]>(await dispatch('renderMarkdown', { articleIds: [article.id] }));
    const markdown = file!.markdown;
    expect(frontMatterOf(markdown)).toMatchObject({ kind: 'pdf', pages: 3, highlights: 2 });
    // In document order, each with its page and its link into the app.
    const lines = markdown.split('\n').filter((l) => l.startsWith('Colour:'));
    expect(lines).toEqual([
      `Colour: yellow (Key idea) · p. 1 · [Open in Gloss](gloss://article/${article.id}#highlight-${onOne.id})`,
      `Colour: yellow (Key idea) · p. 3 · [Open in Gloss](gloss://article/${article.id}#highlight-${onThree.id})`,
    ]);
    // Copy as Markdown takes the same path, without the front matter.
    const [copied] = value<MarkdownFile[]>(await dispatch('renderMarkdown', { articleIds: [article.id], frontMatter: false }));
    expect(copied!.markdown.startsWith('---')).toBe(false);
    expect(copied!.markdown).toContain(lines[0]);
    expect(copied!.markdown).toContain(lines[1]);
    // The folder export writes the same bytes the renderer gets.
    const dir = tempDir();
    const report = library.exportToFolder(dir, [article.id]);
    expect(report.written).toHaveLength(1);
    expect(readFileSync(join(dir, report.written[0]!), 'utf8')).toBe(markdown);
    expect(readdirSync(dir)).toContain(report.written[0]);
  });

  it('gives templates page, kind and pages', async () => {
    const { library, article, highlight } = await pdfLibrary(await makePdf(PAGES));
    highlight('lakes and still water');
    library.setSettings({ exportTemplate: '{{kind}} of {{pages}} pages\n{{#highlights}}- {{exact}} ({{#page}}page {{page}}{{/page}})\n{{/highlights}}' });
    expect(library.renderMarkdown([article.id])[0]!.markdown).toBe('pdf of 3 pages\n- lakes and still water (page 2)\n');
    // An article is kind "article", with no pages and no page on its highlights.
    const id = library.importFile({ fileName: 'tea.txt', bytes: new TextEncoder().encode('Tea\n\nThe kettle sang.\n') }, 'new').article.id;
    const text = library.getArticle(id).text;
    const start = text.indexOf('kettle');
    library.createHighlight({ articleId: id, quote: { exact: 'kettle', prefix: '', suffix: '' }, position: { start, end: start + 6 }, color: 'yellow' });
    expect(library.renderMarkdown([id])[0]!.markdown).toBe('article of  pages\n- kettle ()\n');
  });

  it('keeps articles\' front matter as it was: no kind, no pages', () => {
    const article = seedArticle();
    const front = frontMatterOf(renderArticleMarkdown({ article, highlights: [highlightOf(article, 'healthy skin starts in the gut', { id: 'p1' })] }));
    expect(front).not.toHaveProperty('kind');
    expect(front).not.toHaveProperty('pages');
  });

  it('matches the golden file for a PDF byte for byte', () => {
    const text = 'Rivers of the North\n\nThe first page speaks of rivers.\n\nPage two is about lakes.\n\nPage three mentions the zygomorphic estuary.';
    const pageStarts = [0, text.indexOf('Page two'), text.indexOf('Page three')];
    const article = seedArticle({
      id: 'k4p8r2t6v9x3z7b1',
      title: 'Rivers of the North',
      author: 'Ada Lovelace',
      sourceUrl: null,
      sourceName: 'rivers.pdf',
      format: 'pdf',
      text,
      tags: ['rivers'],
    });
    const highlights = [
      highlightOf(article, 'zygomorphic estuary', { id: 'm3n7q1s5u9w2y6a4', color: 'green', note: 'Look this word up.' }),
      highlightOf(article, 'speaks of rivers', { id: 'c8e2g6j9l3n7p1r5' }),
    ].map((h) => withPage(h, pageStarts));
    const markdown = renderArticleMarkdown({ article: { ...article, pdf: { pageCount: 3 } }, highlights, note: 'Read for the estuary chapter.' });
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
