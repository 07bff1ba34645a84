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
import type { Measure } from './metadata-match';

const SETS: Array<[string, string]> = [
  ['web corpus', process.env['GLOSS_WEB_CORPUS'] || WEB_CORPUS_DIR],
  ['hand-made pages', join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'pages')],
];

function report(name: string, m: Measure): void {
  console.log(
    `${name}: titles ${share(m.titles, m.titlePages)}, bylines ${share(m.bylines, m.bylinePages)} ` +
      `(${m.bylinesVerbatim} identical to the expected string)`,
  );
  if (m.misses.length) console.log(`misses:\n  ${m.misses.join('\n  ')}`);
  if (m.notes.length) console.log(`not counted:\n  ${m.notes.join('\n  ')}`);
}

describe('titles and bylines on real pages', () => {
  for (const [name, dir] of SETS) {
    it(name, { timeout: 120_000 }, () => {
      const m = measure(dir, (html) => {
        // Whatever else happens, the body must be inert.
        expect(html).not.toMatch(/<script|<iframe|<style|\son\w+=|javascript:/i);
      });
      report(name, m);
      expect(m.pages).toBeGreaterThanOrEqual(10);
      expect(m.titles / m.titlePages).toBeGreaterThanOrEqual(0.95);
      expect(m.bylines / m.bylinePages).toBeGreaterThanOrEqual(0.9);
    });
  }
});
