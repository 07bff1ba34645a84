import { readdirSync, renameSync, truncateSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import { compareStamps, HLC_SHIFT, stampTime } from '../../src/main/sync/hlc';
import { decodeLine, encodeLine, readLines, type Operation } from '../../src/main/sync/line-format';
import { encodeState, mergeField, mergeMulti, renderNote, stateOfStored, type EntityState, type MultiValue } from '../../src/main/sync/merge';
import { isLogFile, SyncFolder } from '../../src/main/sync/folder';
import { Library } from '../../src/main/library';
import { syncNow } from '../../src/main/sync/engine';
import { tempDir } from '../helpers/tmp';
import { canonicalDump } from './helpers';

const op = (h: number, k = 'a1', f: Operation['f'] = { title: 'T' }): Operation => ({ h, d: 'dev1', e: 'article', k, f });

describe('hybrid logical clock', () => {
  it('orders by clock, then device; the SQL clock never goes back and stays exact in JS', () => {
    expect(compareStamps({ hlc: 1, device: 'b' }, { hlc: 2, device: 'a' })).toBe(-1);
    expect(compareStamps({ hlc: 2, device: 'b' }, { hlc: 2, device: 'a' })).toBe(1);
    expect(compareStamps({ hlc: 2, device: 'a' }, { hlc: 2, device: 'a' })).toBe(0);
    const db = new BetterSqlite3(':memory:');
    db.exec(`CREATE TABLE sync_clock (id INTEGER PRIMARY KEY, hlc INTEGER NOT NULL); INSERT INTO sync_clock VALUES (1, 0)`);
    const tick = db.prepare(`UPDATE sync_clock SET hlc = max(hlc + 1, CAST(unixepoch('subsec') * 1000 AS INTEGER) * ${HLC_SHIFT}) RETURNING hlc`).pluck();
    const stamps = Array.from({ length: 2000 }, () => tick.get() as number);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!).toBeGreaterThan(stamps[i - 1]!);
    expect(Math.abs(stampTime(stamps[0]!).getTime() - Date.now())).toBeLessThan(60_000);
    expect(Number.isSafeInteger(stamps[stamps.length - 1]!)).toBe(true);
    // A clock far ahead (another device's) is kept: later local stamps stay above it.
    db.prepare(`UPDATE sync_clock SET hlc = ?`).run(stamps[0]! + 10 ** 12);
    expect(tick.get() as number).toBe(stamps[0]! + 10 ** 12 + 1);
    db.close();
  });
});

describe('log lines', () => {
  it('round-trip, and a damaged or cut line is not an operation', () => {
    const line = encodeLine(op(5, 'x', { note: 'a "quoted"\nline', n: 3, gone: null }));
    expect(line.endsWith('\n')).toBe(true);
    expect(decodeLine(line.slice(0, -1))).toEqual(op(5, 'x', { note: 'a "quoted"\nline', n: 3, gone: null }));
    expect(decodeLine(line.slice(0, -5))).toBeUndefined();
    expect(decodeLine(line.slice(0, -1).replace('quoted', 'quoteD'))).toBeUndefined();
    expect(decodeLine('00000000 {}')).toBeUndefined();
  });

  it('readLines settles up to an unfinished line or a damaged one, and still takes the intact lines after', () => {
    const a = encodeLine(op(1));
    const b = encodeLine(op(2));
    const c = encodeLine(op(3));
    const whole = Buffer.from(a + b + c);
    expect(readLines(whole)).toEqual({ ops: [op(1), op(2), op(3)], consumed: whole.length });
    const cut = whole.subarray(0, a.length + 10);
    expect(readLines(cut)).toEqual({ ops: [op(1)], consumed: a.length });
    const damaged = Buffer.from(a + b.replace('"T"', '"X"') + c);
    expect(readLines(damaged)).toEqual({ ops: [op(1), op(3)], consumed: a.length });
  });

  it('conflict copies are logs; temporary files are not', () => {
    expect(isLogFile('00000001.jsonl')).toBe(true);
    expect(isLogFile('00000001.sync-conflict-20261127-101010-ABCDEFG.jsonl')).toBe(true);
    expect(isLogFile("00000001 (Laptop's conflicted copy 2026-11-27).jsonl")).toBe(true);
    expect(isLogFile('.syncthing.00000001.jsonl.tmp')).toBe(false);
    expect(isLogFile('~syncthing~00000001.jsonl.tmp')).toBe(false);
    expect(isLogFile('device.json')).toBe(false);
  });
});

