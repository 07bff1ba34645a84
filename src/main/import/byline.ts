/**
 * Bylines: who wrote an article and when, as people write it near the top
 * ("Published on 13 Feb 2024, by Shin Min-Hae | Seoul, South Korea.").
 *
 * Two entry points:
 * - parseBylineLine() decides whether a plain-text line IS a byline, and is
 *   strict, because a wrong yes swallows a body paragraph;
 * - cleanAuthor() tidies a byline an HTML extractor already found, and is
 *   lenient, because site bylines carry org names and non-Latin scripts.
 */
import { findDate } from './dates';

export interface Byline {
  author: string | null;
  /** `YYYY-MM-DD`. */
  date: string | null;
}

// Lower-case words that legitimately appear inside personal names.
const PARTICLES = new Set([
  'de', 'da', 'di', 'del', 'della', 'der', 'den', 'des', 'van', 'von', 'la', 'le', 'du', 'dos',
  'das', 'do', 'bin', 'binti', 'ibn', 'al', 'el', 'ten', 'ter', 'y', 'e', 'zu', 'af', 'av',
]);
// Capitalized words that start sentences, not names ("By The Way").
const NOT_NAME_WORDS = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'my', 'your', 'his', 'her', 'its',
  'their', 'we', 'i', 'you', 'it', 'in', 'on', 'at', 'for', 'with', 'from', 'to', 'is', 'are',
  'was', 'be', 'if', 'when', 'how', 'what', 'why', 'not', 'no', 'all', 'published', 'posted',
  'updated', 'written', 'date', 'author', 'comments', 'share', 'read', 'more', 'home',
]);

