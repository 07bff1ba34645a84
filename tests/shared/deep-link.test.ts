import { describe, expect, it } from 'vitest';
import { deepLinkInArgs, routeForDeepLink } from '../../src/main/deep-link';

describe('gloss:// links', () => {
  it('open an article, or an article at a highlight', () => {
    expect(routeForDeepLink('gloss://article/abcd1234')).toBe('#/article/abcd1234');
    expect(routeForDeepLink('gloss://article/abcd1234#highlight-h1h2h3h4')).toBe(
      '#/article/abcd1234/highlight/h1h2h3h4',
    );
  });

  it('ignore anything else', () => {
    for (const link of [
      'gloss://article/',
      'gloss://article/ABC!',
      'gloss://settings/x',
      'gloss://article/abcd1234/extra',
      'https://article/abcd1234',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(routeForDeepLink(link), link).toBeNull();
    }
    expect(routeForDeepLink('gloss://article/abcd1234#highlight-<script>')).toBe('#/article/abcd1234');
  });

  it('are found among command-line arguments', () => {
    expect(deepLinkInArgs(['/usr/bin/gloss', '--flag', 'gloss://article/abcd1234'])).toBe('gloss://article/abcd1234');
    expect(deepLinkInArgs(['/usr/bin/gloss'])).toBeUndefined();
  });
});
