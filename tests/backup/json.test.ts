import { afterEach, describe, expect, it } from 'vitest';
import { exportLibraryJson } from '../../src/main/backup/json-export';
import { LIBRARY_JSON_VERSION, parseLibraryJson, serializeLibraryJson, type LibraryJson } from '../../src/main/backup/json-format';
import { importLibraryJson } from '../../src/main/backup/json-import';
import { INSERTED } from '../highlights/seed';
import { buildLibrary, closeAll, codeOf, EXPORTED_AT, exportText, ftsInSync, openLibrary, search } from './fixtures';

afterEach(closeAll);

const LATER = new Date('2031-01-01T00:00:00.000Z');
const LATER2 = new Date('2031-06-01T00:00:00.000Z');

function clone(json: LibraryJson): LibraryJson {
  return JSON.parse(serializeLibraryJson(json)) as LibraryJson;
}

describe('library JSON export', () => {
  it('holds every entity with public ids, deleted highlights and tombstones, in canonical order', () => {
    const { lib, seedId, deletedId, h, webIds } = buildLibrary();
    const json = exportLibraryJson(lib.db, { now: EXPORTED_AT });
    expect(json).toMatchObject({ format: 'gloss-library', version: 1, exportedAt: EXPORTED_AT.toISOString() });
    expect(json.articles.map((a) => a.id)).toEqual([...json.articles.map((a) => a.id)].sort());
    expect(json.articles).toHaveLength(4);
    expect(json.articles.some((a) => a.id === deletedId)).toBe(false);
    expect(json.tombstones).toContainEqual(expect.objectContaining({ entity: 'article', id: deletedId }));
    expect(json.tombstones).toContainEqual(expect.objectContaining({ entity: 'highlight', id: h.deleted }));

    const seed = json.articles.find((a) => a.id === seedId)!;
    expect(seed.version).toBe(2);
    expect(seed.versions).toHaveLength(1);
    expect(seed.body.text).toContain(INSERTED.trim());
    expect(seed.versions[0]!.text).not.toContain(INSERTED.trim());
    expect(seed.anchorReport).not.toBeNull();
    expect(seed.reading).toEqual({ progress: 0.375, position: '{"p":12}', state: 'reading', archived: false, favorite: true });
    expect(JSON.stringify(seed)).not.toContain('"seq"');

    const md = json.articles.find((a) => a.tags.length > 0)!;
    expect(md.tags).toEqual(['Gardening', 'zettelkasten']);
    expect(json.tags.map((t) => t.name)).toEqual(['Gardening', 'zettelkasten']);

    expect(json.highlights.find((x) => x.id === h.third)!.anchor).toBe('orphaned');
    const deleted = json.highlights.find((x) => x.id === h.deleted)!;
    expect(deleted.deletedAt).not.toBeNull();
    expect(json.highlights.find((x) => x.id === h.first)!.note).toContain('*digestion*');
    expect(json.articleNotes).toEqual([expect.objectContaining({ articleId: seedId, note: '# My note\n\nGut → skin. 🧪' })]);
    expect(json.assets).toHaveLength(1);
    expect(Buffer.from(json.assets[0]!.bytes, 'base64')).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255]));
    expect(json.articles.find((a) => a.id === webIds[0])!.assets).toEqual([
      { hash: json.assets[0]!.hash, sourceUrl: 'https://example.com/a.png' },
    ]);
    // What the exporter writes, the reader accepts.
    expect(parseLibraryJson(serializeLibraryJson(json))).toEqual(json);
  });

  it('serializes equal libraries to identical bytes', () => {
    const { lib } = buildLibrary();
    const a = exportText(lib.db);
    const shuffled = clone(exportLibraryJson(lib.db, { now: EXPORTED_AT }));
    shuffled.articles.reverse();
    shuffled.highlights.reverse();
    shuffled.tombstones.reverse();
    expect(serializeLibraryJson(shuffled)).toBe(a);
    expect(exportText(lib.db)).toBe(a);
  });
});

