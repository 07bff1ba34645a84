/**
 * Omnivore export ZIPs for the tests, written with fflate in the shape
 * Omnivore's export job wrote them: `metadata_<from>_to_<to>.json` batches,
 * `content/<slug>.html` (or `.pdf`), `highlights/<slug>.md` with
 * `> quote` blocks (only the first line marked, `> ` on the blank lines of
 * a multi-paragraph quote, as Omnivore's highlightToMarkdown did), a
 * `#label` line and the note.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface ItemSpec {
  id: string;
  slug: string;
  title: string;
  url?: string | null;
  author?: string | null;
  description?: string | null;
  state?: string;
  readingProgress?: number;
  labels?: string[];
  savedAt?: string;
  publishedAt?: string | null;
  /** The saved article (HTML); a Uint8Array is a PDF. Absent: no content file. */
  content?: string | Uint8Array;
  /** The highlights file as is. */
  highlights?: string;
}

/** A highlight as Omnivore's export wrote it. */
export function omnivoreHighlight(quote: string, labels: string[] = [], note = ''): string {
  const q = quote.replace(/^(?=\n)$|^\s*?\n/gm, '> ');
  const l = labels.map((x) => `#${x}`).join(' ');
  return `> ${q} ${l ? `\n\n${l}` : ''}${note ? `\n\n${note}` : ''}`;
}

export function articleHtml(paragraphs: string[], extra = ''): string {
  return `<div class="page" id="readability-page-1"><div>${extra}${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</div></div>`;
}

/** The export: items in batches of `batch` (Omnivore used 20), plus any raw extra entries. */
export function omnivoreZip(items: ItemSpec[], options: { batch?: number; extra?: Record<string, string | Uint8Array>; level?: 0 | 1 | 6 } = {}): Uint8Array {
  const batch = options.batch ?? 20;
  const files: Zippable = {};
  for (let from = 0; from < items.length; from += batch) {
    const slice = items.slice(from, from + batch);
    const metadata = slice.map((it) => ({
      id: it.id,
      slug: it.slug,
      title: it.title,
      description: it.description ?? null,
      author: it.author ?? null,
      url: it.url === undefined ? `https://example.com/${it.slug}` : it.url,
      state: it.state ?? 'Active',
      readingProgress: it.readingProgress ?? 0,
      thumbnail: null,
      labels: it.labels ?? [],
      savedAt: it.savedAt ?? '2024-03-01T10:00:00.000Z',
      updatedAt: it.savedAt ?? '2024-03-01T10:00:00.000Z',
      publishedAt: it.publishedAt ?? null,
    }));
    files[`metadata_${from}_to_${from + slice.length}.json`] = strToU8(JSON.stringify(metadata, null, 2));
    for (const it of slice) {
      if (typeof it.content === 'string') files[`content/${it.slug}.html`] = strToU8(it.content);
      else if (it.content) files[`content/${it.slug}.pdf`] = it.content;
      if (it.highlights !== undefined) files[`highlights/${it.slug}.md`] = strToU8(it.highlights);
    }
  }
  for (const [name, value] of Object.entries(options.extra ?? {})) files[name] = typeof value === 'string' ? strToU8(value) : value;
  return zipSync(files, { level: options.level ?? 6 });
}
