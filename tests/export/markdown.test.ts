import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  DEFAULT_TEMPLATE,
  buildFrontMatter,
  renderArticleMarkdown,
  textFragmentUrl,
} from '../../src/main/export';
import type { Highlight } from '../../src/shared/types';
import { DEFAULT_COLOR_LABELS } from '../../src/shared/color-labels';
import { highlightOf, seedArticle } from './fixtures';
import { blockquoteTexts } from './markdown-roundtrip';

const GOLDEN = join(import.meta.dirname, 'golden', 'seed-article.md');

function seedHighlights(): Highlight[] {
  const a = seedArticle();
  return [
    // listed out of document order on purpose
    highlightOf(
      a,
      'Inflammation: An imbalanced gut microbiome can trigger chronic low-grade inflammation, which can manifest on the skin as conditions like acne, eczema, and rosacea.\n\nNutrient Deficiencies: The gut plays a vital role in absorbing essential nutrients that nourish the skin.',
      { id: 'q2n8d4k7r1s5t3vw', color: 'green' },
    ),
    highlightOf(a, 'healthy skin starts in the gut', {
      id: 'p9f3h6j2m8c4x7ya',
      note: 'The **key claim**. Check against:\n\n- the [2023 review](https://example.com/review)\n- my own notes\n\n> a skeptic would ask: which comes first?',
    }),
    highlightOf(a, 'Remember, beautiful skin starts from the inside out.', { id: 'b5c8e2g6k9m3p7r1', color: 'blue', note: 'Nice closing line.' }),
    highlightOf(a, 'Probiotic creams can replace a balanced diet entirely.', {
      id: 'z1y2x3w4v5u6t7s8',
      color: 'pink',
      note: 'This was in an earlier version of the article.',
      position: { start: 1200, end: 1255 },
    }),
  ];
}

function seedInput() {
  return {
    article: seedArticle(),
    highlights: seedHighlights(),
    note: { articleId: 'a7k3m9q2x4v8w1zt', note: 'Read for the *gut–skin axis* section.\nFollow up on probiotics.', updatedAt: '2024-03-03T08:00:00.000Z' },
  };
}

function frontMatterOf(markdown: string): unknown {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) throw new Error('no front matter');
  return YAML.parse(match[1]!);
}

