/**
 * A book's chapter at a canonical-text offset, by title: the one rule the
 * Highlights view and the daily review use to say where a highlight is.
 */
import type { BookChapter } from '../../shared/types';

/** A book's stored chapters (`article_books.chapters`); [] when the JSON is not a list. */
export function parseChapters(json: string | undefined): BookChapter[] {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as BookChapter[]) : [];
  } catch {
    return [];
  }
}

/** The title of the chapter a book offset is in ("Chapter 3" when it has none); undefined before the first. */
export function chapterAt(chapters: readonly BookChapter[] | undefined, offset: number): string | undefined {
  let found: string | undefined;
  chapters?.forEach((chapter, i) => {
    if (typeof chapter.start === 'number' && chapter.start <= offset) found = chapter.title ?? `Chapter ${i + 1}`;
  });
  return found;
}
