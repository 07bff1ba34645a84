/**
 * The sync folder's layout, under DIR/Gloss/:
 *   library.json                     {"format":"gloss-sync","version":1,"library":ID}
 *   devices/<device>/<n>.jsonl       append-only log segments only that device writes
 *   devices/<device>/device.json     the device's name
 *   blobs/<sha256>                   content-addressed bodies
 * Sync engines make conflict copies (`x.sync-conflict-….jsonl`, `x (… conflicted
 * copy …).jsonl`): they are read as extra logs. Their temporary files are not.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GlossError } from '../../shared/errors';

export const SYNC_FORMAT = 'gloss-sync';
export const SYNC_FORMAT_VERSION = 1;
/** A segment is closed once it passes this size, so no log file grows without end. */
export const SEGMENT_BYTES = 8 * 1024 * 1024;

export interface LibraryFile {
  format: string;
  version: number;
  library: string;
}

export class SyncFolder {
  readonly root: string;

  constructor(dir: string) {
    this.root = join(dir, 'Gloss');
  }

  /**
   * Checks the folder holds this library's sync (or none yet: it is made
   * ours) and answers the library id. `library` is null before a library's
   * first sync: it joins the folder's library.
   */
  claim(dir: string, library: string | null, newLibraryId: () => string): string {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new GlossError('not_found', `The sync folder ${dir} does not exist (create it, or choose the folder your sync app keeps in step).`);
    }
    const file = join(this.root, 'library.json');
    if (!existsSync(file)) {
      const id = library ?? newLibraryId();
      mkdirSync(this.root, { recursive: true });
      writeAtomically(file, JSON.stringify({ format: SYNC_FORMAT, version: SYNC_FORMAT_VERSION, library: id } satisfies LibraryFile) + '\n');
      return id;
    }
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
    if (library !== null && parsed.library !== library) {
      throw new GlossError('conflict', `The sync folder ${dir} holds another Gloss library (${parsed.library}); this library syncs as ${library}. Choose another folder.`);
    }
    return parsed.library;
  }

  deviceDir(device: string): string {
    return join(this.root, 'devices', device);
  }

  blobPath(hash: string): string {
    return join(this.root, 'blobs', hash);
  }

  /** Writes a blob under its SHA-256 (once, or again over a damaged copy: a cut one a sync app left); answers its name. */
  writeBlob(bytes: Buffer): { hash: string; written: boolean } {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const path = this.blobPath(hash);
    if (existsSync(path) && this.readBlob(hash)) return { hash, written: false };
    mkdirSync(join(this.root, 'blobs'), { recursive: true });
    writeAtomically(path, bytes);
    return { hash, written: true };
  }

  /** A blob's bytes, or undefined while it has not arrived whole (its hash is checked). */
  readBlob(hash: string): Buffer | undefined {
    if (!/^[0-9a-f]{64}$/.test(hash)) return undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.blobPath(hash));
    } catch {
      return undefined;
    }
    return createHash('sha256').update(bytes).digest('hex') === hash ? bytes : undefined;
  }

  writeDeviceName(device: string, name: string): void {
    const dir = this.deviceDir(device);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'device.json');
    const text = JSON.stringify({ name }) + '\n';
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeAtomically(file, text);
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
          const parsed = JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8')) as { name?: unknown };
          if (typeof parsed.name === 'string') name = parsed.name;
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

/** A log segment or a sync engine's conflict copy of one; never an engine's temporary file. */
export function isLogFile(name: string): boolean {
  if (name.startsWith('.syncthing.') || name.startsWith('~syncthing~') || name.endsWith('.tmp')) return false;
  return name.endsWith('.jsonl') || name.includes('.sync-conflict-') || name.includes('conflicted copy');
}

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