describe('saved web pages in the JSON', () => {
  it('carry their canonical URL and lead image through export and import; older files read them as null', () => {
    const { lib, webIds } = buildLibrary();
    const webId = webIds[0]!;
    lib.articles.setPageMeta(webId, 'https://example.com/canonical', 'https://example.com/lead.png');
    const text = exportText(lib.db);
    const json = parseLibraryJson(text);
    const web = json.articles.find((a) => a.id === webId)!;
    expect(web).toMatchObject({ canonicalUrl: 'https://example.com/canonical', leadImage: 'https://example.com/lead.png' });
    expect(json.articles.filter((a) => a.id !== webId).every((a) => a.canonicalUrl === null && a.leadImage === null)).toBe(true);

    const fresh = openLibrary();
    importLibraryJson(fresh.db, text);
    expect(exportText(fresh.db)).toBe(text);
    expect(fresh.getArticle(webId)).toMatchObject({ canonicalUrl: 'https://example.com/canonical', leadImage: 'https://example.com/lead.png' });

    // A file written before these keys existed still imports.
    const old = JSON.parse(text) as { articles: Record<string, unknown>[] };
    for (const a of old.articles) {
      delete a.canonicalUrl;
      delete a.leadImage;
    }
    const parsed = parseLibraryJson(JSON.stringify(old));
    expect(parsed.articles.find((a) => a.id === webId)).toMatchObject({ canonicalUrl: null, leadImage: null });
  });
});

describe('library JSON import: restore', () => {
  it('round-trips: export → fresh library → import → export gives identical bytes', () => {
    const { lib, seedId, mdId, h } = buildLibrary();
    const before = exportText(lib.db);

    const fresh = openLibrary();
    const report = importLibraryJson(fresh.db, before);
    expect(report.articles).toEqual({ added: 4, updated: 0, unchanged: 0, deleted: 0, skipped: 0 });
    expect(report.highlights.added).toBe(5);
    expect(report.notes.added).toBe(1);
    expect(report.tags.added).toBe(2);
    expect(report.assets.added).toBe(1);
    expect(report.tombstones.added).toBe(2);
    expect(exportText(fresh.db)).toBe(before);

    // The restored library works through the normal API.
    const original = lib.getArticle(seedId);
    const restored = fresh.getArticle(seedId);
    expect(restored).toEqual(original);
    expect(fresh.getArticle(mdId).tags).toEqual(['Gardening', 'zettelkasten']);
    expect(fresh.listHighlights(seedId)).toEqual(lib.listHighlights(seedId));
    expect(fresh.highlights.get(h.deleted)).toBeUndefined();
    expect(fresh.restoreHighlight(h.deleted).quote.exact).toBe('healthy skin starts in the gut');
    expect(fresh.getArticleNote(seedId)).toEqual(lib.getArticleNote(seedId));
    expect(fresh.getAnchoringReport(seedId)).toEqual(lib.getAnchoringReport(seedId));
    expect(fresh.listArticles().map((a) => a.id)).toEqual(lib.listArticles().map((a) => a.id));
  });

  it('keeps the search index in sync: a distinctive word finds the restored article', () => {
    const { lib, seedId, mdId } = buildLibrary();
    const fresh = openLibrary();
    importLibraryJson(fresh.db, exportText(lib.db));
    expect(ftsInSync(fresh.db)).toBe(true);
    expect(search(fresh.db, 'quetzalcoatlus')).toEqual([mdId]);
    expect(search(fresh.db, 'dermatologists')).toEqual([seedId]);
    expect(search(fresh.db, 'microbio*')).toEqual(search(lib.db, 'microbio*'));
  });

  it('accepts bytes and parsed objects as well as text', () => {
    const { lib } = buildLibrary();
    const text = exportText(lib.db);
    const a = openLibrary();
    importLibraryJson(a.db, new TextEncoder().encode(text));
    const b = openLibrary();
    importLibraryJson(b.db, JSON.parse(text));
    expect(exportText(a.db)).toBe(text);
    expect(exportText(b.db)).toBe(text);
  });
});

