/**
 * What a library JSON file may put into the library, checked like any
 * other import: a backup file is input from outside (it may have been
 * edited or crafted), so it gets no more trust than an HTML file.
 *
 * - bodies and earlier versions go through the importers' sanitizer
 *   (import/sanitize.ts, keeping only the stored forms of saved images),
 *   and their text is recomputed from the sanitized HTML;
 * - source and canonical URLs must be http(s);
 * - an asset's bytes must hash to its name and be an image Gloss keeps
 *   (the same sniffer as saved web pages, web/images.ts).
 */
import { createHash } from 'node:crypto';
import { canonicalText } from '../../shared/text/canonical';
import { parseBodyFragment, serializeChildren } from '../import/light-dom';
import { sanitizeHtml } from '../import/sanitize';
import { sniffImageMime, type ImageMime } from '../web/images';
import type { LibraryJsonAsset } from './json-format';
import { parseHttpUrl } from '../../shared/http-url';

/** One thing the import changed or left out, for the report the user sees. */
export interface RestoreIssue {
  /** What it is about: an article, an earlier version, an asset, a highlight or a tag. */
  kind: 'article' | 'version' | 'asset' | 'highlight' | 'tag';
  /** Article id, `<article id> v<n>`, asset hash, highlight id or the tag name in the file. */
  id: string;
  /** `changed`: imported in a corrected form; `skipped`: not imported. */
  action: 'changed' | 'skipped';
  reason: string;
}

export interface CleanBody {
  html: string;
  /** The canonical text of `html` (what highlight offsets refer to). */
  text: string;
  /** The sanitizer removed something. */
  htmlChanged: boolean;
}

/**
 * A stored body (or earlier version) as the library may hold it. When the
 * sanitizer removed nothing, the file's own bytes are kept (so export →
 * import → export stays byte-identical): its output differs from a safe
 * input only in form (`&#39;` for `'`), so both are compared as the parser
 * reads them.
 */
export function cleanBody(html: string): CleanBody {
  const sanitized = sanitizeHtml(html, undefined, { storedForms: true });
  const parsed = parseBodyFragment(html);
  const unchanged = sanitized === html || serializeChildren(parsed) === sanitized;
  const stored = unchanged ? html : sanitized;
  // The stored text, computed as finalizeBody (import/finalize.ts) does; the
  // word count (costly) only where the text is not the file's.
  const text = canonicalText((unchanged ? parsed : parseBodyFragment(stored)) as unknown as Node);
  return { html: stored, text, htmlChanged: !unchanged };
}

/** `value` when it is an absolute http(s) URL, else null (a `javascript:` "Original" link must not exist). */
export function httpUrlOrNull(value: string | null): string | null {
  // The value itself, not the parser's form of it: a restore keeps the file's bytes.
  return value !== null && parseHttpUrl(value) ? value : null;
}

export type AssetCheck = { ok: true; mime: ImageMime; bytes: Buffer } | { ok: false; reason: string };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * An asset row is kept only when its bytes are what its name says: the
 * hash is the key every article and later save relies on, so a wrong one
 * would shadow the real image for good (`INSERT OR IGNORE`).
 */
export function checkAsset(asset: Pick<LibraryJsonAsset, 'hash' | 'bytes'>): AssetCheck {
  if (!SHA256_HEX.test(asset.hash)) return { ok: false, reason: 'its hash is not a SHA-256 (64 lowercase hex digits)' };
  const bytes = Buffer.from(asset.bytes, 'base64');
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== asset.hash) return { ok: false, reason: `its bytes do not match its hash (they hash to ${actual})` };
  const mime = sniffImageMime(bytes);
  if (!mime) return { ok: false, reason: 'its bytes are not an image Gloss keeps (PNG, JPEG, GIF, WebP, AVIF, BMP or ICO)' };
  return { ok: true, mime, bytes };
}

/** A value for a report line: short, one line. */
export function shown(value: string, max = 60): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine);
}
