import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import { planExport, planSummary, type ExportPlan } from '../../src/shared/export-plan';
import { SEED, tempDir } from '../helpers/tmp';

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

/** A library of four articles: the seed with a note, one with a highlight, two with neither. */
function setup() {
  const library = Library.open(tempDir());
  const dispatch = createDispatcher(createHandlers(library, 'browser'));
  const add = (name: string, text: string): string =>
    library.importFile({ fileName: name, bytes: new TextEncoder().encode(text) }, 'new').article.id;
  const seed = library.importFile({ fileName: SEED, bytes: readFileSync(SEED) }, 'new').article.id;
  library.setArticleNote(seed, '# Why\n\nWorth rereading.');
  const marked = add('marked.txt', 'Marked\n\nOne sentence worth keeping.\n');
  const text = library.getArticle(marked).text;
  const start = text.indexOf('worth keeping');
  library.createHighlight({
    articleId: marked,
    quote: { exact: 'worth keeping', prefix: text.slice(0, start), suffix: text.slice(start + 13) },
    position: { start, end: start + 13 },
    color: 'yellow',
    note: '',
  });
  const plain = [add('plain-1.txt', 'Plain one\n\nNothing here.\n'), add('plain-2.txt', 'Plain two\n\nNothing here either.\n')];
  return { library, dispatch, seed, marked, plain };
}

describe('planExport: what Export all writes and skips', () => {
  it('annotated: the articles with highlights or notes, and how many others are skipped', async () => {
    const { library, dispatch, seed, marked } = setup();
    const plan = value<ExportPlan>(await dispatch('planExport', { scope: 'annotated' }));
    expect(new Set(plan.ids)).toEqual(new Set([seed, marked]));
    expect(plan).toEqual({ scope: 'annotated', ids: library.listExportable(), annotated: 2, total: 4, skipped: 2 } satisfies ExportPlan);
    library.close();
  });

  it('all: every article, newest first, nothing skipped', async () => {
    const { library, dispatch, seed, marked, plain } = setup();
    const plan = value<ExportPlan>(await dispatch('planExport', { scope: 'all' }));
    expect(new Set(plan.ids)).toEqual(new Set([seed, marked, ...plain]));
    expect(plan.ids).toEqual(library.listArticles().map((a) => a.id));
    expect(plan).toMatchObject({ scope: 'all', annotated: 2, total: 4, skipped: 0 });
    library.close();
  });

  it('refuses an unknown scope', async () => {
    const { library, dispatch } = setup();
    const answer = await dispatch('planExport', { scope: 'some' });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('invalid_argument');
    library.close();
  });

  it('says it before it starts, in one wording', () => {
    expect(planSummary({ annotated: 3, total: 25 }, 'annotated')).toBe('Export 3 articles with highlights or notes (22 without are skipped).');
    expect(planSummary({ annotated: 1, total: 2 }, 'annotated')).toBe('Export 1 article with highlights or notes (1 without is skipped).');
    expect(planSummary({ annotated: 4, total: 4 }, 'annotated')).toBe('Export 4 articles with highlights or notes.');
    expect(planSummary({ annotated: 3, total: 25 }, 'all')).toBe('Export all 25 articles.');
    expect(planExport('annotated', ['a'], ['b', 'a'])).toEqual({ scope: 'annotated', ids: ['a'], annotated: 1, total: 2, skipped: 1 });
  });
});

describe('renderMarkdown through the contract', () => {
  it('keeps the front matter by default and leaves it out for Copy as Markdown', async () => {
    const { library, dispatch, seed } = setup();
    const [file] = value<Array<{ markdown: string }>>(await dispatch('renderMarkdown', { articleIds: [seed] }));
    const [copy] = value<Array<{ markdown: string }>>(await dispatch('renderMarkdown', { articleIds: [seed], frontMatter: false }));
    expect(file!.markdown).toMatch(/^---\ntitle: /);
    expect(copy!.markdown).toMatch(/^# The Gut-Skin Connection/);
    expect(file!.markdown.endsWith(copy!.markdown)).toBe(true);
    // The note's heading sits under the article's: ## Why, not a second # heading.
    expect(copy!.markdown).toContain('\n## Why\n\nWorth rereading.\n');
    expect(copy!.markdown.match(/^# /gm)).toHaveLength(1);
    library.close();
  });
});
