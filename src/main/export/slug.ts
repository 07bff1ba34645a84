/**
 * File names for exported articles: a slug of the title, stable across
 * exports (a name once given to an article is kept) and collision-safe.
 */

const MAX_CHARS = 80;
/** Keeps a name well under the usual 255-byte limit, with room for "-<id>.md". */
const MAX_BYTES = 200;
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A file-name-safe slug: letters and digits of any script (lower-cased where
 * the script has case), everything else collapsed to single dashes; at most
 * ~80 characters; never a Windows-reserved name; never empty ('untitled').
 */
export function slugify(title: string): string {
  const words = (title ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^[-\p{M}]+|-+$/gu, '');
  const chars: string[] = [];
  let bytes = 0;
  for (const ch of words) {
    const size = Buffer.byteLength(ch);
    if (chars.length >= MAX_CHARS || bytes + size > MAX_BYTES) break;
    chars.push(ch);
    bytes += size;
  }
  let slug = chars.join('').replace(/-+$/, '').normalize('NFC');
  if (slug === '') slug = 'untitled';
  if (WINDOWS_RESERVED.test(slug)) slug = `${slug}-article`;
  return slug;
}

export interface NamedArticle {
  id: string;
  title: string;
  addedAt: string;
}

export interface AssignOptions {
  /** Paths given in earlier exports (the manifest), by article id: always reused. */
  previous?: Readonly<Record<string, string>>;
  /** A path that must not be used (e.g. a file of the user's already there). */
  isTaken?: (path: string, articleId: string) => boolean;
  /** File extension, with the dot. Default '.md'. */
  extension?: string;
}

function idPart(id: string, length?: number): string {
  const clean = id.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return length === undefined ? clean : clean.slice(0, length);
}

/**
 * A file name for each article (article id → relative path).
 *
 * Names are reused from `previous`, so they never shift. New names are
 * given oldest article first (addedAt, then id): the first takes the plain
 * slug, a later one with the same slug gets `-<first 6 of its id>`
 * (then the whole id, then a counter). Comparisons ignore case, as
 * Windows and macOS file systems do.
 */
export function assignFileNames(articles: readonly NamedArticle[], options: AssignOptions = {}): Map<string, string> {
  const ext = options.extension ?? '.md';
  const previous = options.previous ?? {};
  const result = new Map<string, string>();
  const used = new Set<string>();
  // Every name ever given stays reserved for its article, even if it is not exported now.
  for (const path of Object.values(previous)) used.add(path.toLowerCase());
  for (const a of articles) {
    const path = previous[a.id];
    if (path !== undefined) result.set(a.id, path);
  }
  const fresh = articles
    .filter((a) => !result.has(a.id))
    .sort((x, y) => (x.addedAt < y.addedAt ? -1 : x.addedAt > y.addedAt ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (const a of fresh) {
    if (result.has(a.id)) continue; // the same article listed twice
    const base = slugify(a.title);
    const free = (name: string): boolean => !used.has(`${name}${ext}`.toLowerCase()) && !options.isTaken?.(`${name}${ext}`, a.id);
    let name = [base, `${base}-${idPart(a.id, 6)}`, `${base}-${idPart(a.id)}`].find(free);
    for (let n = 2; name === undefined; n++) if (free(`${base}-${idPart(a.id)}-${n}`)) name = `${base}-${idPart(a.id)}-${n}`;
    const path = `${name}${ext}`;
    used.add(path.toLowerCase());
    result.set(a.id, path);
  }
  return result;
}
