/**
 * End-to-end encryption of the sync folder (crypt.ts, folder.ts): real
 * libraries, a real folder, the files as a cloud drive would hold them.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GlossError } from '../../src/shared/errors';
import { Library } from '../../src/main/library';
import { FolderCipher, DEFAULT_SCRYPT, type ScryptCost } from '../../src/main/sync/crypt';
import { syncNow, syncStatus } from '../../src/main/sync/engine';
import { SyncFolder } from '../../src/main/sync/folder';
import { encodeLine } from '../../src/main/sync/line-format';
import { blobOf } from '../../src/main/sync/materialize';
import { tempDir } from '../helpers/tmp';
import { canonicalDump, checksum } from './helpers';

/** scrypt's cheapest accepted cost: the tests check the design, not the work factor (one test pays the default). */
const CHEAP: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
const PASS = 'correct horse battery staple';
const QUOTE = 'Patience is the gardener\u2019s first tool';
const TEXT = `Marigolds\n\nGardens grow slowly. ${QUOTE}, and the second is a spade.`;

function importText(lib: Library, name: string, text = TEXT): string {
  const r = lib.importFile({ fileName: name, bytes: new TextEncoder().encode(text) }, 'new');
  if (r.status !== 'imported') throw new Error(`not imported: ${r.status}`);
  return r.article.id;
}

function selectorsOf(lib: Library, articleId: string, exact: string): { articleId: string; quote: { exact: string; prefix: string; suffix: string }; position: { start: number; end: number } } {
  const text = lib.getArticle(articleId).text;
  const start = text.indexOf(exact);
  const end = start + exact.length;
  return { articleId, quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) }, position: { start, end } };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof GlossError ? err.code : `not a GlossError: ${String(err)}`;
  }
  return undefined;
}

/** The lines of a device's first log segment in the folder. */
function segmentOf(folder: string, device: string): string {
  return join(folder, 'Gloss', 'devices', device, '00000001.jsonl');
}

/** A line re-sealed by someone without the key: one byte of its ciphertext changed, its checksum made right again. */
function tamperLine(line: string): string {
  const sealed = Buffer.from(line.slice(9), 'base64');
  sealed.writeUInt8(sealed.readUInt8(20) ^ 0x01, 20);
  const text = sealed.toString('base64');
  return `${crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0')} ${text}`;
}

const deviceOf = (lib: Library): string => lib.db.prepare(`SELECT device FROM sync_state`).pluck().get() as string;

