import { readFileSync } from 'node:fs';
import type { Article, Highlight } from '../../src/shared/types';
import { SEED } from '../helpers/tmp';

/** The seed article's canonical-like text: title and byline dropped, one paragraph per line. */
export function seedText(): string {
  const lines = readFileSync(SEED, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.slice(2).join('\n\n');
}

export function seedArticle(overrides: Partial<Article> = {}): Article {
  const text = seedText();
  return {
    id: 'a7k3m9q2x4v8w1zt',
    title: 'The Gut-Skin Connection: Glowing From The Inside Out',
    author: 'Shin Min-Hae',
    siteName: null,
    sourceUrl: 'https://example.org/health/gut-skin-connection',
    publishedAt: '2024-02-13',
    language: 'en',
    excerpt: null,
    wordCount: 380,
    format: 'html',
    sourceName: null,
    addedAt: '2024-03-01T09:30:00.000Z',
    updatedAt: '2024-03-01T09:30:00.000Z',
    readingMinutes: 2,
    highlightCount: 0,
    html: '',
    text,
    tags: ['health', 'skin care'],
    ...overrides,
  };
}

let counter = 0;
/** A highlight on `text` covering `exact` (its first occurrence), or an orphan when not found. */
export function highlightOf(
  article: Pick<Article, 'id'> & { text?: string },
  exact: string,
  fields: Partial<Highlight> & { id: string },
): Highlight {
  const text = article.text ?? '';
  const start = text.indexOf(exact);
  const at = start === -1 ? 0 : start;
  counter++;
  return {
    articleId: article.id,
    color: 'yellow',
    quote: {
      exact,
      prefix: start === -1 ? '' : text.slice(Math.max(0, start - 32), start),
      suffix: start === -1 ? '' : text.slice(start + exact.length, start + exact.length + 32),
    },
    position: { start: at, end: at + exact.length },
    note: '',
    anchor: start === -1 ? 'orphaned' : 'exact',
    createdAt: `2024-03-0${(counter % 8) + 1}T10:00:00.000Z`,
    updatedAt: '2024-03-02T10:00:00.000Z',
    ...fields,
  };
}
