import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { tempDir } from '../helpers/tmp';
import { gloss } from '../helpers/cli';


function seeded(): { dir: string; a: string; b: string; h: string } {
  const dir = tempDir();
  const library = Library.open(dir);
  try {
    const enc = (t: string): Uint8Array => new TextEncoder().encode(t);
    const a = library.importFile({ fileName: 'a.txt', bytes: enc('Café society\n\nThe kettle sang before the birds did.\n') }, 'new').article.id;
    const b = library.importFile({ fileName: 'b.txt', bytes: enc('Gardens\n\nSoil first, then seeds.\n') }, 'new').article.id;
    const text = library.getArticle(a).text;
    const start = text.indexOf('kettle sang');
    const h = library.createHighlight({
      articleId: a,
      quote: { exact: 'kettle sang', prefix: '', suffix: '' },
      position: { start, end: start + 11 },
      color: 'yellow',
      note: 'a marmoset',
    }).id;
    return { dir, a, b, h };
  } finally {
    library.close();
  }
}

describe('gloss search, tag, untag, list --tag', () => {
  it('searches with --json and --limit, marking matches', async () => {
    const { dir, a, h } = seeded();
    const json = await gloss('search', 'cafe', '--json', '--library', dir);
    expect(json.err).toBe('');
    expect(json.code).toBe(0);
    const page = JSON.parse(json.out) as { results: { articleId: string; matches: { kind: string; snippet: { text: string; match: boolean }[] }[] }[] };
    expect(page.results[0]?.articleId).toBe(a);
    expect(page.results[0]?.matches[0]?.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['Café']);

    const note = await gloss('search', 'marmoset', '--library', dir);
    expect(note.code).toBe(0);
    expect(note.out).toContain(`note ${h}`);
    expect(note.out).toContain('[marmoset]');

    // One result per article, its matches under it: the highlight first, then the text.
    const grouped = await gloss('search', 'kettle', '--library', dir);
    expect(grouped.code).toBe(0);
    expect(grouped.out.split('\n')).toEqual([
      `${a}  Café society`,
      `    highlight ${h}  [kettle] sang`,
      `    text  The [kettle] sang before the birds did.`,
      expect.stringMatching(/^1 of 1 articles \([\d.]+ ms\)$/),
      '',
    ]);

    const limited = await gloss('search', 'the', '--json', '--limit', '1', '--library', dir);
    expect((JSON.parse(limited.out) as { results: unknown[] }).results).toHaveLength(1);

    const hostile = await gloss('search', 'NEAR(', '"', '-x', '--library', dir);
    expect(hostile.code).toBe(0);
    const bad = await gloss('search', 'x', '--limit', '0', '--library', dir);
    expect(bad.code).toBe(2);
  }, 60_000);

  it('tags and untags articles and lists by tag', async () => {
    const { dir, a, b } = seeded();
    const tagged = await gloss('tag', a, 'Reading', 'later', '--json', '--library', dir);
    expect(tagged.code).toBe(0);
    expect(JSON.parse(tagged.out)).toEqual({ ok: true, id: a, tags: ['later', 'Reading'] });
    expect((await gloss('tag', b, 'reading', '--library', dir)).out).toContain('tags: Reading');

    const both = await gloss('list', '--tag', 'reading', '--json', '--library', dir);
    expect((JSON.parse(both.out) as { id: string }[]).map((x) => x.id).sort()).toEqual([a, b].sort());
    const one = await gloss('list', '--tag', 'reading', '--tag', 'LATER', '--json', '--library', dir);
    expect((JSON.parse(one.out) as { id: string }[]).map((x) => x.id)).toEqual([a]);

    const untagged = await gloss('untag', a, 'later', '--json', '--library', dir);
    expect(JSON.parse(untagged.out)).toEqual({ ok: true, id: a, tags: ['Reading'] });
    const none = await gloss('list', '--tag', 'later', '--library', dir);
    expect(none.out).toContain('No articles tagged');

    const badTag = await gloss('tag', a, 'a,b', '--library', dir);
    expect(badTag.code).toBe(1);
    expect(badTag.err).toMatch(/commas/);
    const usage = await gloss('tag', a, '--library', dir);
    expect(usage.code).toBe(2);
    const help = await gloss('help');
    for (const cmd of ['search <query>', 'tag <id> <tag>...', 'untag <id> <tag>...', '--tag TAG']) expect(help.out).toContain(cmd);
  }, 60_000);
});
