/**
 * A deterministic synthetic library for the benchmark: a seeded generator,
 * a Zipf-distributed vocabulary, and articles of mixed length and format.
 * The same seed gives the same bytes on every machine.
 */

/** mulberry32: small, fast, good enough for test data. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'zi', 'pa', 'do', 'fe', 'gu', 'ha', 'ji', 'ko', 'la', 'me',
  'no', 'pi', 'qua', 're', 'si', 'tu', 'va', 'wo', 'xe', 'yo', 'za', 'bri', 'cla', 'dre', 'flo', 'gra', 'ste',
  'tha', 'ér', 'ün', 'ço', 'ña',
];

/** `size` distinct pseudo-words; index 0 is the most frequent. */
export function buildVocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    // Frequent words are short, as in real text.
    const syllables = 1 + Math.floor(random() * (words.size < 200 ? 2 : 4));
    let word = '';
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** Samples ranks with P(rank k) ∝ 1/(k+1)^s, via a cumulative table and binary search. */
export function createZipf(size: number, random: () => number, s = 1.07): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let k = 0; k < size; k++) {
    total += 1 / Math.pow(k + 1, s);
    cumulative[k] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface SyntheticArticle {
  title: string;
  author: string;
  paragraphs: string[];
  format: 'text' | 'markdown' | 'html';
  wordCount: number;
}

export class TextFactory {
  readonly vocabulary: string[];
  private readonly random: () => number;
  private readonly zipf: () => number;

  constructor(seed = 42, vocabularySize = 20_000) {
    this.random = createRandom(seed);
    this.vocabulary = buildVocabulary(vocabularySize, this.random);
    this.zipf = createZipf(vocabularySize, this.random);
  }

  word(): string {
    return this.vocabulary[this.zipf()] ?? 'ka';
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  sentence(): string {
    const n = this.int(6, 22);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(this.word());
    const first = words[0] ?? 'ka';
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    return words.join(' ') + this.pick(['.', '.', '.', '?', '!']);
  }

  title(): string {
    const words = Array.from({ length: this.int(3, 8) }, () => this.word());
    return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  }

  /** Mixed length around `meanWords` (from a fifth of it to three times it). */
  article(meanWords = 1500): SyntheticArticle {
    const target = Math.max(50, Math.round(meanWords * (0.2 + this.random() * this.random() * 2.8 + this.random() * 0.4)));
    const paragraphs: string[] = [];
    let wordCount = 0;
    while (wordCount < target) {
      const sentences = Array.from({ length: this.int(2, 6) }, () => this.sentence());
      const paragraph = sentences.join(' ');
      wordCount += paragraph.split(' ').length;
      paragraphs.push(paragraph);
    }
    const format = this.pick(['text', 'markdown', 'html'] as const);
    return { title: this.title(), author: `${this.title().split(' ')[0]} ${this.title().split(' ')[0]}`, paragraphs, format, wordCount };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The article as the file a user would import: name and bytes. */
export function toFile(article: SyntheticArticle, index: number): { name: string; text: string } {
  const body = article.paragraphs;
  if (article.format === 'markdown') {
    const text = `---\ntitle: "${article.title}"\nauthor: "${article.author}"\n---\n\n${body.join('\n\n')}\n`;
    return { name: `article-${index}.md`, text };
  }
  if (article.format === 'html') {
    const paragraphs = body.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
    const text = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(article.title)}</title>
<meta name="author" content="${escapeHtml(article.author)}"></head><body><article><h1>${escapeHtml(article.title)}</h1>
${paragraphs}</article></body></html>`;
    return { name: `article-${index}.html`, text };
  }
  return { name: `article-${index}.txt`, text: `${article.title}\n\nBy ${article.author}\n\n${body.join('\n\n')}\n` };
}
