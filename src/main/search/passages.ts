/**
 * Long texts (books, long PDFs) are searched by passage as well as whole:
 * bm25 normalizes by length, so a word in one chapter of a 300,000-word
 * book scored as if diluted over the whole book, and the snippet had to be
 * looked for by walking the book's words up to the match. Each passage is a
 * row of passages_fts (migration 9) with its place in the text
 * (article_passages), so a hit is ranked against passages of like size and
 * opens where it is.
 *
 * A passage is about PASSAGE_CHARS characters (~1,000 words), cut after a
 * line break when one comes within PASSAGE_CHARS / 2 more, else after a
 * space, else where it is: every character is in exactly one passage.
 */

/** Texts at least this long (about 8,000 words) are indexed by passage too; shorter ones only whole, as before. */
export const PASSAGE_INDEX_MIN_CHARS = 50_000;
export const PASSAGE_CHARS = 6_000;

export interface Passage {
  start: number;
  end: number;
}

export function isPassageIndexed(text: string): boolean {
  return text.length >= PASSAGE_INDEX_MIN_CHARS;
}

/** The passages of `text`, in order, covering it end to end. */
export function splitPassages(text: string): Passage[] {
  const out: Passage[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start + PASSAGE_CHARS;
    if (end >= text.length - PASSAGE_CHARS / 4) end = text.length; // no crumb of a last passage
    else {
      const limit = end + PASSAGE_CHARS / 2;
      const line = text.indexOf('\n', end);
      const space = text.indexOf(' ', end);
      if (line >= 0 && line < limit) end = line + 1;
      else if (space >= 0 && space < limit) end = space + 1;
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}
