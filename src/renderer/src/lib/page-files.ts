/**
 * A saved page dropped with its folder (`Page.html` and `Page_files/`):
 * the folder's images go along with the page as importFile `resources`,
 * named as the page refers to them (`Page_files/photo.jpg`), within the
 * CLI's limits (shared/page-folder.ts). Main checks every path and sniffs
 * every file again; this only decides what is worth sending.
 *
 * Folders arrive as FileSystemDirectoryEntry (DataTransferItem.
 * webkitGetAsEntry), which must be taken during the drop event itself.
 */
import { MAX_IMPORT_BYTES } from '../../../shared/contract';
import {
  MAX_IMAGE_BYTES,
  MAX_PAGE_FOLDER_DEPTH,
  MAX_PAGE_FOLDER_FILES,
  pageFolderName,
} from '../../../shared/page-folder';

/** A file to import and the files that came with it. */
export interface ImportItem {
  file: File;
  /** Named relative to the file's folder, `/`-separated. */
  resources?: { name: string; file: File }[];
}

/** What the file name says is an image (main sniffs the bytes). */
const IMAGE_NAME = /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|ico|jfif|pjpeg|pjp|apng)$/i;

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries answers in batches until an empty one.
  return new Promise((resolve, reject) => {
    const next = (): void =>
      reader.readEntries((batch) => {
        if (batch.length === 0 || all.length >= MAX_PAGE_FOLDER_FILES) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

const fileOf = (entry: FileSystemFileEntry): Promise<File> => new Promise((resolve, reject) => entry.file(resolve, reject));

/** The image files below `dir`, named `prefix/relative/path`, within the limits. */
async function folderImages(dir: FileSystemDirectoryEntry, prefix: string, budget: { files: number; bytes: number }, depth = 0): Promise<{ name: string; file: File }[]> {
  const out: { name: string; file: File }[] = [];
  for (const entry of await entriesOf(dir)) {
    if (budget.files <= 0) break;
    const name = `${prefix}/${entry.name}`;
    if (isDirectory(entry)) {
      if (depth < MAX_PAGE_FOLDER_DEPTH) out.push(...(await folderImages(entry, name, budget, depth + 1)));
      continue;
    }
    if (!isFile(entry) || !IMAGE_NAME.test(entry.name)) continue;
    try {
      const file = await fileOf(entry);
      if (file.size > MAX_IMAGE_BYTES || file.size > budget.bytes) continue;
      budget.files--;
      budget.bytes -= file.size;
      out.push({ name, file });
    } catch {
      // Unreadable: the image shows its alt text.
    }
  }
  return out;
}

/**
 * The dropped files as imports: each HTML file with the images of its
 * `NAME_files` folder when that folder was dropped too. Folders themselves
 * are not imported. `entries`: webkitGetAsEntry() of each dropped item.
 */
export async function droppedImports(files: readonly File[], entries: readonly (FileSystemEntry | null)[]): Promise<ImportItem[]> {
  const folders = new Map<string, FileSystemDirectoryEntry>();
  for (const entry of entries) if (entry && isDirectory(entry)) folders.set(entry.name, entry);
  const items: ImportItem[] = [];
  for (const file of files) {
    // A dropped folder also shows up in `files`, as an unreadable File of its name.
    if (folders.has(file.name)) continue;
    const folder = /\.html?$/i.test(file.name) ? folders.get(pageFolderName(file.name)) : undefined;
    if (!folder) {
      items.push({ file });
      continue;
    }
    // The page and its images go in one request, at most as large as one import may be.
    const budget = { files: MAX_PAGE_FOLDER_FILES, bytes: MAX_IMPORT_BYTES - file.size };
    let resources: { name: string; file: File }[] = [];
    try {
      resources = await folderImages(folder, folder.name, budget);
    } catch {
      // A folder that cannot be read: the page still imports, its images show their alt text.
    }
    items.push(resources.length ? { file, resources } : { file });
  }
  return items;
}
