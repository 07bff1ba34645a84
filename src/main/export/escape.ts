/**
 * Markdown escaping for text that must come back as the same characters:
 * highlight quotes (as blockquotes) and titles (as a heading).
 *
 * The rules aim at CommonMark/GFM (marked) and Obsidian alike: every
 * character that could start inline syntax is backslash-escaped (CommonMark
 * allows escaping any ASCII punctuation), block markers at the start of a
 * line are neutralized, and leading/trailing spaces become `&#32;` so they
 * are neither indentation nor a hard break. URLs are left as they are, since
 * GFM autolinks keep backslashes literally.
 */

// GFM extended autolinks run to the next white space or "<"; inside them backslashes are literal.
const URL_RUN = /(?:https?:\/\/|www\.)[^\s<]+/giu;

/** Escapes inline syntax in a run of plain text (no URLs, no newlines). */
function escapeInlineRun(s: string): string {
  return (
    s
      // backslash first, then characters that start inline syntax anywhere
      .replace(/[\\`*_[\]<>#|~$]/g, (c) => `\\${c}`)
      // Obsidian ==highlight== and %%comment%%
      .replace(/==/g, '\\=\\=')
      .replace(/%%/g, '\\%\\%')
      // "&amp;" or "&#32;" would be read as entities
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
      // "^abc" at the end of a line would be an Obsidian block id
      .replace(/(^|\s)\^(?=[A-Za-z0-9-]+$)/g, '$1\\^')
  );
}

/** Escapes one line of text so it reads back as exactly itself inside a paragraph. */
export function escapeMarkdownLine(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(URL_RUN)) {
    out += escapeInlineRun(line.slice(last, match.index));
    out += match[0];
    last = match.index + match[0].length;
  }
  out += escapeInlineRun(line.slice(last));

  // Block markers at the start of the line: list bullets, ordered lists,
  // setext underlines / thematic breaks, and the Obsidian tag/heading "#"
  // (already escaped above).
  out = out.replace(/^([-+=])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
  // Leading and trailing white space: not indentation, not a hard break.
  out = out.replace(/^[ \t]+/, (ws) => entities(ws)).replace(/[ \t]+$/, (ws) => entities(ws));
  return out;
}

function entities(ws: string): string {
  return [...ws].map((c) => (c === '\t' ? '&#9;' : '&#32;')).join('');
}

/**
 * A quote as a Markdown blockquote: every line prefixed with `> `, the blank
 * lines between paragraphs as a bare `>`.
 */
export function blockquote(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines.map((line) => (line === '' ? '>' : `> ${escapeMarkdownLine(line)}`)).join('\n');
}

/** A single-line Markdown-safe version of `text` (newlines become spaces). */
export function inlineMarkdown(text: string): string {
  return escapeMarkdownLine(text.replace(/\s+/g, ' ').trim());
}
