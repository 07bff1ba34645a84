/**
 * Finding and normalizing dates written by people ("13 Feb 2024",
 * "February 13, 2024", "13.02.2024") and by machines (ISO 8601, meta tags).
 *
 * Output is always an ISO date (`YYYY-MM-DD`) or, when the source gives a
 * time with an explicit offset, an ISO date-time. Dates that do not exist
 * (31 Feb) or lie far outside any plausible publication range are refused
 * rather than guessed.
 */

const MONTHS: Record<string, number> = {};
function addMonths(names: string[]): void {
  names.forEach((name, i) => {
    for (const n of name.split('|')) MONTHS[n] = i + 1;
  });
}
// English first: full names, abbreviations (with the common "Sept").
addMonths([
  'january|jan', 'february|feb', 'march|mar', 'april|apr', 'may', 'june|jun',
  'july|jul', 'august|aug', 'september|sep|sept', 'october|oct', 'november|nov', 'december|dec',
]);
// A few widespread languages, full names only (abbreviations collide too easily).
addMonths(['januar', 'februar', 'märz|maerz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember']);
addMonths(['janvier', 'février|fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août|aout', 'septembre', 'octobre', 'novembre', 'décembre|decembre']);
addMonths(['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre|setiembre', 'octubre', 'noviembre', 'diciembre']);
addMonths(['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre']);
addMonths(['janeiro', 'fevereiro', 'março|marco', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro']);
addMonths(['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december']);
addMonths(['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december']);
// Slavic languages write the day's month in the genitive ("12 апреля 2024").
addMonths([
  'января|январь', 'февраля|февраль', 'марта|март', 'апреля|апрель', 'мая|май', 'июня|июнь',
  'июля|июль', 'августа|август', 'сентября|сентябрь', 'октября|октябрь', 'ноября|ноябрь', 'декабря|декабрь',
]);
addMonths(['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia']);
addMonths(['ledna', 'února', 'března', 'dubna', 'května', 'června', 'července', 'srpna', 'září', 'října', 'listopadu', 'prosince']);

// Longest first, so "june" wins over "jun" and "mayo" over "may".
const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const MONTH = `(${MONTH_ALT})(?!\\p{L})\\.?`;
const ORD = '(?:st|nd|rd|th|er|e|º|°)?';

export interface DateMatch {
  /** Index of the first character of the date in the searched text. */
  index: number;
  /** Index just past the date. */
  end: number;
  /** `YYYY-MM-DD`. */
  date: string;
}

type Builder = (m: RegExpExecArray) => [number, number, number] | null;

interface Pattern {
  source: string;
  build: Builder;
}

const num = (s: string | undefined): number => (s === undefined ? NaN : Number.parseInt(s, 10));
const month = (s: string | undefined): number => (s === undefined ? NaN : MONTHS[s.toLowerCase()] ?? NaN);

const PATTERNS: Pattern[] = [
  // 2024-02-13, 2024/02/13, 2024.02.13 (year first is never ambiguous).
  { source: '(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})', build: (m) => [num(m[1]), num(m[3]), num(m[4])] },
  // 13.02.2024, 13-02-2024 (day first, European); 3/3/2023 (month first, US,
  // unless the first number cannot be a month).
  {
    source: '(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4})',
    build: (m) => {
      const a = num(m[1]);
      const b = num(m[3]);
      if (m[2] !== '/') return [num(m[4]), b, a];
      return a > 12 ? [num(m[4]), b, a] : [num(m[4]), a, b];
    },
  },
  // 13 Feb 2024, 13th of February 2024, 13. Februar 2024, 13 de febrero de 2024.
  {
    source: `(\\d{1,2})${ORD}\\.?\\s*(?:of\\s+|de\\s+)?${MONTH},?\\s+(?:de\\s+)?(\\d{4})`,
    build: (m) => [num(m[3]), month(m[2]), num(m[1])],
  },
  // February 13, 2024; Feb. 13th, 2024.
  { source: `${MONTH}\\s*(\\d{1,2})${ORD},?\\s+(\\d{4})`, build: (m) => [num(m[3]), month(m[1]), num(m[2])] },
  // 2024年2月13日, 2024년 2월 13일.
  { source: '(\\d{4})\\s*[年년]\\s*(\\d{1,2})\\s*[月월]\\s*(\\d{1,2})\\s*[日일]?', build: (m) => [num(m[1]), num(m[2]), num(m[3])] },
];

function compile(lenient: boolean): RegExp[] {
  // Strict: a date must stand alone (not glued to letters or digits).
  // Lenient: for cleaning bylines scraped without spaces ("Nolan22 Dec 2016651").
  const before = lenient ? '(?<!\\d)' : '(?<![\\p{L}\\p{N}])';
  const after = lenient ? '' : '(?!\\p{N})';
  return PATTERNS.map((p) => new RegExp(`${before}${p.source}${after}`, 'giu'));
}
const STRICT = compile(false);
const LENIENT = compile(true);

/** `YYYY-MM-DD` for a real calendar date in a plausible range, else null. */
export function isoDate(year: number, monthNo: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(monthNo) || !Number.isInteger(day)) return null;
  if (year < 1800 || year > 2200 || monthNo < 1 || monthNo > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, monthNo, 0)).getUTCDate();
  if (day > days) return null;
  return `${String(year).padStart(4, '0')}-${String(monthNo).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The earliest valid date written in `text`, or null. */
export function findDate(text: string, options: { lenient?: boolean } = {}): DateMatch | null {
  let best: DateMatch | null = null;
  const regexes = options.lenient ? LENIENT : STRICT;
  regexes.forEach((re, i) => {
    const pattern = PATTERNS[i]!;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const parts = pattern.build(m);
      const date = parts ? isoDate(parts[0], parts[1], parts[2]) : null;
      if (date) {
        const candidate = { index: m.index, end: m.index + m[0].length, date };
        if (!best || candidate.index < best.index || (candidate.index === best.index && candidate.end > best.end)) {
          best = candidate;
        }
        break;
      }
    }
  });
  return best;
}

/** The date written in `text` as `YYYY-MM-DD`, or null. */
export function parseDateText(text: string): string | null {
  return findDate(text)?.date ?? null;
}

const ISO_DATE_TIME =
  /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$/i;

/**
 * Normalizes a machine-written publication date (meta tags, JSON-LD, front
 * matter, `<time datetime>`). A time is kept only with an explicit offset,
 * since a bare local time cannot be placed on the timeline.
 */
export function normalizePublished(raw: unknown): string | null {
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? null : raw.toISOString().replace(/\.000Z$/, 'Z');
  }
  if (typeof raw !== 'string') return null;
  const value = raw.trim();
  if (!value || value.length > 100) return null;
  const m = ISO_DATE_TIME.exec(value);
  if (m) {
    const date = isoDate(num(m[1]), num(m[2]), num(m[3]));
    if (!date) return null;
    const [hh, mm, ss, zone] = [m[4], m[5], m[6], m[7]];
    if (hh === undefined || mm === undefined || zone === undefined) return date;
    if (num(hh) > 23 || num(mm) > 59 || num(ss ?? '0') > 59) return date;
    let offset = zone.toUpperCase();
    if (offset !== 'Z') {
      const digits = offset.slice(1).replace(':', '');
      offset = `${offset[0]}${digits.slice(0, 2)}:${(digits.slice(2) || '00').padEnd(2, '0')}`;
      if (offset === '+00:00' || offset === '-00:00') offset = 'Z';
    }
    return `${date}T${hh}:${mm}:${ss ?? '00'}${offset}`;
  }
  return parseDateText(value);
}
