/**
 * gloss:// links reach the app from any page or program: only the exact
 * shape Gloss exports becomes a route (tests/shared/deep-link.test.ts has
 * the basic cases).
 */
import { describe, expect, it } from 'vitest';
import { articleGlossUrl, highlightGlossUrl } from '../../src/main/export/markdown';
import { deepLinkInArgs, routeForDeepLink } from '../../src/main/deep-link';

describe('gloss:// links, parsed strictly', () => {
  it('accept what the export writes', () => {
    expect(routeForDeepLink(articleGlossUrl('k3j4h5g6'))).toBe('#/article/k3j4h5g6');
    expect(routeForDeepLink(highlightGlossUrl('k3j4h5g6', 'a1b2c3d4'))).toBe('#/article/k3j4h5g6/highlight/a1b2c3d4');
    expect(routeForDeepLink('GLOSS://article/k3j4h5g6')).toBe('#/article/k3j4h5g6');
  });

  it('refuse other hosts, credentials, ports, paths, queries, escapes and bad ids', () => {
    for (const link of [
      // hosts
      'gloss://Article/abcd1234',
      'gloss://article.evil/abcd1234',
      'gloss://evil/article/abcd1234',
      'gloss:///article/abcd1234',
      'gloss:article/abcd1234',
      'gloss:/article/abcd1234',
      // credentials and ports
      'gloss://user@article/abcd1234',
      'gloss://user:pw@article/abcd1234',
      'gloss://article:80/abcd1234',
      'gloss://article:/abcd1234',
      // extra or odd path segments
      'gloss://article/abcd1234/',
      'gloss://article//abcd1234',
      'gloss://article/abcd1234/extra',
      'gloss://article/./abcd1234',
      'gloss://article/../settings/abcd1234',
      'gloss://article/abcd1234/..',
      'gloss://article/%61bcd1234',
      'gloss://article/abcd1234%2f..',
      'gloss://article\\abcd1234',
      // query
      'gloss://article/abcd1234?x=1',
      'gloss://article/abcd1234?#highlight-a1b2c3d4',
      // ids
      'gloss://article/abc',
      'gloss://article/ABCD1234',
      'gloss://article/abcd-1234',
      'gloss://article/abcd1234\u0000',
      `gloss://article/${'a'.repeat(41)}`,
      // whitespace and control characters
      ' gloss://article/abcd1234',
      'gloss://article/abcd1234 ',
      'gloss://article/abcd1234\n--inspect',
      'gloss://article/abcd1234#highlight-a1b2c3d4\n',
      // huge
      `gloss://article/abcd1234#highlight-${'a'.repeat(1_000_000)}`,
      `gloss://article/abcd1234#${'x'.repeat(300)}`,
      // other schemes
      'glossy://article/abcd1234',
      'app://gloss/index.html',
      'file:///etc/passwd',
      '',
    ]) {
      expect(routeForDeepLink(link), JSON.stringify(link.slice(0, 80))).toBeNull();
    }
  });

  it('open the article when the fragment names no highlight', () => {
    expect(routeForDeepLink('gloss://article/abcd1234#')).toBe('#/article/abcd1234');
    expect(routeForDeepLink('gloss://article/abcd1234#highlight-<b>')).toBe('#/article/abcd1234');
    expect(routeForDeepLink('gloss://article/abcd1234#highlight-a1b2c3d4/x')).toBe('#/article/abcd1234');
  });

  it('are picked from the command line only as whole arguments', () => {
    expect(deepLinkInArgs(['/opt/Gloss/gloss', '--no-sandbox', 'GLOSS://article/abcd1234'])).toBe('GLOSS://article/abcd1234');
    expect(deepLinkInArgs(['/opt/Gloss/gloss', '--url=gloss://article/abcd1234'])).toBeUndefined();
  });
});
