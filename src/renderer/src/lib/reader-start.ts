/**
 * Where the reader opens when a route names a place in the text (a search
 * hit, `#/article/<id>/at/<offset>`), as the reading state the position
 * tracker restores, so both surfaces (the article's blocks, a PDF's pages)
 * take it through their one restore path.
 */
import { pageAtOffset } from '../../../shared/pdf/page-text';
import { positionOfPlace } from './pdf-position';
import { encodePosition } from './reading-position';
import type { SavedReading } from './reader-position';

/**
 * An article: the block holding the offset, at the reading line. A PDF
 * (`pageStarts` given): the top of the page holding it; past any pages
 * without text that share its start, which the plain offset would name.
 */
export function startAtOffset(offset: number, pageStarts?: readonly number[]): SavedReading {
  const o = Math.max(0, Math.trunc(offset));
  if (!pageStarts || pageStarts.length === 0) return { readPosition: encodePosition({ o, f: 0 }) };
  const position = positionOfPlace(pageStarts, { page: pageAtOffset(pageStarts, o), fraction: 0 });
  // The stored fraction has 4 decimals: rounded down, 1/3 of a group of pages would name the bottom of the page before.
  return { readPosition: encodePosition({ o: position.o, f: Math.min(1, Math.ceil(position.f * 10_000) / 10_000) }) };
}
