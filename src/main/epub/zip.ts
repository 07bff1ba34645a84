/**
 * A zip archive read for an EPUB, defensively: the central directory is
 * read here (entry names, methods, sizes, where each entry's data starts),
 * and an entry is inflated only when asked for, with fflate's streaming
 * inflater, counting the bytes it actually produces. An entry that grows
 * past its declared size, past its own cap or past what is left of the
 * whole book's budget is refused while inflating, so a zip bomb costs at
 * most the cap, whatever its headers declare.
 *
 * Entry names are only ever used as keys (nothing is written to disk);
 * names that could mean something outside the archive (`..`, absolute,
 * drive letters, backslashes, NUL) are refused outright.
 */
import { Inflate } from 'fflate';
import { GlossError } from '../../shared/errors';

/** The most entries an EPUB may hold (real books: tens to a few thousand). */
export const MAX_EPUB_ENTRIES = 10_000;
/** The most bytes all inflated entries may add up to (one import). */
export const MAX_EPUB_EXPANDED_BYTES = 512 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  flags: number;
  localOffset: number;
}

// Small pushes: one deflate chunk inflates to at most ~1,000 times its size before the count is checked.
const CHUNK = 16 * 1024;

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}

/** Why an entry name is refused, or null when it is a plain relative path. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'a NUL character';
  if (name.includes('\\')) return 'a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'a “..” segment';
  return null;
}

export class EpubZip {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /** Bytes inflated so far (all entries), against MAX_EPUB_EXPANDED_BYTES. */
  private inflated = 0;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
    entries: Map<string, ZipEntry>,
  ) {
    this.entries = entries;
  }

  /** Reads the central directory; refuses a file that is not a zip, or a hostile one. */
  static open(
    bytes: Uint8Array,
    fileName: string,
    limits: {
      maxEntries?: number;
      /** What the archive should be, for messages ("an EPUB book", "an Omnivore export"). */
      what?: string;
      /** Leave out entries with unsafe names instead of refusing the archive (an export holds many independent files). */
      skipUnsafeNames?: boolean;
    } = {},
  ): EpubZip {
    const maxEntries = limits.maxEntries ?? MAX_EPUB_ENTRIES;
    const what = limits.what ?? 'an EPUB book';
    const notZip = (): GlossError =>
      new GlossError('unsupported_format', `“${fileName}” is not ${what} (it is not a zip archive). Nothing was imported.`);
    // End of central directory: 22 bytes plus a comment of at most 65,535.
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw notZip();
    const count = u16(bytes, eocd + 10);
    const dirSize = u32(bytes, eocd + 12);
    const dirOffset = u32(bytes, eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) {
      throw new GlossError('unsupported_format', `“${fileName}” is a ZIP64 archive, which EPUB books never need. Nothing was imported.`);
    }
    if (count > maxEntries) {
      throw new GlossError('too_large', `“${fileName}” holds ${count} files; Gloss reads ${limits.what ? 'exports' : 'EPUB books'} of at most ${maxEntries}. Nothing was imported.`);
    }
    if (dirOffset + dirSize > eocd) throw notZip();
    const entries = new Map<string, ZipEntry>();
    let at = dirOffset;
    const decoder = new TextDecoder('utf-8', { fatal: false });
    for (let n = 0; n < count; n++) {
      if (at + 46 > eocd || u32(bytes, at) !== 0x02014b50) throw notZip();
      const flags = u16(bytes, at + 8);
      const method = u16(bytes, at + 10);
      const compressedSize = u32(bytes, at + 20);
      const size = u32(bytes, at + 24);
      const nameLength = u16(bytes, at + 28);
      const extraLength = u16(bytes, at + 30);
      const commentLength = u16(bytes, at + 32);
      const localOffset = u32(bytes, at + 42);
      const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      at += 46 + nameLength + extraLength + commentLength;
      const unsafe = unsafeEntryName(name);
      if (unsafe && limits.skipUnsafeNames) continue;
      if (unsafe) {
        throw new GlossError(
          'damaged_file',
          `“${fileName}” cannot be imported: one of its files has a name with ${unsafe}, which a book never needs. Nothing was imported.`,
        );
      }
      const entry: ZipEntry = { name, method, compressedSize, size, flags, localOffset };
      if (name.endsWith('/')) continue; // a folder
      if (entries.has(name)) {
        throw new GlossError('damaged_file', `“${fileName}” cannot be imported: it holds two files named “${name}”. Nothing was imported.`);
      }
      entries.set(name, entry);
    }
    return new EpubZip(bytes, fileName, entries);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The bytes of an entry; null when there is none. `cap`: the most this
   * entry may inflate to (its declared size is a second cap).
   */
  read(name: string, cap: number): Uint8Array | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    return this.inflate(entry, cap);
  }

  /** The entry read as UTF-8 text (a BOM dropped); null when there is none. */
  text(name: string, cap: number): string | null {
    const bytes = this.read(name, cap);
    return bytes ? new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '') : null;
  }

  private tooLarge(entry: ZipEntry, cap: number): GlossError {
    const overall = this.inflated + Math.min(cap, entry.size) > MAX_EPUB_EXPANDED_BYTES;
    return new GlossError(
      'too_large',
      overall
        ? `“${this.fileName}” unpacks to more than ${MAX_EPUB_EXPANDED_BYTES / 1048576} MB, more than any book needs (a zip bomb?). Nothing was imported.`
        : `“${this.fileName}” cannot be imported: “${entry.name}” unpacks to more than its stated size or ${Math.round(cap / 1048576)} MB. Nothing was imported.`,
    );
  }

  private damaged(entry: ZipEntry, why: string): GlossError {
    return new GlossError('damaged_file', `“${this.fileName}” cannot be read: “${entry.name}” ${why}. Nothing was imported.`);
  }

  private inflate(entry: ZipEntry, cap: number): Uint8Array {
    if (entry.flags & 1) {
      throw new GlossError('drm_protected', `“${this.fileName}” is encrypted (DRM): Gloss can only import books without copy protection. Nothing was imported.`);
    }
    const b = this.bytes;
    const at = entry.localOffset;
    if (at + 30 > b.length || u32(b, at) !== 0x04034b50) throw this.damaged(entry, 'is damaged');
    const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) throw this.damaged(entry, 'is cut off');
    // Declared sizes are checked first, then the real output while it is produced.
    const limit = Math.min(cap, entry.size);
    if (entry.size > cap || this.inflated + entry.size > MAX_EPUB_EXPANDED_BYTES) throw this.tooLarge(entry, cap);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw this.damaged(entry, 'is damaged');
      this.inflated += entry.size;
      return b.subarray(start, end);
    }
    if (entry.method !== 8) throw this.damaged(entry, `uses a compression method Gloss does not read (${entry.method})`);
    const chunks: Uint8Array[] = [];
    let produced = 0;
    let over = false;
    const inflater = new Inflate((chunk) => {
      produced += chunk.length;
      if (produced > limit) over = true;
      else chunks.push(chunk);
    });
    try {
      for (let i = start; i < end && !over; i += CHUNK) inflater.push(b.subarray(i, Math.min(end, i + CHUNK)), i + CHUNK >= end);
    } catch {
      throw this.damaged(entry, 'is damaged');
    }
    if (over) throw this.tooLarge(entry, cap);
    if (produced !== entry.size) throw this.damaged(entry, 'is damaged (its size does not match)');
    this.inflated += produced;
    const out = new Uint8Array(produced);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}
