import type { ImportedArticle } from '../../src/main/import/types';

/** A small imported article, as an importer would hand it to the store. */
export function sampleArticle(overrides: Partial<ImportedArticle['meta']> = {}, tags: string[] = []): ImportedArticle {
  const text = 'Tending a garden\n\nSoil first, then seeds.';
  return {
    format: 'html',
    meta: {
      title: 'On Gardens',
      author: 'Ada Lovelace',
      siteName: 'Example',
      sourceUrl: 'https://example.com/gardens',
      publishedAt: '2023-03-03',
      language: 'en',
      excerpt: 'Soil first.',
      wordCount: 7,
      ...overrides,
    },
    html: '<h2>Tending a garden</h2><p>Soil first, then seeds.</p>',
    text,
    tags,
  };
}
