/**
 * `#tag` words at the start of a highlight's note become tags (as Readwise
 * users expect: "#idea #later why this matters"). The one rule, applied by
 * the highlight store wherever a note is saved (the app, the CLI, HTTP,
 * importers).
 *
 * - Only the words leading the note count, each `#` followed by letters,
 *   digits, `_`, `-` or `/` with at least one letter (`#1` and a Markdown
 *   heading `# Title` stay text), and each followed by a space or a line
 *   break: the note is saved as it is typed, so a word still being typed
 *   ("#ide") is not taken half-way.
 * - The tags leave the note (they are shown and exported as tags, so the
 *   note does not say them twice); the rest of the note is kept as written,
 *   without the blank space that led it. A word longer than a tag may be
 *   ends the run and stays text, so saving a note is never refused over it.
 */

import { MAX_TAG_CHARS, MAX_TAGS } from './tags';

const LEADING_TAG = /^[ \t\r\n]*#([\p{L}\p{N}_/-]*\p{L}[\p{L}\p{N}_/-]*)(?=[ \t\r\n])/u;

/** The note without its leading `#tag` words, and those tags (in order, as written). */
export function splitNoteTags(note: string): { note: string; tags: string[] } {
  const tags: string[] = [];
  let rest = note;
  for (let match = LEADING_TAG.exec(rest); match; match = LEADING_TAG.exec(rest)) {
    // A word too long to be a tag, or one too many, ends the tags: it stays text.
    if ([...match[1]!].length > MAX_TAG_CHARS || tags.length === MAX_TAGS) break;
    tags.push(match[1]!);
    rest = rest.slice(match[0].length);
  }
  return tags.length === 0 ? { note, tags } : { note: rest.replace(/^[ \t\r\n]+/, ''), tags };
}
