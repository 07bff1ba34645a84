import { describe, expect, it } from 'vitest';
import { articleDomain, countLabel, domainOf, rowDates, thumbnailUrl } from '../../src/renderer/src/lib/library-row';
import { LIBRARY_ROW_REM, visibleRows } from '../../src/renderer/src/lib/virtual-rows';

const HASH = 'a'.repeat(64);

describe('what a library row shows', () => {
  it('names the site by its host, without www.', () => {
    expect(domainOf('https://www.example.org/a/b?c=1')).toBe('example.org');
    expect(domainOf('http://Blog.Example.com:8080/x')).toBe('blog.example.com');
    expect(domainOf('https://wwwexample.com/')).toBe('wwwexample.com');
    expect(domainOf('file:///home/x.html')).toBeNull();
    expect(domainOf('not a url')).toBeNull();
    expect(domainOf(null)).toBeNull();
    expect(articleDomain({ sourceUrl: 'https://www.site.net/p', canonicalUrl: 'https://other.org/p' })).toBe('site.net');
    expect(articleDomain({ sourceUrl: null, canonicalUrl: 'https://www.other.org/p' })).toBe('other.org');
  });

  it('serves the lead image from the asset route, only for a real hash', () => {
    expect(thumbnailUrl({ leadImage: HASH })).toBe(`/asset/${HASH}`);
    expect(thumbnailUrl({})).toBeNull();
    expect(thumbnailUrl({ leadImage: '../../etc/passwd' })).toBeNull();
    expect(thumbnailUrl({ leadImage: `${HASH}/x` })).toBeNull();
  });

  it('labels the published and saved dates, never one for the other', () => {
    const both = rowDates({ publishedAt: '2019-03-04', addedAt: '2025-06-01T09:00:00.000Z' });
    expect(both.map((d) => [d.label, d.iso])).toEqual([
      ['Published', '2019-03-04'],
      ['Saved', '2025-06-01T09:00:00.000Z'],
    ]);
    expect(both[0]!.text).toMatch(/2019/);
    expect(both[1]!.text).toMatch(/2025/);
    // No date of its own: only when it was saved (not shown as if it were its date).
    expect(rowDates({ publishedAt: null, addedAt: '2025-06-01T09:00:00.000Z' }).map((d) => d.label)).toEqual(['Saved']);
    expect(rowDates({ publishedAt: 'someday', addedAt: '2025-06-01T09:00:00.000Z' }).map((d) => d.label)).toEqual(['Saved']);
  });

  it('counts "n of m" only while a filter hides part of the library', () => {
    expect(countLabel(21, 25, true)).toBe('21 of 25');
    expect(countLabel(25, 25, false)).toBe('25 articles');
    expect(countLabel(1, 1, false)).toBe('1 article');
  });
});

describe('the library row height', () => {
  it('fits 8 rows below the header and toolbar of a 900 px window', () => {
    // The list starts about 230 px down at 1280×900 (header, heading, one toolbar row); 16 px per rem.
    const { first, last } = visibleRows(230, 900, LIBRARY_ROW_REM * 16, 1000, 0);
    expect(last - first + 1).toBeGreaterThanOrEqual(8);
  });
});