describe('renderArticleMarkdown: default layout', () => {
  it('matches the golden file byte for byte', () => {
    const markdown = renderArticleMarkdown(seedInput());
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, markdown);
    expect(Buffer.from(markdown, 'utf8').equals(readFileSync(GOLDEN))).toBe(true);
  });

  it('is deterministic and independent of the order highlights come in', () => {
    const input = seedInput();
    const first = renderArticleMarkdown(input);
    const again = renderArticleMarkdown({ ...input, highlights: [...input.highlights].reverse() });
    expect(again).toBe(first);
    expect(renderArticleMarkdown({ ...input, template: DEFAULT_TEMPLATE })).toBe(first);
  });

  it('has front matter a YAML parser reads back as the data', () => {
    const input = seedInput();
    const parsed = frontMatterOf(renderArticleMarkdown(input));
    expect(parsed).toEqual(buildFrontMatter(input));
    expect(parsed).toEqual({
      title: 'The Gut-Skin Connection: Glowing From The Inside Out',
      author: 'Shin Min-Hae',
      source: 'https://example.org/health/gut-skin-connection',
      published: '2024-02-13',
      saved: '2024-03-01T09:30:00.000Z',
      tags: ['health', 'skin care'],
      highlights: 4,
      gloss: 'gloss://article/a7k3m9q2x4v8w1zt',
    });
  });

  it('lists highlights in document order, orphans last in their own section', () => {
    const markdown = renderArticleMarkdown(seedInput());
    const quotes = blockquoteTexts(markdown);
    const hs = seedHighlights();
    const placed = hs.filter((h) => h.anchor !== 'orphaned').sort((x, y) => x.position.start - y.position.start);
    const orphan = hs.find((h) => h.anchor === 'orphaned')!;
    expect(quotes).toEqual([...placed.map((h) => h.quote.exact), orphan.quote.exact]);
    const orphanSection = markdown.indexOf('## Not found in the current text');
    expect(orphanSection).toBeGreaterThan(0);
    expect(markdown.indexOf(orphan.quote.exact)).toBeGreaterThan(orphanSection);
  });

  it('records colour, note, links and a block id for every highlight', () => {
    const markdown = renderArticleMarkdown(seedInput());
    for (const h of seedHighlights()) {
      expect(markdown).toContain(`^gloss-${h.id.slice(0, 8)}\n`);
      expect(markdown).toContain(`Colour: ${h.color} (${DEFAULT_COLOR_LABELS[h.color]}) · [Open in Gloss](gloss://article/a7k3m9q2x4v8w1zt#highlight-${h.id})`);
      if (h.note) expect(markdown).toContain(h.note);
    }
    // multi-paragraph quote: every line quoted, the blank line as a bare ">"
    expect(markdown).toContain('rosacea.\n>\n> Nutrient Deficiencies');
  });

  it('skips the source link and note sections when there is nothing to show', () => {
    const input = seedInput();
    const markdown = renderArticleMarkdown({
      article: seedArticle({ sourceUrl: null, sourceName: 'gut.txt' }),
      highlights: input.highlights.filter((h) => h.anchor !== 'orphaned'),
      note: null,
    });
    expect(markdown).not.toContain(':~:text=');
    expect(markdown).not.toContain('## Not found');
    expect(markdown).not.toContain('\n\n\n');
    expect(frontMatterOf(markdown)).toMatchObject({ source: null });
    const empty = renderArticleMarkdown({ article: seedArticle(), highlights: [], note: '' });
    expect(empty).not.toContain('## Highlights');
    expect(empty.endsWith('# The Gut-Skin Connection: Glowing From The Inside Out\n')).toBe(true);
  });

  it('adds the export time only when given', () => {
    const input = seedInput();
    expect(renderArticleMarkdown(input)).not.toContain('exported');
    expect(frontMatterOf(renderArticleMarkdown({ ...input, exportedAt: '2024-04-01T00:00:00.000Z' }))).toMatchObject({
      exported: '2024-04-01T00:00:00.000Z',
    });
  });
});

describe('special characters', () => {
  const titles = [
    'He said "yes": it\'s --- over',
    '---',
    'key: value # not a comment',
    'yes',
    '2024-02-13',
    'Line one\nline two',
    '🎉 Party time 🎉',
    'שלום עולם: מאמר',
    'مرحبا بالعالم',
    '[[wiki]] *bold* #tag > quote',
    '@at `tick` | pipe & amp; %percent',
  ];

  it.each(titles)('title %j survives the front matter', (title) => {
    const input = { article: seedArticle({ title }), highlights: seedHighlights(), note: null };
    const markdown = renderArticleMarkdown(input);
    expect(frontMatterOf(markdown)).toEqual(buildFrontMatter(input));
    expect((frontMatterOf(markdown) as { title: string }).title).toBe(title);
    // the heading reads back as the title (newlines become spaces)
    const heading = marked.lexer(markdown).find((t) => t.type === 'heading' && t.depth === 1);
    expect(heading?.type).toBe('heading');
    const htmlTitle = marked.parseInline((heading as { text: string }).text) as string;
    const decoded = htmlTitle.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(decoded).toBe(title.replace(/\s+/g, ' '));
  });

  const quotes = [
    '# Not a heading',
    '- not a list item',
    '+ nor this',
    '* nor this',
    '1. not an ordered list',
    '2) nor this',
    'a > b and <b>not html</b> and <https://x.y>',
    '> not a nested quote',
    '---',
    'Setext?\n===',
    'under_scores and *stars* and **strong** and `code` and ~~strike~~',
    '[not a link](https://example.com) and [[not a wiki link]] and ![img](x.png)',
    'Price: $5 and $10, ==marked==, %%hidden%%, #tag, C# and F#',
    'Back\\slash \\* and &amp; and &#32; and &copy; literal',
    'a | table | row',
    '    four spaces of indentation',
    'trailing spaces  ',
    'Line one\nLine two\n\nSecond paragraph\n\n- third paragraph',
    'A link https://example.com/a_b_c?x=1&y=2 in text',
    'Ends with a caret ^abc-123',
    'emoji 🎉 and RTL שלום and مرحبا',
  ];

  it.each(quotes)('quote %j reads back from the blockquote through marked', (exact) => {
    const article = seedArticle();
    const h = highlightOf(article, exact, { id: 'h0000000000000001', note: 'first line\n> quoted line\n\n- item' });
    const markdown = renderArticleMarkdown({ article, highlights: [h], note: null });
    expect(blockquoteTexts(markdown)[0]).toBe(exact);
  });

  it('keeps notes as written, with newlines and ">" lines', () => {
    const article = seedArticle();
    const note = 'First: "quoted" — colon: here\n> a quote in the note\n\nשלום 🎉\n\n1. one\n2. two';
    const h = highlightOf(article, 'healthy skin starts in the gut', { id: 'h0000000000000002', note });
    const markdown = renderArticleMarkdown({ article, highlights: [h], note: 'Article note with > and ---\n\n- a\n- b' });
    expect(markdown).toContain(`\n\n${note}\n\n`);
    expect(markdown).toContain('\n\nArticle note with > and ---\n\n- a\n- b\n\n');
    // the note's quote does not swallow the highlight's metadata line
    const tokens = marked.lexer(markdown);
    expect(tokens.some((t) => t.type === 'paragraph' && t.raw.startsWith('Colour: yellow'))).toBe(true);
  });
});

