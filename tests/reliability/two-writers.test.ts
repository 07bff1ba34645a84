/**
 * Two writers on one library at once: two processes running the app's core
 * (Library + dispatcher: imports and highlights on the same article) and
 * the real CLI importing files, all at the same time. Nothing may be lost
 * and no "database is locked" (SQLITE_BUSY) may reach the user.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { SEED, tempDir } from '../helpers/tmp';
import { consistencyProblems, openLibraryFile, textsById } from './library-state';
import { smallCorpusPages } from './pages';
import { bundleChild, records, removeChildBundle, startChild, startCli } from './spawn';

interface WriteRecord {
  kind: 'import' | 'highlight' | 'crash';
  ok: boolean;
  id?: string;
  code?: string;
  message?: string;
}

describe('two writers on one library', () => {
  beforeAll(bundleChild);
  afterAll(removeChildBundle);

  it('loses nothing and never answers "database is locked"', async () => {
    const dir = tempDir();
    const library = Library.open(dir);
    const seed = library.importFile({ fileName: 'seed.txt', bytes: readFileSync(SEED) }, 'new');
    if (seed.status !== 'imported') throw new Error('the seed was not imported');
    const seedId = seed.article.id;
    library.close();

    const PER_WRITER = 25;
    const pages = smallCorpusPages(20);
    const writers = [startChild('write', dir, ['alpha', String(PER_WRITER), seedId]), startChild('write', dir, ['beta', String(PER_WRITER), seedId])];
    const cli = startCli(['import', ...pages, '--library', dir, '--json']);
    const exits = await Promise.all([...writers, cli].map((r) => r.exit));

    const written = writers.flatMap((w) => records<WriteRecord>(w.lines));
    const failures = written.filter((r) => !r.ok);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    const cliLines = records<{ ok: boolean; id: string; error?: string }>(cli.lines);
    expect(cliLines.filter((l) => !l.ok)).toEqual([]);
    for (const r of [...writers, cli]) expect(r.stderr()).not.toMatch(/SQLITE_BUSY|database is locked/i);
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0]);

    // Count everything: every import and highlight reported is there.
    const db = openLibraryFile(dir);
    try {
      expect(consistencyProblems(db)).toEqual([]);
      const texts = textsById(db);
      const importIds = [...written.filter((r) => r.kind === 'import').map((r) => r.id!), ...cliLines.map((l) => l.id)];
      expect(importIds).toHaveLength(2 * PER_WRITER + pages.length);
      for (const id of importIds) expect(texts.get(id), id).toBeTruthy();
      // Pages with the same title and text are one article (the CLI skips the second: duplicates.ts).
      expect(texts.size).toBe(1 + new Set(importIds).size);
      const highlightIds = written.filter((r) => r.kind === 'highlight').map((r) => r.id!);
      expect(highlightIds).toHaveLength(2 * PER_WRITER);
      const stored = db
        .prepare<[string], { id: string }>(
          `SELECT h.id FROM highlights h JOIN articles a ON a.seq = h.article_seq WHERE a.id = ? AND h.deleted_at IS NULL`,
        )
        .all(seedId)
        .map((r) => r.id);
      expect(new Set(stored)).toEqual(new Set(highlightIds));
    } finally {
      db.close();
    }
  }, 120_000);
});

