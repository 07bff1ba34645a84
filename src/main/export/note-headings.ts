/**
 * An article note's headings, demoted under the export's own headings.
 *
 * A note is free Markdown: its `# Heading` would otherwise sit beside the
 * file's `# Title` as a second top-level heading (Obsidian's outline, a
 * vault's table of contents). Headings are found with marked's lexer, so a
 * `#` line in a code block, a blockquote or a list item is never touched;
 * only the document's own (top-level) headings are.
 */
import { Lexer, type Token, type Tokens } from 'marked';

const MAX_DEPTH = 6;

function topLevel(markdown: string): Token[] {
  return Lexer.lex(markdown, { gfm: true });
}

/** The smallest depth among the note's own headings, or 0 when it has none. */
export function topHeadingDepth(markdown: string): number {
  // Cheap test first: no line that could start or underline a heading, no lexing.
  if (!/^ {0,3}(?:#|=+[ \t]*$|-+[ \t]*$)/m.test(markdown)) return 0;
  let min = 0;
  for (const token of topLevel(markdown)) {
    if (token.type === 'heading') {
      const depth = (token as Tokens.Heading).depth;
      if (min === 0 || depth < min) min = depth;
    }
  }
  return min;
}

/**
 * The depth of the last heading before the first block that holds `mark`
 * (0 when none, or when `mark` is absent): the level a note placed there
 * must sit below.
 */
export function headingDepthBefore(markdown: string, mark: string): number {
  let depth = 0;
  for (const token of topLevel(markdown)) {
    if (token.raw.includes(mark)) return depth;
    if (token.type === 'heading') depth = (token as Tokens.Heading).depth;
  }
  return 0;
}

/** One heading at a new depth: ATX keeps its text as written; setext becomes ATX (it has only two levels). */
function rewriteHeading(token: Tokens.Heading, depth: number): string {
  const hashes = '#'.repeat(depth);
  const atx = /^( {0,3})#{1,6}(?=[ \t]|\r?\n|$)/.exec(token.raw);
  if (atx) return `${atx[1]}${hashes}${token.raw.slice(atx[0].length)}`;
  const trailing = /\n*$/.exec(token.raw)?.[0] ?? '';
  // A setext heading may span lines; an ATX heading is one. A final `#` run would read as a closing sequence: escape it.
  const text = token.text.replace(/[ \t]*\n[ \t]*/g, ' ').trim().replace(/(^|[ \t])(#+)$/, '$1\\$2');
  return `${hashes} ${text}${trailing}`;
}

/**
 * Shifts every top-level heading of `markdown` by the same amount so the
 * shallowest one sits one level below `parentDepth` (never deeper than
 * `######`). Unchanged when it already does, or has no heading; everything
 * but the heading lines is kept byte for byte.
 */
export function demoteHeadings(markdown: string, parentDepth: number): string {
  const min = topHeadingDepth(markdown);
  const shift = min === 0 ? 0 : parentDepth + 1 - min;
  if (shift <= 0) return markdown;
  let out = '';
  let copied = 0; // markdown[0, copied) is in `out`
  let cursor = 0; // where the previous token ended
  for (const token of topLevel(markdown)) {
    // Tokens' raw texts follow one another in the source; find each from where the last ended.
    const start = token.raw === '' ? -1 : markdown.indexOf(token.raw, cursor);
    if (start < 0) continue;
    cursor = start + token.raw.length;
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      out += markdown.slice(copied, start) + rewriteHeading(heading, Math.min(MAX_DEPTH, heading.depth + shift));
      copied = cursor;
    }
  }
  return out + markdown.slice(copied);
}
