/**
 * Reads the `NAME_files/` folder beside a saved `NAME.html`, for shells
 * that import by path (the CLI): only regular files inside that folder
 * and its subfolders are read. Symbolic links (to files or folders) are
 * skipped, so nothing outside the folder can be reached through one, and a
 * folder that is itself a link is not read at all. Files over 10 MB and
 * files whose bytes are not an image are left out before they cross the
 * contract.
 */
import { lstatSync, openSync, readSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAX_IMAGE_BYTES, sniffImageMime } from '../web/images';
import { pageFolderName, type PageResource } from './page-folder';

import { MAX_PAGE_FOLDER_DEPTH as MAX_DEPTH, MAX_PAGE_FOLDER_FILES as MAX_FILES } from '../../shared/page-folder';

function isImageFile(path: string): boolean {
  const head = new Uint8Array(64);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, head, 0, head.length, 0);
    return sniffImageMime(head.subarray(0, n)) !== null;
  } finally {
    closeSync(fd);
  }
}

/**
 * The image files of the saved page at `htmlPath`, named relative to its
 * folder (`NAME_files/photo.jpg`); empty when there is no such folder or
 * the file is not HTML.
 */
export function readPageFolder(htmlPath: string): (PageResource & { bytes: Uint8Array<ArrayBuffer> })[] {
  if (!/\.html?$/i.test(htmlPath)) return [];
  const folder = pageFolderName(htmlPath);
  const root = join(dirname(htmlPath), folder);
  try {
    if (!lstatSync(root).isDirectory()) return []; // a link to a folder is not a directory to lstat
  } catch {
    return [];
  }
  const out: (PageResource & { bytes: Uint8Array<ArrayBuffer> })[] = [];
  const walk = (dir: string, rel: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (out.length >= MAX_FILES) return;
      const path = join(dir, entry.name);
      const name = `${rel}/${entry.name}`;
      if (entry.isDirectory() && depth < MAX_DEPTH) walk(path, name, depth + 1);
      if (!entry.isFile()) continue; // links, sockets, devices
      try {
        const stat = lstatSync(path);
        if (!stat.isFile() || stat.size > MAX_IMAGE_BYTES || !isImageFile(path)) continue;
        out.push({ name, bytes: readFileSync(path) });
      } catch {
        // unreadable: the image becomes its alt text
      }
    }
  };
  walk(root, folder, 0);
  return out;
}
