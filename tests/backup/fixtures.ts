/**
 * Realistic libraries for the backup tests, built through the real Library
 * API on temp SQLite files: the seed (updated once, so it has an earlier
 * version and an anchoring report), two corpus web pages, a Markdown file
 * with front-matter tags, highlights (one with a note, one soft-deleted,
 * one orphaned by the update), an article note, reading state, an asset,
 * and a deleted article (tombstone).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { Library } from '../../src/main/library';
import { exportLibraryJson } from '../../src/main/backup/json-export';
import { serializeLibraryJson } from '../../src/main/backup/json-format';
import { GlossError } from '../../src/shared/errors';
import { CORPUS_DIR, SEED, tempDir } from '../helpers/tmp';
import { FIRST, SECOND, THIRD, writeEditedSeed } from '../highlights/seed';

export const EXPORTED_AT = new Date('2030-01-01T00:00:00.000Z');
export const WEB_PAGES = ['guardian-1', 'daringfireball-1'];

export const TAGGED_MD = [
  '---',
  'title: "Notes: on --- keeping, a \'garden\'"',
  'author: Zoë Núñez',
  'tags: [Gardening, zettelkasten]',
  '---',
  '# Notes on keeping',
  '',
  'The quetzalcoatlus flew over the allotment; مرحبا بالعالم 🌱.',
  '',
].join('\n');

/** The canonical serialized export of `db` (fixed exportedAt). */
export function exportText(db: Database): string {
  return serializeLibraryJson(exportLibraryJson(db, { now: EXPORTED_AT }));
}

export function openLibrary(dir = tempDir('gloss-backup-')): Library {
  const lib = Library.open(dir);
  libraries.push(lib);
  return lib;
}

const libraries: Library[] = [];
export function closeAll(): void {
  for (const lib of libraries.splice(0)) lib.close();
}

function span(text: string, exact: string) {
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`not in text: ${exact.slice(0, 40)}`);
  return { quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + exact.length, start + exact.length + 32) }, position: { start, end: start + exact.length } };
}

export interface Built {
  lib: Library;
  seedId: string;
  webIds: string[];
  mdId: string;
  deletedId: string;
  /** Highlights on the seed: first (with a note), second, third (orphaned by the update), deleted. */
  h: { first: string; second: string; third: string; deleted: string; web: string };
}

export function buildLibrary(lib = openLibrary()): Built {
  const seed = lib.importFile({ fileName: 'gut-skin.txt', bytes: readFileSync(SEED) }, 'new');
  if (seed.status !== 'imported') throw new Error('seed not imported');
  const seedId = seed.article.id;
  const webIds = WEB_PAGES.map((name) => {
    const r = lib.importFile(
      { fileName: 'source.html', bytes: readFileSync(join(CORPUS_DIR, 'web', name, 'source.html')), sourceUrl: `https://example.com/${name}` },
      'new',
    );
    if (r.status !== 'imported') throw new Error(`${name} not imported`);
    return r.article.id;
  });
  const md = lib.importFile({ fileName: 'notes.md', bytes: new TextEncoder().encode(TAGGED_MD) }, 'new');
  if (md.status !== 'imported') throw new Error('md not imported');
  const doomed = lib.importFile({ fileName: 'doomed.txt', bytes: new TextEncoder().encode('Doomed\n\nThis one is deleted.\n') }, 'new');
  if (doomed.status !== 'imported') throw new Error('doomed not imported');

  const text = lib.getArticle(seedId).text;
  const first = lib.createHighlight({ articleId: seedId, ...span(text, FIRST), color: 'yellow', note: 'Why *digestion*?\n\n> quoted' });
  const second = lib.createHighlight({ articleId: seedId, ...span(text, SECOND), color: 'green' });
  const third = lib.createHighlight({ articleId: seedId, ...span(text, THIRD), color: 'blue' });
  const deleted = lib.createHighlight({ articleId: seedId, ...span(text, 'healthy skin starts in the gut'), color: 'pink' });
  lib.deleteHighlight(deleted.id);
  const webText = lib.getArticle(webIds[0]!).text;
  const web = lib.createHighlight({ articleId: webIds[0]!, ...span(webText, webText.slice(10, 60)), color: 'purple' });
  lib.setArticleNote(seedId, '# My note\n\nGut → skin. 🧪');

  // A new version of the seed: the old text is kept, THIRD becomes orphaned.
  const dir = tempDir('gloss-seed-');
  lib.updateArticle(seedId, { fileName: 'gut-skin.txt', bytes: readFileSync(writeEditedSeed(dir)) });

  lib.db
    .prepare(`UPDATE articles SET read_progress = 0.375, read_position = '{"p":12}', read_state = 'reading', favorite = 1 WHERE id = ?`)
    .run(seedId);
  // A PNG signature: import-json keeps only assets whose bytes are an image.
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255]);
  const hash = createHash('sha256').update(bytes).digest('hex');
  lib.db.prepare(`INSERT INTO assets (hash, mime, size, bytes, created_at) VALUES (?, 'image/png', ?, ?, ?)`).run(hash, bytes.length, bytes, '2024-01-01T00:00:00.000Z');
  lib.db
    .prepare(`INSERT INTO article_assets (article_seq, asset_hash, source_url) VALUES (?, ?, 'https://example.com/a.png')`)
    .run(lib.articles.seqOf(webIds[0]!), hash);

  lib.deleteArticle(doomed.article.id);
  return {
    lib,
    seedId,
    webIds,
    mdId: md.article.id,
    deletedId: doomed.article.id,
    h: { first: first.id, second: second.id, third: third.id, deleted: deleted.id, web: web.id },
  };
}

export function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof GlossError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a GlossError');
}

/** Article ids whose search row matches `query` (FTS5 syntax). */
export function search(db: Database, query: string): string[] {
  return (
    db
      .prepare(`SELECT a.id FROM articles_fts f JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ? ORDER BY a.id`)
      .all(query) as { id: string }[]
  ).map((r) => r.id);
}

/** Every article has exactly one search row, equal to what the store writes. */
export function ftsInSync(db: Database): boolean {
  db.exec(`INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')`);
  const bad = db
    .prepare(
      `SELECT count(*) AS n FROM articles a JOIN article_bodies b ON b.article_seq = a.seq
       LEFT JOIN articles_fts f ON f.rowid = a.seq
       WHERE f.rowid IS NULL OR f.title IS NOT a.title OR f.author IS NOT coalesce(a.author, '') OR f.text IS NOT b.text`,
    )
    .get() as { n: number };
  const rows = db.prepare(`SELECT (SELECT count(*) FROM articles_fts) AS f, (SELECT count(*) FROM articles) AS a`).get() as { f: number; a: number };
  return bad.n === 0 && rows.f === rows.a;
}
