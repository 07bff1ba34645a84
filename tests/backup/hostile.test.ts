/**
 * A crafted library JSON file is input from outside like any other: what
 * import-json stores is checked in SQLite, not only on screen.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importLibraryJson } from '../../src/main/backup/json-import';
import { parseLibraryJson, serializeLibraryJson, type LibraryJson } from '../../src/main/backup/json-format';
import { AssetStore } from '../../src/main/db/assets';
import { finalizeBody } from '../../src/main/import/finalize';
import { sanitizeHtml } from '../../src/main/import/sanitize';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { buildLibrary, closeAll, exportText, openLibrary, type Built } from './fixtures';

afterEach(closeAll);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const png = (...tail: number[]): Buffer => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...tail]);
const gif = (): Buffer => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1');
const asset = (bytes: Buffer, hash = sha256(bytes), mime = 'image/png') => ({
  hash,
  mime,
  size: bytes.length,
  createdAt: '2024-01-01T00:00:00.000Z',
  bytes: bytes.toString('base64'),
});

/** What makes a body dangerous, in every form the sanitizer must catch. */
const UNSAFE = /<script|onerror|onclick|onmouseover|javascript:|<iframe|<button|<form|srcdoc/i;

interface Hostile {
  built: Built;
  file: LibraryJson;
  /** The real image that a wrong row tries to shadow. */
  real: Buffer;
  realHash: string;
  /** Assets the file holds: a lying hash, an SVG with a script, a PNG labelled text/html, a good GIF. */
  lyingHash: string;
  svgHash: string;
  mislabelledHash: string;
  gifHash: string;
  /** The seed text the file claims, with an inserted line the sanitizer removes (text changes). */
  claimedSeedText: string;
}

/** An exported library, then edited the way an attacker would edit it. */
function hostileFile(): Hostile {
  const built = buildLibrary();
  const file = parseLibraryJson(exportText(built.lib.db));
  const seed = file.articles.find((a) => a.id === built.seedId)!;
  const web = file.articles.find((a) => a.id === built.webIds[0])!;
  const md = file.articles.find((a) => a.id === built.mdId)!;

  // The seed: a first paragraph whose button text the sanitizer drops, so the
  // stored text is shorter than the file's and every highlight offset moves.
  const seedHtml = `<p>Press <button onclick="steal()">THIS BUTTON</button> to begin.</p><script>steal()</script>${seed.body.html}`;
  const claimedSeedText = finalizeBody(seedHtml).text;
  expect(claimedSeedText.endsWith(seed.body.text)).toBe(true);
  const shift = claimedSeedText.length - seed.body.text.length;
  seed.body = { html: seedHtml, text: claimedSeedText };
  for (const h of file.highlights.filter((x) => x.articleId === seed.id && x.anchor !== 'orphaned')) {
    h.position = { start: h.position.start + shift, end: h.position.end + shift };
  }
  seed.versions[0]!.html = `<iframe srcdoc="<script>steal()</script>"></iframe><p onmouseover="steal()">${seed.versions[0]!.html}</p>`;
  seed.sourceUrl = 'JavaScript:alert(document.cookie)';

  // The web page: handlers and a javascript: link, but no text the sanitizer removes.
  const webHtml = web.body.html.replace('<p>', '<p onclick="steal()">') +
    '<p><img src="https://example.com/pic.png" onerror="steal()"><a href="javascript:steal()">read more</a></p>';
  web.body = { html: webHtml, text: finalizeBody(webHtml).text };
  web.sourceUrl = 'data:text/html,<script>steal()</script>';
  web.canonicalUrl = 'vbscript:msgbox(1)';
  md.sourceUrl = 'https://example.com/notes';

  // Assets. The real image's hash on other bytes would shadow it for good.
  const real = png(1, 2, 3, 4);
  const realHash = sha256(real);
  const lying = asset(png(6, 6, 6), realHash);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="steal()"/>');
  const mislabelled = png(7, 7, 7);
  const good = gif();
  file.assets.push(lying, asset(svg, sha256(svg), 'image/png'), asset(mislabelled, sha256(mislabelled), 'text/html'), asset(good, sha256(good), 'image/gif'));
  web.assets.push(
    { hash: realHash, sourceUrl: 'https://example.com/real.png' },
    { hash: sha256(svg), sourceUrl: 'https://example.com/x.svg' },
    { hash: sha256(mislabelled), sourceUrl: null },
    { hash: sha256(good), sourceUrl: null },
  );
  // A saved image and a missing-image placeholder are the stored forms and stay.
  md.body = {
    html: `${md.body.html}<p><img src="gloss-asset:${sha256(good)}" alt="a dot"><span class="image-missing">lost chart</span></p>`,
    text: '',
  };
  md.body.text = finalizeBody(md.body.html).text;
  return {
    built,
    file,
    real,
    realHash,
    lyingHash: realHash,
    svgHash: sha256(svg),
    mislabelledHash: sha256(mislabelled),
    gifHash: sha256(good),
    claimedSeedText,
  };
}

