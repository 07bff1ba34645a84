/**
 * The sync folder's layout, under DIR/Gloss/:
 *   library.json                     {"format":"gloss-sync","version":1,"library":ID}
 *   devices/<device>/<n>.jsonl       append-only log segments only that device writes
 *   devices/<device>/device.json     the device's name
 *   blobs/<sha256>                   content-addressed bodies, versions and files (files.ts)
 *   any other file through writeFile/readFile (snapshots)
 * Sync engines make conflict copies (`x.sync-conflict-….jsonl`, `x (… conflicted
 * copy …).jsonl`): they are read as extra logs. Their temporary files are not.
 *
 * An encrypted folder (a passphrase; crypt.ts) is format version 2, so a
 * Gloss that cannot encrypt refuses it rather than writing plain text into
 * it; library.json adds `"encryption":{…}` (scrypt cost, salt, check value).
 * Log lines are sealed one by one (line-format.ts), blobs are named by an
 * HMAC of their hash (`blobs/<hmac>`), and blobs, device.json and every
 * writeFile file are sealed whole, with a checksum in front (`sealedFrame`).
 */
import { crc32 } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GlossError } from '../../shared/errors';
import { FolderCipher, isEncryptionParams, SEAL_OVERHEAD, type EncryptionParams, type RememberedKey, type ScryptCost } from './crypt';
import { encodeLine, encodeSealedLine, readLines, type LineSeal, type Operation, type ReadResult } from './line-format';

export const SYNC_FORMAT = 'gloss-sync';
/** The newest format this Gloss reads: 1 plain, 2 encrypted. */
export const SYNC_FORMAT_VERSION = 2;
const PLAIN_VERSION = 1;
const ENCRYPTED_VERSION = 2;
/** A segment is closed once it passes this size, so no log file grows without end. */
export const SEGMENT_BYTES = 8 * 1024 * 1024;

export interface LibraryFile {
  format: string;
  version: number;
  library: string;
  encryption?: EncryptionParams;
}

/** What opens an encrypted folder: the passphrase the user typed, or the key this device remembered. */
export interface FolderSecret {
  passphrase?: string;
  remembered?: RememberedKey;
  /** scrypt's cost for a folder encrypted now (tests use a cheap one); default crypt.ts's. */
  cost?: ScryptCost;
}

export class SyncFolder {
  readonly root: string;
  #cipher: FolderCipher | undefined;
  #lineSeal: LineSeal | undefined;
  #rejected = 0;

  constructor(dir: string) {
    this.root = join(dir, 'Gloss');
  }

  /** Whether the folder is encrypted (known once claimed). */
  get encrypted(): boolean {
    return this.#cipher !== undefined;
  }

  /** Lines, blobs and files of an encrypted folder refused so far because they did not open (tampered, or another key). */
  get rejected(): number {
    return this.#rejected;
  }

  /** The key to remember for this encrypted folder (never the passphrase); undefined for a plain folder. */
  rememberedKey(): RememberedKey | undefined {
    return this.#cipher?.remember();
  }

