/**
 * An Omnivore `highlights/{slug}.md` file: highlights joined by blank
 * lines, each `> quote` (Omnivore wrote `> ` before the quote's first line
 * and on the blank lines between its paragraphs; files edited or written by
 * other tools put it on every line), then an optional line of `#label`
 * words, then the highlight's note. A page note (a note on the whole item)
 * is plain text before the first quote. Pure: no I/O.
 */

export interface OmnivoreHighlight {
  /** The highlighted text; paragraphs separated by a blank line. */
  quote: string;
  labels: string[];
  /** Markdown ('' when none). */
  note: string;
}

export interface OmnivoreHighlightsFile {
  highlights: OmnivoreHighlight[];
  /** Text before the first quote ('' when none). */
  pageNote: string;
}

const QUOTE_LINE = /^\s{0,3}>/;
/** A line of labels only: `#label #another` (Omnivore's labels may hold no spaces here). */
const LABELS_LINE = /^\s*#[^\s#]+(?:\s+#[^\s#]+)*\s*$/;
/** Omnivore's apps once added a link back to the highlight after the quote. */
const BACK_LINK = /\s*\[⤴️?\]\([^)]*\)\s*$/u;

/** Blocks of lines separated by blank lines (a lone `>` is not blank). */
function blocks(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') {
      if (current.length) out.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) out.push(current);
  return out;
}

/** The quote of a block that starts with `>`: the markers dropped, paragraph breaks kept. */
function quoteOf(lines: string[]): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/^\s{0,3}>\s?/, '');
    if (line.trim() === '') {
      if (current.length) paragraphs.push(current.join('\n'));
      current = [];
    } else current.push(line.trimEnd());
  }
  if (current.length) paragraphs.push(current.join('\n'));
  return paragraphs.join('\n\n').replace(BACK_LINK, '').trim();
}

export function parseOmnivoreHighlights(source: string): OmnivoreHighlightsFile {
  const text = source.replace(/^\uFEFF/, '');
  const highlights: OmnivoreHighlight[] = [];
  const pageNote: string[] = [];
  let current: { quote: string; labels: string[]; note: string[] } | null = null;
  const finish = (): void => {
    if (current?.quote) highlights.push({ quote: current.quote, labels: current.labels, note: current.note.join('\n\n').trim() });
    current = null;
  };
  for (const block of blocks(text)) {
    if (QUOTE_LINE.test(block[0]!)) {
      // Lines after the first that lack the marker still belong to the quote (Omnivore only marked the first).
      finish();
      current = { quote: quoteOf(block), labels: [], note: [] };
      continue;
    }
    const joined = block.join('\n');
    if (!current) {
      pageNote.push(joined.trim());
      continue;
    }
    if (current.note.length === 0 && block.length === 1 && LABELS_LINE.test(joined)) {
      current.labels.push(...joined.trim().split(/\s+/).map((l) => l.slice(1)));
      continue;
    }
    current.note.push(joined.trim());
  }
  finish();
  return { highlights, pageNote: pageNote.join('\n\n').trim() };
}
