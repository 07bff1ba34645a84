/**
 * Sentences of the canonical text, for reading aloud: Intl.Segmenter's
 * sentence boundaries (Unicode UAX #29: `。` and `؟` end sentences like `.`
 * and `?`), found one block (a line of the canonical text) at a time, so a
 * book is never segmented whole. Each sentence is trimmed of white space;
 * blank ones are skipped.
 */

export interface Sentence {
  start: number;
  end: number;
}

/** Long blocks are segmented in windows of this many characters (cut at white space). */
const WINDOW = 4000;

export class SentenceFinder {
  readonly text: string;
  readonly #segmenter: Intl.Segmenter;
  /** The sentences of the window last segmented, and where that window starts and ends. */
  #cache: { from: number; to: number; sentences: Sentence[] } | null = null;

  constructor(text: string, lang?: string | null) {
    this.text = text;
    let locale: string | undefined;
    try {
      locale = lang ? Intl.Segmenter.supportedLocalesOf([lang])[0] : undefined;
    } catch {
      locale = undefined; // not a valid language tag: the default rules
    }
    this.#segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  }

  /** The sentence holding `offset`, else the first one after it; null past the last. */
  at(offset: number): Sentence | null {
    let from = Math.max(0, offset);
    while (from < this.text.length) {
      const { sentences, to } = this.#window(from);
      const found = sentences.find((s) => s.end > offset);
      if (found) return found;
      from = to;
    }
    return null;
  }

  /** The sentence after `sentence` (across blocks); null at the end of the text. */
  after(sentence: Sentence): Sentence | null {
    return this.at(sentence.end);
  }

  /** The segmented window that holds `offset`: its block, or a slice of a long one. */
  #window(offset: number): { sentences: Sentence[]; to: number } {
    const cached = this.#cache;
    if (cached && offset >= cached.from && offset < cached.to) return cached;
    const text = this.text;
    const blockStart = text.lastIndexOf('\n', offset - 1) + 1;
    let blockEnd = text.indexOf('\n', offset);
    if (blockEnd < 0) blockEnd = text.length;
    let from = blockStart;
    let to = blockEnd;
    if (to - from > WINDOW) {
      // A long block: a window around `offset`, cut at white space.
      from = Math.max(blockStart, offset - WINDOW / 2);
      if (from > blockStart) from = Math.max(from, text.lastIndexOf(' ', from) + 1);
      to = Math.min(blockEnd, from + WINDOW);
      if (to < blockEnd) {
        const space = text.lastIndexOf(' ', to);
        if (space > offset) to = space + 1;
      }
    }
    const sentences: Sentence[] = [];
    for (const segment of this.#segmenter.segment(text.slice(from, to))) {
      let start = from + segment.index;
      let end = start + segment.segment.length;
      while (start < end && /\s/.test(text[start]!)) start++;
      while (end > start && /\s/.test(text[end - 1]!)) end--;
      if (end > start) sentences.push({ start, end });
    }
    // Cut inside a block, the window's last sentence may go on: read it from the next window.
    if (to < blockEnd && sentences.length > 1) {
      const last = sentences.pop()!;
      to = last.start;
    }
    const next = { from, to: to === blockEnd ? blockEnd + 1 : to, sentences };
    this.#cache = next;
    return next;
  }
}
