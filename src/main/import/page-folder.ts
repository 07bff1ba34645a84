/**
 * A page saved by a browser as "Web page, complete" (`Page.html` beside a
 * `Page_files/` folder) refers to its images relatively, e.g.
 * `<img src="Page_files/photo%201.jpg">`. These rules decide which of those
 * references may be served from the files that came with the page: only
 * files inside that one sibling folder, named by a plain relative path (no
 * `..`, no absolute paths, no drive letters, no backslashes).
 *
 * Before Readability runs, each such image gets a marker URL (an https URL
 * on a random `.invalid` host, so the sanitizer keeps it and nothing could
 * ever fetch it); web/file-images.ts then points the markers at assets.
 */
import { randomBytes } from 'node:crypto';
import { pageFolderName } from '../../shared/page-folder';

/** A file that came with an HTML file: its path relative to the HTML file's folder, `/`-separated. */
export interface PageResource {
  name: string;
  bytes: Uint8Array;
}

export { pageFolderName };

/**
 * `name` as a safe relative path (`/`-separated, NFC), or null when it
 * could leave its folder or is not a plain path: empty, absolute, with a
 * drive letter, a backslash, a control character, or an empty, `.` or
 * `..` segment.
 */
export function safeRelativePath(name: string): string | null {
  const path = name.normalize('NFC');
  // eslint-disable-next-line no-control-regex
  if (!path || path.startsWith('/') || /\\|[\u0000-\u001f\u007f]|^[a-z]:/i.test(path)) return null;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  return segments.join('/');
}

/**
 * The path inside `folder` that an image source written in the page refers
 * to, or null when it is not a relative reference into that folder. A
 * leading `./` is allowed; the query and fragment are ignored; percent
 * escapes are decoded (browsers write `My%20Page_files/a.jpg`).
 */
export function folderPathOf(src: string, folder: string): string | null {
  let ref = src.trim();
  // Absolute URLs (any scheme) and protocol-relative ones are not files here.
  if (!ref || /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) return null;
  ref = ref.replace(/[?#].*$/s, '');
  try {
    ref = decodeURIComponent(ref);
  } catch {
    // a stray % stays as written
  }
  while (ref.startsWith('./')) ref = ref.slice(2);
  const path = safeRelativePath(ref);
  const prefix = `${safeRelativePath(folder) ?? ''}/`;
  return path && prefix !== '/' && path.startsWith(prefix) ? path : null;
}

/** The element methods markImages needs (the light DOM and jsdom both have them). */
interface ImageElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

/**
 * The images of one imported HTML file that refer into its `_files`
 * folder: what each marker URL stands for (the file's bytes, or null when
 * the file did not come with the page).
 */
export class LocalImages {
  /** Marker URL → the file's bytes, or null (missing: it becomes its alt text). */
  readonly byMarker = new Map<string, { path: string; bytes: Uint8Array | null }>();
  private readonly folder: string;
  private readonly files = new Map<string, Uint8Array>();
  private readonly origin = `https://local-image-${randomBytes(12).toString('hex')}.gloss.invalid`;

  constructor(fileName: string, resources: readonly PageResource[]) {
    this.folder = pageFolderName(fileName);
    for (const resource of resources) {
      const path = safeRelativePath(resource.name);
      if (path?.startsWith(`${this.folder}/`)) this.files.set(path, resource.bytes);
    }
  }

  /** True for a marker this import made. */
  isMarker(src: string): boolean {
    return src.startsWith(`${this.origin}/`);
  }

  /**
   * Replaces the source of every image that refers into the page's folder
   * with a marker URL (one per file). With `unresolvable`, the page has no
   * address to resolve relative sources against, so every other relative
   * source (`../x.png`, `/img/x.png`) gets a marker with no file too: it
   * then shows its alt text instead of vanishing. Other sources are left as
   * they are.
   */
  markImages(images: Iterable<ImageElement>, unresolvable: boolean): void {
    const markers = new Map<string, string>();
    for (const img of images) {
      const src = (img.getAttribute('src') ?? '').trim();
      const relative = src !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('//') && !src.startsWith('#');
      const inFolder = folderPathOf(src, this.folder);
      // Keys: a folder path, or (never a folder file) the source as written.
      const key = inFolder ?? (unresolvable && relative ? `outside:${src}` : null);
      if (!key) continue;
      let marker = markers.get(key);
      if (!marker) {
        marker = `${this.origin}/${markers.size}`;
        markers.set(key, marker);
        this.byMarker.set(marker, { path: inFolder ?? src, bytes: inFolder ? (this.files.get(inFolder) ?? null) : null });
      }
      img.setAttribute('src', marker);
    }
  }
}