describe('blobs', () => {
  it('a damaged copy of a blob (cut by a sync app) is written again when its content is published again', () => {
    const folder = new SyncFolder(tempDir());
    const bytes = Buffer.from('{"html":"<p>x</p>","text":"x"}');
    const { hash } = folder.writeBlob(bytes);
    expect(folder.writeBlob(bytes).written).toBe(false);
    truncateSync(folder.blobPath(hash), 5);
    expect(folder.readBlob(hash)).toBeUndefined();
    expect(folder.writeBlob(bytes).written).toBe(true);
    expect(folder.readBlob(hash)).toEqual(bytes);
  });
});

describe('the stored form of a merged state', () => {
  const fieldOp = fc.record({ field: fc.constantFrom('', 'color', 'quote', 'deleted'), hlc: fc.integer({ min: 1, max: 4 }), device: fc.constantFrom('a', 'b'), value: fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)) });

  it('reads back as it was merged, and is the same whatever order the fields were merged in', () => {
    fc.assert(
      fc.property(fc.array(fieldOp, { maxLength: 10 }), (ops) => {
        const fold = (list: typeof ops): EntityState => {
          const state: EntityState = {};
          for (const o of list) mergeField(state, 'highlight', o.field, { hlc: o.hlc, device: o.device }, o.value);
          return state;
        };
        const state = fold(ops);
        const text = encodeState(state);
        expect(stateOfStored(JSON.parse(text))).toEqual(state);
        // Ties (same stamp, other value) merge by arrival: only distinct stamps make the order irrelevant.
        const distinct = ops.filter((o, i) => ops.findIndex((p) => p.field === o.field && p.hlc === o.hlc && p.device === o.device) === i);
        const [forth, back] = [JSON.parse(encodeState(fold(distinct))) as unknown, JSON.parse(encodeState(fold([...distinct].reverse()))) as unknown];
        // The same stored value (the shared stamp too), its keys in merge order.
        expect(back).toEqual(forth);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the shared stamp once; reads the form stored before (every field with its stamp); refuses what is neither', () => {
    const state: EntityState = { color: [5, 'a', 'yellow'], quote: [5, 'a', 'q'], note: [9, 'b', 'n'] };
    expect(JSON.parse(encodeState(state))).toEqual({ '': [5, 'a'], color: ['yellow'], quote: ['q'], note: [9, 'b', 'n'] });
    expect(stateOfStored(state)).toEqual(state);
    expect(stateOfStored({ color: [5, 'a'] })).toBeUndefined();
    expect(stateOfStored({ '': [5, 'a'], color: [{}] })).toBeUndefined();
    expect(stateOfStored([])).toBeUndefined();
  });
});

describe('multi-value notes', () => {
  const version = fc.record({ device: fc.constantFrom('a', 'b', 'c'), text: fc.string({ maxLength: 5 }), bases: fc.array(fc.nat(49), { maxLength: 3 }) });

  it('merging the same versions in any order and any number of times gives the same state', () => {
    fc.assert(
      fc.property(fc.array(version, { maxLength: 12 }), fc.infiniteStream(fc.nat()), (versions, order) => {
        // A history: each version made after the ones it replaces (bases among the earlier ones).
        const unique = versions.map((v, i) => ({ ...v, hlc: i + 1, bases: i === 0 ? [] : [...new Set(v.bases.map((b) => `${(b % i) + 1}@${versions[b % i]!.device}`))] }));
        const fold = (list: typeof unique): MultiValue =>
          list.reduce<MultiValue>((s, v) => mergeMulti(s, v, v.text, v.bases) ?? s, { heads: [], gone: [] });
        const shuffled = [...unique, ...unique.slice(0, 3)].map((v) => ({ v, r: order.next().value as number })).sort((x, y) => x.r - y.r).map((x) => x.v);
        expect(fold(shuffled)).toEqual(fold(unique));
      }),
      { numRuns: 200 },
    );
  });

  it('concurrent edits are all shown, marked; an edit made on them replaces them', () => {
    let s: MultiValue = { heads: [], gone: [] };
    s = mergeMulti(s, { hlc: 1, device: 'a' }, 'base', [])!;
    s = mergeMulti(s, { hlc: 2, device: 'a' }, 'from laptop', ['1@a'])!;
    s = mergeMulti(s, { hlc: 3, device: 'b' }, 'from desktop', ['1@a'])!;
    const shown = renderNote(JSON.stringify(s));
    expect(shown.startsWith('from desktop\n\n<<<<<<< Conflict: also edited on device a at ')).toBe(true);
    expect(shown).toContain('\nfrom laptop\n>>>>>>>');
    expect(renderNote(JSON.stringify(mergeMulti(s, { hlc: 4, device: 'b' }, 'resolved', ['2@a', '3@b'])))).toBe('resolved');
    // A version already replaced changes nothing when it arrives late.
    expect(mergeMulti(mergeMulti({ heads: [], gone: [] }, { hlc: 2, device: 'a' }, 'new', ['1@a'])!, { hlc: 1, device: 'a' }, 'old', [])).toBeUndefined();
  });
});

describe('apply rules on real libraries', () => {
  it('a delete and a concurrent edit: the delete wins everywhere; undoing the delete brings the article back with the note written meanwhile', () => {
    const folder = tempDir();
    const [a, b] = [Library.open(tempDir()), Library.open(tempDir())];
    try {
      const r = a.importFile({ fileName: 'x.txt', bytes: new TextEncoder().encode('Stones\n\nRiver stones are round.') }, 'new');
      if (r.status !== 'imported') throw new Error(r.status);
      const id = r.article.id;
      syncNow(a.db, { folder });
      syncNow(b.db, { folder });
      // Apart: A deletes (keeping an undo), B edits.
      const { undoToken } = a.deleteArticles([id]);
      b.setFavorite(id, true);
      b.setArticleNote(id, 'written while apart');
      syncNow(b.db);
      syncNow(a.db);
      syncNow(b.db);
      expect(a.listArticles().map((x) => x.id)).toEqual([]);
      expect(b.listArticles().map((x) => x.id)).toEqual([]);
      // Undo on A writes the article back as A had it (so not B's favourite), and B's note, never lost, with it.
      a.undoDeleteArticles(undoToken);
      syncNow(a.db);
      syncNow(b.db);
      syncNow(a.db);
      for (const lib of [a, b]) {
        expect(lib.getArticle(id).favorite).toBe(false);
        expect(lib.getArticleNote(id).note).toBe('written while apart');
      }
      expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
    } finally {
      a.close();
      b.close();
    }
  });

  it('an article whose body blob has not arrived waits, then appears', () => {
    const folder = tempDir();
    const [a, b] = [Library.open(tempDir()), Library.open(tempDir())];
    try {
      const r = a.importFile({ fileName: 'x.txt', bytes: new TextEncoder().encode('Copper\n\nCopper turns green.') }, 'new');
      if (r.status !== 'imported') throw new Error(r.status);
      syncNow(a.db, { folder });
      const blobs = `${folder}/Gloss/blobs`;
      const [blob] = readdirSync(blobs);
      renameSync(`${blobs}/${blob}`, `${folder}/held`);
      const waiting = syncNow(b.db, { folder });
      expect(waiting.applied.pending).toBe(1);
      expect(b.listArticles()).toEqual([]);
      renameSync(`${folder}/held`, `${blobs}/${blob}`);
      expect(syncNow(b.db).applied.pending).toBe(0);
      expect(b.getArticle(r.article.id).text).toBe(a.getArticle(r.article.id).text);
    } finally {
      a.close();
      b.close();
    }
  });
});
