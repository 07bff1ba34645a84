/**
 * The light DOM's fence: Readability (pinned in package.json) finds the
 * same article on the light DOM as on jsdom for every corpus page — same
 * title, byline, excerpt and text. Both run through readArticle, typed
 * against the members Readability uses (src/main/import/readability.ts):
 * no cast makes either DOM pass for a Document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripInertBlocks } from '../../src/main/import/html';
import { jsdom, silentConsole } from '../../src/main/import/jsdom';
import { parseDocument } from '../../src/main/import/light-dom';
import { readArticle } from '../../src/main/import/readability';
import { WEB_CORPUS_DIR } from '../helpers/corpus';

const PAGE_URL = 'https://example.org/articles/page.html';
const pages = readdirSync(WEB_CORPUS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface Found {
  title: string | null | undefined;
  byline: string | null | undefined;
  excerpt: string | null | undefined;
  textContent: string | null | undefined;
}

const found = (article: Found | null): Found | null =>
  article && { title: article.title, byline: article.byline, excerpt: article.excerpt, textContent: article.textContent };

function onJsdom(html: string): Found | null {
  const { JSDOM } = jsdom();
  // A fresh window per page, closed after: jsdom keeps every window's documents alive otherwise.
  const window = new JSDOM(html, { url: PAGE_URL, virtualConsole: silentConsole() }).window;
  try {
    return found(readArticle(window.document));
  } finally {
    window.close();
  }
}

const onLightDom = (html: string): Found | null => found(readArticle(parseDocument(html, PAGE_URL)));

describe('Readability on the light DOM and on jsdom', () => {
  it('has all 87 corpus pages to compare', () => {
    expect(pages).toHaveLength(87);
  });

  let articles = 0;
  // One test per page: a difference names its page, and each page has its own time.
  it.each(pages)('finds the same title, byline, excerpt and text on %s', { timeout: 60_000 }, (page) => {
    // The importer empties scripts and style sheets before parsing; both DOMs get the same page.
    const html = stripInertBlocks(readFileSync(join(WEB_CORPUS_DIR, page, 'source.html'), 'utf8'));
    const reference = onJsdom(html);
    if (reference) articles++;
    expect(onLightDom(html)).toEqual(reference);
  });

  it('compared articles, not two nulls', () => {
    expect(articles).toBeGreaterThan(80);
  });
});
