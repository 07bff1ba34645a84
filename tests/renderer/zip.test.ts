/**
 * The renderer's ZIP writer (fflate), read back by another implementation:
 * Python's zipfile module, which decodes names as UTF-8 only when the
 * entry's UTF-8 flag is set and checks every CRC-32.
 */
import { execFileSync } from 'node:child_process';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { conflictLine, localDay, uniqueNames } from '../../src/renderer/src/lib/export-files';
import { zipFiles } from '../../src/renderer/src/lib/zip';

interface ReadEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  dateTime: number[];
  data: Buffer;
}

const READER = `
import base64, io, json, sys, zipfile
archive = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
bad = archive.testzip()
print(json.dumps({"bad": bad, "entries": [
  {"name": i.filename, "flags": i.flag_bits, "method": i.compress_type, "crc": i.CRC,
   "dateTime": list(i.date_time), "data": base64.b64encode(archive.read(i)).decode()}
  for i in archive.infolist()]}))
`;

/** Reads a ZIP with Python's zipfile; throws if it finds a bad CRC or cannot read the archive. */
function readZip(zip: Uint8Array): ReadEntry[] {
  const out = execFileSync('python3', ['-c', READER], { input: zip, encoding: 'utf8' });
  const parsed = JSON.parse(out) as { bad: string | null; entries: Array<Omit<ReadEntry, 'data'> & { data: string }> };
  expect(parsed.bad).toBeNull();
  return parsed.entries.map((e) => ({ ...e, data: Buffer.from(e.data, 'base64') }));
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('zipFiles', () => {
  it('stores every file with its name (UTF-8 flagged where not ASCII), CRC-32, date and exact bytes', () => {
    const files = [
      { name: 'the-gut-skin-connection.md', data: encode('---\ntitle: A\n---\n\n> quote\n'.repeat(50)) },
      { name: 'café — ünïcödé ✨.md', data: encode('# Café\n\nRTL: שלום\n') },
      { name: '日本語のメモ.md', data: encode('# 見出し\n') },
      { name: 'notes/sub folder/empty.md', data: new Uint8Array(0) },
    ];
    const zip = zipFiles(files, new Date(2024, 1, 13, 10, 30, 42));
    expect(String.fromCharCode(zip[0]!, zip[1]!)).toBe('PK');

    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
    entries.forEach((entry, i) => {
      const ascii = /^[\x20-\x7e]*$/.test(files[i]!.name);
      expect(entry.flags & 0x0800).toBe(ascii ? 0 : 0x0800);
      expect(entry.crc).toBe(zlibCrc32(files[i]!.data));
      expect(entry.data.equals(Buffer.from(files[i]!.data))).toBe(true);
      expect(entry.dateTime).toEqual([2024, 2, 13, 10, 30, 42]);
    });
    // Stored, as before fflate: the files' text can be found in the archive as is.
    for (const entry of entries) expect(entry.method).toBe(0);
  });

  it('writes a valid empty archive', () => {
    expect(readZip(zipFiles([]))).toEqual([]);
  });

  it('keeps dates ZIP cannot hold inside its range', () => {
    const [entry] = readZip(zipFiles([{ name: 'old.md', data: encode('x') }], new Date(1970, 0, 1)));
    expect(entry!.dateTime).toEqual([1980, 1, 1, 0, 0, 0]);
  });

  it('refuses two files of one name', () => {
    expect(() => zipFiles([{ name: 'a.md', data: encode('1') }, { name: 'a.md', data: encode('2') }])).toThrow('Two files named');
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