interface BodyRow {
  id: string;
  html: string;
  text: string;
  source_url: string | null;
  canonical_url: string | null;
}

function bodies(lib: ReturnType<typeof openLibrary>): Map<string, BodyRow> {
  const rows = lib.db
    .prepare(`SELECT a.id, b.html, b.text, a.source_url, a.canonical_url FROM articles a JOIN article_bodies b ON b.article_seq = a.seq`)
    .all() as BodyRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

describe('import-json of a crafted file', () => {
  it('stores sanitized bodies and versions, whose text is the canonical text of what is stored', () => {
    const { built, file } = hostileFile();
    const target = openLibrary();
    const report = importLibraryJson(target.db, serializeLibraryJson(file));

    expect(report.articles.added).toBe(4);
    const stored = bodies(target);
    for (const row of stored.values()) {
      expect(row.html, row.id).not.toMatch(UNSAFE);
      expect(row.text, row.id).toBe(finalizeBody(row.html).text);
    }
    const versions = target.db.prepare(`SELECT html, text FROM article_versions`).all() as { html: string; text: string }[];
    expect(versions.length).toBe(1);
    for (const v of versions) {
      expect(v.html).not.toMatch(UNSAFE);
      expect(v.text).toBe(finalizeBody(v.html).text);
    }
    // Safe content stays: the link keeps its text, the image its http(s) source, saved images their asset.
    const web = stored.get(built.webIds[0]!)!;
    expect(web.html).toContain('<img src="https://example.com/pic.png">');
    expect(web.html).toContain('<a>read more</a>');
    const md = stored.get(built.mdId)!;
    expect(md.html).toMatch(/<img src="gloss-asset:[0-9a-f]{64}" alt="a dot">/);
    expect(md.html).toContain('<span class="image-missing">lost chart</span>');
    // The search index holds the stored text, not the file's.
    const fts = target.db.prepare(`SELECT text FROM articles_fts WHERE rowid = (SELECT seq FROM articles WHERE id = ?)`).get(built.seedId) as { text: string };
    expect(fts.text).toBe(stored.get(built.seedId)!.text);
    expect(fts.text).not.toContain('THIS BUTTON');

    const changed = report.issues.filter((i) => i.action === 'changed');
    expect(changed.filter((i) => i.kind === 'article').map((i) => i.id).sort()).toEqual([built.seedId, built.webIds[0]!].sort());
    expect(changed.find((i) => i.kind === 'version')).toMatchObject({ id: `${built.seedId} v1`, reason: expect.stringMatching(/removed/) });
  });

  it('keeps every highlight pointing at the same words when sanitizing changes the text', () => {
    const { built, file, claimedSeedText } = hostileFile();
    const original = built.lib.listHighlights(built.seedId);
    const target = openLibrary();
    const report = importLibraryJson(target.db, serializeLibraryJson(file));

    const text = target.getArticle(built.seedId).text;
    expect(text).not.toBe(claimedSeedText);
    const rows = target.db
      .prepare(`SELECT id, quote, start_offset, end_offset, anchor, deleted_at FROM highlights WHERE article_seq = (SELECT seq FROM articles WHERE id = ?)`)
      .all(built.seedId) as { id: string; quote: string; start_offset: number; end_offset: number; anchor: string; deleted_at: string | null }[];
    // None dropped: live, soft-deleted and orphaned ones are all there.
    expect(rows.map((r) => r.id).sort()).toEqual([built.h.first, built.h.second, built.h.third, built.h.deleted].sort());
    for (const r of rows.filter((x) => x.anchor !== 'orphaned')) {
      expect(text.slice(r.start_offset, r.end_offset), r.id).toBe(r.quote);
    }
    expect(rows.find((r) => r.id === built.h.third)!.anchor).toBe('orphaned');
    // The reader's view agrees: the same quotes as before the round trip.
    expect(target.listHighlights(built.seedId).map((h) => h.quote.exact)).toEqual(original.map((h) => h.quote.exact));
    // Each highlight that had to move is in the report.
    const moved = report.issues.filter((i) => i.kind === 'highlight').map((i) => i.id).sort();
    expect(moved).toEqual([built.h.first, built.h.second, built.h.deleted].sort());
    // A body that only lost handlers keeps its text: its highlight is untouched, and not reported.
    const web = target.db.prepare(`SELECT start_offset, anchor FROM highlights WHERE id = ?`).get(built.h.web) as { start_offset: number; anchor: string };
    expect(web).toEqual({ start_offset: file.highlights.find((h) => h.id === built.h.web)!.position.start, anchor: 'exact' });
  });

  it('keeps only http(s) source and canonical URLs', () => {
    const { built, file } = hostileFile();
    const target = openLibrary();
    const report = importLibraryJson(target.db, serializeLibraryJson(file));
    const stored = bodies(target);
    expect(stored.get(built.seedId)!.source_url).toBeNull();
    expect(stored.get(built.webIds[0]!)).toMatchObject({ source_url: null, canonical_url: null });
    expect(stored.get(built.mdId)!.source_url).toBe('https://example.com/notes');
    expect(stored.get(built.webIds[1]!)!.source_url).toBe(`https://example.com/${'daringfireball-1'}`);
    expect(target.getArticle(built.seedId).sourceUrl).toBeNull();
    const seedIssue = report.issues.find((i) => i.kind === 'article' && i.id === built.seedId)!;
    expect(seedIssue.reason).toMatch(/sourceUrl "JavaScript:alert\(document\.cookie\)" is not an http\(s\) address/);
    const webIssue = report.issues.find((i) => i.kind === 'article' && i.id === built.webIds[0])!;
    expect(webIssue.reason).toMatch(/canonicalUrl "vbscript:msgbox\(1\)"/);
  });

  it('skips assets whose bytes do not match their hash or are not images, and restores the rest', () => {
    const h = hostileFile();
    const target = openLibrary();
    const report = importLibraryJson(target.db, serializeLibraryJson(h.file));
    const assets = new Map(
      (target.db.prepare(`SELECT hash, mime, bytes FROM assets`).all() as { hash: string; mime: string; bytes: Buffer }[]).map((a) => [a.hash, a]),
    );
    expect(assets.has(h.realHash)).toBe(false);
    expect(assets.has(h.svgHash)).toBe(false);
    expect(assets.get(h.mislabelledHash)?.mime).toBe('image/png');
    expect(assets.get(h.gifHash)?.mime).toBe('image/gif');
    for (const [hash, a] of assets) expect(sha256(a.bytes), hash).toBe(hash);
    expect(report.assets).toMatchObject({ added: 3, skipped: 2 });
    expect(report.issues.filter((i) => i.kind === 'asset')).toEqual([
      { kind: 'asset', id: h.lyingHash, action: 'skipped', reason: expect.stringMatching(/bytes do not match its hash/) },
      { kind: 'asset', id: h.svgHash, action: 'skipped', reason: expect.stringMatching(/not an image/) },
      { kind: 'asset', id: h.mislabelledHash, action: 'changed', reason: 'its type is image/png, not "text/html"' },
    ]);
    // The web page keeps its links to the kept assets only, and everything else arrived.
    const links = target.db
      .prepare(`SELECT asset_hash FROM article_assets WHERE article_seq = (SELECT seq FROM articles WHERE id = ?) ORDER BY asset_hash`)
      .all(h.built.webIds[0]!) as { asset_hash: string }[];
    expect(links.map((l) => l.asset_hash)).not.toContain(h.realHash);
    expect(links.map((l) => l.asset_hash)).toContain(h.gifHash);
    expect(target.listHighlights(h.built.seedId).length).toBe(3);
    expect(report.notes.added).toBe(1);

    // The real image, saved later, is stored as it is: nothing shadows it.
    const seq = target.articles.seqOf(h.built.webIds[0]!)!;
    new AssetStore(target.db).add(seq, { hash: h.realHash, mime: 'image/png', bytes: h.real });
    expect(Buffer.from(new AssetStore(target.db).get(h.realHash)!.bytes)).toEqual(h.real);
  });

  // Two CLI runs (tsx start-up each): a loaded machine needs more than the default.
  it('is reported by gloss import-json, one line per change', { timeout: 120_000 }, async () => {
    const { built, file } = hostileFile();
    const work = tempDir();
    const path = join(work, 'hostile.json');
    writeFileSync(path, serializeLibraryJson(file));
    const dir = join(work, 'lib');
    const plain = await gloss('import-json', path, '--library', dir);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/^articles {4}4 added/m);
    expect(plain.err).toMatch(new RegExp(`^changed {4}article ${built.seedId}: unsafe or unsupported HTML was removed`, 'm'));
    expect(plain.err).toMatch(/^skipped {4}asset [0-9a-f]{64}: its bytes do not match its hash/m);
    const again = await gloss('import-json', path, '--library', join(work, 'lib2'), '--json');
    const parsed = JSON.parse(again.out) as { issues: { kind: string; action: string }[] };
    expect(parsed.issues.filter((i) => i.action === 'skipped').map((i) => i.kind)).toEqual(['asset', 'asset']);
  });
});

describe('the stored forms', () => {
  it('are kept only when stored HTML is sanitized again, never for HTML from outside', () => {
    const html = `<p><img src="gloss-asset:${'a'.repeat(64)}" alt="saved"><span class="image-missing">lost</span></p>`;
    expect(sanitizeHtml(html, undefined, { storedForms: true })).toBe(html);
    // An imported file cannot point at library assets or borrow the app's class; the flag does not leak.
    expect(sanitizeHtml(html)).toBe('<p><span>lost</span></p>');
    expect(sanitizeHtml(html.replace('a'.repeat(64), 'A'.repeat(64)), undefined, { storedForms: true })).toBe(
      '<p><span class="image-missing">lost</span></p>',
    );
  });
});
