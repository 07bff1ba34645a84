import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportToFolder, MANIFEST_NAME, readManifest, renderArticleMarkdown, type ExportItem } from '../../src/main/export';
import { GlossError } from '../../src/shared/errors';
import type { Highlight } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';
import { highlightOf, seedArticle } from './fixtures';
import { blockquoteTexts } from './markdown-roundtrip';

const NOW = new Date(2024, 4, 20, 12, 0, 0);
const LATER = new Date(2024, 5, 2, 12, 0, 0);

function items(): ExportItem[] {
  const gut = seedArticle();
  const other = seedArticle({ id: 'k4m8p2r6t1v5x9za', title: 'Second article', sourceUrl: null, addedAt: '2024-03-05T00:00:00.000Z' });
  return [
    {
      article: gut,
      highlights: [
        highlightOf(gut, 'healthy skin starts in the gut', { id: 'p9f3h6j2m8c4x7ya', note: 'key' }),
        highlightOf(gut, 'Manage Stress: Chronic stress can disrupt the gut microbiome.', { id: 'q2n8d4k7r1s5t3vw', color: 'blue' }),
      ],
      note: 'Article note',
    },
    { article: other, highlights: [highlightOf(other, 'The Takeaway', { id: 'r3s4t5u6v7w8x9y0' })], note: null },
  ];
}

const GUT = 'the-gut-skin-connection-glowing-from-the-inside-out.md';