describe('library JSON import: merge', () => {
  it('imports the same file twice without duplicates', () => {
    const { lib } = buildLibrary();
    const text = exportText(lib.db);
    const target = openLibrary();
    importLibraryJson(target.db, text);
    const again = importLibraryJson(target.db, text);
    expect(again.articles).toEqual({ added: 0, updated: 0, unchanged: 4, deleted: 0, skipped: 0 });
    expect(again.highlights).toEqual({ added: 0, updated: 0, unchanged: 5, deleted: 0, skipped: 0 });
    expect(again.notes.unchanged).toBe(1);
    expect(again.tags).toMatchObject({ added: 0, unchanged: 2 });
    expect(again.assets).toMatchObject({ added: 0, unchanged: 1 });
    expect(exportText(target.db)).toBe(text);
    // Into the source itself: nothing changes either.
    importLibraryJson(lib.db, text);
    expect(exportText(lib.db)).toBe(text);
  });

  it('merges into a library with its own articles, matching tags by name case-insensitively', () => {
    const { lib, mdId } = buildLibrary();
    const target = openLibrary();
    const own = target.importFile(
      { fileName: 'own.md', bytes: new TextEncoder().encode('---\ntags: [gardening, own]\n---\n# Mine\n\nA xylophone.\n') },
      'new',
    );
    if (own.status !== 'imported') throw new Error('not imported');
    const report = importLibraryJson(target.db, exportText(lib.db));
    expect(report.tags).toMatchObject({ added: 1, unchanged: 1 });
    expect(target.listArticles()).toHaveLength(5);
    expect(target.getArticle(own.article.id).tags).toEqual(['gardening', 'own']);
    // The incoming article links to the existing tag spelled 'gardening'.
    expect(target.getArticle(mdId).tags).toEqual(['gardening', 'zettelkasten']);
    expect(target.db.prepare(`SELECT count(*) AS n FROM tags`).get()).toEqual({ n: 3 });
    expect(search(target.db, 'xylophone')).toEqual([own.article.id]);
    expect(ftsInSync(target.db)).toBe(true);
  });

  it('lets the newest updatedAt win in both directions and converges', () => {
    const { lib: a, seedId, h } = buildLibrary();
    const b = openLibrary();
    importLibraryJson(b.db, exportText(a.db));

    // A edits one highlight and the article note; B edits another highlight later.
    a.highlights.update(h.second, { color: 'blue', note: 'from A' }, LATER);
    a.highlights.setNote(seedId, 'note from A', LATER);
    b.highlights.update(h.first, { note: 'from B' }, LATER2);
    // Both edit the web highlight; B's edit is newer.
    a.highlights.update(h.web, { note: 'older, from A' }, LATER);
    b.highlights.update(h.web, { note: 'newer, from B' }, LATER2);

    const intoB = importLibraryJson(b.db, exportText(a.db));
    expect(intoB.highlights).toMatchObject({ updated: 1, unchanged: 4 });
    expect(intoB.notes.updated).toBe(1);
    expect(b.highlights.get(h.second)).toMatchObject({ color: 'blue', note: 'from A' });
    expect(b.highlights.get(h.first)!.note).toBe('from B');
    expect(b.highlights.get(h.web)!.note).toBe('newer, from B');
    expect(b.getArticleNote(seedId).note).toBe('note from A');

    const intoA = importLibraryJson(a.db, exportText(b.db));
    expect(intoA.highlights).toMatchObject({ updated: 2 });
    expect(a.highlights.get(h.first)!.note).toBe('from B');
    expect(a.highlights.get(h.web)!.note).toBe('newer, from B');
    expect(exportText(a.db)).toBe(exportText(b.db));
  });

  it('takes a newer article version (body, search row, versions) and re-anchors local-only highlights', () => {
    const { lib: a, mdId } = buildLibrary();
    const b = openLibrary();
    importLibraryJson(b.db, exportText(a.db));
    const bText = b.getArticle(mdId).text;
    const exact = 'flew over the allotment';
    const start = bText.indexOf(exact);
    const local = b.createHighlight({
      articleId: mdId,
      quote: { exact, prefix: bText.slice(Math.max(0, start - 32), start), suffix: bText.slice(start + exact.length, start + exact.length + 32) },
      position: { start, end: start + exact.length },
      color: 'yellow',
    });
    // A gets a new version of the Markdown file: a sentence in front.
    const edited = new TextEncoder().encode(
      '---\ntags: [Gardening, zettelkasten]\n---\n# Notes on keeping\n\nA brontosaurus came first.\n\nThe quetzalcoatlus flew over the allotment; مرحبا بالعالم 🌱.\n',
    );
    a.updateArticle(mdId, { fileName: 'notes.md', bytes: edited });

    const report = importLibraryJson(b.db, exportText(a.db));
    expect(report.articles.updated).toBe(1);
    const article = b.getArticle(mdId);
    expect(article.text).toContain('brontosaurus');
    expect(search(b.db, 'brontosaurus')).toEqual([mdId]);
    expect(ftsInSync(b.db)).toBe(true);
    expect(b.db.prepare(`SELECT count(*) AS n FROM article_versions v JOIN articles a ON a.seq = v.article_seq WHERE a.id = ?`).get(mdId)).toEqual({ n: 1 });
    const moved = b.highlights.get(local.id)!;
    expect(article.text.slice(moved.position.start, moved.position.end)).toBe(exact);
    expect(moved.anchor).toBe('moved');
  });

  it('honours incoming tombstones: deletes older local articles and highlights', () => {
    const { lib: a, webIds, h } = buildLibrary();
    const b = openLibrary();
    importLibraryJson(b.db, exportText(a.db));
    a.deleteArticle(webIds[1]!);
    a.highlights.delete(h.second, LATER);

    const report = importLibraryJson(b.db, exportText(a.db));
    expect(report.articles.deleted).toBe(1);
    expect(report.highlights.deleted).toBe(1);
    expect(b.articles.get(webIds[1]!)).toBeUndefined();
    expect(b.highlights.get(h.second)).toBeUndefined();
    expect(ftsInSync(b.db)).toBe(true);
    expect(exportText(b.db)).toBe(exportText(a.db));
  });

  it('keeps a local edit made after an incoming deletion', () => {
    const { lib: a, h } = buildLibrary();
    const b = openLibrary();
    importLibraryJson(b.db, exportText(a.db));
    a.highlights.delete(h.second, LATER);
    b.highlights.update(h.second, { note: 'kept: edited after the deletion' }, LATER2);

    const report = importLibraryJson(b.db, exportText(a.db));
    expect(report.highlights.unchanged).toBe(5);
    expect(b.highlights.get(h.second)!.note).toBe('kept: edited after the deletion');
    expect(b.db.prepare(`SELECT count(*) AS n FROM tombstones WHERE id = ?`).get(h.second)).toEqual({ n: 0 });
    // And the edit travels back, undeleting it in A (newer than A's tombstone).
    importLibraryJson(a.db, exportText(b.db));
    expect(a.highlights.get(h.second)!.note).toBe('kept: edited after the deletion');
    expect(a.db.prepare(`SELECT count(*) AS n FROM tombstones WHERE id = ?`).get(h.second)).toEqual({ n: 0 });
  });

  it('does not resurrect what the target deleted, unless the incoming version is newer', () => {
    const { lib: a, webIds, h } = buildLibrary();
    const fileBefore = exportText(a.db);
    const b = openLibrary();
    importLibraryJson(b.db, fileBefore);
    b.deleteArticle(webIds[0]!);
    b.highlights.delete(h.first, LATER);

    const report = importLibraryJson(b.db, fileBefore);
    expect(report.articles.skipped).toBe(1);
    expect(report.highlights.unchanged).toBe(4); // the web one is skipped with its article
    expect(report.highlights.skipped).toBe(1);
    expect(b.articles.get(webIds[0]!)).toBeUndefined();
    expect(b.highlights.get(h.first)).toBeUndefined();

    // A restores-and-edits the highlight later than B deleted it: it comes back.
    a.highlights.update(h.first, { note: 'edited after B deleted it' }, LATER2);
    importLibraryJson(b.db, exportText(a.db));
    expect(b.highlights.get(h.first)!.note).toBe('edited after B deleted it');
    expect(b.db.prepare(`SELECT count(*) AS n FROM tombstones WHERE entity = 'highlight' AND id = ?`).get(h.first)).toEqual({ n: 0 });
  });

  it('restores a highlight undeleted in the source (restore is newer than the deletion)', () => {
    const { lib: a, h } = buildLibrary();
    const b = openLibrary();
    importLibraryJson(b.db, exportText(a.db));
    a.highlights.restore(h.deleted, LATER);
    importLibraryJson(b.db, exportText(a.db));
    expect(b.highlights.get(h.deleted)).toBeDefined();
    expect(exportText(b.db)).toBe(exportText(a.db));
  });
});

