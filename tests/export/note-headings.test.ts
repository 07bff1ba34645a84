import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderArticleMarkdown } from '../../src/main/export';
import { demoteHeadings, headingDepthBefore, topHeadingDepth } from '../../src/main/export/note-headings';
import { highlightOf, seedArticle } from './fixtures';

/** The document's own headings as [depth, text], in order. */
function headings(markdown: string): Array<[number, string]> {
  return Lexer.lex(markdown)
    .filter((t): t is Tokens.Heading => t.type === 'heading')
    .map((t) => [t.depth, t.text]);
}

function render(note: string, extra: { template?: string; frontMatter?: boolean } = {}): string {
  const article = seedArticle();
  return renderArticleMarkdown({
    article,
    highlights: [highlightOf(article, 'healthy skin starts in the gut', { id: 'p9f3h6j2m8c4x7ya' })],
    note,
    ...extra,
  });
}

describe('demoteHeadings', () => {
  it('shifts every heading so the shallowest sits one level below the parent, keeping the rest byte for byte', () => {
    const note = '# Plan\n\nSome *text*.\n\n## Step one\n\nMore.\n\n### Detail #\n';
    expect(demoteHeadings(note, 1)).toBe('## Plan\n\nSome *text*.\n\n### Step one\n\nMore.\n\n#### Detail #\n');
    expect(demoteHeadings(note, 2)).toBe('### Plan\n\nSome *text*.\n\n#### Step one\n\nMore.\n\n##### Detail #\n');
  });

  it('leaves a note alone whose headings already sit below the parent, or that has none', () => {
    expect(demoteHeadings('## Already below\n\ntext', 1)).toBe('## Already below\n\ntext');
    expect(demoteHeadings('no headings, #hashtag and C# here', 1)).toBe('no headings, #hashtag and C# here');
    expect(demoteHeadings('# Top', 0)).toBe('# Top');
  });

  it('never goes deeper than ######', () => {
    expect(demoteHeadings('# A\n\n##### E\n\n###### F\n', 2)).toBe('### A\n\n###### E\n\n###### F\n');
  });

  it('does not touch # lines in fenced or indented code, blockquotes or list items', () => {
    const note = [
      '```sh',
      '# a shell comment',
      '```',
      '',
      '~~~',
      '# Heading in tildes',
      '~~~',
      '',
      '    # indented code',
      '',
      '> # quoted heading',
      '',
      '- # heading in a list',
      '',
      '# Real heading',
      '',
      '```',
      '# Real heading',
      '```',
      '',
    ].join('\n');
    const out = demoteHeadings(note, 1);
    expect(out).toBe(note.replace('\n# Real heading\n\n```', '\n## Real heading\n\n```'));
    expect(out.split('# Real heading')).toHaveLength(3); // the one in the code block is still there, as it was
  });

  it('turns setext headings (= and -, over one or more lines) into ATX ones at the new depth', () => {
    const note = 'Big title\n=========\n\nText.\n\nSmaller one\nover two lines\n---\n\nA paragraph\n\n---\n\nafter a rule';
    expect(demoteHeadings(note, 1)).toBe(
      '## Big title\n\nText.\n\n### Smaller one over two lines\n\nA paragraph\n\n---\n\nafter a rule',
    );
    // A trailing # run would read as a closing sequence in ATX: it stays text.
    const hashes = demoteHeadings('Issue #\n===\n', 1);
    expect(hashes).toBe('## Issue \\#\n');
    expect(headings(hashes)).toEqual([[2, 'Issue \\#']]);
  });

  it('keeps indentation of up to three spaces and headings with no text', () => {
    expect(demoteHeadings('  # Indented\n\n#\n', 1)).toBe('  ## Indented\n\n##\n');
  });

  it('finds the depths it needs with the lexer', () => {
    expect(topHeadingDepth('```\n# no\n```\n\n### yes')).toBe(3);
    expect(topHeadingDepth('plain')).toBe(0);
    expect(headingDepthBefore('# T\n\n## H\n\nMARK\n\n# Later', 'MARK')).toBe(2);
    expect(headingDepthBefore('no heading\n\nMARK', 'MARK')).toBe(0);
    expect(headingDepthBefore('# T', 'MARK')).toBe(0);
  });
});

describe('an article note in the export', () => {
  it('sits under the article heading: one top-level heading, the note’s own below it', () => {
    const markdown = render('# My summary\n\nGut first.\n\n## Open questions\n\n```md\n# not a heading\n```');
    expect(headings(markdown)).toEqual([
      [1, 'The Gut-Skin Connection: Glowing From The Inside Out'],
      [2, 'My summary'],
      [3, 'Open questions'],
      [2, 'Highlights'],
    ]);
    expect(markdown).toContain('```md\n# not a heading\n```');
  });

  it('sits below whatever heading a custom template puts it under', () => {
    const template = '{{frontMatter}}\n\n## {{title}}\n\n### Note\n\n{{note}}\n';
    const markdown = render('# A\n\n## B', { template });
    expect(headings(markdown).slice(1)).toEqual([
      [3, 'Note'],
      [4, 'A'],
      [5, 'B'],
    ]);
    // No heading above the note (the YAML front matter is no heading either): nothing to demote.
    expect(render('# A', { template: '{{frontMatter}}\n{{note}}\n' })).toMatch(/\n# A\n$/);
  });

  it('is unchanged without headings (the golden file stays byte for byte)', () => {
    const golden = readFileSync(join(import.meta.dirname, 'golden', 'seed-article.md'), 'utf8');
    expect(golden).toContain('Read for the *gut–skin axis* section.');
    expect(render('Just text.\n# inline? no: this line is a heading')).toContain('\n## inline? no: this line is a heading\n');
  });
});

describe('Markdown without front matter (Copy as Markdown)', () => {
  it('is the file without its YAML block, starting at the title', () => {
    const file = render('A note.');
    const copy = render('A note.', { frontMatter: false });
    expect(file.startsWith('---\n')).toBe(true);
    expect(copy.startsWith('# The Gut-Skin Connection')).toBe(true);
    expect(copy).not.toContain('gloss: gloss://article/');
    expect(file.endsWith(copy)).toBe(true);
    expect(file.slice(0, file.length - copy.length)).toMatch(/^---\n[\s\S]*\n---\n\n$/);
  });

  it('drops only the front matter a custom template places, not the template’s own text', () => {
    expect(render('n', { template: 'Title: {{title}}\n{{frontMatter}}\nEnd\n', frontMatter: false })).toBe(
      'Title: The Gut-Skin Connection: Glowing From The Inside Out\n\nEnd\n',
    );
  });
});
