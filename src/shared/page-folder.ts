/**
 * A page saved by a browser as "Web page, complete": `Page.html` beside a
 * `Page_files/` folder holding its images. The names and limits every shell
 * uses when it sends that folder along with the page (the CLI reads it from
 * disk, the app from a drop); main checks each file again (paths, bytes).
 */

/** The folder browsers save a page's files in: `Page.html` → `Page_files`. */
export function pageFolderName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return `${base.replace(/\.[^.]*$/, '')}_files`;
}

/** 10 MB: the largest image kept (saved pages and web pages alike). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** The most files sent from one folder (a page keeps at most 100 images). */
export const MAX_PAGE_FOLDER_FILES = 1000;
/** How deep a folder's subfolders are read (browsers write a flat folder). */
export const MAX_PAGE_FOLDER_DEPTH = 3;
