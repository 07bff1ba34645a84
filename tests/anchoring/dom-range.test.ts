import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { buildTextMap } from '../../src/shared/text/canonical';
import type { TextMap } from '../../src/shared/text/canonical';
import { rangeToTextOffsets, textOffsetsToNodeRanges, textOffsetsToRange } from '../../src/shared/anchoring';

function setup(html: string): { doc: Document; body: HTMLElement; map: TextMap } {
  const doc = new JSDOM(`<!DOCTYPE html><body>${html}</body>`).window.document;
  return { doc, body: doc.body, map: buildTextMap(doc.body) };
}

function offsetsOf(map: TextMap, phrase: string): [number, number] {
  const at = map.text.indexOf(phrase);
  if (at < 0) throw new Error(`not in text: ${JSON.stringify(phrase)}`);
  return [at, at + phrase.length];
}

function textNode(root: Node, data: string): Text {
  const walker = root.ownerDocument!.createTreeWalker(root, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data === data) return n as Text;
  throw new Error(`no text node ${JSON.stringify(data)}`);
}

/** Range -> offsets -> Range round trip for a phrase; returns the range. */
function roundTrip(map: TextMap, doc: Document, phrase: string): Range {
  const [start, end] = offsetsOf(map, phrase);
  const range = textOffsetsToRange(map, start, end, doc);
  expect(range).not.toBeNull();
  expect(range!.startContainer.nodeType).toBe(3);
  expect(range!.endContainer.nodeType).toBe(3);
  expect(rangeToTextOffsets(map, range!)).toEqual({ start, end });
  return range!;
}

const squash = (s: string): string => s.replace(/[ \t\n\r\f]+/g, '');

