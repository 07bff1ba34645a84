import { marked, type Token, type Tokens } from 'marked';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

/** The plain text inline tokens stand for; fails on anything the export should not produce. */
function inlineText(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        out += decodeEntities(t.raw);
        break;
      case 'escape':
        out += (t as Tokens.Escape).text;
        break;
      case 'link':
        if (!(t as Tokens.Link).raw.startsWith('http') && !(t as Tokens.Link).raw.startsWith('www.')) throw new Error(`unexpected link ${t.raw}`);
        out += t.raw;
        break;
      case 'br':
        out += '\n';
        break;
      default:
        throw new Error(`unexpected inline token "${t.type}": ${JSON.stringify(t.raw)}`);
    }
  }
  return out;
}

/**
 * The text of every highlight quote, in order: top-level blockquotes followed
 * by a `^gloss-…` block id; paragraphs joined by a blank line.
 */
export function blockquoteTexts(markdown: string): string[] {
  const out: string[] = [];
  const tokens = marked.lexer(markdown).filter((t) => t.type !== 'space');
  for (const [i, token] of tokens.entries()) {
    if (token.type !== 'blockquote') continue;
    if (!/^\^gloss-[a-z0-9-]+\n?$/.test(tokens[i + 1]?.raw ?? '')) continue;
    const paragraphs: string[] = [];
    for (const inner of (token as Tokens.Blockquote).tokens) {
      if (inner.type === 'space') continue;
      if (inner.type !== 'paragraph') throw new Error(`unexpected block "${inner.type}" in a quote: ${JSON.stringify(inner.raw)}`);
      paragraphs.push(inlineText((inner as Tokens.Paragraph).tokens));
    }
    out.push(paragraphs.join('\n\n'));
  }
  return out;
}
