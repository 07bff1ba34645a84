/**
 * The sync figure (#19): sync_apply_ops_per_s, a new device applying
 * 100,000 operations from one log (2,000 articles with their bodies and 49
 * highlights each, every fifth with a note, every tenth article tagged):
 * reading and checking the lines, merging them into the stored state and
 * writing the articles, highlights, notes and tags into the library. The
 * source library is generated directly in SQLite and published once (its
 * first publish emits the whole library); only the apply is measured.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Library } from '../src/main/library';
import { syncNow } from '../src/main/sync/engine';
import { HIGHLIGHT_COLORS } from '../src/shared/types';
import { TextFactory } from './synthetic';

export const SYNC_OPS = 100_000;
const ARTICLES = 2_000;

function generate(dir: string): void {
  const library = Library.open(dir);
  const db = library.db;
  const factory = new TextFactory(1919);
  const perArticle = SYNC_OPS / ARTICLES - 1; // one operation per article (its row and body), the rest highlights
  const insertArticle = db.prepare(`INSERT INTO articles (id, title, format, added_at, updated_at) VALUES (?, ?, 'text', ?, ?)`);
  const insertBody = db.prepare(`INSERT INTO article_bodies (article_seq, html, text, content_hash) VALUES (?, ?, ?, ?)`);
  const insertHighlight = db.prepare(`
    INSERT INTO highlights (id, article_seq, color, quote, prefix, suffix, start_offset, end_offset, note, created_at, updated_at)
    VALUES (?, ?, ?, ?, '', '', ?, ?, ?, ?, ?)`);
  const now = '2026-01-01T00:00:00.000Z';
  db.transaction(() => {
    for (let a = 0; a < ARTICLES; a++) {
      const article = factory.article(300);
      const text = article.paragraphs.join('\n\n');
      const seq = Number(insertArticle.run(`sync${String(a).padStart(12, '0')}`, article.title, now, now).lastInsertRowid);
      insertBody.run(seq, `<p>${text}</p>`, text, `hash${a}`);
      for (let h = 0; h < perArticle; h++) {
        insertHighlight.run(`h${a}x${h}`, seq, HIGHLIGHT_COLORS[h % HIGHLIGHT_COLORS.length], text.slice(h, h + 20), h, h + 20, h % 5 === 0 ? `note ${h}` : '', now, now);
      }
    }
  })();
  library.close();
}

export function benchSyncApply(dir: string): Record<string, number> {
  const folder = join(dir, 'sync-folder');
  const source = join(dir, 'sync-source');
  generate(source);
  mkdirSync(folder, { recursive: true });
  const from = Library.open(source);
  const published = syncNow(from.db, { folder, deviceName: 'source' }).published.ops;
  from.close();
  const to = Library.open(join(dir, 'sync-new-device'));
  try {
    const start = performance.now();
    const round = syncNow(to.db, { folder, deviceName: 'new' });
    const ms = performance.now() - start;
    const highlights = to.db.prepare(`SELECT count(*) FROM highlights`).pluck().get() as number;
    if (round.applied.pending || highlights !== ARTICLES * perArticleOf()) throw new Error(`sync bench: ${highlights} highlights arrived, ${round.applied.pending} articles waiting`);
    return { sync_published_ops: published, sync_apply_ops: round.applied.ops, sync_apply_ms: Math.round(ms), sync_apply_ops_per_s: Math.round((round.applied.ops / ms) * 1000) };
  } finally {
    to.close();
  }
}

function perArticleOf(): number {
  return SYNC_OPS / ARTICLES - 1;
}
