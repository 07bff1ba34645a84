/**
 * A small store-only ZIP writer (no compression): local file headers, the
 * central directory and its end record, CRC-32, UTF-8 names (flag 0x0800).
 * Enough for a download of a few hundred Markdown files; pure, so it is
 * unit-tested without a browser.
 */

export interface ZipEntry {
  /** Path inside the archive, with `/` separators. */
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as ZIP stores it. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time (local time, 2-second resolution; years 1980-2107). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, date.getFullYear()));
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const UTF8_NAMES = 0x0800;
const VERSION = 20; // 2.0: enough for stored entries

/** Builds a ZIP archive holding `files` uncompressed. */
export function zipFiles(files: readonly ZipEntry[], date: Date = new Date()): Uint8Array<ArrayBuffer> {
  if (files.length > 0xffff) throw new Error('Too many files for one ZIP archive (65,535 at most).');
  const encoder = new TextEncoder();
  const stamp = dosDateTime(date);
  const entries = files.map((file) => ({
    name: encoder.encode(file.name),
    data: file.data,
    crc: crc32(file.data),
    offset: 0,
  }));

  let localSize = 0;
  let centralSize = 0;
  for (const entry of entries) {
    if (entry.name.length > 0xffff) throw new Error(`File name too long for a ZIP archive: ${entry.name.length} bytes.`);
    entry.offset = localSize;
    localSize += 30 + entry.name.length + entry.data.length;
    centralSize += 46 + entry.name.length;
  }
  if (localSize + centralSize > 0xffffffff) throw new Error('The files are too large for one ZIP archive (4 GB).');

  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (value: number): void => {
    view.setUint16(at, value, true);
    at += 2;
  };
  const u32 = (value: number): void => {
    view.setUint32(at, value >>> 0, true);
    at += 4;
  };
  const bytes = (value: Uint8Array): void => {
    out.set(value, at);
    at += value.length;
  };

  for (const entry of entries) {
    u32(LOCAL_HEADER);
    u16(VERSION); // version needed to extract
    u16(UTF8_NAMES); // general purpose flags
    u16(0); // method: stored
    u16(stamp.time);
    u16(stamp.date);
    u32(entry.crc);
    u32(entry.data.length); // compressed size
    u32(entry.data.length); // uncompressed size
    u16(entry.name.length);
    u16(0); // extra field length
    bytes(entry.name);
    bytes(entry.data);
  }

  const centralStart = at;
  for (const entry of entries) {
    u32(CENTRAL_HEADER);
    u16(VERSION); // version made by (MS-DOS attributes)
    u16(VERSION); // version needed to extract
    u16(UTF8_NAMES);
    u16(0); // method: stored
    u16(stamp.time);
    u16(stamp.date);
    u32(entry.crc);
    u32(entry.data.length);
    u32(entry.data.length);
    u16(entry.name.length);
    u16(0); // extra field length
    u16(0); // comment length
    u16(0); // disk number start
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(entry.offset);
    bytes(entry.name);
  }

  const centralLength = at - centralStart;
  u32(END_OF_CENTRAL);
  u16(0); // this disk
  u16(0); // disk with the central directory
  u16(entries.length);
  u16(entries.length);
  u32(centralLength);
  u32(centralStart);
  u16(0); // comment length
  return out;
}
