/**
 * The renderer's store-only ZIP writer: CRC-32, and an archive read back by
 * parsing its end record, central directory and local headers here (no
 * unzip tool needed); Node's zlib checks the stored bytes' CRC independently.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { conflictLine, localDay, uniqueNames } from '../../src/renderer/src/lib/export-files';
import { crc32, zipFiles } from '../../src/renderer/src/lib/zip';

interface ReadEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  data: Uint8Array;
  time: number;
  date: number;
}

/** Reads a ZIP the way unzip does: from the end record through the central directory. */
function readZip(zip: Uint8Array): ReadEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  expect(view.getUint16(end + 8, true)).toBe(count);
  const size = view.getUint32(end + 12, true);
  const start = view.getUint32(end + 16, true);
  expect(start + size).toBe(end);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries: ReadEntry[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const uncompressed = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    expect(compressed).toBe(uncompressed);

    // The local header agrees with the central one.
    expect(view.getUint32(offset, true)).toBe(0x04034b50);
    expect(view.getUint16(offset + 6, true)).toBe(flags);
    expect(view.getUint16(offset + 8, true)).toBe(method);
    expect(view.getUint32(offset + 14, true)).toBe(crc);
    expect(view.getUint32(offset + 18, true)).toBe(compressed);
    const localNameLength = view.getUint16(offset + 26, true);
    const localExtra = view.getUint16(offset + 28, true);
    expect(decoder.decode(zip.subarray(offset + 30, offset + 30 + localNameLength))).toBe(name);
    const dataStart = offset + 30 + localNameLength + localExtra;
    entries.push({ name, flags, method, crc, time, date, data: zip.subarray(dataStart, dataStart + compressed) });
    at += 46 + nameLength + extra + comment;
  }
  expect(at).toBe(end);
  return entries;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with zlib on longer input', () => {
    const data = encode('Gloss — notes ✨ עברית '.repeat(500));
    expect(crc32(data)).toBe(zlibCrc32(data));
  });
});

describe('zipFiles', () => {
  it('stores every file with UTF-8 names, CRC-32 and its exact bytes', () => {
    const files = [
      { name: 'the-gut-skin-connection.md', data: encode('---\ntitle: A\n---\n\n> quote\n') },
      { name: 'café — ünïcödé ✨.md', data: encode('# Café\n\nRTL: שלום\n') },
      { name: 'empty.md', data: new Uint8Array(0) },
    ];
    const zip = zipFiles(files, new Date(2024, 1, 13, 10, 30, 42));
    expect(String.fromCharCode(zip[0]!, zip[1]!)).toBe('PK');

    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
    entries.forEach((entry, i) => {
      expect(entry.method).toBe(0);
      expect(entry.flags & 0x0800).toBe(0x0800);
      expect(entry.crc).toBe(crc32(files[i]!.data));
      expect(entry.crc).toBe(zlibCrc32(files[i]!.data));
      expect(Array.from(entry.data)).toEqual(Array.from(files[i]!.data));
      // 2024-02-13 10:30:42 in MS-DOS format.
      expect(entry.date).toBe(((2024 - 1980) << 9) | (2 << 5) | 13);
      expect(entry.time).toBe((10 << 11) | (30 << 5) | 21);
    });
  });

  it('writes a valid empty archive', () => {
    const zip = zipFiles([]);
    expect(zip.length).toBe(22);
    expect(readZip(zip)).toEqual([]);
  });

  it('is deterministic for the same files and date', () => {
    const files = [{ name: 'a.md', data: encode('a') }];
    const date = new Date(2020, 0, 1);
    expect(zipFiles(files, date)).toEqual(zipFiles(files, date));
  });
});

describe('export file helpers', () => {
  it('keeps names unique inside an archive', () => {
    expect(uniqueNames(['a.md', 'b.md', 'a.md', 'A.md', 'x/y.md', ''])).toEqual([
      'a.md',
      'b.md',
      'a-2.md',
      'A-3.md',
      'x-y.md',
      'note.md',
    ]);
  });

  it('names the day in local time', () => {
    expect(localDay(new Date(2024, 0, 5, 23, 59))).toBe('2024-01-05');
  });

  it('describes conflicts in words', () => {
    expect(
      conflictLine({ path: 'a.md', articleId: 'abcd', reason: 'highlights_changed', highlightIds: ['h1', 'h2'] }),
    ).toBe('a.md: you edited this file; 2 changed highlights were not written');
    expect(conflictLine({ path: 'a.md', articleId: 'abcd', reason: 'highlights_deleted', highlightIds: ['h1'] })).toBe(
      'a.md: you edited this file; 1 deleted highlight was not removed',
    );
    expect(conflictLine({ path: 'a.md', articleId: 'abcd', reason: 'note_changed', highlightIds: [] })).toBe(
      'a.md: you edited this file; the changed article note was not written',
    );
  });
});
