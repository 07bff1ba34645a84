/**
 * A Markdown note as the plain text a reader sees: what marked's lexer
 * finds as text (emphasis, links, list items, table cells, code), without
 * the syntax around it. Raw HTML in a note is dropped, never shown: a
 * search snippet is text, and `<b>` typed in a note is markup, not words.
 * Blocks are separated by a line break (snippets collapse it to a space).
 */
import { Lexer, type Token, type Tokens } from 'marked';

function collect(tokens: readonly Token[], out: string[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'html':
      case 'def':
      case 'checkbox':
        break;
      case 'space':
      case 'hr':
        out.push('\n');
        break;
      case 'br':
        out.push(' ');
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) {
          collect(item.tokens, out);
          out.push('\n');
        }
        break;
      case 'table': {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) {
          for (const cell of row) {
            collect(cell.tokens, out);
            out.push(' ');
          }
          out.push('\n');
        }
        break;
      }
      default: {
        const children = (token as { tokens?: Token[] }).tokens;
        if (children) collect(children, out);
        else if ('text' in token && typeof token.text === 'string') out.push(token.text);
        if (token.type === 'paragraph' || token.type === 'heading' || token.type === 'code' || token.type === 'blockquote') {
          out.push('\n');
        }
      }
    }
  }
}

/** The text of a Markdown note: "**bold** word" -> "bold word". */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  collect(Lexer.lex(markdown, { gfm: true }), out);
  return out.join('').replace(/\n{2,}/g, '\n').trim();
}
