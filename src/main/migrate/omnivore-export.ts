/**
 * Reading an Omnivore export ZIP (Omnivore's export job, 2024): batches of
 * item metadata in `metadata_<from>_to_<to>.json` (arrays of {id, slug,
 * title, description, author, url, state, readingProgress, thumbnail,
 * labels, savedAt, updatedAt, publishedAt}), each item's saved article in
 * `content/<slug>.html` (or `.pdf`), its highlights in
 * `highlights/<slug>.md`. Recognised by its content (a zip with metadata_
 * entries), whatever its name. The zip is read defensively (epub/zip.ts:
 * entry count and inflated sizes capped while inflating; entries with
 * names that could point outside the archive are left out).
 */
import { EpubZip } from '../epub/zip';
import { GlossError } from '../../shared/errors';
import { tagNamesFromSource } from '../../shared/tags';
import { parseTimestamp } from '../web/url-lists';
import type { ParseFailure } from './model';

/** An export of 5,000 items holds about 10,000 files; room for far more. */
export const MAX_OMNIVORE_ENTRIES = 200_000;
/** The largest metadata batch, saved article or highlights file read (a PDF: MAX_PDF_BYTES). */
export const MAX_OMNIVORE_TEXT_BYTES = 50 * 1024 * 1024;
export const MAX_OMNIVORE_PDF_BYTES = 200 * 1024 * 1024;

const METADATA = /^(?:(.*\/))?metadata_[^/]*\.json$/i;

export interface OmnivoreItem {
  id: string;
  slug: string;
  title: string;
  description: string | null;
  author: string | null;
  url: string | null;
  archived: boolean;
  /** 0..1 */
  progress: number;
  labels: string[];
  savedAt: string | null;
  publishedAt: string | null;
  /** Where its files are: the metadata file's folder ('' at the root). */
  folder: string;
}

export interface OmnivoreItems {
  items: OmnivoreItem[];
  failures: ParseFailure[];
}

const ZIP_MAGIC = [0x50, 0x4b];

/** Whether `bytes` is an Omnivore export: a zip whose directory names metadata_*.json files. */
export function isOmnivoreExport(bytes: Uint8Array): boolean {
  if (bytes.length < 22 || bytes[0] !== ZIP_MAGIC[0] || bytes[1] !== ZIP_MAGIC[1]) return false;
  try {
    const zip = openOmnivoreZip(bytes, 'export');
    for (const name of zip.entries.keys()) if (METADATA.test(name)) return true;
  } catch {
    // Not a zip Gloss can read: some other importer decides.
  }
  return false;
}

export function openOmnivoreZip(bytes: Uint8Array, fileName: string): EpubZip {
  return EpubZip.open(bytes, fileName, { maxEntries: MAX_OMNIVORE_ENTRIES, what: 'an Omnivore export', skipUnsafeNames: true });
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/** Labels are strings (the export) or {name} objects (the API, other tools' re-exports). */
function labelsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return typeof v === 'string' ? v.split(',') : [];
  return tagNamesFromSource(v.map((l: unknown) => (l && typeof l === 'object' && 'name' in l ? (l as { name: unknown }).name : l)));
}

function dateOf(v: unknown): string | null {
  return typeof v === 'string' || typeof v === 'number' ? parseTimestamp(String(v)) : null;
}

/** One metadata record, or why it cannot be imported; null for a deleted item (skipped). */
function readItem(raw: unknown, folder: string): OmnivoreItem | string | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'not an item';
  const r = raw as Record<string, unknown>;
  const id = str(r.id);
  const slug = str(r.slug);
  if (!id || !slug) return 'no id or slug';
  const state = (str(r.state) ?? '').toLowerCase();
  if (state === 'deleted') return null;
  const progress = typeof r.readingProgress === 'number' && Number.isFinite(r.readingProgress) ? r.readingProgress : Number(r.readingProgress ?? 0);
  return {
    id,
    slug,
    title: (str(r.title) ?? slug).replace(/\s+/g, ' '),
    description: str(r.description),
    author: str(r.author),
    url: str(r.url) ?? str(r.originalUrl),
    archived: state === 'archived',
    progress: Number.isFinite(progress) ? Math.min(1, Math.max(0, progress / 100)) : 0,
    labels: labelsOf(r.labels),
    savedAt: dateOf(r.savedAt),
    publishedAt: dateOf(r.publishedAt),
    folder,
  };
}

/** Every item of the export, in file order (metadata files by their first index); unreadable ones reported. */
export function readOmnivoreItems(zip: EpubZip): OmnivoreItems {
  const metadata = [...zip.entries.keys()]
    .filter((n) => METADATA.test(n))
    .sort((a, b) => firstIndex(a) - firstIndex(b) || a.localeCompare(b));
  const items: OmnivoreItem[] = [];
  const failures: ParseFailure[] = [];
  const seen = new Set<string>();
  for (const name of metadata) {
    const folder = METADATA.exec(name)![1] ?? '';
    let records: unknown;
    try {
      records = JSON.parse(zip.text(name, MAX_OMNIVORE_TEXT_BYTES) ?? '');
    } catch (err) {
      const reason = err instanceof GlossError ? err.message : 'not valid JSON';
      failures.push({ where: name, reason });
      continue;
    }
    if (!Array.isArray(records)) {
      failures.push({ where: name, reason: 'not a list of items' });
      continue;
    }
    records.forEach((raw, i) => {
      const item = readItem(raw, folder);
      if (item === null) return;
      if (typeof item === 'string') {
        failures.push({ where: `${name}, item ${i + 1}`, reason: item });
        return;
      }
      if (seen.has(item.id)) return; // the same item in two batches is one item
      seen.add(item.id);
      items.push(item);
    });
  }
  return { items, failures };
}

function firstIndex(name: string): number {
  const m = /metadata_(\d+)/i.exec(name);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/** The names of an item's files in the zip. */
export function itemFiles(item: OmnivoreItem): { html: string; pdf: string; highlights: string } {
  return {
    html: `${item.folder}content/${item.slug}.html`,
    pdf: `${item.folder}content/${item.slug}.pdf`,
    highlights: `${item.folder}highlights/${item.slug}.md`,
  };
}
