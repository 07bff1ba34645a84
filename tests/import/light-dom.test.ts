import { describe, expect, it } from 'vitest';
import { jsdom } from '../../src/main/import/jsdom';
import { parseBodyFragment, parseDocument, serializeChildren } from '../../src/main/import/light-dom';
import type { LightDocument } from '../../src/main/import/light-dom';

/**
 * The light DOM must build the tree jsdom builds and answer the DOM members
 * Readability and the metadata reader use as jsdom answers them: each case
 * is dumped from both DOMs by the same function and compared.
 */

const URL = 'https://example.org/dir/page.html';

const PAGES: string[] = [
  '<!DOCTYPE html><html lang="en"><head><title>  A   title\n here </title><base href="/base/"></head><body><p>x</p></body></html>',
  '<title>no doctype (quirks)</title><p>a<table><tr><td>cell<p>in cell</td></tr></table>after',
  '<p>unclosed <b>bold <i>both</b> italic</i> text<p>next<li>item<dd>dd',
  '<a href="#x">one<a href="/y">two</a></a><form><input name="q"><button>b</button></form>',
  '<div style="display:none">a</div><div style="DISPLAY: NONE !important">b</div><div style="visibility:hidden">c</div>' +
    '<div style="d\\isplay: none">d</div><div style="color: red">e</div><span hidden>f</span>',
  '<svg class="icon" viewBox="0 0 1 1"><title>svg title</title><foreignObject><p>html in svg</p></foreignObject>' +
    '<use xlink:href="#i"></use></svg><math><mi>x</mi><annotation-xml encoding="text/html"><p>m</p></annotation-xml></math>',
  '<template><p>inside template</p></template><noscript><img src="n.jpg"></noscript><script>var a = "<p>";</script><style>p{}</style>',
  '<img src="a.png" srcset="a.png 1x"><img src=""><img><iframe src="f.html">text</iframe><video src="v.mp4"></video>',
  '<p>Entities &amp; &lt;x&gt; &nbsp; &copy; &#x1F600; &bogus; &amp</p><pre>\n  pre\r\n text</pre><textarea>\nt</textarea>',
  '<body class="a" id="b"><p>one</p><body class="c" data-x="y"><p>two</p>',
  '<frameset><frame src="a.html"></frameset>',
  '<!-- comment --><p>a<!-- inner -->b</p><![CDATA[x]]><?pi y?>',
  '<p class="A  b" id="i" data-foo="1" ARIA-label="l" onclick="x()">attrs</p><p title="a&quot;b">q</p>',
  '<table><caption>c</caption><colgroup><col></colgroup><tbody><tr><th>h</th></tr></tbody>stray text</table>',
  '<select><option>o1<option>o2</select><ruby>a<rt>b</rt></ruby><dl><dt>t<dd>d</dl>',
  '<p>中文，日本語のテキスト。</p><p dir="rtl" lang="ar">عربي</p>',
];

interface DomLike {
  nodeType: number;
  nodeName: string;
  firstChild: DomLike | null;
  nextSibling: DomLike | null;
  [key: string]: unknown;
}

/** Every member the readers use, node by node. */
function dump(node: DomLike, out: string[] = [], depth = 0): string[] {
  const pad = ' '.repeat(depth);
  if (node.nodeType === 1) {
    const el = node as DomLike & {
      attributes: ArrayLike<{ name: string; value: string }>;
      className: unknown;
      style?: { display: string; visibility: string };
    };
    const attrs = Array.from(el.attributes, (a) => `${a.name}=${JSON.stringify(a.value)}`).join(' ');
    out.push(
      `${pad}<${String(el.tagName)} local=${String(el.localName)} ns=${String(el.namespaceURI)} ${attrs}>` +
        ` id=${JSON.stringify(el.id)} class=${JSON.stringify(String(el.className))}` +
        ` style=${el.style ? `${el.style.display}|${el.style.visibility}` : 'none'}` +
        ` src=${JSON.stringify(el.src)} srcset=${JSON.stringify(el.srcset)}` +
        ` text=${JSON.stringify(el.textContent)} children=${(el.children as ArrayLike<unknown>).length}` +
        ` childNodes=${(el.childNodes as ArrayLike<unknown>).length}`,
    );
  } else {
    out.push(`${pad}${node.nodeType} ${node.nodeName} ${JSON.stringify(node.textContent ?? null)}`);
  }
  for (let c = node.firstChild; c; c = c.nextSibling) dump(c, out, depth + 1);
  return out;
}