/** One personal (or short organizational) name, in any script. */
export function isPlausibleName(raw: string): boolean {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name || name.length > 60) return false;
  if (/[\d@#/\\<>{}[\]=_*+|!?;:"“”]/.test(name)) return false;
  const words = name.split(' ');
  if (words.length > 6) return false;
  let named = false;
  for (const [i, word] of words.entries()) {
    const lower = word.toLowerCase();
    if (i > 0 && PARTICLES.has(word)) continue; // "Ortega y Gasset", "Michiel de Jong"
    if (NOT_NAME_WORDS.has(lower)) return false;
    // Letters, combining marks, apostrophes, hyphens, initials' dots.
    if (!/^[\p{L}\p{M}'’.-]+$/u.test(word) || !/^\p{L}/u.test(word)) return false;
    if (/^\p{Ll}/u.test(word)) return false;
    named = true;
  }
  return named;
}

/** Splits "X, Y and Z" into names; null when any part is not a name. */
function splitNames(raw: string): string[] | null {
  const parts = raw
    .split(/\s*,\s*|\s+(?:and|&|und|et|y|e)\s+/i)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 6) return null;
  return parts.every(isPlausibleName) ? parts : null;
}

const BY_CLAUSE =
  /^(?:(?:written|posted|published|reported|story|words|text|photos?|article|compiled|edited|interview)\s+)?(?:by|par|von|por|door|av|af)\s*[:：]?\s+(.+)$/i;
const LABEL_CLAUSE =
  /^(?:authors?|byline|writer|written\s+by|reporter|autor(?:in)?|auteur|autore|作者|저자|글)\s*[:：]\s*(.+)$/i;
// Words that introduce a date and carry no other meaning.
const DATE_LEAD =
  /(?:(?<!\p{L})(?:last|first|originally|published|posted|updated|modified|created|written|dated|date|on|at|le|am|el|il|op|publié|veröffentlicht|publicado|pubblicato)\s*[:：]?\s*)+$/iu;
// A time after the date ("at 6:01 am", "10:30 GMT").
const TIME_TAIL = /^,?\s*(?:at\s+|um\s+|à\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?(?!\d)/i;
// A time before the date ("at 10:30 am, 3 March 2023").
const TIME_LEAD = /(?:(?<!\p{L})at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?[\s,]*$/iu;
const DATE_MARK = '\u0001';
const SEPARATORS = /\s*(?:[|·•;]|\s[—–-]\s|,|\s[—–]|[—–]\s)\s*/;

// Job titles written after the name in Korean, Japanese and Chinese bylines.
const CJK_ROLE = /\s*(?:기자|특파원|객원기자|논설위원|記者|记者|特派員|特派员|通讯员|編集委員|编辑)$/u;

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/**
 * Reads one plain-text line as a byline; null when it is not one.
 * Accepts "By X", "by X and Y", "X — March 3, 2023", "Posted on 2023-03-03
 * by X", "Written by X on 3/3/2023", "March 3, 2023 by X", "Author: X",
 * "Date: 2023-03-03", "Updated 3 March 2023", with | · • , separators;
 * trailing locations and roles are dropped.
 */
export function parseBylineLine(line: string): Byline | null {
  const s = line.trim().replace(/[.。]+$/u, '').trim();
  if (!s || s.length > 200) return null;

  // Cut the date (and the words announcing it) out, leaving a marker segment.
  let rest = s;
  let date: string | null = null;
  const found = findDate(s);
  if (found) {
    // Peel "Published on", "at 10:30 am," and the like off the front of the date.
    let start = found.index;
    for (let peeled = true; peeled; ) {
      const before = s.slice(0, start);
      const lead = DATE_LEAD.exec(before) ?? TIME_LEAD.exec(before);
      peeled = !!lead && lead[0].length > 0;
      if (lead) start -= lead[0].length;
    }
    let end = found.end;
    const time = TIME_TAIL.exec(s.slice(end));
    if (time) end += time[0].length;
    rest = `${s.slice(0, start)}|${DATE_MARK}|${s.slice(end)}`;
    date = found.date;
  }

  const segments = rest.split(SEPARATORS).map((x) => x.trim());
  let author: string | null = null;
  let recognized = false; // author or date seen: later leftovers are trailing
  let leftoverBefore = 0;
  let afterDate = false; // the previous non-empty segment was the date
  // With an explicit "by X" anywhere, bare names elsewhere are labels, not authors.
  const hasClause = segments.some((seg) => BY_CLAUSE.test(seg) || LABEL_CLAUSE.test(seg));
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (!seg) continue;
    const wasAfterDate = afterDate;
    afterDate = seg === DATE_MARK;
    if (seg === DATE_MARK) {
      recognized = true;
      continue;
    }
    if (/^(?:published|posted|updated|last updated|written|date|on)\s*[:：]?$/i.test(seg)) continue;
    const clause: RegExpExecArray | null = author === null ? (BY_CLAUSE.exec(seg) ?? LABEL_CLAUSE.exec(seg)) : null;
    const named = seg.replace(CJK_ROLE, '');
    if (clause) {
      let names: string = clause[1]!.replace(CJK_ROLE, '').trim();
      // A list split by our comma separator: "by X, Y and Z".
      const extra: string[] = [];
      for (let j = i + 1; j < segments.length && splitNames(segments[j]!); j++) extra.push(segments[j]!);
      const lastAnd = extra.findLastIndex((x) => /(?:^|\s)(?:and|&)\s/i.test(x));
      if (lastAnd >= 0 && splitNames(names)) {
        names = [names, ...extra.slice(0, lastAnd + 1)].join(', ');
        i += lastAnd + 1;
      }
      if (!splitNames(names)) return null; // "by the way, …": a sentence
      author = names.replace(/\s+/g, ' ');
      recognized = true;
      continue;
    }
    if (!recognized) {
      // "Shin Min-Hae — 13 Feb 2024": a bare name is an author only next to a date.
      if (date && !hasClause && author === null && leftoverBefore === 0 && splitNames(named)) {
        author = named.replace(/\s+/g, ' ');
        recognized = true;
        continue;
      }
      // A short section label before the byline ("Opinion | By X") is tolerated.
      if (wordCount(seg) > 3) return null;
      leftoverBefore++;
      continue;
    }
    if (date && !hasClause && author === null && wasAfterDate && splitNames(named)) {
      author = named.replace(/\s+/g, ' '); // "13 Feb 2024 · Shin Min-Hae"
      continue;
    }
    // Trailing location or role ("| Seoul, South Korea"); a long one is prose.
    if (wordCount(seg) > 8) return null;
  }
  if (author === null && date === null) return null;
  return { author, date };
}

// Words that announce the date at the end of a byline ("… on", "… | Updated").
const DATE_LEAD_LOOSE =
  /(?:[\s,|·•—–-]*(?<!\p{L})(?:last|first|originally|published|posted|updated|modified|created|on|at|le|am|el|il|op)\s*[:：]?)*[\s,|·•—–-]*$/iu;

// What introduces the name in bylines, across languages: a verb that may come
// first ("Written by", "Escrito por", "Scritto da"), then a preposition, or a
// label with its colon ("Author:", "Автор:", "作者：").
const WRITTEN =
  'written|posted|published|reported|story|words|text|article|photos?|compiled|edited|interview|' +
  'escrito|publicado|redactado|geschrieben|verfasst|écrit|rédigé|publié|scritto|pubblicato|geschreven|skrivet|skrevet|napisane|napsal[a]?|написано|опубликовано|yazan';
const BY_WORD = 'by|par|von|por|door|av|af|przez|od|від|от';
// Prepositions that only mean "by" after one of the verbs ("Scritto da", "Escrito de").
const BY_AFTER_VERB = 'da|de|di';
const LABEL_WORD =
  'authors?|author\\(s\\)|byline|writer|reporter|autor(?:in|a|es|ka)?|auteur(?:e|s)?|autore|autori|tekst|texte?|texto|testo|' +
  'автор(?:ы)?|текст|yazar|kirjoittaja|szerző|forfatter|författare|συντάκτης|כותב|بقلم|كتب|الكاتب|作者|文|撰文|저자|글';
// "By", "Written by", "Автор:", "بقلم" … at the start; the Italian "di" too
// ("di Mario Rossi"), though only in lower case before a name: "Di" starts surnames.
const LEADING_BY = new RegExp(
  `^(?:(?:(?:${WRITTEN})\\s+)?(?:${BY_WORD})(?![\\p{L}\\p{M}])|(?:${WRITTEN})\\s+(?:${BY_AFTER_VERB})(?![\\p{L}\\p{M}])|di(?![\\p{L}\\p{M}])|(?:${LABEL_WORD})(?=\\s*[:：]|$))\\s*[:：]?\\s*`,
  'iu',
);
// …and "di" must stay lower-case, which an `i` flag cannot say.
const CAPITAL_DI = /^Di\s/u;
// Bylines that are only a word announcing the date ("Updated", "Publié le").
const DATE_WORDS_ONLY =
  /^(?:(?:last|first|originally|published|posted|updated|modified|created|date|on|at|veröffentlicht|aktualisiert|am|publié|mis à jour|le|publicado|actualizado|el|pubblicato|aggiornato|il|gepubliceerd|bijgewerkt|op|publicerad|uppdaterad|опубликовано|обновлено|更新|公開|发布|발행)\s*[:：]?\s*)+$/iu;
const TRAILING_ROLE =
  /\s*(?:,|\||·|•|—|–|\s-\s)\s*(?:(?:senior|chief|staff|contributing|special|associate|managing|deputy|executive|guest|political|technology|science|health|business|sports|national|foreign|white house)\s+)*(?:writer|editor|reporter|correspondent|contributor|columnist|journalist|producer|photographer|intern|analyst|fellow|staff|editorial staff|news|team)\b.*$/i;
// Academic and professional post-nominals ("Brenda Goodman, MA").
const CREDENTIALS = /\s*,\s*(?:(?:M\.?D|Ph\.?D|M\.?A|M\.?S|B\.?A|B\.?S|R\.?N|MPH|MBA|DO|DDS|RD|LCSW|Esq|Jr|Sr|III|II)\.?\s*,?\s*)+$/;

/** "By" with no name after it: what a byline element holds when the name sits in the next one. */
export function isBylineLabel(raw: string | null | undefined): boolean {
  const s = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return false;
  const rest = s.replace(LEADING_BY, '');
  return rest !== s && !/[\p{L}\p{N}]/u.test(rest);
}

/**
 * Prose, not a name: many words, most of them lower-case ("This story was
 * reported with support from …"). Scripts without case never look like it.
 */
function looksLikeProse(s: string): boolean {
  const words = s.split(' ');
  if (words.length < 7) return false;
  const lower = words.filter((w) => /^\p{Ll}/u.test(w)).length;
  return lower * 2 > words.length;
}

/**
 * Tidies a byline found in a web page: first line only, no leading "By" (in
 * any of several languages), no trailing date, role or credentials. Null when
 * no name is left: a bare label ("By", "Von", "Автор:"), a date, a URL or an
 * e-mail address, a sentence, or something too long to be a name.
 */
export function cleanAuthor(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const lines = raw.split(/\n/).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
  // The first line, or the first two when the first is only "Text by".
  let s = lines.length > 1 && isBylineLabel(lines[0]) ? `${lines[0]} ${lines[1]}` : (lines[0] ?? '');
  if (isBylineLabel(s) || DATE_WORDS_ONLY.test(s)) return null;
  // A trailing date, even glued to the name by careless markup.
  const date = findDate(s, { lenient: true });
  if (date) {
    const before = s.slice(0, date.index).replace(DATE_LEAD_LOOSE, '').trim();
    s = before;
  }
  if (!CAPITAL_DI.test(s)) {
    const stripped = s.replace(LEADING_BY, '');
    // "Por" alone (its name elsewhere) is no byline; a name must follow the label.
    if (stripped !== s && !/[\p{L}\p{N}]/u.test(stripped)) return null;
    if (stripped !== s && /^[\p{L}\p{N}@"“'‘«]/u.test(stripped)) s = stripped;
  }
  s = s.replace(TRAILING_ROLE, '').replace(CREDENTIALS, '').replace(CJK_ROLE, '');
  s = s.replace(/^[\s,;:|·•—–-]+|[\s,;:|·•—–-]+$/g, '').trim();
  if (!s || s.length > 100 || wordCount(s) > 12) return null;
  if (/^(?:https?:|www\.)/i.test(s) || /^\S+@\S+\.\S+$/.test(s)) return null;
  // Names start with a letter: "21.dez.2018 às 10h55" is a date in a format findDate does not know.
  if (!/^[\p{L}\p{M}"“'‘«(]/u.test(s) || DATE_WORDS_ONLY.test(s) || looksLikeProse(s)) return null;
  return s;
}
