/**
 * The last step of every importer: the stored text is the canonical text of
 * exactly the HTML that is stored, parsed the way the renderer parses it,
 * so highlight offsets computed on either side agree.
 *
 * The HTML is parsed into the light DOM (parse5, as a <div>'s innerHTML,
 * exactly as jsdom's innerHTML setter parses it): canonicalText reads only
 * node types, names, text and child links, which both DOMs give alike.
 */
import { canonicalText, countWords } from '../../shared/text/canonical';
import { parseBodyFragment } from './light-dom';

export interface FinalBody {
  html: string;
  text: string;
  wordCount: number;
}

export function finalizeBody(html: string): FinalBody {
  const container = parseBodyFragment(html);
  const text = canonicalText(container as unknown as Node);
  return { html, text, wordCount: countWords(text) };
}

/** Plain text of an HTML snippet (for titles and excerpts written in HTML). */
export function htmlToPlainText(html: string): string {
  const container = parseBodyFragment(html);
  return (container.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** An excerpt: the first paragraph of prose in `text` (see excerpt.ts), cut at a word near `max` chars. */
export { excerptOf } from './excerpt';
