/**
 * The importer against 87 real pages from Mozilla Readability's test suite:
 * how often the title and byline match what a good extractor finds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/main/import';
import { WEB_CORPUS_DIR } from '../helpers/corpus';

const CORPUS = WEB_CORPUS_DIR;

interface Expected {
  title: string;
  byline: string | null;
}

describe('web corpus', () => {
  it('finds titles and bylines', { timeout: 120_000 }, () => {
    const pages = readdirSync(CORPUS).sort();
    expect(pages.length).toBeGreaterThanOrEqual(80);
    let titles = 0;
    let bylinePages = 0;
    let bylines = 0;
    let bylinesWithin = 0; // ours is the expected byline minus "By", dates, roles
    const misses: string[] = [];
    for (const page of pages) {
      const expected = JSON.parse(readFileSync(join(CORPUS, page, 'expected-metadata.json'), 'utf8')) as Expected;
      const bytes = readFileSync(join(CORPUS, page, 'source.html'));
      let title = '';
      let author: string | null = null;
      try {
        const article = importDocument({ fileName: 'source.html', bytes });
        title = article.meta.title;
        author = article.meta.author;
        // Whatever else happens, the body must be inert.
        expect(article.html).not.toMatch(/<script|<iframe|<style|\son\w+=|javascript:/i);
      } catch (error) {
        misses.push(`${page}: ${(error as Error).message}`);
      }
      if (title.trim() === expected.title.trim()) titles++;
      else misses.push(`${page}: title ${JSON.stringify(title)} ≠ ${JSON.stringify(expected.title)}`);
      if (expected.byline !== null) {
        bylinePages++;
        if (author === expected.byline) bylines++;
        if (author && expected.byline.replace(/\s+/g, ' ').includes(author)) bylinesWithin++;
        else misses.push(`${page}: byline ${JSON.stringify(author)} ≠ ${JSON.stringify(expected.byline)}`);
      }
    }
    const titleShare = titles / pages.length;
    const bylineShare = bylines / bylinePages;
    console.log(
      `corpus: titles ${titles}/${pages.length} (${(titleShare * 100).toFixed(1)}%), ` +
        `bylines ${bylines}/${bylinePages} (${(bylineShare * 100).toFixed(1)}%) exact, ` +
        `${bylinesWithin}/${bylinePages} (${((bylinesWithin / bylinePages) * 100).toFixed(1)}%) once cleaned of "By", dates and roles`,
    );
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(titleShare).toBeGreaterThanOrEqual(0.95);
    expect(bylineShare).toBeGreaterThanOrEqual(0.8);
    expect(bylinesWithin / bylinePages).toBeGreaterThanOrEqual(0.9);
  });
});
