/** A library with highlights to review, and a clock the tests move. */
import { Library } from '../../src/main/library';
import type { Highlight, HighlightColor } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A clock at a local date and hour (days are the user's local days, so tests never depend on the time zone). */
export class TestClock {
  private time: Date;
  constructor(year = 2026, month = 0, day = 5, hour = 9) {
    this.time = new Date(year, month, day, hour);
  }
  readonly now = (): Date => new Date(this.time);
  /** Moves on by whole local days (and to an hour, default 9:00). */
  days(n: number, hour = 9): void {
    this.time = new Date(this.time.getFullYear(), this.time.getMonth(), this.time.getDate() + n, hour);
  }
}

/** `count` sentences in one text article, each highlighted in the colour `colorOf(i)` gives. */
export function libraryWithHighlights(
  count: number,
  colorOf: (i: number) => HighlightColor = () => 'yellow',
  library = Library.open(tempDir()),
  title = 'Sentences',
): { library: Library; articleId: string; highlights: Highlight[] } {
  const sentences = Array.from({ length: count }, (_, i) => `Sentence number ${i} of ${title.toLowerCase()} says something.`);
  const result = library.importFile({ fileName: `${title}.txt`, bytes: bytes(`${title}\n\n${sentences.join('\n\n')}\n`) }, 'new');
  const articleId = result.article.id;
  const text = library.getArticle(articleId).text;
  const highlights = sentences.map((sentence, i) => {
    const start = text.indexOf(sentence);
    if (start < 0) throw new Error(`not in the text: ${sentence}`);
    return library.createHighlight({
      articleId,
      quote: { exact: sentence, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + sentence.length, start + sentence.length + 32) },
      position: { start, end: start + sentence.length },
      color: colorOf(i),
      note: i === 0 ? 'the *first* one' : '',
    });
  });
  return { library, articleId, highlights };
}
