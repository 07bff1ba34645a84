/**
 * The one rule for "is this document the book those highlights came from?":
 * a highlights-only source (a Kindle or Readwise book) and a document match
 * by ISBN, or by title and author as people write them. Titles are compared
 * without case, accents, punctuation, a subtitle (after `:` or a spaced
 * dash), trailing bracketed notes ("(Penguin Classics)") or a leading
 * article ("The Hobbit" = "Hobbit, The"); authors without their order
 * ("Austen, Jane" = "Jane Austen") or initials' dots. A title whose authors
 * cannot be compared (one side has none) is an unsure match the user
 * confirms; two named authors who share no name are no match. Pure.
 */

/** What a match is known by; isbn only where the item has one. */
export interface BookIdentity {
  title: string;
  author: string | null;
  isbn?: string | null;
}

/** How sure a match is: 'title' alone is unsure (the user is told). */
export type MatchStrength = 'isbn' | 'title-author' | 'title';

const RANK: Record<MatchStrength, number> = { isbn: 0, 'title-author': 1, title: 2 };

/** Sorts stronger matches first. */
export function compareStrength(a: MatchStrength, b: MatchStrength): number {
  return RANK[a] - RANK[b];
}

// Most titles are plain ASCII: they skip Unicode normalization and property classes (a library scan folds every title).
const ASCII = /^[\x20-\x7e]*$/;

/** Lower case, with accents and compatibility forms folded ("É" → "e", "ﬁ" → "fi"). */
function fold(s: string): string {
  return ASCII.test(s) ? s.toLowerCase() : s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Letters and digits only ("don't" → "dont", "catch-22" → "catch", "22"). */
function words(s: string): string[] {
  const joined = s.replace(/['’‘`´]/g, '').replace(/&/g, ' and ');
  return joined.split(ASCII.test(joined) ? /[^a-z0-9]+/i : /[^\p{L}\p{N}]+/u).filter(Boolean);
}

const ARTICLES = new Set(['the', 'a', 'an']);

/** The comparable form of a title ('' when it has no letters or digits). */
export function titleKey(title: string): string {
  let t = fold(title).trim();
  // Trailing bracketed notes: "(Penguin Classics)", "[Illustrated]" (repeatedly).
  for (let prev = ''; prev !== t && /[)\]}]$/u.test(t); ) {
    prev = t;
    const stripped = t.replace(/\s*[([{][^()[\]{}]*[)\]}]\s*$/u, '').trim();
    if (words(stripped).length) t = stripped;
  }
  // The subtitle: after a colon, or a dash with spaces around it ("Catch-22" keeps its hyphen).
  const main = t.split(/\s*:\s*|\s+[-–—]\s+/u)[0] ?? '';
  if (words(main).length) t = main;
  // "Hobbit, The" and "The Hobbit" alike.
  t = t.replace(/,\s*(the|a|an)\s*$/u, '');
  const w = words(t);
  if (w.length > 1 && ARTICLES.has(w[0]!)) w.shift();
  return w.join(' ');
}

/**
 * The authors of an author field, each as its set of name words. Separated
 * by `;`, `&` or " and "; commas either separate whole names ("Daniel
 * Kahneman, Amos Tversky") or turn one round ("Austen, Jane"): a name word
 * set is the same either way.
 */
export function authorKeys(author: string | null): string[][] {
  if (!author) return [];
  const out: string[][] = [];
  for (const part of fold(author).split(/\s*(?:;|&|\band\b)\s*/u)) {
    const pieces = part.split(',').map((p) => p.trim()).filter(Boolean);
    // "Last, First" (one comma, one side a single word or initials) is one name; "A B, C D, E F" is three.
    const oneName = pieces.length === 2 && pieces.some((p) => words(p).length === 1 || /^(\p{L}\.\s*)+$/u.test(p));
    const names = oneName ? [pieces.join(' ')] : pieces;
    for (const name of names) {
      const w = [...new Set(words(name))].sort();
      if (w.length) out.push(w);
    }
  }
  return out;
}

/** Name particles many people share ("van", "de"): never enough alone. */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'del', 'della', 'des', 'de', 'di', 'da', 'du', 'la', 'le', 'ibn', 'bin', 'jr', 'sr']);

/** One person by both spellings: the same name words, or a shared surname-like word ("Tolkien" and "J. R. R. Tolkien"). */
function samePerson(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length && a.every((w, i) => w === b[i])) return true;
  return a.some((w) => w.length >= 3 && !PARTICLES.has(w) && b.includes(w));
}

/** True when any author of one is an author of the other. */
export function authorsAgree(a: string | null, b: string | null): boolean {
  const ka = authorKeys(a);
  const kb = authorKeys(b);
  return ka.some((x) => kb.some((y) => samePerson(x, y)));
}

/** An ISBN as ISBN-13 digits (an ISBN-10 converted), or null when it is not a valid one. */
export function isbn13(value: string | null | undefined): string | null {
  if (!value) return null;
  const d = value.replace(/^(?:urn:)?isbn:?/i, '').replace(/[\s-]/g, '').toUpperCase();
  if (/^97[89]\d{10}$/.test(d)) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
    return sum % 10 === 0 ? d : null;
  }
  if (/^\d{9}[\dX]$/.test(d)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (d[i] === 'X' ? 10 : Number(d[i])) * (10 - i);
    if (sum % 11 !== 0) return null;
    const body = `978${d.slice(0, 9)}`;
    let s13 = 0;
    for (let i = 0; i < 12; i++) s13 += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
    return body + String((10 - (s13 % 10)) % 10);
  }
  return null;
}

/** How `a` and `b` match, or null when they are different books. */
export function matchBooks(a: BookIdentity, b: BookIdentity): MatchStrength | null {
  const ia = isbn13(a.isbn);
  const ib = isbn13(b.isbn);
  if (ia && ib && ia === ib) return 'isbn';
  const ta = titleKey(a.title);
  if (!ta || ta !== titleKey(b.title)) return null;
  if (!authorKeys(a.author).length || !authorKeys(b.author).length) return 'title';
  return authorsAgree(a.author, b.author) ? 'title-author' : null;
}