  #useCipher(cipher: FolderCipher, library: string): void {
    this.#cipher = cipher;
    const context = `line ${library}`;
    this.#lineSeal = { seal: (json) => cipher.seal(json, context), open: (sealed) => cipher.open(sealed, context) };
  }

  /**
   * Checks the folder holds this library's sync (or none yet: it is made
   * ours, encrypted when a passphrase is given) and answers the library id.
   * `library` is null before a library's first sync: it joins the folder's
   * library. An encrypted folder needs its passphrase (or the remembered
   * key): a wrong or missing one is refused here, before anything is read.
   */
  claim(dir: string, library: string | null, newLibraryId: () => string, secret: FolderSecret = {}): string {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new GlossError('not_found', `The sync folder ${dir} does not exist (create it, or choose the folder your sync app keeps in step).`);
    }
    const file = join(this.root, 'library.json');
    if (!existsSync(file)) {
      const id = library ?? newLibraryId();
      let content: LibraryFile = { format: SYNC_FORMAT, version: PLAIN_VERSION, library: id };
      if (secret.passphrase !== undefined) {
        const { params, cipher } = FolderCipher.create(secret.passphrase, id, secret.cost);
        content = { format: SYNC_FORMAT, version: ENCRYPTED_VERSION, library: id, encryption: params };
        this.#useCipher(cipher, id);
      }
      mkdirSync(this.root, { recursive: true });
      writeAtomically(file, JSON.stringify(content) + '\n');
      return id;
    }
    const parsed = readLibraryFile(file, dir);
    if (library !== null && parsed.library !== library) {
      throw new GlossError('conflict', `The sync folder ${dir} holds another Gloss library (${parsed.library}); this library syncs as ${library}. Choose another folder.`);
    }
    if (parsed.encryption === undefined && parsed.version < ENCRYPTED_VERSION) {
      if (secret.passphrase !== undefined) {
        throw new GlossError('invalid_argument', `The sync folder ${dir} is not encrypted: sync without a passphrase, or choose a new, empty folder to sync encrypted.`);
      }
      // This device synced here encrypted: a plain library.json now is someone turning encryption off, not a reason to write plain text.
      if (secret.remembered !== undefined) {
        throw new GlossError('conflict', `The sync folder ${dir} was encrypted and no longer says so: nothing was synced. Restore its Gloss/library.json from your sync app's history.`);
      }
      return parsed.library;
    }
    if (!isEncryptionParams(parsed.encryption)) throw new GlossError('damaged_file', `${file} says the folder is encrypted but its encryption settings are damaged.`);
    if (secret.passphrase !== undefined) {
      this.#useCipher(FolderCipher.open(parsed.encryption, parsed.library, { passphrase: secret.passphrase }), parsed.library);
    } else if (secret.remembered !== undefined) {
      this.#useCipher(FolderCipher.open(parsed.encryption, parsed.library, { remembered: secret.remembered }), parsed.library);
    } else {
      throw new GlossError('password_required', `The sync folder ${dir} is encrypted: enter its passphrase (gloss sync --passphrase-file FILE).`);
    }
    return parsed.library;
  }

  /**
   * For reading only (the sync status): opens an encrypted folder with the
   * remembered key so its device names can be read; writes nothing. Answers
   * whether the folder is readable (plain, or opened).
   */
  unlock(dir: string, remembered: RememberedKey | undefined): boolean {
    const file = join(this.root, 'library.json');
    if (!existsSync(file)) return false;
    const parsed = readLibraryFile(file, dir);
    if (parsed.encryption === undefined) return true;
    if (!remembered || !isEncryptionParams(parsed.encryption)) return false;
    this.#useCipher(FolderCipher.open(parsed.encryption, parsed.library, { remembered }), parsed.library);
    return true;
  }

  /** This device's log lines as they are written (sealed in an encrypted folder). */
  encodeLines(ops: readonly Operation[]): string {
    const seal = this.#lineSeal;
    return seal ? ops.map((op) => encodeSealedLine(op, seal)).join('') : ops.map((op) => encodeLine(op)).join('');
  }

  /** The operations in bytes read from a log (readLog); lines of an encrypted folder that do not open are counted in `rejected`. */
  readLines(bytes: Buffer): ReadResult {
    const result = readLines(bytes, this.#lineSeal);
    this.#rejected += result.rejected ?? 0;
    return result;
  }

  deviceDir(device: string): string {
    return join(this.root, 'devices', device);
  }

  blobPath(hash: string): string {
    return join(this.root, 'blobs', hash);
  }

  /** The name a blob of these bytes has in this folder: its SHA-256, or in an encrypted folder an HMAC of it. */
  blobNameOf(bytes: Buffer): string {
    return this.#cipher ? this.#cipher.blobName(bytes) : createHash('sha256').update(bytes).digest('hex');
  }

  /** The name of the blob of a file whose SHA-256 (hex) is known (a stored image or document), without its bytes. */
  blobNameOfHash(sha256: string): string {
    return this.#cipher ? this.#cipher.blobNameOfHash(Buffer.from(sha256, 'hex')) : sha256;
  }

  /** Writes a blob under its name (once, or again over a damaged copy: a cut one a sync app left); answers its name. */
  writeBlob(bytes: Buffer): { hash: string; written: boolean } {
    const hash = this.blobNameOf(bytes);
    const path = this.blobPath(hash);
    if (existsSync(path) && this.readBlob(hash)) return { hash, written: false };
    mkdirSync(join(this.root, 'blobs'), { recursive: true });
    writeAtomically(path, this.#cipher ? sealedFrame(this.#cipher.seal(bytes, `blob ${hash}`)) : bytes);
    return { hash, written: true };
  }

  /**
   * A blob's bytes, or undefined while it has not arrived whole (its name is checked against its bytes).
   * `size` (its plaintext's, when the reader knows it): shorter is still arriving; of that size (or longer)
   * and not matching its name, it is damaged: refused and counted in `rejected`.
   */
  readBlob(hash: string, size?: number): Buffer | undefined {
    if (!/^[0-9a-f]{64}$/.test(hash)) return undefined;
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(this.blobPath(hash));
    } catch {
      return undefined;
    }
    if (this.#cipher) {
      const whole = size === undefined ? undefined : FRAME + SEAL_OVERHEAD + size;
      if (whole !== undefined && bytes.length < whole) return undefined;
      bytes = this.#openFrame(bytes, `blob ${hash}`, whole !== undefined);
      if (!bytes) return undefined;
      if (this.#cipher.blobName(bytes) !== hash) {
        this.#rejected++;
        return undefined;
      }
      return bytes;
    }
    if (size !== undefined && bytes.length < size) return undefined;
    if (createHash('sha256').update(bytes).digest('hex') === hash) return bytes;
    if (size !== undefined) this.#rejected++;
    return undefined;
  }

  /**
   * Writes a file of the folder (relative to Gloss/, e.g. a snapshot),
   * atomically, with a checksum so a reader knows it arrived whole; sealed
   * in an encrypted folder.
   */
  writeFile(relative: string, data: Buffer): void {
    const path = this.#inside(relative);
    mkdirSync(dirname(path), { recursive: true });
    writeAtomically(path, this.#cipher ? sealedFrame(this.#cipher.seal(data, `file ${relative}`)) : plainFrame(data));
  }

  /** A file written by writeFile, or undefined when it is missing, has not arrived whole, or (encrypted) does not open. */
  readFile(relative: string): Buffer | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.#inside(relative));
    } catch {
      return undefined;
    }
    if (this.#cipher) return this.#openFrame(bytes, `file ${relative}`);
    return bytes.length >= FRAME && bytes.subarray(0, 4).equals(PLAIN_MAGIC) && bytes.readUInt32BE(4) === crc32(bytes.subarray(FRAME)) ? bytes.subarray(FRAME) : undefined;
  }

  #inside(relative: string): string {
    const parts = relative.split('/');
    if (!relative || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) throw new GlossError('invalid_argument', `Not a path inside the sync folder: ${relative}`);
    return join(this.root, ...parts);
  }

  /**
   * A sealed frame's plaintext; a frame not whole yet is undefined, a whole one that does not open is also
   * counted as refused. `sized`: the frame is known to be of its full length, so a bad checksum is damage, counted too.
   */
  #openFrame(bytes: Buffer, context: string, sized = false): Buffer | undefined {
    if (bytes.length < FRAME || !bytes.subarray(0, 4).equals(SEALED_MAGIC) || bytes.readUInt32BE(4) !== crc32(bytes.subarray(FRAME))) {
      if (sized) this.#rejected++;
      return undefined;
    }
    const plain = this.#cipher!.open(bytes.subarray(FRAME), context);
    if (!plain) this.#rejected++;
    return plain;
  }

  writeDeviceName(device: string, name: string): void {
    const dir = this.deviceDir(device);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'device.json');
    const text = JSON.stringify({ name }) + '\n';
    if (this.#cipher) {
      const relative = `devices/${device}/device.json`;
      if (this.readFile(relative)?.toString('utf8') !== text) this.writeFile(relative, Buffer.from(text, 'utf8'));
    } else if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeAtomically(file, text);
  }

  /** The devices in the folder: id, name, and when their log last changed. */
  devices(): { id: string; name: string | null; lastSeen: string | null }[] {
    const base = join(this.root, 'devices');
    if (!existsSync(base)) return [];
    return readdirSync(base, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => {
        const dir = join(base, d.name);
        let name: string | null = null;
        try {
          // An encrypted folder's names are sealed: unknown (null) without its key.
          const text = this.#cipher ? this.readFile(`devices/${d.name}/device.json`)?.toString('utf8') : readFileSync(join(dir, 'device.json'), 'utf8');
          const parsed = JSON.parse(text ?? 'null') as { name?: unknown } | null;
          if (typeof parsed?.name === 'string') name = parsed.name;
        } catch {
          // no name yet
        }
        const times = readdirSync(dir).filter(isLogFile).map((f) => statSync(join(dir, f)).mtimeMs);
        return { id: d.name, name, lastSeen: times.length ? new Date(Math.max(...times)).toISOString() : null };
      });
  }

  /** Every log file of every device, as paths relative to the root (segments and conflict copies). */
  logFiles(): string[] {
    const base = join(this.root, 'devices');
    if (!existsSync(base)) return [];
    const out: string[] = [];
    for (const d of readdirSync(base, { withFileTypes: true })) {
      if (!d.isDirectory()) continue;
      for (const f of readdirSync(join(base, d.name))) if (isLogFile(f)) out.push(`devices/${d.name}/${f}`);
    }
    return out.sort();
  }

  /** Reads a log from `offset`; a file now shorter than that (restored from a backup) is read from the start. */
  readLog(relative: string, offset: number): { bytes: Buffer; from: number } {
    const fd = openSync(join(this.root, relative), 'r');
    try {
      const size = fstatSync(fd).size;
      const from = size < offset ? 0 : offset;
      const bytes = Buffer.alloc(size - from);
      let read = 0;
      while (read < bytes.length) {
        const n = readSync(fd, bytes, read, bytes.length - read, from + read);
        if (n === 0) break;
        read += n;
      }
      return { bytes: bytes.subarray(0, read), from };
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Appends lines to this device's current segment (a new one past
   * SEGMENT_BYTES) and flushes them to disk. Answers the segment's relative
   * path and its size before and after.
   */
  append(device: string, text: string): { path: string; before: number; after: number } {
    const dir = this.deviceDir(device);
    mkdirSync(dir, { recursive: true });
    const segments = readdirSync(dir).filter((f) => /^\d{8}\.jsonl$/.test(f)).sort();
    let name = segments[segments.length - 1] ?? '00000001.jsonl';
    let path = join(dir, name);
    if (existsSync(path) && statSync(path).size >= SEGMENT_BYTES) {
      name = `${String(Number(name.slice(0, 8)) + 1).padStart(8, '0')}.jsonl`;
      path = join(dir, name);
    }
    const fd = openSync(path, 'a+');
    try {
      const before = fstatSync(fd).size;
      let data = text;
      // A crash mid-append left a half line: end it, so the next line starts clean.
      if (before > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, before - 1);
        if (last[0] !== 0x0a) data = '\n' + data;
      }
      const bytes = Buffer.from(data, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
      return { path: `devices/${device}/${name}`, before, after: before + bytes.length };
    } finally {
      closeSync(fd);
    }
  }
}

