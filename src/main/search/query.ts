/**
 * User text -> a safe FTS5 query. Nothing the user types reaches FTS5 as
 * syntax: every term and phrase is a double-quoted FTS5 string, so `*`,
 * `-`, `:`, `^`, `(`, `)`, `NEAR`, `AND`, `OR`, `NOT` are plain words or
 * separators. The rules:
 * - `"exact phrase"` (a balanced pair of double quotes) is one phrase; a
 *   lone `"` is ignored;
 * - any other run of non-space characters is one term; characters that are
 *   not letters, marks or digits split it into a phrase of its words
 *   (`a:b` -> "a b", `-foo` -> "foo", `NEAR(` -> "NEAR"), and a run with no
 *   letters or digits at all is dropped;
 * - all terms must match (implicit AND); AND/OR/NOT are words like any other;
 * - the last term is a prefix (`"gard"*`) when it is not a quoted phrase,
 *   has at least 2 characters, and the text does not end with a space
 *   (search as you type);
 * - at most MAX_TERMS terms and MAX_TERM_CHARS characters per term.
 * Diacritics and case are folded by the tokenizer (unicode61,
 * remove_diacritics 2) on both sides, so "cafe" matches "café".
 */

export const MAX_TERMS = 16;
export const MAX_TERM_CHARS = 64;
/** The shortest last term that is matched as a prefix (the prefix index holds 2 and 3). */
export const MIN_PREFIX_CHARS = 2;

export interface QueryPart {
  /** The words of a term or phrase, as typed. */
  words: string[];
  /** A quoted "exact phrase". */
  phrase: boolean;
  /** Its last word matches as a prefix. */
  prefix: boolean;
}

export interface ParsedQuery {
  /** The FTS5 MATCH expression; null when the text has nothing to search for. */
  match: string | null;
  /** The words searched for (lowercased), for display and highlighting. */
  words: string[];
  /** The terms and phrases, in order (for marking matches in snippets). */
  parts: QueryPart[];
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

type Part = Omit<QueryPart, 'prefix'>;

function wordsOf(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.slice(0, MAX_TERM_CHARS));
}

export function parseQuery(input: string): ParsedQuery {
  const text = input.normalize('NFC').slice(0, 1000);
  const parts: Part[] = [];
  // Balanced "..." pairs are phrases; what is left (including a lone ") is split on spaces.
  const re = /"([^"]*)"/g;
  let last = 0;
  const pushLoose = (chunk: string): void => {
    for (const token of chunk.split(/\s+/)) {
      const words = wordsOf(token);
      if (words.length) parts.push({ words, phrase: false });
    }
  };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    pushLoose(text.slice(last, m.index));
    const words = wordsOf(m[1] ?? '');
    if (words.length) parts.push({ words, phrase: true });
    last = re.lastIndex;
  }
  const tail = text.slice(last);
  pushLoose(tail);
  const kept = parts.slice(0, MAX_TERMS);
  if (kept.length === 0) return { match: null, words: [], parts: [] };
  const lastPart = kept[kept.length - 1]!;
  const endsInSpace = /\s$/.test(text);
  const lastWord = lastPart.words[lastPart.words.length - 1] ?? '';
  const prefix = !lastPart.phrase && !endsInSpace && lastWord.length >= MIN_PREFIX_CHARS && kept.length === parts.length;
  const withPrefix = kept.map((p, i) => ({ ...p, prefix: prefix && i === kept.length - 1 }));
  return {
    match: withPrefix.map(partMatch).join(' '),
    words: kept.flatMap((p) => p.words.map((w) => w.toLowerCase())),
    parts: withPrefix,
  };
}

/** One term or phrase as an FTS5 string (a prefix term ends in `*`); the parts' strings joined by spaces are the whole query. */
export function partMatch(part: QueryPart): string {
  return `"${part.words.join(' ')}"${part.prefix ? '*' : ''}`;
}

/** A word as the index compares it: case and diacritics folded (unicode61, remove_diacritics 2). */
function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * True when a name outside the index (a tag's) holds the part's words in a
 * row, by the same rules as a search of the index: words of letters and
 * digits, case and diacritics folded, the last word as a prefix when the
 * part is one ("slow-reading" holds `reading` and `slow read`).
 */
export function nameMatchesPart(name: string, part: QueryPart): boolean {
  const words = wordsOf(name.normalize('NFC')).map(foldWord);
  const wanted = part.words.map(foldWord);
  const last = wanted.length - 1;
  for (let start = 0; start + wanted.length <= words.length; start++) {
    if (wanted.every((w, i) => (i === last && part.prefix ? words[start + i]!.startsWith(w) : words[start + i] === w))) return true;
  }
  return false;
}
