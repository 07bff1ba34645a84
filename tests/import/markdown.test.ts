import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/shared/text/canonical';
import { bodyOf, expectedText, importString, texts } from './helpers';

describe('markdown', () => {
  it('reads YAML front matter', () => {
    const source = [
      '---',
      'title: "Front Matter Title"',
      'authors: [Ada Lovelace, Charles Babbage]',
      'source_url: https://example.com/posts/1',
      'date: 2023-03-03',
      'tags: [science, history, science, " maths "]',
      'lang: en_gb',
      'site_name: Example Blog',
      '---',
      '',
      'Some *body* text with a [relative link](/about).',
    ].join('\n');
    const article = importString('post.md', source);
    expect(article.format).toBe('markdown');
    expect(article.meta).toMatchObject({
      title: 'Front Matter Title',
      author: 'Ada Lovelace, Charles Babbage',
      sourceUrl: 'https://example.com/posts/1',
      publishedAt: '2023-03-03',
      language: 'en-GB',
      siteName: 'Example Blog',
    });
    expect(article.tags).toEqual(['science', 'history', 'maths']);
    expect(article.text).toBe('Some body text with a relative link.');
    expect(article.text).not.toContain('title:');
  });

  it('takes comma-separated tags and an author string', () => {
    const article = importString('p.md', '---\nauthor: Zoë Núñez\ntags: "a, b ,  c"\n---\n# Heading Title\n\nBody.\n');
    expect(article.tags).toEqual(['a', 'b', 'c']);
    expect(article.meta.author).toBe('Zoë Núñez');
    expect(article.meta.title).toBe('Heading Title');
  });

  it('uses the first # heading as the title and removes it from the body', () => {
    const article = importString('doc.markdown', '# The *Real* Title\n\nIntro paragraph.\n\n## Section\n\nMore text.\n');
    expect(article.meta.title).toBe('The Real Title');
    const body = bodyOf(article);
    expect(body.querySelector('h1')).toBeNull();
    expect(texts(body, 'h2')).toEqual(['Section']);
    expect(article.text.startsWith('Intro paragraph.')).toBe(true);
  });

  it('falls back to the first line when there is no heading', () => {
    const article = importString('notes.md', 'Just a note about **things**.\n\nSecond paragraph.\n');
    expect(article.meta.title).toBe('Just a note about things.');
    expect(article.text).toContain('Just a note about things.');
  });

  it('ignores malformed front matter without failing', () => {
    const article = importString('bad.md', '---\ntitle: [unclosed\n  : : :\n---\n# Fine Title\n\nText survives.\n');
    expect(article.meta.title).toBe('Fine Title');
    expect(article.text).toBe('Text survives.');
  });

  it('sanitizes raw HTML inside Markdown', () => {
    const source = [
      '# Title',
      '',
      'Before <script>alert(1)</script> after.',
      '',
      '<img src="x.png" onerror="alert(2)"> <a href="javascript:alert(3)">bad link</a>',
      '',
      '<iframe src="https://evil.example"></iframe><div style="background:url(https://t.example/p.gif)">styled</div>',
      '',
      '```js',
      'const x = "<b>";',
      '```',
    ].join('\n');
    const article = importString('x.md', source, 'https://example.com/dir/page');
    expect(article.html).not.toMatch(/<script|onerror|javascript:|<iframe|style=/i);
    expect(article.text).not.toContain('alert(1)');
    const body = bodyOf(article);
    expect(body.querySelector('img')?.getAttribute('src')).toBe('https://example.com/dir/x.png');
    expect(body.querySelector('a')?.hasAttribute('href')).toBe(false);
    expect(body.querySelector('pre code')?.textContent).toBe('const x = "<b>";\n');
    expect(body.querySelector('code')?.getAttribute('class')).toBe('language-js');
  });

  it('renders GFM tables and stores canonical text', () => {
    const article = importString('t.md', '# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n');
    const body = bodyOf(article);
    expect(texts(body, 'td')).toEqual(['1', '2']);
    expect(article.text).toBe(expectedText(article));
    expect(article.meta.wordCount).toBe(countWords(article.text));
  });
});