describe('textOffsetsToRange / rangeToTextOffsets', () => {
  it('crosses inline element boundaries (em, a, strong)', () => {
    const { doc, map } = setup('<p>Hello <em>brave</em> <a href="#">new <strong>bold</strong></a> world</p>');
    expect(map.text).toBe('Hello brave new bold world');
    const range = roundTrip(map, doc, 'llo brave new bo');
    expect(range.startContainer).toBe(textNode(doc.body, 'Hello '));
    expect(range.startOffset).toBe(2);
    expect(range.endContainer).toBe(textNode(doc.body, 'bold'));
    expect(range.endOffset).toBe(2);
    expect(range.toString()).toBe('llo brave new bo');
    expect(roundTrip(map, doc, 'brave').toString()).toBe('brave');
  });

  it('crosses paragraphs and list items, starting and ending in text nodes', () => {
    const { doc, map } = setup('<p>First para.</p>\n<p>Second para.</p><ul><li>one</li><li>two <b>bold</b></li></ul>');
    expect(map.text).toBe('First para.\n\nSecond para.\n\none\ntwo bold');
    const range = roundTrip(map, doc, 'para.\n\nSecond');
    expect(range.startContainer).toBe(textNode(doc.body, 'First para.'));
    expect(range.startOffset).toBe(6);
    expect(range.endContainer).toBe(textNode(doc.body, 'Second para.'));
    expect(range.endOffset).toBe(6);
    expect(squash(range.toString())).toBe('para.Second');
    const list = roundTrip(map, doc, 'para.\n\none\ntwo b');
    expect(squash(list.toString())).toBe('para.onetwob');
  });

  it('covers exactly the characters even when the interval starts or ends on a separator', () => {
    const { doc, map } = setup('<p>First para.  </p><p>Second para.</p>');
    const sep = map.text.indexOf('\n\n');
    // Ends on the separator after trailing collapsed white space.
    const first = textOffsetsToRange(map, 0, sep + 1, doc);
    expect([first?.toString(), first?.endOffset]).toEqual(['First para.', 11]);
    expect(rangeToTextOffsets(map, first!)).toEqual({ start: 0, end: sep });
    const range = textOffsetsToRange(map, sep, sep + 5, doc);
    expect(range?.toString()).toBe('Sec');
    expect(rangeToTextOffsets(map, range!)).toEqual({ start: sep + 2, end: sep + 5 });
    expect(textOffsetsToRange(map, sep, sep + 2, doc)).toBeNull();
    expect(textOffsetsToRange(map, 3, 3, doc)).toBeNull();
  });

  it('works inside and across table cells', () => {
    const { doc, map } = setup(
      '<table>\n<tr>\n <td>alpha one</td> <td>beta two</td>\n</tr>\n<tr><td>gamma</td><td>delta</td></tr></table>',
    );
    expect(map.text).toBe('alpha one\nbeta two\ngamma\ndelta');
    const inside = roundTrip(map, doc, 'ta tw');
    expect(inside.startContainer).toBe(textNode(doc.body, 'beta two'));
    expect(inside.toString()).toBe('ta tw');
    const across = roundTrip(map, doc, 'one\nbeta two\ngam');
    expect(squash(across.toString())).toBe('onebetatwogam');
    const pieces = textOffsetsToNodeRanges(map, ...offsetsOf(map, 'one\nbeta two\ngam'));
    // The white-space-only nodes between cells stand for line breaks: not painted.
    expect(pieces.map((p) => p.node.data.slice(p.startOffset, p.endOffset))).toEqual(['one', 'beta two', 'gam']);
  });

  it('maps collapsed white space runs', () => {
    const { doc, map } = setup('<p>  lots   of\n\t spaces  </p>');
    expect(map.text).toBe('lots of spaces');
    const range = roundTrip(map, doc, 'of');
    expect([range.startOffset, range.endOffset]).toEqual([9, 11]);
    expect(roundTrip(map, doc, 'lots of spaces').toString()).toBe('lots   of\n\t spaces');
    // A selection including the white space around a word is trimmed.
    const node = textNode(doc.body, '  lots   of\n\t spaces  ');
    const sel = doc.createRange();
    sel.setStart(node, 0);
    sel.setEnd(node, 8);
    expect(rangeToTextOffsets(map, sel)).toEqual({ start: 0, end: 4 });
    sel.setStart(node, 6);
    sel.setEnd(node, 9);
    expect(rangeToTextOffsets(map, sel)).toBeNull();
  });

  it('maps across <br> line breaks', () => {
    const { doc, map } = setup('<p>line one<br>line two<br>\n<br>line three</p>');
    expect(map.text).toBe('line one\nline two\nline three');
    const range = roundTrip(map, doc, 'one\nline two\nline');
    expect(range.startContainer).toBe(textNode(doc.body, 'line one'));
    expect(range.endContainer).toBe(textNode(doc.body, 'line three'));
    expect(squash(range.toString())).toBe('onelinetwoline');
  });

  it('maps <pre> text, where white space and CRLF line ends are content', () => {
    const { doc, body } = setup('<pre>x</pre>');
    // The HTML parser normalizes CRLF; set the data directly.
    (body.querySelector('pre')!.firstChild as Text).data = 'a  b\r\nc';
    const map = buildTextMap(body);
    expect(map.text).toBe('a  b\nc');
    const range = roundTrip(map, doc, '  b\nc');
    expect(range.startOffset).toBe(1);
    expect(range.endOffset).toBe(7);
  });

  it('handles emoji, CJK, combining marks and RTL text', () => {
    const { doc, map } = setup(
      '<p>Party 🎉 <b>time</b> 東京<i>タワー</i></p><p dir="rtl" lang="ar">الكتاب <b>خير</b> جليس</p><p lang="he" dir="rtl">קריאה מרחיבה</p><p>cre\u0300me</p>',
    );
    expect(roundTrip(map, doc, '🎉 time 東京タワ').toString()).toBe('🎉 time 東京タワ');
    expect(roundTrip(map, doc, 'الكتاب خير جليس').toString()).toBe('الكتاب خير جليس');
    expect(squash(roundTrip(map, doc, 'جليس\n\nקריאה').toString())).toBe('جليسקריאה');
    expect(roundTrip(map, doc, 'cre\u0300me').toString()).toBe('cre\u0300me');
  });

  it('rejects offsets outside the text', () => {
    const { doc, map } = setup('<p>abc</p>');
    expect(() => textOffsetsToRange(map, -1, 2, doc)).toThrow(RangeError);
    expect(() => textOffsetsToRange(map, 0, 4, doc)).toThrow(RangeError);
    expect(() => textOffsetsToRange(map, 2, 1, doc)).toThrow(RangeError);
  });
});

