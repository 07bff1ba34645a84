import { describe, expect, it } from 'vitest';
import { isTrackingParam, looksLikeUrl, normalizeUrl, tryNormalizeUrl } from '../../src/main/web/url';
import { GlossError } from '../../src/shared/errors';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GlossError) return err.code;
    throw err;
  }
  throw new Error('expected a GlossError');
}

describe('normalizeUrl', () => {
  it('removes tracking parameters and keeps the others in order, as written', () => {
    expect(
      normalizeUrl(
        'https://example.com/a?z=1&utm_source=news&b=x%20y&fbclid=abc&gclid=1&UTM_Medium=m&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc&_hsenc=p&_hsmkt=q&yclid=5&msclkid=6&a=2',
      ),
    ).toBe('https://example.com/a?z=1&b=x%20y&a=2');
  });

  it('lower-cases scheme and host, drops default ports, the fragment and an empty query', () => {
    expect(normalizeUrl('  HTTPS://Example.COM:443/Path/To?#section ')).toBe('https://example.com/Path/To');
    expect(normalizeUrl('http://example.com:80/x#y')).toBe('http://example.com/x');
    expect(normalizeUrl('http://example.com:8080/x')).toBe('http://example.com:8080/x');
    expect(normalizeUrl('https://example.com/p?utm_campaign=x')).toBe('https://example.com/p');
    expect(normalizeUrl('https://example.com/p?')).toBe('https://example.com/p');
    expect(normalizeUrl('https://example.com')).toBe('https://example.com/');
  });

  it('gives the same key to two spellings of one page', () => {
    expect(normalizeUrl('https://EXAMPLE.com/post?id=7&utm_source=rss#comments')).toBe(
      normalizeUrl('https://example.com:443/post?id=7'),
    );
  });

  it('refuses what is not an http(s) address, with a clear message', () => {
    expect(codeOf(() => normalizeUrl('ftp://example.com/file'))).toBe('unsupported_format');
    expect(codeOf(() => normalizeUrl('javascript:alert(1)'))).toBe('unsupported_format');
    expect(codeOf(() => normalizeUrl('file:///etc/passwd'))).toBe('unsupported_format');
    expect(codeOf(() => normalizeUrl('not a url'))).toBe('invalid_argument');
    expect(codeOf(() => normalizeUrl('   '))).toBe('invalid_argument');
    expect(codeOf(() => normalizeUrl('https://user:pw@example.com/'))).toBe('invalid_argument');
    expect(() => normalizeUrl('ftp://example.com/file')).toThrow(/only http and https/);
    expect(tryNormalizeUrl('mailto:a@b.c')).toBeNull();
  });

  it('knows tracking parameter names', () => {
    expect(isTrackingParam('utm_content')).toBe(true);
    expect(isTrackingParam('fbclid')).toBe(true);
    expect(isTrackingParam('utm')).toBe(false);
    expect(isTrackingParam('id')).toBe(false);
  });
});

describe('looksLikeUrl', () => {
  it('accepts one pasted web address', () => {
    expect(looksLikeUrl('https://example.com/a?b=c')).toBe(true);
    expect(looksLikeUrl('  http://localhost:3000/x \n')).toBe(true);
    expect(looksLikeUrl('<https://example.com/quoted>')).toBe(true);
    expect(looksLikeUrl('http://127.0.0.1/')).toBe(true);
  });

  it('refuses text, other schemes and several words', () => {
    expect(looksLikeUrl('hello world')).toBe(false);
    expect(looksLikeUrl('see https://example.com')).toBe(false);
    expect(looksLikeUrl('https://example.com and more')).toBe(false);
    expect(looksLikeUrl('ftp://example.com/')).toBe(false);
    expect(looksLikeUrl('https://intranet/')).toBe(false);
    expect(looksLikeUrl('example.com')).toBe(false);
    expect(looksLikeUrl('')).toBe(false);
  });
});