function readLibraryFile(file: string, dir: string): LibraryFile {
  let parsed: Partial<LibraryFile>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LibraryFile>;
  } catch {
    throw new GlossError('damaged_file', `The sync folder's ${file} is damaged (not JSON): restore it from your sync app's history.`);
  }
  if (parsed.format !== SYNC_FORMAT || typeof parsed.library !== 'string' || typeof parsed.version !== 'number') {
    throw new GlossError('damaged_file', `${file} is not a Gloss sync file.`);
  }
  if (parsed.version > SYNC_FORMAT_VERSION) {
    throw new GlossError('library_too_new', `The sync folder ${dir} was written by a newer Gloss (format ${parsed.version}; this version knows ${SYNC_FORMAT_VERSION}). Update Gloss to sync with it.`);
  }
  return parsed as LibraryFile;
}

/** A log segment or a sync engine's conflict copy of one; never an engine's temporary file. */
export function isLogFile(name: string): boolean {
  if (name.startsWith('.syncthing.') || name.startsWith('~syncthing~') || name.endsWith('.tmp')) return false;
  return name.endsWith('.jsonl') || name.includes('.sync-conflict-') || name.includes('conflicted copy');
}

/** A whole-file frame: 4 bytes saying what it is, the CRC-32 of the rest (big-endian), the rest. */
const SEALED_MAGIC = Buffer.from('GLS\x01', 'latin1');
const PLAIN_MAGIC = Buffer.from('GLS\x00', 'latin1');
const FRAME = 8;

function frame(magic: Buffer, body: Buffer): Buffer {
  const head = Buffer.alloc(FRAME);
  magic.copy(head, 0);
  head.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([head, body]);
}

const sealedFrame = (sealed: Buffer): Buffer => frame(SEALED_MAGIC, sealed);
const plainFrame = (data: Buffer): Buffer => frame(PLAIN_MAGIC, data);

function writeAtomically(path: string, data: string | Buffer): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, data);
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
