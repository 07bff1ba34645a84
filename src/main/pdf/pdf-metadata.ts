/** The PDF info dictionary's values Gloss reads, in the forms the library stores. */
import { tagNamesFromSource } from '../../shared/tags';

const MAX_KEYWORD_TAGS = 10;

/**
 * A PDF date (`D:20240213093000+01'00'`, parts optional) as ISO 8601, or
 * null. Only the date is kept when no time was given; a time without a
 * zone is read as UTC (the spec's advice when none is known).
 */
export function pdfDate(raw: string | null): string | null {
  if (!raw) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    const d = new Date(raw);
    return Number.isNaN(d.getTime()) ? null : raw.length <= 10 ? raw : d.toISOString();
  }
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-])?\s*(\d{2})?'?(\d{2})?'?/.exec(raw.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h, mi = '00', s = '00', zone, zh = '00', zm = '00'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(y) < 1000) return null;
  if (h === undefined) return `${y}-${mo}-${d}`;
  const offset = zone === '+' || zone === '-' ? `${zone}${zh}:${zm}` : 'Z';
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : iso;
}

/**
 * Keywords become the article's tags (as Markdown front matter tags do):
 * split on commas and semicolons, repaired like any imported tag, at most
 * ten so a paper's long keyword list does not flood the tag list.
 */
export function pdfKeywords(raw: string | null): string[] {
  if (!raw) return [];
  const parts = raw.split(/[,;]/).map((s) => s.trim()).filter((s) => s && s.length <= 64);
  return tagNamesFromSource(parts).slice(0, MAX_KEYWORD_TAGS);
}

/** A BCP 47 tag from the catalog's /Lang, when it looks like one. */
export function pdfLanguage(raw: string | null): string | null {
  return raw && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(raw) ? raw : null;
}
