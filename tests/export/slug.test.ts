import { describe, expect, it } from 'vitest';
import { assignFileNames, slugify } from '../../src/main/export';

describe('slugify', () => {
  it.each([
    ['The Gut-Skin Connection: Glowing From The Inside Out', 'the-gut-skin-connection-glowing-from-the-inside-out'],
    ['  Hello,   World!!  ', 'hello-world'],
    ['Ça va? Über Straße', 'ça-va-über-straße'],
    ['Привет мир', 'привет-мир'],
    ['שלום עולם', 'שלום-עולם'],
    ['日本語のタイトル', '日本語のタイトル'],
    ['हिन्दी लेख', 'हिन्दी-लेख'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a-b-c-d-e-f-g-h-i-j'],
    ['🎉🎉', 'untitled'],
    ['', 'untitled'],
    ['---', 'untitled'],
    ['CON', 'con-article'],
    ['nul', 'nul-article'],
    ['Lpt1', 'lpt1-article'],
    ['Console', 'console'],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('caps the length without a trailing dash or a split character', () => {
    const slug = slugify('word '.repeat(40));
    expect([...slug].length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    const cjk = slugify('日本語'.repeat(60));
    expect(Buffer.byteLength(cjk)).toBeLessThanOrEqual(200);
    expect(cjk).toMatch(/^(日本語)+[日本語]*$/u);
  });
});

describe('assignFileNames', () => {
  const a = { id: 'aaaaaa1111', title: 'Same Title', addedAt: '2024-01-01T00:00:00Z' };
  const b = { id: 'bbbbbb2222', title: 'Same title!', addedAt: '2024-02-01T00:00:00Z' };
  const c = { id: 'cccccc3333', title: 'Other', addedAt: '2023-01-01T00:00:00Z' };

  it('gives the plain slug to the earliest article and -<id6> to later ones, whatever the order', () => {
    const expected = new Map([
      ['aaaaaa1111', 'same-title.md'],
      ['bbbbbb2222', 'same-title-bbbbbb.md'],
      ['cccccc3333', 'other.md'],
    ]);
    expect(new Map([...assignFileNames([a, b, c])].sort())).toEqual(new Map([...expected].sort()));
    expect(new Map([...assignFileNames([c, b, a])].sort())).toEqual(new Map([...expected].sort()));
  });

  it('reuses earlier names, so nothing shifts when an older article joins or a title changes', () => {
    const first = assignFileNames([b]);
    expect(first.get(b.id)).toBe('same-title.md');
    const previous = Object.fromEntries(first);
    const second = assignFileNames([a, { ...b, title: 'Renamed' }], { previous });
    expect(second.get(b.id)).toBe('same-title.md');
    expect(second.get(a.id)).toBe('same-title-aaaaaa.md');
  });

  it('never takes a name reserved for another article or a taken path (case-insensitively)', () => {
    const names = assignFileNames([a], {
      previous: { zzz: 'Same-Title.md' },
      isTaken: (path) => path === 'same-title-aaaaaa.md',
    });
    expect(names.get(a.id)).toBe('same-title-aaaaaa1111.md');
  });
});