describe('text fragments', () => {
  const url = 'https://example.org/a';
  it('encodes dashes, ampersands and commas, and other reserved characters', () => {
    const link = textFragmentUrl(url, { exact: 'gut-skin axis, A & B (50%)', prefix: ' ', suffix: ' ' })!;
    expect(link).toBe('https://example.org/a#:~:text=gut%2Dskin%20axis%2C%20A%20%26%20B%20%2850%25%29');
  });

  it('uses textStart,textEnd with a few words for long and multi-paragraph quotes', () => {
    const exact = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen';
    expect(textFragmentUrl(url, { exact, prefix: '', suffix: '' })).toBe(
      `${url}#:~:text=one%20two%20three%20four%20five,thirteen%20fourteen%20fifteen%20sixteen%20seventeen`,
    );
    expect(textFragmentUrl(url, { exact: 'First para here.\n\nSecond para.', prefix: '', suffix: '' })).toBe(
      `${url}#:~:text=First%20para%20here.,Second%20para.`,
    );
  });

  it('trims partial words, keeps an existing fragment, and skips non-web sources', () => {
    expect(textFragmentUrl(url, { exact: 'ealthy skin star', prefix: 'h', suffix: 'ts' })).toBe(`${url}#:~:text=skin`);
    expect(textFragmentUrl(`${url}#part`, { exact: 'skin', prefix: ' ', suffix: ' ' })).toBe(`${url}#part:~:text=skin`);
    expect(textFragmentUrl('file:///tmp/a.txt', { exact: 'skin', prefix: '', suffix: '' })).toBeNull();
  });
});

describe('colour labels and highlight tags in the export', () => {
  it('writes each highlight\'s label (renamed in Settings) and tags, in the default layout and as template fields', () => {
    const [first, ...rest] = seedHighlights().sort((a, b) => a.position.start - b.position.start);
    const input = {
      ...seedInput(),
      highlights: [{ ...first!, color: 'yellow' as const, tags: ['idea', 'slow reading', 'C++'] }, ...rest],
      colorLabels: { ...DEFAULT_COLOR_LABELS, yellow: 'Core *claim*' },
    };
    const markdown = renderArticleMarkdown(input);
    // The label is escaped like any text; tags as Obsidian #tags (spaces as -, what a tag cannot hold left out).
    expect(markdown).toContain(`Colour: yellow (Core \\*claim\\*) · #idea #slow-reading #C · [Open in Gloss]`);
    const custom = renderArticleMarkdown({
      ...input,
      template: '{{#highlights}}- {{color}}|{{label}}|{{#tags}}[{{.}}]{{/tags}}\n{{/highlights}}',
    });
    expect(custom.split('\n')[0]).toBe('- yellow|Core \\*claim\\*|[idea][slow reading][C++]');
    // Without labels given, the defaults.
    expect(renderArticleMarkdown(seedInput())).toContain('Colour: pink (Definition)');
  });
});
