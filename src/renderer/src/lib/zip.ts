/**
 * A ZIP archive of exported Markdown files for a browser download, written
 * by fflate: stored entries (a few hundred small text files need no
 * compression, and any unzip tool reads them), CRC-32, UTF-8 names flagged
 * as such. Pure, so it is unit-tested without a browser.
 */
import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  /** Path inside the archive, with `/` separators. */
  name: string;
  data: Uint8Array;
}

/** ZIP's MS-DOS timestamps hold the years 1980-2099 (fflate refuses the rest). */
function dosRange(date: Date): Date {
  if (date.getFullYear() < 1980) return new Date(1980, 0, 1);
  if (date.getFullYear() > 2099) return new Date(2099, 11, 31, 23, 59, 58);
  return date;
}

/** Builds a ZIP archive holding `files` (names must be unique). */
export function zipFiles(files: readonly ZipEntry[], date: Date = new Date()): Uint8Array<ArrayBuffer> {
  // Without ZIP64 (which fflate does not write) an archive holds 65,535 entries at most.
  if (files.length > 0xffff) throw new Error('Too many files for one ZIP archive (65,535 at most).');
  const mtime = dosRange(date);
  const entries: Zippable = Object.create(null) as Zippable;
  for (const file of files) {
    if (Object.hasOwn(entries, file.name)) throw new Error(`Two files named “${file.name}” in one ZIP archive.`);
    entries[file.name] = [file.data, { mtime }];
  }
  return zipSync(entries, { level: 0 });
}
