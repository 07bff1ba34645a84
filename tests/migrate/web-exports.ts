/**
 * Pocket, Instapaper and Hypothesis exports built in the tests (from their
 * documented shapes), and the pages they point at (served by web-site.ts in
 * the unit tests; this module is also used by the e2e, so it imports no Vitest).
 */
import { zipSync, strToU8 } from 'fflate';

export interface PocketItem {
  title: string;
  url: string;
  timeAdded: number;
  tags: string[];
  status: 'unread' | 'archive';
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A Pocket part CSV (CRLF rows, a BOM unless `bom` is false); `extraRows` are appended raw. */
export function pocketCsv(items: readonly PocketItem[], options: { bom?: boolean; extraRows?: string[] } = {}): string {
  const rows = ['title,url,time_added,tags,status', ...items.map((i) => [i.title, i.url, String(i.timeAdded), i.tags.join('|'), i.status].map(csvCell).join(','))];
  return `${options.bom === false ? '' : '\ufeff'}${[...rows, ...(options.extraRows ?? [])].join('\r\n')}\r\n`;
}

export interface PocketAnnotated {
  url: string;
  title: string;
  highlights: Array<{ quote: string; created_at: number }>;
}

/** Pocket's export ZIP: `files` maps entry names to their text (or raw bytes). */
export function pocketZip(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) entries[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(entries);
}

/** A page as a blog would serve it. */
export function pageHtml(title: string, paragraphs: readonly string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
}