describe('library JSON import: bad files change nothing', () => {
  function setup() {
    const { lib } = buildLibrary();
    const good = exportLibraryJson(lib.db, { now: EXPORTED_AT });
    const target = openLibrary();
    target.importFile({ fileName: 'mine.txt', bytes: new TextEncoder().encode('Mine\n\nSomething of my own.\n') }, 'new');
    return { good, target, before: exportText(target.db) };
  }

  it('rejects malformed JSON', () => {
    const { target, before } = setup();
    const err = codeOf(() => importLibraryJson(target.db, '{"format": "gloss-library", "version": 1,'));
    expect(err.code).toBe('invalid_argument');
    expect(err.message).toMatch(/not valid JSON/);
    expect(exportText(target.db)).toBe(before);
  });

  it('rejects something that is not a Gloss file', () => {
    const { target, before } = setup();
    expect(codeOf(() => importLibraryJson(target.db, '[1, 2]')).message).toMatch(/expected a JSON object/);
    expect(codeOf(() => importLibraryJson(target.db, '{"format": "other"}')).message).toMatch(/format must be "gloss-library"/);
    expect(codeOf(() => importLibraryJson(target.db, '{"format": "gloss-library"}')).message).toMatch(/no valid version/);
    expect(exportText(target.db)).toBe(before);
  });

  it('refuses a newer format version with a clear message', () => {
    const { good, target, before } = setup();
    const newer = { ...clone(good), version: LIBRARY_JSON_VERSION + 1 };
    const err = codeOf(() => importLibraryJson(target.db, JSON.stringify(newer)));
    expect(err.code).toBe('library_too_new');
    expect(err.message).toMatch(/newer version of Gloss \(format version 2; this version reads up to 1\)/);
    expect(exportText(target.db)).toBe(before);
  });

  it('names the bad field', () => {
    const { good, target, before } = setup();
    const cases: [(j: LibraryJson) => void, RegExp][] = [
      [(j) => ((j.articles[1] as unknown as { title: number }).title = 5), /articles\[1\]\.title: .*expected string/],
      [(j) => (j.highlights[2]!.color = 'mauve' as 'blue'), /highlights\[2\]\.color/],
      [(j) => (j.highlights[0]!.position = { start: 9, end: 3 }), /highlights\[0\]\.position\.end/],
      [(j) => (j.highlights[0]!.articleId = 'zzzzzzzzzzzzzzzz'), /highlights\[0\]\.articleId: no article zzzzzzzzzzzzzzzz/],
      [(j) => (j.articles[0]!.updatedAt = 'yesterday'), /articles\[0\]\.updatedAt: must be an ISO 8601 date-time/],
      [(j) => (j.assets[0]!.bytes = '***'), /assets\[0\]\.bytes: must be base64/],
      [(j) => j.articles.push(j.articles[0]!), /articles\[4\]\.id: duplicate article id/],
      [(j) => delete (j as Partial<LibraryJson>).tombstones, /tombstones: /],
    ];
    for (const [mutate, pattern] of cases) {
      const bad = clone(good);
      mutate(bad);
      const err = codeOf(() => importLibraryJson(target.db, JSON.stringify(bad)));
      expect(err.code).toBe('invalid_argument');
      expect(err.message).toMatch(pattern);
    }
    expect(exportText(target.db)).toBe(before);
  });

  it('rolls back everything when a write fails half-way', () => {
    const { good, target, before } = setup();
    target.db.exec(`CREATE TRIGGER fail_highlights BEFORE INSERT ON highlights BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    expect(() => importLibraryJson(target.db, good)).toThrow(/disk on fire/);
    target.db.exec(`DROP TRIGGER fail_highlights`);
    expect(exportText(target.db)).toBe(before);
    expect(ftsInSync(target.db)).toBe(true);
  });
});
