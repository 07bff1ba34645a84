/**
 * A vertical writing mode (CJK text set top to bottom) declared by a
 * document's own CSS on its root: the one rule for a book's chapters
 * (epub/chapters.ts) and a saved web page (import/html.ts). Everything else
 * in their CSS is dropped.
 */
export type WritingMode = 'vertical-rl' | 'vertical-lr';

const VERTICAL = /(?:-epub-|-webkit-)?writing-mode\s*:\s*(vertical-rl|vertical-lr|tb-rl|tb-lr)/i;

/**
 * The vertical writing mode `css` sets: any declaration when `rootOnly` is
 * false (a style attribute), else only one in a rule for html, body or :root
 * (a style sheet).
 */
export function verticalIn(css: string, rootOnly: boolean): WritingMode | null {
  if (!rootOnly) {
    const m = VERTICAL.exec(css);
    return m ? (/lr$/i.test(m[1]!) ? 'vertical-lr' : 'vertical-rl') : null;
  }
  for (const rule of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (!/(?:^|[\s,>])(?:html|body|:root)(?![\w-])/i.test(rule[1]!)) continue;
    const mode = verticalIn(rule[2]!, false);
    if (mode) return mode;
  }
  return null;
}
