/**
 * The canonical plain text of an article body: the one text that highlights
 * (TextQuote / TextPosition selectors), search and export all refer to.
 *
 * It is computed from a DOM, by the same code in main (jsdom) and in the
 * renderer (the live article element), so offsets agree in both places.
 * Only DOM Level 1 properties are used (nodeType, localName, data,
 * childNodes, hasAttribute), which jsdom and browsers implement alike.
 *
 * Rules, close to what a reader sees:
 * - runs of ASCII white space (space, tab, CR, LF, FF) collapse to one
 *   space, except inside <pre>; NBSP is content, not white space;
 * - block elements end a paragraph ("\n\n"); list items, table rows and
 *   cells, divs and <br> end a line ("\n"); breaks never stack or lead;
 * - white space next to a break, and at the start and end, is dropped;
 * - script, style, template, noscript and [hidden] contribute nothing.
 */

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

const PARAGRAPH_BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dl', 'fieldset', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main', 'nav', 'ol', 'p',
  'pre', 'section', 'table', 'ul', 'details', 'summary', 'menu',
]);
const LINE_BLOCKS = new Set([
  'div', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'caption', 'figcaption', 'thead', 'tbody',
  'tfoot', 'center', 'legend', 'option',
]);
const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'iframe', 'object', 'svg', 'math']);

/** Where one DOM text node's characters landed in the canonical text. */
export interface TextNodeSpan {
  node: Text;
  /**
   * offsets[i] is the canonical-text offset of the node's character i, or,
   * for a character that was collapsed away, of the next character kept;
   * offsets[data.length] is the offset just past the node's last kept char.
   */
  offsets: Int32Array;
}

export interface TextMap {
  text: string;
  spans: TextNodeSpan[];
}

function isCollapsible(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;
}

/** Builds the canonical text of `root`'s contents, with its node map. */
export function buildTextMap(root: Node, withSpans = true): TextMap {
  const parts: string[] = [];
  let length = 0;
  let pendingBreak = 0; // 0 none, 1 "\n", 2 "\n\n"
  let pendingSpace = false;
  const spans: TextNodeSpan[] = [];

  const push = (s: string): void => {
    parts.push(s);
    length += s.length;
  };
  /** Writes any pending break or space before content. */
  const flush = (): void => {
    if (pendingBreak > 0) {
      if (length > 0) push(pendingBreak === 2 ? '\n\n' : '\n');
      pendingBreak = 0;
      pendingSpace = false;
    } else if (pendingSpace) {
      if (length > 0) push(' ');
      pendingSpace = false;
    }
  };
  const requestBreak = (kind: 1 | 2): void => {
    pendingSpace = false;
    if (kind > pendingBreak) pendingBreak = kind;
  };

  // A run of kept characters is pushed as one slice of the node's data, and
  // most characters take one comparison: a book's text is megabytes, and
  // adding it a character at a time was most of the map's cost.
  const visitText = (node: Text, pre: boolean): void => {
    const data = node.data;
    const offsets = withSpans ? new Int32Array(data.length + 1) : null;
    let runStart = -1;
    /** Inside a run, character i lands at base + i (`length` grows only when the run ends). */
    let base = 0;
    const endRun = (end: number): void => {
      if (runStart >= 0) push(data.slice(runStart, end));
      runStart = -1;
    };
    for (let i = 0; i < data.length; i++) {
      const code = data.charCodeAt(i);
      if (code <= 0x20) {
        if (pre && code === 0x0d) {
          endRun(i);
          // CRLF and lone CR in <pre> count as one line feed.
          if (data.charCodeAt(i + 1) === 0x0a) {
            if (offsets) offsets[i] = -1;
            continue;
          }
          flush();
          if (offsets) offsets[i] = length;
          push('\n');
          continue;
        }
        if (!pre && isCollapsible(code)) {
          endRun(i);
          if (pendingBreak === 0) pendingSpace = true;
          if (offsets) offsets[i] = -1;
          continue;
        }
      }
      if (runStart < 0) {
        flush();
        runStart = i;
        base = length - i;
      }
      if (offsets) offsets[i] = base + i;
    }
    endRun(data.length);
    if (offsets) {
      offsets[data.length] = length;
      // Collapsed characters point at the next kept character.
      for (let i = data.length - 1; i >= 0; i--) {
        if (offsets[i] === -1) offsets[i] = offsets[i + 1]!;
      }
      spans.push({ node, offsets });
    }
  };

  const visit = (node: Node, pre: boolean): void => {
    if (node.nodeType === TEXT_NODE) {
      visitText(node as Text, pre);
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const el = node as Element;
    const tag = el.localName.toLowerCase();
    if (SKIPPED.has(tag) || el.hasAttribute('hidden')) return;
    if (tag === 'br') {
      requestBreak(1);
      return;
    }
    const block = PARAGRAPH_BLOCKS.has(tag) ? 2 : LINE_BLOCKS.has(tag) ? 1 : 0;
    if (block) requestBreak(block as 1 | 2);
    const childPre = pre || tag === 'pre' || tag === 'textarea';
    for (let child = el.firstChild; child; child = child.nextSibling) visit(child, childPre);
    if (block) requestBreak(block as 1 | 2);
  };

  for (let child = root.firstChild; child; child = child.nextSibling) visit(child, false);
  return { text: parts.join(''), spans };
}

/** The canonical plain text of `root`'s contents. */
export function canonicalText(root: Node): string {
  return buildTextMap(root, false).text;
}

// One definition of a word count, for every format (word-count.ts).
export { countWords } from './word-count';

/** Minutes to read `wordCount` words at 230 words a minute, at least 1. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / 230));
}
