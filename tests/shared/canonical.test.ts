import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildTextMap, canonicalText, countWords, readingMinutes } from '../../src/shared/text/canonical';

function body(html: string): HTMLElement {
  return new JSDOM(`<body>${html}</body>`).window.document.body;
}

describe('canonical text', () => {
  it('collapses white space and separates blocks, lines and breaks', () => {
    const text = canonicalText(
      body(`
        <h2>  A   heading </h2>
        <p>First\tparagraph,
           wrapped.</p>
        <ul><li>one</li><li>two <b>bold</b></li></ul>
        <p>line<br>break<br><br></p>
        <pre>keep   this
  indent</pre>
        <script>ignored()</script><p hidden>hidden</p>
      `),
    );
    expect(text).toBe('A heading\n\nFirst paragraph, wrapped.\n\none\ntwo bold\n\nline\nbreak\n\nkeep   this\n  indent');
  });

  it('keeps no-break spaces and non-Latin text as they are', () => {
    expect(canonicalText(body('<p>10\u00a0km —  Café 東京</p>'))).toBe('10\u00a0km — Café 東京');
  });

  it('maps every kept character back to its text node', () => {
    const root = body('<p>Hello <em>brave</em>   world</p><p>Next</p>');
    const map = buildTextMap(root);
    expect(map.text).toBe('Hello brave world\n\nNext');
    const brave = map.spans.find((s) => s.node.data === 'brave');
    expect(brave?.offsets[0]).toBe(map.text.indexOf('brave'));
    const next = map.spans.find((s) => s.node.data === 'Next');
    expect(next?.offsets[0]).toBe(map.text.indexOf('Next'));
  });

  it('maps CRLF and a lone CR in <pre> to one line feed each, offsets included', () => {
    // Parsing turns CRs into LFs: a script-made text node is how a CR reaches the DOM.
    const root = body('<pre></pre><p>x  y</p>');
    root.firstElementChild!.append(root.ownerDocument.createTextNode('ab\r\ncd\re'));
    const map = buildTextMap(root);
    expect(map.text).toBe('ab\ncd\ne\n\nx y');
    expect(Array.from(map.spans[0]!.offsets)).toEqual([0, 1, 2, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(map.spans[1]!.offsets)).toEqual([9, 11, 11, 11, 12]);
  });

  it('counts words in any script and estimates reading time', () => {
    expect(countWords('The kettle sang, twice.')).toBe(4);
    expect(countWords('')).toBe(0);
    expect(countWords('Ünïcödé wörds here')).toBe(3);
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(230 * 5)).toBe(5);
  });
});

describe('countWords on long texts', () => {
  it('counts a long unbroken line the same as its pieces', () => {
    const line = Array.from({ length: 3000 }, (_, i) => `wörd${i}`).join(' ');
    expect(countWords(line)).toBe(3000);
    expect(countWords(`${line}\n${line}`)).toBe(6000);
  });
});