function documentDump(doc: DomLike & Record<string, unknown>): unknown {
  const body = doc.body as (DomLike & { innerHTML: string }) | null;
  const head = doc.head as (DomLike & { innerHTML: string }) | null;
  return {
    title: doc.title,
    baseURI: doc.baseURI,
    documentURI: doc.documentURI,
    head: head?.innerHTML ?? null,
    body: body?.innerHTML ?? null,
    tree: dump(doc),
    paragraphs: (doc.getElementsByTagName as (n: string) => ArrayLike<DomLike>)('P').length,
    headingsAndLinks: Array.from((doc.querySelectorAll as (s: string) => ArrayLike<DomLike>)('h1, A, p'), (n) => n.nodeName),
  };
}

function both(html: string): { light: LightDocument; reference: Document } {
  const reference = new (jsdom().JSDOM)(html, { url: URL }).window.document;
  return { light: parseDocument(html, URL), reference };
}

describe('light DOM', () => {
  it.each(PAGES.map((html, i) => [i, html] as const))('page %i: same tree, serialization and answers as jsdom', (_i, html) => {
    const { light, reference } = both(html);
    expect(documentDump(light as unknown as DomLike & Record<string, unknown>)).toEqual(
      documentDump(reference as unknown as DomLike & Record<string, unknown>),
    );
  });

  it('stays in step with jsdom through the mutations Readability makes', () => {
    const html = `<!DOCTYPE html><html><head><title>t</title></head><body><div id="main" class="x">
      <div><p>one <b>two</b></p><p>three</p></div><section><h1>Head</h1><p>four</p>text</section><br><br><span>five</span></div></body></html>`;
    const { light, reference } = both(html);
    for (const doc of [light, reference] as unknown as Document[]) {
      const main = doc.getElementsByTagName('div')[0]!;
      expect(main.textContent).toContain('three'); // fill the light DOM's text cache first
      const firstDiv = main.children[0]!;
      const p = doc.createElement('P');
      for (const attr of Array.from(firstDiv.attributes)) p.setAttributeNode(attr.cloneNode() as Attr);
      while (firstDiv.firstChild) p.appendChild(firstDiv.firstChild);
      main.replaceChild(p, firstDiv);
      const section = main.getElementsByTagName('section')[0]!;
      section.replaceChild(section.children[1]!, section.children[0]!); // a child takes its sibling's place
      doc.getElementsByTagName('b')[0]!.remove();
      main.setAttribute('ID', 'changed');
      main.id = `${main.id}-again`;
      main.className = 'page';
      const span = doc.getElementsByTagName('span')[0]!;
      span.innerHTML = '<i>six</i> <table><td>seven';
      const img = doc.createElement('img');
      img.setAttribute('data-src', 'lazy.jpg');
      img.setAttribute('src', 'real.jpg');
      main.insertBefore(img, main.firstChild);
      expect(() => main.setAttribute('bad name', 'x')).toThrow();
      expect(() => main.appendChild(doc.body!)).toThrow();
    }
    expect(documentDump(light as unknown as DomLike & Record<string, unknown>)).toEqual(
      documentDump(reference as unknown as DomLike & Record<string, unknown>),
    );
  });

  it('parses and serializes fragments as a <div>’s innerHTML', () => {
    const html = '<p>a</p>\n<td>cell</td><li>i<tr>x</tr>  <svg><p>out</p></svg>';
    const div = new (jsdom().JSDOM)('').window.document.createElement('div');
    div.innerHTML = html;
    const light = parseBodyFragment(html);
    expect(serializeChildren(light)).toBe(div.innerHTML);
    expect(light.textContent).toBe(div.textContent);
  });

  it('answers only tag-name selectors', () => {
    const doc = parseDocument('<p>x</p>', URL);
    expect(() => doc.querySelectorAll('p.x')).toThrow(/only tag-name selectors/);
    expect(doc.querySelector('P, h1')?.localName).toBe('p');
  });
});
