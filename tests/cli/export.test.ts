import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeTextRange } from '../../src/shared/anchoring';
import { Library } from '../../src/main/library';
import { SEED, tempDir } from '../helpers/tmp';
import { gloss } from '../helpers/cli';


const SENTENCE = 'The Gut Microbiome: A Trillion-Strong Ally';

/** A library with the seed, one highlight with a note, and a second article without notes. */
function seededLibrary(): { dir: string; id: string; highlightId: string } {
  const dir = tempDir();
  const library = Library.open(dir);
  try {
    const id = library.importFile({ fileName: SEED, bytes: readFileSync(SEED) }, 'new').article.id;
    const text = library.getArticle(id).text;
    const start = text.indexOf(SENTENCE);
    const { quote, position } = describeTextRange(text, start, start + SENTENCE.length);
    const h = library.createHighlight({
      articleId: id,
      quote: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
      position: { start: position.start, end: position.end },
      color: 'green',
      note: 'Remember: **trillions**.',
    });
    library.importFile({ fileName: 'plain.txt', bytes: new TextEncoder().encode('Plain\n\nNo notes here at all.\n') }, 'new');
    return { dir, id, highlightId: h.id };
  } finally {
    library.close();
  }
}

describe('gloss export', () => {
  it('writes one Markdown file per article with notes, and rewrites nothing on a second run', async () => {
    const { dir, id, highlightId } = seededLibrary();
    const out = join(tempDir(), 'vault');
    const first = await gloss('export', '--all', '--out', out, '--library', dir, '--json');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as { written: string[]; unchanged: string[] };
    expect(report.written).toHaveLength(1); // the article without notes is not exported
    const file = join(out, report.written[0] ?? '');
    const markdown = readFileSync(file, 'utf8');
    const front = parseYaml(markdown.split('---\n')[1] ?? '') as Record<string, unknown>;
    expect(front).toMatchObject({
      title: 'The Gut-Skin Connection: Glowing From The Inside Out',
      author: 'Shin Min-Hae',
      highlights: 1,
      gloss: `gloss://article/${id}`,
    });
    expect(markdown).toContain(`> ${SENTENCE}`);
    expect(markdown).toContain('Remember: **trillions**.');
    expect(markdown).toContain(`gloss://article/${id}#highlight-${highlightId}`);

    const second = await gloss('export', '--all', '--out', out, '--library', dir, '--json');
    expect(second.code).toBe(0);
    expect((JSON.parse(second.out) as { unchanged: string[] }).unchanged).toEqual(report.written);
    expect(readFileSync(file, 'utf8')).toBe(markdown);
  });

  it('--all says how many articles it skipped; --all-articles exports every one', async () => {
    const { dir, id } = seededLibrary();
    const out = join(tempDir(), 'vault');
    const annotated = await gloss('export', '--all', '--out', out, '--library', dir, '--json');
    expect(annotated.code).toBe(0);
    expect(JSON.parse(annotated.out)).toMatchObject({ skipped: 1 });
    const text = await gloss('export', '--all', '--out', out, '--library', dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('skipped    1 without highlights or notes skipped (--all-articles exports every article)');

    const every = join(tempDir(), 'every');
    const all = await gloss('export', '--all-articles', '--out', every, '--library', dir, '--json');
    expect(all.code).toBe(0);
    const report = JSON.parse(all.out) as { written: string[]; skipped: number };
    expect(report.skipped).toBe(0);
    expect(report.written).toHaveLength(2);
    const plain = report.written.map((f) => readFileSync(join(every, f), 'utf8')).find((m) => !m.includes(`gloss://article/${id}\n`));
    expect(plain).toMatch(/^---\ntitle: Plain\n[\s\S]*highlights: 0\n/);
    expect((await gloss('export', '--all-articles', '--out', every, '--library', dir)).out).not.toContain('skipped');

    // --id keeps its report: nothing is skipped when the ids are named.
    const byId = JSON.parse((await gloss('export', '--id', id, '--out', every, '--library', dir, '--json')).out) as { skipped: number };
    expect(byId.skipped).toBe(0);
  });

  it('takes exactly one of --id, --all and --all-articles', async () => {
    const { dir } = seededLibrary();
    const out = join(tempDir(), 'vault');
    const both = await gloss('export', '--all', '--all-articles', '--out', out, '--library', dir);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/one of --id ID \(one or more\), --all or --all-articles/);
    expect(existsSync(out)).toBe(false);
  });

  it('keeps a file the user edited and reports a changed highlight as a conflict', async () => {
    const { dir, highlightId } = seededLibrary();
    const out = join(tempDir(), 'vault');
    const first = JSON.parse((await gloss('export', '--all', '--out', out, '--library', dir, '--json')).out) as {
      written: string[];
    };
    const file = join(out, first.written[0] ?? '');
    const edited = readFileSync(file, 'utf8') + '\nMy own thoughts, not Gloss’s.\n';
    writeFileSync(file, edited);

    const library = Library.open(dir);
    library.updateHighlight(highlightId, { note: 'A changed note' });
    library.close();

    const again = await gloss('export', '--all', '--out', out, '--library', dir);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/conflict .*you edited this file/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('asks for --id or --all, and refuses unknown ids before writing anything', async () => {
    const { dir } = seededLibrary();
    const out = join(tempDir(), 'vault');
    expect((await gloss('export', '--out', out, '--library', dir)).code).toBe(2);
    const unknown = await gloss('export', '--id', 'zzzzzzzzzzzzzzzz', '--out', out, '--library', dir);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No article with id/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('gloss backup, export-json and import-json', () => {
  it('snapshots the library, and round-trips it through JSON into a fresh one', async () => {
    const { dir, id } = seededLibrary();
    const work = tempDir();
    const backup = await gloss('backup', '--out', join(work, 'snap.sqlite'), '--library', dir, '--json');
    expect(backup.code).toBe(0);
    expect(readFileSync(join(work, 'snap.sqlite')).subarray(0, 15).toString()).toBe('SQLite format 3');

    expect((await gloss('export-json', '--out', join(work, 'lib.json'), '--library', dir)).code).toBe(0);
    const fresh = join(work, 'fresh');
    const restored = await gloss('import-json', join(work, 'lib.json'), '--library', fresh, '--json');
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({ articles: { added: 2 }, highlights: { added: 1 } });
    const shown = JSON.parse((await gloss('highlights', id, '--library', fresh, '--json')).out) as {
      highlights: { quote: string; note: string }[];
    };
    expect(shown.highlights.map((h) => [h.quote, h.note])).toEqual([[SENTENCE, 'Remember: **trillions**.']]);
    expect((await gloss('export-json', '--out', join(work, 'again.json'), '--library', fresh)).code).toBe(0);
    const strip = (s: string): string => s.replace(/"exportedAt": "[^"]*"/, '');
    expect(strip(readFileSync(join(work, 'again.json'), 'utf8'))).toBe(strip(readFileSync(join(work, 'lib.json'), 'utf8')));
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
