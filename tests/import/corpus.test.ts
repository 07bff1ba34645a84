/**
 * The importer against 87 real pages from Mozilla Readability's test suite
 * and a set of small hand-made pages in other languages
 * (tests/fixtures/import/pages): how often the title and byline match what
 * Readability expects, as defined in metadata-match.ts.
 *
 * To measure other pages laid out the same way (NAME/source.html and
 * NAME/expected-metadata.json): GLOSS_WEB_CORPUS=/path/to/pages npx vitest
 * run tests/import/corpus.test.ts
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, WEB_CORPUS_DIR } from '../helpers/corpus';
import { measure, share } from './metadata-match';
import type { Measure, SiteParts } from './metadata-match';

/**
 * The web corpus's titles that end (or start) with the site's name, as
 * Readability's expected titles keep it; the importer must remove exactly
 * these parts (and only them). The name is known from og:site_name (ehow,
 * breitbart, firefox-nightly-blog, medium-3), the domain (wikipedia), the
 * byline (guardian-1, medium-3's "John C. Welch"), or a feed title ("V8 Atom feed").
 */
const WEB_SITE_PARTS: SiteParts = {
  breitbart: 'Breitbart',
  'ehow-1': 'eHow',
  'ehow-2': 'eHow',
  'firefox-nightly-blog': 'Firefox Nightly News',
  'guardian-1': 'Eleanor Ainge Roy',
  'medium-3': 'John C. Welch - Medium',
  'v8-blog': 'V8',
  wikipedia: 'Wikipedia',
};

const SETS: Array<[string, string, SiteParts]> = [
  ['web corpus', process.env['GLOSS_WEB_CORPUS'] || WEB_CORPUS_DIR, process.env['GLOSS_WEB_CORPUS'] ? {} : WEB_SITE_PARTS],
  ['hand-made pages', join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'pages'), {}],
];

function report(name: string, m: Measure): void {
  console.log(
    `${name}: titles ${share(m.titles, m.titlePages)} (${m.siteStripped} without their site part), bylines ${share(m.bylines, m.bylinePages)} ` +
      `(${m.bylinesVerbatim} identical to the expected string)`,
  );
  if (m.misses.length) console.log(`misses:\n  ${m.misses.join('\n  ')}`);
  if (m.notes.length) console.log(`not counted:\n  ${m.notes.join('\n  ')}`);
}

describe('titles and bylines on real pages', () => {
  for (const [name, dir, siteParts] of SETS) {
    it(name, { timeout: 120_000 }, () => {
      const m = measure(
        dir,
        (html) => {
          // Whatever else happens, the body must be inert.
          expect(html).not.toMatch(/<script|<iframe|<style|\son\w+=|javascript:/i);
        },
        siteParts,
      );
      report(name, m);
      expect(m.pages).toBeGreaterThanOrEqual(10);
      // Every title right: the expected one, or it without exactly its listed site part.
      if (siteParts === WEB_SITE_PARTS) {
        expect(m.misses.filter((miss) => / title /.test(miss))).toEqual([]);
        expect(m.siteStripped).toBe(Object.keys(WEB_SITE_PARTS).length);
      } else expect(m.titles / m.titlePages).toBeGreaterThanOrEqual(0.95);
      expect(m.bylines / m.bylinePages).toBeGreaterThanOrEqual(0.9);
    });
  }
});