describe('exportToFolder', () => {
  it('first export writes one file per article, the manifest last, and reports progress', () => {
    const dir = tempDir();
    const progress: Array<[number, number]> = [];
    const report = exportToFolder({ dir, articles: items(), now: NOW, onProgress: (d, t) => progress.push([d, t]) });
    expect(report).toEqual({ written: [GUT, 'second-article.md'], unchanged: [], appended: [], conflicts: [], errors: [] });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(readFileSync(join(dir, GUT), 'utf8')).toBe(renderArticleMarkdown(items()[0]!));
    const manifest = readManifest(dir);
    expect(manifest.files['a7k3m9q2x4v8w1zt']).toMatchObject({ path: GUT, highlightIds: ['p9f3h6j2m8c4x7ya', 'q2n8d4k7r1s5t3vw'] });
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')).version).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_NAME, GUT, 'second-article.md'].sort()); // no temp files left
  });

  it('re-exporting unchanged data leaves the bytes and the mtime alone', () => {
    const dir = tempDir();
    exportToFolder({ dir, articles: items(), now: NOW });
    const file = join(dir, GUT);
    const before = readFileSync(file);
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(file, old, old);
    const report = exportToFolder({ dir, articles: items(), now: LATER });
    expect(report.written).toEqual([]);
    expect(report.unchanged).toEqual([GUT, 'second-article.md']);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(old.getTime());
  });

  it("rewrites Gloss's own file with new data, keeping its name when the title changes", () => {
    const dir = tempDir();
    exportToFolder({ dir, articles: items(), now: NOW });
    const next = items();
    next[0]!.article.title = 'A new title';
    next[0]!.highlights = [...next[0]!.highlights, highlightOf(next[0]!.article, 'The Takeaway', { id: 'n1n2n3n4n5n6n7n8' })];
    const report = exportToFolder({ dir, articles: next, now: LATER });
    expect(report.written).toEqual([GUT]);
    expect(readFileSync(join(dir, GUT), 'utf8')).toBe(renderArticleMarkdown(next[0]!));
    expect(existsSync(join(dir, 'a-new-title.md'))).toBe(false);
  });

  it('rewrites a deleted file', () => {
    const dir = tempDir();
    exportToFolder({ dir, articles: items(), now: NOW });
    rmSync(join(dir, GUT));
    expect(exportToFolder({ dir, articles: items(), now: LATER }).written).toEqual([GUT]);
    expect(existsSync(join(dir, GUT))).toBe(true);
  });

  it('keeps every byte of an edited file and appends new highlights under a dated heading', () => {
    const dir = tempDir();
    exportToFolder({ dir, articles: items(), now: NOW });
    const file = join(dir, GUT);
    const edited = `${readFileSync(file, 'utf8').replace('# The Gut', '# My notes on the gut')}\nMy own thoughts — keep them.\n`;
    writeFileSync(file, edited);

    const next = items();
    const fresh = highlightOf(next[0]!.article, 'Consult your doctor to see if probiotics can benefit your specific needs.', { id: 'w9w8w7w6w5w4w3w2', color: 'purple' });
    next[0]!.highlights = [...next[0]!.highlights, fresh];
    const report = exportToFolder({ dir, articles: next, now: LATER });
    expect(report.appended).toEqual([GUT]);
    expect(report.conflicts).toEqual([]);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(edited)).toBe(true);
    const tail = after.slice(edited.length);
    expect(tail.startsWith('\n## New highlights (2024-06-02)\n\n> Consult your doctor')).toBe(true);
    expect(tail).toContain('^gloss-w9w8w7w6');
    expect(tail).toContain('Colour: purple');
    expect(blockquoteTexts(after)).toEqual([...items()[0]!.highlights.map((h) => h.quote.exact), fresh.quote.exact]);

    // once appended, not appended again; the file stays the user's
    const again = exportToFolder({ dir, articles: next, now: new Date(2024, 5, 3) });
    expect(again.appended).toEqual([]);
    expect(again.unchanged).toContain(GUT);
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('reports changed and deleted highlights (and a changed note) of an edited file as conflicts', () => {
    const dir = tempDir();
    exportToFolder({ dir, articles: items(), now: NOW });
    const file = join(dir, GUT);
    const edited = readFileSync(file, 'utf8') + '\nMine.\n';
    writeFileSync(file, edited);

    const next = items();
    const [first] = next[0]!.highlights as Highlight[];
    next[0]!.highlights = [{ ...first!, note: 'changed note', updatedAt: '2024-06-01T00:00:00.000Z' }];
    next[0]!.note = 'A different article note';
    const report = exportToFolder({ dir, articles: next, now: LATER });
    expect(report.conflicts).toEqual([
      { path: GUT, articleId: 'a7k3m9q2x4v8w1zt', reason: 'highlights_changed', highlightIds: ['p9f3h6j2m8c4x7ya'] },
      { path: GUT, articleId: 'a7k3m9q2x4v8w1zt', reason: 'highlights_deleted', highlightIds: ['q2n8d4k7r1s5t3vw'] },
      { path: GUT, articleId: 'a7k3m9q2x4v8w1zt', reason: 'note_changed', highlightIds: [] },
    ]);
    expect(report.unchanged).toContain(GUT);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    // an edit that only touches updatedAt is not a conflict
    const touched = items();
    touched[0]!.highlights = touched[0]!.highlights.map((h) => ({ ...h, updatedAt: '2030-01-01T00:00:00.000Z' }));
    expect(exportToFolder({ dir, articles: touched, now: LATER }).conflicts).toEqual([]);
  });

  it('never overwrites a foreign file with the same name', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'second-article.md'), 'my own file\n');
    const report = exportToFolder({ dir, articles: items(), now: NOW });
    expect(report.written).toEqual([GUT, 'second-article-k4m8p2.md']);
    expect(readFileSync(join(dir, 'second-article.md'), 'utf8')).toBe('my own file\n');
  });

  it('adopts its own earlier file when the manifest is lost, appending only what is missing', () => {
    const dir = tempDir();
    exportToFolder({ dir, articles: items(), now: NOW });
    writeFileSync(join(dir, MANIFEST_NAME), '{ not json');
    const file = join(dir, GUT);
    writeFileSync(file, readFileSync(file, 'utf8') + '\nmine\n');
    const next = items();
    next[0]!.highlights = [...next[0]!.highlights, highlightOf(next[0]!.article, 'The Takeaway', { id: 'n1n2n3n4n5n6n7n8' })];
    const report = exportToFolder({ dir, articles: next, now: LATER });
    expect(report.appended).toEqual([GUT]);
    const text = readFileSync(file, 'utf8');
    expect(text.match(/\^gloss-p9f3h6j2/g)).toHaveLength(1);
    expect(text).toContain('^gloss-n1n2n3n4');
  });

  it('a broken template throws before anything is written', () => {
    const dir = join(tempDir(), 'out');
    let error: unknown;
    try {
      exportToFolder({ dir, articles: items(), template: '{{#highlights}}\n{{quote}}\n', now: NOW });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GlossError);
    expect((error as GlossError).message).toContain('Template error at line 1: unclosed section "highlights"');
    expect(existsSync(dir)).toBe(false);

    const existing = tempDir();
    exportToFolder({ dir: existing, articles: items(), now: NOW });
    const before = readdirSync(existing).map((f) => readFileSync(join(existing, f), 'utf8'));
    const next = items();
    next[0]!.article.title = 'Changed';
    expect(() => exportToFolder({ dir: existing, articles: next, template: '{{titel}}', now: LATER })).toThrow(/unknown name "titel"/);
    expect(readdirSync(existing).map((f) => readFileSync(join(existing, f), 'utf8'))).toEqual(before);
  });

  it('uses a custom template for files and for appended highlights', () => {
    const dir = tempDir();
    const template = '# {{title}}\n{{#highlights}}\n\n{{quote}}\n\n^{{blockId}} ({{color}})\n{{/highlights}}\n';
    exportToFolder({ dir, articles: items(), template, now: NOW });
    const file = join(dir, GUT);
    expect(readFileSync(file, 'utf8')).toBe(
      '# The Gut-Skin Connection: Glowing From The Inside Out\n\n> healthy skin starts in the gut\n\n^gloss-p9f3h6j2 (yellow)\n\n> Manage Stress: Chronic stress can disrupt the gut microbiome.\n\n^gloss-q2n8d4k7 (blue)\n',
    );
    writeFileSync(file, readFileSync(file, 'utf8') + 'mine\n');
    const next = items();
    next[0]!.highlights = [...next[0]!.highlights, highlightOf(next[0]!.article, 'The Takeaway', { id: 'n1n2n3n4n5n6n7n8', color: 'green' })];
    exportToFolder({ dir, articles: next, template, now: LATER });
    expect(readFileSync(file, 'utf8').endsWith('mine\n\n## New highlights (2024-06-02)\n\n> The Takeaway\n\n^gloss-n1n2n3n4 (green)\n')).toBe(true);
  });

  describe('writing from a worker thread (big exports)', () => {
    /** Everything in a folder, by name. */
    const contents = (dir: string): Record<string, string> =>
      Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

    it('writes the same files, manifest and report as writing inline, on first export and on re-export', () => {
      const inline = tempDir();
      const background = tempDir();
      for (const [dir, backgroundWrites] of [[inline, false], [background, true]] as const) {
        exportToFolder({ dir, articles: items(), now: NOW, backgroundWrites });
        writeFileSync(join(dir, GUT), readFileSync(join(dir, GUT), 'utf8') + 'my own line\n');
      }
      const next = items();
      next[0]!.highlights = [...next[0]!.highlights, highlightOf(next[0]!.article, 'The Takeaway', { id: 'n1n2n3n4n5n6n7n8' })];
      next[1]!.article.title = 'Second article, renamed';
      next[1]!.note = 'A note now';
      const a = exportToFolder({ dir: inline, articles: next, now: LATER, backgroundWrites: false });
      const b = exportToFolder({ dir: background, articles: next, now: LATER, backgroundWrites: true });
      expect(b).toEqual(a);
      expect(a.appended).toEqual([GUT]);
      expect(contents(background)).toEqual(contents(inline));
    });

    it('reports a failed write as an error of its article and keeps its manifest entry as it was', () => {
      const results = ([false, true] as const).map((backgroundWrites) => {
        const dir = tempDir();
        // A name from an earlier export that is too long for a temp file next to it.
        const path = `${'x'.repeat(248)}.md`;
        const manifest = { version: 1, files: { a7k3m9q2x4v8w1zt: { path, hash: '', highlightIds: [], highlights: {}, note: '', exportedAt: '' } } };
        writeFileSync(join(dir, MANIFEST_NAME), JSON.stringify(manifest));
        const report = exportToFolder({ dir, articles: items(), now: NOW, backgroundWrites });
        return { report, manifest: readManifest(dir), files: readdirSync(dir).sort() };
      });
      for (const { report, manifest, files } of results) {
        expect(report.written).toEqual(['second-article.md']);
        expect(report.errors.map((e) => e.articleId)).toEqual(['a7k3m9q2x4v8w1zt']);
        expect(report.errors[0]!.message).toMatch(/ENAMETOOLONG/);
        expect(manifest.files['a7k3m9q2x4v8w1zt']!.hash).toBe(''); // as it was
        expect(files).toEqual([MANIFEST_NAME, 'second-article.md']); // no temp files left
      }
    });
  });
});