describe('sync folder encryption', () => {
  it('the cipher: a passphrase opens what it sealed, a wrong one is refused, a sealed item opens only in its place', () => {
    const { params, cipher } = FolderCipher.create(PASS, 'lib1', CHEAP);
    expect(params).toMatchObject({ cipher: 'aes-256-gcm', kdf: 'scrypt', N: CHEAP.N, r: 8, p: 1 });
    expect(Buffer.from(params.salt, 'base64')).toHaveLength(16);
    const again = FolderCipher.open(params, 'lib1', { passphrase: PASS });
    const sealed = cipher.seal(Buffer.from('a note'), 'file a');
    expect(again.open(sealed, 'file a')?.toString()).toBe('a note');
    expect(again.open(sealed, 'file b')).toBeUndefined();
    // A random nonce per item: the same text sealed twice differs.
    expect(cipher.seal(Buffer.from('a note'), 'file a').equals(sealed)).toBe(false);
    expect(codeOf(() => FolderCipher.open(params, 'lib1', { passphrase: 'wrong horse' }))).toBe('wrong_password');
    // Opened by the remembered key alone, which is not the passphrase.
    const remembered = cipher.remember();
    expect(JSON.stringify(remembered)).not.toContain(PASS);
    expect(FolderCipher.open(params, 'lib1', { remembered }).blobName(Buffer.from('x'))).toBe(cipher.blobName(Buffer.from('x')));
    expect(cipher.blobName(Buffer.from('x'))).not.toBe(createHash('sha256').update('x').digest('hex'));
    // A folder asking for an absurd cost is refused rather than derived for hours.
    expect(codeOf(() => FolderCipher.open({ ...params, N: 2 ** 30 }, 'lib1', { passphrase: PASS }))).toBe('damaged_file');
  });

  it('two libraries sync through an encrypted folder; the folder holds no plain text, blob names are not content hashes, the passphrase is kept nowhere', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    try {
      const id = importText(a, 'marigolds.txt');
      const h = a.createHighlight({ ...selectorsOf(a, id, QUOTE), color: 'green', note: 'sunflower seeds in March' });
      a.setArticleNote(id, 'lavender by the gate');
      a.tagArticles([id], ['Hollyhock']);
      const first = syncNow(a.db, { folder, deviceName: 'Aubergine laptop', passphrase: PASS, scrypt: CHEAP });
      expect(first.published.ops).toBeGreaterThan(0);
      const joined = syncNow(b.db, { folder, deviceName: 'Beetroot desktop', passphrase: PASS });
      expect(joined.applied).toMatchObject({ pending: 0, failed: 0, rejected: 0 });
      expect(b.listHighlights(id).map((x) => [x.id, x.note, x.color])).toEqual([[h.id, 'sunflower seeds in March', 'green']]);

      // Later rounds need no passphrase: each device remembered the key.
      b.updateHighlight(h.id, { color: 'blue' });
      b.setArticleNote(id, 'lavender by the gate, and thyme');
      syncNow(b.db);
      syncNow(a.db);
      expect(a.getArticleNote(id).note).toBe('lavender by the gate, and thyme');
      expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
      expect(checksum(b.db)).toBe(checksum(a.db));
      expect(syncStatus(a.db, { devices: true }).devices?.map((d) => d.name).sort()).toEqual(['Aubergine laptop', 'Beetroot desktop']);

      const library = JSON.parse(readFileSync(join(folder, 'Gloss', 'library.json'), 'utf8')) as { version: number; library: string; encryption: { salt: string; check: string } };
      expect(library.version).toBe(2);
      expect(library.encryption).toMatchObject({ cipher: 'aes-256-gcm', kdf: 'scrypt' });

      const secrets = [QUOTE, 'Patience', 'Marigolds', 'sunflower', 'lavender', 'thyme', 'Hollyhock', 'Aubergine', 'Beetroot', h.id, id, PASS];
      const files = filesUnder(join(folder, 'Gloss'));
      expect(files.length).toBeGreaterThan(4);
      for (const file of files) {
        const bytes = readFileSync(file);
        for (const secret of secrets) expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${file}`).toBe(false);
      }
      const body = a.db.prepare(`SELECT b.html, b.text, b.content_hash FROM article_bodies b JOIN articles x ON x.seq = b.article_seq WHERE x.id = ?`).get(id) as { html: string; text: string; content_hash: string | null };
      const blobs = readdirSync(join(folder, 'Gloss', 'blobs'));
      expect(blobs).toHaveLength(1);
      expect(blobs[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(blobs).not.toContain(blobOf(body).hash);

      // Someone with the folder but not the key turns encryption off: the devices refuse to write plain text into it.
      const libraryFile = join(folder, 'Gloss', 'library.json');
      const sealedLibrary = readFileSync(libraryFile);
      writeFileSync(libraryFile, JSON.stringify({ format: 'gloss-sync', version: 1, library: library.library }));
      a.setArticleNote(id, 'lavender and mint');
      expect(codeOf(() => syncNow(a.db))).toBe('conflict');
      for (const file of filesUnder(join(folder, 'Gloss'))) expect(readFileSync(file).includes(Buffer.from('mint'))).toBe(false);
      writeFileSync(libraryFile, sealedLibrary);
      syncNow(a.db);
      syncNow(b.db);
      expect(b.getArticleNote(id).note).toBe('lavender and mint');

      // Neither library file holds the passphrase.
      for (const lib of [a, b]) {
        const values = lib.db.prepare(`SELECT value FROM settings`).pluck().all() as string[];
        expect(values.some((v) => v.includes(PASS))).toBe(false);
        expect(values.some((v) => v.includes(library.encryption.salt))).toBe(true); // the remembered key
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it('a wrong, missing or unneeded passphrase is one clear error, before anything is applied', () => {
    const folder = tempDir();
    const plain = tempDir();
    const a = Library.open(tempDir());
    const c = Library.open(tempDir());
    try {
      importText(a, 'marigolds.txt');
      syncNow(a.db, { folder, deviceName: 'laptop', passphrase: PASS, scrypt: CHEAP });
      syncNow(a.db, { folder: plain, deviceName: 'laptop' }); // (another library's folder would be refused anyway; a is now on `plain`)
      let error: unknown;
      try {
        syncNow(c.db, { folder, passphrase: 'Correct horse battery staple' });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(GlossError);
      expect((error as GlossError).code).toBe('wrong_password');
      expect((error as GlossError).message).toMatch(/^Wrong passphrase for the sync folder[^\n]*$/);
      expect(codeOf(() => syncNow(c.db, { folder }))).toBe('password_required');
      // Nothing was applied nor remembered.
      expect(c.listArticles()).toEqual([]);
      expect(syncStatus(c.db)).toMatchObject({ folder: null, library: null });
      // A passphrase for a plain folder: refused (it is not encrypted after the fact).
      const d = Library.open(tempDir());
      try {
        expect(codeOf(() => syncNow(d.db, { folder: plain, passphrase: PASS }))).toBe('invalid_argument');
        expect(d.listArticles()).toEqual([]);
      } finally {
        d.close();
      }
      // The right one, with the default (real) cost of a new folder's key paid once here.
      const fresh = tempDir();
      const e = Library.open(tempDir());
      try {
        importText(e, 'marigolds.txt');
        syncNow(e.db, { folder: fresh, passphrase: PASS });
        expect(JSON.parse(readFileSync(join(fresh, 'Gloss', 'library.json'), 'utf8'))).toMatchObject({ encryption: DEFAULT_SCRYPT });
        expect(syncNow(c.db, { folder, passphrase: PASS }).applied).toMatchObject({ pending: 0, rejected: 0 });
        expect(c.listArticles()).toHaveLength(1);
      } finally {
        e.close();
      }
    } finally {
      a.close();
      c.close();
    }
  });

  it('a tampered line, a forged plain line and a tampered blob are refused, counted, and not applied; a cut line waits', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    try {
      const id = importText(a, 'marigolds.txt');
      const h = a.createHighlight({ ...selectorsOf(a, id, QUOTE), color: 'green', note: 'first' });
      syncNow(a.db, { folder, deviceName: 'laptop', passphrase: PASS, scrypt: CHEAP });
      syncNow(b.db, { folder, deviceName: 'desktop', passphrase: PASS });
      expect(b.listHighlights(id)[0]!.color).toBe('green');

      // a's next change is one line; someone without the key alters it.
      a.updateHighlight(h.id, { color: 'pink' });
      expect(syncNow(a.db).published.ops).toBe(1);
      const file = segmentOf(folder, deviceOf(a));
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      writeFileSync(file, [...lines.slice(0, -1), tamperLine(lines[lines.length - 1]!)].join('\n') + '\n');
      // …and appends a forged operation in plain text, as an older Gloss would have written it.
      appendFileSync(file, encodeLine({ h: Number.MAX_SAFE_INTEGER, d: deviceOf(a), e: 'highlight', k: h.id, f: { note: 'forged' } }));
      const round = syncNow(b.db);
      expect(round.applied.rejected).toBe(2);
      expect(b.listHighlights(id).map((x) => [x.color, x.note])).toEqual([['green', 'first']]);
      // Refused lines are settled: not counted again.
      expect(syncNow(b.db).applied.rejected).toBe(0);

      // A cut line (its checksum does not hold) is not refused: it waits, as in a plain folder.
      a.updateHighlight(h.id, { note: 'second' });
      syncNow(a.db);
      const whole = readFileSync(file);
      writeFileSync(file, whole.subarray(0, whole.length - 10));
      expect(syncNow(b.db).applied).toMatchObject({ rejected: 0 });
      expect(b.listHighlights(id)[0]!.note).toBe('first');
      writeFileSync(file, whole);
      syncNow(b.db);
      expect(b.listHighlights(id)[0]!.note).toBe('second');

      // A blob altered in the folder: the article it carries waits, the blob is counted as refused.
      const other = importText(a, 'rivers.txt', 'Rivers\n\nRivers carry silt to the sea, slowly.');
      syncNow(a.db);
      const blobDir = join(folder, 'Gloss', 'blobs');
      const newest = readdirSync(blobDir)
        .map((name) => ({ name, at: statSync(join(blobDir, name)).mtimeMs }))
        .sort((x, y) => y.at - x.at)[0]!.name;
      const blob = readFileSync(join(blobDir, newest));
      const altered = Buffer.from(blob);
      altered.writeUInt8(altered.readUInt8(40) ^ 0x01, 40);
      altered.writeUInt32BE(crc32(altered.subarray(8)), 4);
      writeFileSync(join(blobDir, newest), altered);
      const blocked = syncNow(b.db);
      expect(blocked.applied).toMatchObject({ pending: 1, rejected: 1 });
      expect(() => b.getArticle(other)).toThrow();
      writeFileSync(join(blobDir, newest), blob);
      expect(syncNow(b.db).applied).toMatchObject({ pending: 0, rejected: 0 });
      expect(b.getArticle(other).title).toBe('Rivers');
    } finally {
      a.close();
      b.close();
    }
  });

  it('a snapshot in an encrypted folder is sealed, and a new device starts from it', () => {
    const folder = tempDir();
    const a = Library.open(tempDir());
    const c = Library.open(tempDir());
    try {
      const id = importText(a, 'marigolds.txt');
      const h = a.createHighlight({ ...selectorsOf(a, id, QUOTE), color: 'green', note: 'sunflower seeds in March' });
      syncNow(a.db, { folder, deviceName: 'laptop', passphrase: PASS, scrypt: CHEAP, snapshotEvery: 1 });
      const snapshots = join(folder, 'Gloss', 'snapshots');
      const [snapshot] = readdirSync(snapshots);
      expect(readFileSync(join(snapshots, snapshot!)).subarray(0, 4).equals(Buffer.from('GLS\x01', 'latin1'))).toBe(true);
      // Only the snapshot can carry the highlight now: the log is emptied.
      writeFileSync(segmentOf(folder, deviceOf(a)), '');
      const joined = syncNow(c.db, { folder, passphrase: PASS });
      expect(joined.applied).toMatchObject({ pending: 0, failed: 0, rejected: 0 });
      expect(c.listHighlights(id).map((x) => [x.id, x.note])).toEqual([[h.id, 'sunflower seeds in March']]);
    } finally {
      a.close();
      c.close();
    }
  });

  it('files through writeFile/readFile (snapshots): whole or nothing, sealed in an encrypted folder, kept inside the folder', () => {
    for (const passphrase of [undefined, PASS]) {
      const dir = tempDir();
      const folder = new SyncFolder(dir);
      folder.claim(dir, null, () => 'lib1', passphrase === undefined ? {} : { passphrase, cost: CHEAP });
      expect(folder.encrypted).toBe(passphrase !== undefined);
      const data = Buffer.from(JSON.stringify({ snapshot: QUOTE }));
      folder.writeFile('snapshots/dev1/00000001.json', data);
      expect(folder.readFile('snapshots/dev1/00000001.json')?.equals(data)).toBe(true);
      expect(folder.readFile('snapshots/dev1/missing.json')).toBeUndefined();
      const path = join(dir, 'Gloss', 'snapshots', 'dev1', '00000001.json');
      const whole = readFileSync(path);
      expect(whole.includes(Buffer.from('Patience'))).toBe(passphrase === undefined);
      writeFileSync(path, whole.subarray(0, whole.length - 3));
      expect(folder.readFile('snapshots/dev1/00000001.json')).toBeUndefined();
      expect(folder.rejected).toBe(0);
      // Moved to another name, a sealed file does not open there.
      writeFileSync(join(dir, 'Gloss', 'snapshots', 'dev1', '00000002.json'), whole);
      expect(folder.readFile('snapshots/dev1/00000002.json') === undefined).toBe(passphrase !== undefined);
      expect(folder.rejected).toBe(passphrase === undefined ? 0 : 1);
      expect(codeOf(() => folder.writeFile('../outside.json', data))).toBe('invalid_argument');
    }
  });
});
