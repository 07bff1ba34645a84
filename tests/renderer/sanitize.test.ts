// @vitest-environment jsdom
/**
 * The reader's own sanitizing pass (defence in depth after main's): it
 * answers nodes for the reader to insert (sanitizeArticleBody) and must stay
 * exactly as strict. Hostile markup, including mutation-XSS shapes, comes
 * out inert, and what it keeps is stable (sanitizing its output again
 * changes nothing); the nodes are that HTML.
 */
import { beforeAll, describe, expect, it } from 'vitest';

let sanitizeArticleHtml: (html: string) => string;
let sanitizeArticleBody: (html: string) => DocumentFragment;

beforeAll(async () => {
  ({ sanitizeArticleHtml, sanitizeArticleBody } = await import('../../src/renderer/src/lib/sanitize'));
});

/** The nodes the reader inserts, as HTML. */
function bodyHtml(html: string): string {
  const holder = document.createElement('div');
  holder.append(sanitizeArticleBody(html));
  return holder.innerHTML;
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<p onclick="alert(1)">click</p>',
  '<a href="javascript:alert(1)">link</a>',
  '<a href="  JaVaScRiPt:alert(1)">link</a>',
  '<script>alert(1)</script><p>after</p>',
  '<style>body{background:url(https://evil.example/)}</style><p>styled</p>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<form action="https://evil.example/"><input name=a><button formaction="javascript:alert(1)">go</button></form>',
  '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">',
  '<p style="background:url(https://evil.example/)">inline style</p>',
  '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<img id="body"><form name="getElementById"></form><p data-x="1">clobber</p>',
  '<template><img src=x onerror=alert(1)></template><p>t</p>',
];

function inert(html: string): void {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  const all = [doc.body, ...Array.from(doc.querySelectorAll('template')).map((t) => t.content)].flatMap((root) => Array.from(root.querySelectorAll('*')));
  for (const el of all) {
    expect(['script', 'style', 'iframe', 'form', 'input', 'button', 'object', 'embed', 'base', 'meta']).not.toContain(el.localName);
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name).not.toMatch(/^on|^style$|^srcdoc$|^formaction$|^data-/i);
      expect(attr.value).not.toMatch(/^\s*javascript:/i);
    }
  }
}

describe('the reader sanitizer', () => {
  it.each(HOSTILE)('makes %s inert, and its output is stable', (html) => {
    const out = sanitizeArticleHtml(html);
    inert(out);
    expect(sanitizeArticleHtml(out)).toBe(out);
    expect(bodyHtml(html)).toBe(out);
  });

  it('keeps reading content: text, links, gloss assets as app URLs, and h1 demoted', () => {
    const hash = 'a'.repeat(64);
    const out = sanitizeArticleHtml(`<h1 id="t">Title</h1><p>One <em>two</em> <a href="https://example.com/">web</a> <a href="#n1">note</a></p><img src="gloss-asset:${hash}" alt="A">`);
    expect(bodyHtml(`<h1 id="t">Title</h1>`)).toBe('<h2 id="t">Title</h2>');
    // A malformed asset reference is dropped, as any unknown scheme is.
    expect(sanitizeArticleHtml('<img src="gloss-asset:xyz" alt="B">')).toBe('<img alt="B">');
    // Parsed in standards mode, as main parsed it: a table closes the paragraph before it.
    expect(sanitizeArticleHtml('<p>a<table><tbody><tr><td>b</td></tr></tbody></table>')).toBe('<p>a</p><table><tbody><tr><td>b</td></tr></tbody></table>');
    expect(out).toBe(
      `<h2 id="t">Title</h2><p>One <em>two</em> <a href="https://example.com/" target="_blank" rel="noopener noreferrer">web</a> <a href="#n1">note</a></p><img src="/asset/${hash}" alt="A">`,
    );
  });
});
