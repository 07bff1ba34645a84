/**
 * What "the importer found the right title and byline" means when measured
 * against Readability's expected metadata, written independently of the
 * importer's own cleaning (so the measure cannot agree with itself).
 *
 * Readability reports bylines as the page prints them ("By Jane Doe",
 * "Par Sébastien Farcis", "By Brenda  Goodman, MA\n WebMD Health News");
 * Gloss stores the name alone. So the expected byline is reduced to its
 * name: first line, spacing collapsed, one leading "by"-word or "Label:"
 * dropped. Ours matches when it is that name, or that name's beginning up to
 * where a date, role or credential starts ("Lucas Nolan" for "by Lucas
 * Nolan22 Dec 2016"). An expected "byline" that names no one (a date,
 * "Last Updated: …", a bare "By", a URL) is not counted as a byline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocument } from '../../src/main/import';

export interface ExpectedMetadata {
  title: string;
  byline: string | null;
}

const collapse = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

// "By", "Par", "Von", "Por", "Door", "Av", "Af", "Przez", "Od", "От",
// optionally after a verb ("Written by", "Escrito por", "Scritto da").
const LEADING_BY =
  /^(?:(?:written|posted|published|reported|words|text|photos?|escrito|publicado|geschrieben|écrit|scritto|geschreven|skrivet|napisane)\s+)?(?:by|par|von|por|door|av|af|przez|od|от|від|(?<=\S\s+)(?:da|de|di))(?![\p{L}\p{M}])\s*[:：]?\s*/iu;
// Lower-case "di"/"de" before a capital ("di Mario Rossi"); "Di Maio" is a surname.
const LOWER_PREP = /^(?:di|de|da)\s+(?=\p{Lu})/u;
// One word (in any script) and a colon: "Author:", "Автор:", "作者：", "Texto:".
const LABEL = /^[\p{L}\p{M}]{1,20}\s*[:：]\s*/u;
const URL = /^(?:https?:\/\/|www\.)/i;
// Words that start a date line rather than a name ("April 28, 2019", "Updated …";
// "April Smith" is a name).
const DATE_WORDS =
  /^(?:(?:(?:last\s+)?(?:updated|published|posted|modified)|publié|veröffentlicht|aktualisiert|publicado|actualizado|pubblicato|aggiornato|опубликовано|обновлено)(?![\p{L}])|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?\s+\d)/iu;
// Where a name ends inside a longer byline: a separator, a digit, a date word.
const NAME_END = /^(?:\s*[,;|·•—–\-(/]|\s*\d|\s+(?:on|at|updated|published|le|am|el|il)(?![\p{L}]))/iu;

/** The name an expected byline gives, or null when it gives none. */
export function expectedName(byline: string | null): string | null {
  if (byline === null) return null;
  const lines = byline.split('\n').map(collapse).filter(Boolean);
  // "Text by \n NEWS WIRES": a label alone on its line is read with the next.
  let s = lines.length > 1 && !lines[0]!.replace(LEADING_BY, '').replace(LABEL, '') ? `${lines[0]} ${lines[1]}` : (lines[0] ?? '');
  const unlabelled = s.replace(LEADING_BY, '').replace(LOWER_PREP, '');
  s = (unlabelled !== s ? unlabelled : s.replace(LABEL, '')).trim();
  if (!/^[\p{L}\p{M}]/u.test(s) || URL.test(s) || DATE_WORDS.test(s)) return null;
  return s;
}

/** Does our byline name whom the expected byline names? */
export function bylineMatches(ours: string | null, expected: string | null): boolean {
  const name = expectedName(expected);
  if (name === null) return ours === null;
  if (ours === null) return false;
  const mine = collapse(ours);
  if (mine === name) return true;
  return mine.length > 0 && name.startsWith(mine) && NAME_END.test(name.slice(mine.length));
}

export function titleMatches(ours: string, expected: string): boolean {
  return collapse(ours) === collapse(expected);
}

/**
 * Titles whose site part the importer removes, by page: the part as the
 * expected (Readability's) title writes it. Written by hand from the pages'
 * <title>s and site names, so the measure does not trust the importer's rule.
 */
export type SiteParts = Readonly<Record<string, string>>;

const SEPARATORS = [' | ', ' - ', ' – ', ' — ', ' · ', ' • ', ' » ', ': ', ' :: '];

/** Is ours the expected title without exactly the site part listed for its page? */
export function titleWithoutSite(ours: string, expected: string, part: string | undefined): boolean {
  if (part === undefined) return false;
  const o = collapse(ours);
  const e = collapse(expected);
  return SEPARATORS.some((sep) => e === `${o}${sep}${part}` || e === `${part}${sep}${o}`);
}

export interface Measure {
  pages: number;
  /** Titles right because their listed site part was removed. */
  siteStripped: number;
  titlePages: number;
  titles: number;
  bylinePages: number;
  bylines: number;
  /** Ours equals Readability's byline string exactly (for reference only). */
  bylinesVerbatim: number;
  misses: string[];
  /** Expected bylines that name no one, and ours where Readability found none. */
  notes: string[];
}

/** Imports every `DIR/NAME/source.html` and compares it with `expected-metadata.json`. */
export function measure(dir: string, check?: (html: string) => void, siteParts: SiteParts = {}): Measure {
  const m: Measure = { pages: 0, siteStripped: 0, titlePages: 0, titles: 0, bylinePages: 0, bylines: 0, bylinesVerbatim: 0, misses: [], notes: [] };
  for (const page of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const expected = JSON.parse(readFileSync(join(dir, page, 'expected-metadata.json'), 'utf8')) as ExpectedMetadata;
    m.pages++;
    let title = '';
    let author: string | null = null;
    try {
      const article = importDocument({ fileName: 'source.html', bytes: readFileSync(join(dir, page, 'source.html')) });
      title = article.meta.title;
      author = article.meta.author;
      check?.(article.html);
    } catch (error) {
      m.misses.push(`${page}: ${(error as Error).message}`);
    }
    if (expected.title.trim()) {
      m.titlePages++;
      const part = siteParts[page];
      if (titleWithoutSite(title, expected.title, part)) {
        m.titles++;
        m.siteStripped++;
      } else if (part === undefined && titleMatches(title, expected.title)) m.titles++;
      else if (part !== undefined) m.misses.push(`${page}: title ${JSON.stringify(title)} kept the site part ${JSON.stringify(part)} of ${JSON.stringify(expected.title)}`);
      else m.misses.push(`${page}: title ${JSON.stringify(title)} ≠ ${JSON.stringify(expected.title)}`);
    }
    if (expected.byline !== null && author === expected.byline) m.bylinesVerbatim++;
    if (expectedName(expected.byline) !== null) {
      m.bylinePages++;
      if (bylineMatches(author, expected.byline)) m.bylines++;
      else m.misses.push(`${page}: byline ${JSON.stringify(author)} ≠ ${JSON.stringify(expected.byline)}`);
    } else if (expected.byline !== null) {
      m.notes.push(`${page}: expected byline ${JSON.stringify(expected.byline)} names no one; ours ${JSON.stringify(author)}`);
    } else if (author !== null) {
      m.notes.push(`${page}: Readability found no byline; ours ${JSON.stringify(author)}`);
    }
  }
  return m;
}

export const share = (n: number, of: number): string => `${n}/${of} (${((n / Math.max(1, of)) * 100).toFixed(1)}%)`;