describe('rangeToTextOffsets with element containers and odd selections', () => {
  const html =
    '<h2>Title</h2>\n  <p>Hello <em>brave</em> world</p>\n<script>var x = 1;</script>\n<p>Second</p><p hidden>gone</p>';

  it('maps element-container boundaries', () => {
    const { doc, body, map } = setup(html);
    expect(map.text).toBe('Title\n\nHello brave world\n\nSecond');
    const p = body.querySelector('p')!;
    const range = doc.createRange();
    range.setStart(p, 0);
    range.setEnd(p, p.childNodes.length);
    expect(rangeToTextOffsets(map, range)).toEqual({ start: 7, end: 24 });
    // Boundaries between the body's children, around the first paragraph.
    const index = Array.prototype.indexOf.call(body.childNodes, p) as number;
    range.setStart(body, index);
    range.setEnd(body, index + 1);
    expect(rangeToTextOffsets(map, range)).toEqual({ start: 7, end: 24 });
    // The whole body.
    range.selectNodeContents(body);
    expect(rangeToTextOffsets(map, range)).toEqual({ start: 0, end: map.text.length });
    // Inside <em>, before and after its text.
    const em = body.querySelector('em')!;
    range.setStart(em, 0);
    range.setEnd(em, 1);
    expect(rangeToTextOffsets(map, range)).toEqual(offsetsFor(map, 'brave'));
  });

  it('trims boundaries in white space between blocks and in skipped content', () => {
    const { doc, body, map } = setup(html);
    const range = doc.createRange();
    const script = body.querySelector('script')!;
    range.setStart(script.firstChild!, 4); // inside the script's text
    range.setEnd(textNode(body, 'Second'), 3);
    expect(rangeToTextOffsets(map, range)).toEqual(offsetsFor(map, 'Sec'));
    range.setStart(textNode(body, 'Hello '), 6);
    range.setEnd(script.firstChild!, 2);
    expect(rangeToTextOffsets(map, range)).toEqual(offsetsFor(map, 'brave world'));
    // Only the script and the white space around it: nothing.
    range.setStart(textNode(body, ' world'), 6);
    range.setEnd(body.querySelectorAll('p')[1]!, 0);
    expect(rangeToTextOffsets(map, range)).toBeNull();
    // A collapsed range.
    range.setStart(textNode(body, 'Second'), 2);
    range.collapse(true);
    expect(rangeToTextOffsets(map, range)).toBeNull();
    // Hidden content selected on its own.
    const hidden = body.querySelector('p[hidden]')!;
    range.selectNodeContents(hidden);
    expect(rangeToTextOffsets(map, range)).toBeNull();
  });
});

function offsetsFor(map: TextMap, phrase: string): { start: number; end: number } {
  const [start, end] = offsetsOf(map, phrase);
  return { start, end };
}

describe('textOffsetsToNodeRanges', () => {
  it('splits a range into per-node pieces, keeping word spaces between them', () => {
    const { map } = setup('<p>Hello <em>brave</em> <a href="#">new</a> world</p><p>Next line</p>');
    const pieces = textOffsetsToNodeRanges(map, ...offsetsOf(map, 'llo brave new wor'));
    expect(pieces.map((p) => [p.node.data, p.startOffset, p.endOffset])).toEqual([
      ['Hello ', 2, 6],
      ['brave', 0, 5],
      [' ', 0, 1],
      ['new', 0, 3],
      [' world', 0, 4],
    ]);
  });

  it('stops exactly at the quote edges across paragraphs', () => {
    const { map } = setup('<p>Hello   world  </p>\n\n<p>  Next line</p>');
    const pieces = textOffsetsToNodeRanges(map, ...offsetsOf(map, 'world\n\nNext'));
    expect(pieces.map((p) => [p.node.data.slice(p.startOffset, p.endOffset)])).toEqual([['world  '], ['  Next']]);
    expect(pieces[0]!.startOffset).toBe(8);
    expect(pieces[1]!.endOffset).toBe(6);
    expect(textOffsetsToNodeRanges(map, 11, 13)).toEqual([]);
  });
});
