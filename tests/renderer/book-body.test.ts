// @vitest-environment jsdom
/**
 * A book's body in the renderer: what its sanitizer keeps of the chapters
 * main wrote, and what a footnote popover shows. On jsdom (DOMPurify's own
 * test environment); the layout parts are covered by e2e/epub-reader.spec.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { footnoteContent as FootnoteContent } from '../../src/renderer/src/lib/book-footnotes';

let sanitizeArticleHtml: (html: string) => string;
let footnoteContent: typeof FootnoteContent;

beforeAll(async () => {
  // jsdom has no CSS.escape; the ids here need no escaping.
  (globalThis as { CSS?: unknown }).CSS ??= { escape: (s: string) => s };
  ({ sanitizeArticleHtml } = await import('../../src/renderer/src/lib/sanitize'));
  ({ footnoteContent } = await import('../../src/renderer/src/lib/book-footnotes'));
});

// As src/main/epub/chapters.ts writes a book's body.
const BOOK = `<section id="c1" data-chapter="1" aria-label="One"><h1>One</h1><p>Hello<a href="#c1-n1" id="c1-r1" role="doc-noteref">1</a> and <a href="#c2">on</a></p>
<aside id="c1-n1" role="doc-footnote"><p><a href="#c1-r1" role="doc-backlink">↩</a> The note, see <a href="#c2-s">two</a> and <a href="https://example.com/">the web</a>.</p></aside></section>
<section id="c2" data-chapter="2" aria-label="Two" dir="rtl" lang="ar" class="writing-vertical-rl"><h1>Two</h1><h2 id="c2-s">Sub</h2><p>Bye<a href="#c2-p" id="c2-r" role="doc-noteref">[*]</a></p><p><a id="c2-p"></a>* A bare-anchor note.</p></section>`;

function render(html: string): HTMLElement {
  const body = document.createElement('div');
  body.innerHTML = sanitizeArticleHtml(html);
  document.body.replaceChildren(body);
  return body;
}

describe('a book body in the reader', () => {
  it('keeps what the reader needs: section ids, labels, dir, lang, roles, the writing-mode class', () => {
    const body = render(BOOK);
    const [one, two] = Array.from(body.querySelectorAll('section'));
    expect(one).toMatchObject({ id: 'c1' });
    expect(one!.getAttribute('aria-label')).toBe('One');
    expect(two!.getAttribute('dir')).toBe('rtl');
    expect(two!.getAttribute('lang')).toBe('ar');
    expect(two!.className).toBe('writing-vertical-rl');
    expect(body.querySelector('a[role="doc-noteref"]')?.getAttribute('href')).toBe('#c1-n1');
    expect(body.querySelector('[role="doc-footnote"]')?.id).toBe('c1-n1');
    expect(body.querySelector('[role="doc-backlink"]')).not.toBeNull();
    // Titles of the body are h2 under the page's h1; data-* never reaches the page.
    expect(body.querySelectorAll('h1')).toHaveLength(0);
    expect(body.querySelector('[data-chapter]')).toBeNull();
  });

  it('shows a footnote without its ids and its link back, links inside kept', () => {
    const body = render(BOOK);
    const ref = body.querySelector<HTMLAnchorElement>('#c1-r1')!;
    const note = footnoteContent(ref, body)!;
    expect(note.label).toBe('Footnote 1');
    const shown = document.createElement('div');
    shown.innerHTML = note.html;
    expect(shown.textContent?.trim()).toBe('The note, see two and the web.');
    expect(shown.querySelector('[id]')).toBeNull();
    expect(Array.from(shown.querySelectorAll('a'), (a) => a.getAttribute('href'))).toEqual(['#c2-s', 'https://example.com/']);
  });

  it('takes the paragraph of a bare-anchor note, and never a whole chapter', () => {
    const body = render(BOOK);
    const note = footnoteContent(body.querySelector<HTMLAnchorElement>('#c2-r')!, body)!;
    expect(note.label).toBe('Footnote *');
    expect(note.html).toContain('A bare-anchor note.');
    const toChapter = body.querySelector<HTMLAnchorElement>('a[href="#c2"]')!;
    toChapter.setAttribute('role', 'doc-noteref');
    expect(footnoteContent(toChapter, body)).toBeNull();
  });
});
