/**
 * Stable identities for imported highlights, so re-importing an export adds
 * nothing twice without a table of its own: a highlight's id is a hash of
 * its book (title and author, normalized) and its quote (typography folded),
 * so the same highlight from the same file (or from Kindle and Readwise,
 * which print the same book alike) always gets the same id. The id has the
 * store's shape (16 characters of Crockford base32) and travels with the
 * highlight through backups and merges.
 */
import { createHash } from 'node:crypto';
import { foldQuote } from './typography';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function normalize(s: string | null): string {
  return (s ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The book's key: title and author as the user would recognise them. */
export function sourceKey(title: string, author: string | null): string {
  return `${normalize(title)}\u0000${normalize(author)}`;
}

/**
 * A web page's key: its normalized address, so the same page's highlights
 * from Pocket, Instapaper or Hypothesis keep their ids whatever title each
 * gives it (never equal to a book's key, which holds a NUL between two parts).
 */
export function pageKey(url: string): string {
  return `page\u0001${url}`;
}

/** The id of the highlight of `quote` in the book `key`. */
export function stableHighlightId(key: string, quote: string): string {
  const digest = createHash('sha256').update(`gloss-imported-highlight\u0000${key}\u0000${foldQuote(quote)}`).digest();
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of digest.subarray(0, 10)) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  return out;
}
