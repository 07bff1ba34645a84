/**
 * The second line of a Kindle clipping, in the Kindle's language: what it
 * is (highlight, note, bookmark), its page, its location range and when it
 * was made. For example:
 *
 *   - Your Highlight on page 12 | Location 120-122 | Added on Monday, 5 May 2019 13:23:45
 *   - Ihre Markierung auf Seite 42 | Position 1234-1236 | Hinzugefügt am Montag, 30. Dezember 2024 14:46:33
 *   - 您在第 7 页（位置 #114-116）的标注 | 添加于 2019年9月30日星期一 下午6:00:39
 *
 * Words are matched in English, German, French, Spanish, Italian,
 * Portuguese, Dutch, Russian, Japanese and Chinese. A line in another
 * language fails soft: a highlight with no location and no date.
 */

export type ClippingKind = 'highlight' | 'note' | 'bookmark';

export interface ClippingMetadata {
  kind: ClippingKind;
  /** False when no word of a known language was found (the line was read as a highlight). */
  recognised: boolean;
  page: string | null;
  start: number | null;
  end: number | null;
  /** ISO 8601 in UTC (the Kindle writes local time without a zone), or null. */
  addedAt: string | null;
}

// Checked in this order: a bookmark or note line may contain a highlight word elsewhere.
const BOOKMARK = /bookmark|lesezeichen|signet|marcador|segnalibro|bladwijzer|закладка|ブックマーク|书签|書籤/iu;
const NOTE = /\bnote\b|\bnotiz\b|\bnota\b|\bnotitie\b|заметка|メモ|笔记|筆記/iu;
const HIGHLIGHT = /highlight|markierung|surlignement|subrayado|evidenziazione|destaque|markering|выделен|ハイライト|标注|標註|划线/iu;

// "location 120-122", "Position 12", "emplacement 5", "posición", "posizione", "posição", "locatie", "Местоположение", "位置No. 114-116", "位置 #114-116".
const LOCATION =
  /(?:\blocation|\bloc\.|\bposition|\bemplacement|\bposici[oó]n|\bposizione|\bposi[cç][aã]o|\blocatie|местоположени[ие]|позиции|位置(?:\s*no\.)?)\s*#?\s*(\d+)(?:\s*[-–]\s*#?(\d+))?/iu;
// "page 12", "Seite 42", "página 6", "pagina 6", "странице 5", "page ix", "page 14-14".
const PAGE = /(?:\bpage|\bseite|\bp[aá]gina|(?<![\p{L}])страниц[аеы]|(?<![\p{L}])стр\.)\s*([0-9]+|[ivxlcdm]+)\b(?:\s*-\s*(?:[0-9]+|[ivxlcdm]+)\b)?/iu;
const PAGE_JA = /(\d+)\s*ページ/u;
const PAGE_ZH = /第\s*(\d+)\s*页/u;

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  // en, de, fr, es, it, pt, nl, ru (genitive, as in "30 декабря")
  ['january', 'januar', 'janvier', 'enero', 'gennaio', 'janeiro', 'januari', 'января', 'jänner'],
  ['february', 'februar', 'février', 'febrero', 'febbraio', 'fevereiro', 'februari', 'февраля'],
  ['march', 'märz', 'mars', 'marzo', 'março', 'maart', 'марта'],
  ['april', 'avril', 'abril', 'aprile', 'апреля'],
  ['may', 'mai', 'mayo', 'maggio', 'maio', 'mei', 'мая'],
  ['june', 'juni', 'juin', 'junio', 'giugno', 'junho', 'июня'],
  ['july', 'juli', 'juillet', 'julio', 'luglio', 'julho', 'июля'],
  ['august', 'août', 'agosto', 'augustus', 'августа'],
  ['september', 'septembre', 'septiembre', 'setiembre', 'settembre', 'setembro', 'сентября'],
  ['october', 'oktober', 'octobre', 'octubre', 'ottobre', 'outubro', 'октября'],
  ['november', 'novembre', 'noviembre', 'novembro', 'ноября'],
  ['december', 'dezember', 'décembre', 'diciembre', 'dicembre', 'dezembro', 'декабря'],
];
MONTH_NAMES.forEach((names, i) => {
  for (const name of names) MONTHS[name] = i + 1;
});

function iso(year: number, month: number, day: number, hour: number, minute: number, second: number): string | null {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  if (Number.isNaN(ms) || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return date.toISOString();
}

/** The date part of the line ("Added on Monday, April 18, 2016 7:28:27 AM") to ISO, or null. */
export function parseClippingDate(part: string): string | null {
  const s = part.normalize('NFC');
  let hour = 0;
  let minute = 0;
  let second = 0;
  const time = /(上午|下午|午前|午後)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a\.\s?m\.|p\.\s?m\.)?/iu.exec(s);
  if (time) {
    hour = Number(time[2]);
    minute = Number(time[3]);
    second = Number(time[4] ?? 0);
    const marker = (time[1] ?? time[5] ?? '').toLowerCase().replace(/[.\s]/g, '');
    if ((marker === 'pm' || marker === '下午' || marker === '午後') && hour < 12) hour += 12;
    if ((marker === 'am' || marker === '上午' || marker === '午前') && hour === 12) hour = 0;
  }
  const withoutTime = time ? s.slice(0, time.index) + ' ' + s.slice(time.index + time[0].length) : s;
  const cjk = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u.exec(withoutTime);
  if (cjk) return iso(Number(cjk[1]), Number(cjk[2]), Number(cjk[3]), hour, minute, second);
  const year = /\b(\d{4})\b/u.exec(withoutTime);
  if (!year) return null;
  let month: number | undefined;
  for (const word of withoutTime.toLowerCase().split(/[^\p{L}]+/u)) {
    month = MONTHS[word];
    if (month) break;
  }
  const rest = withoutTime.slice(0, year.index) + ' ' + withoutTime.slice(year.index + 4);
  const day = /(?:^|[^\d])(\d{1,2})(?:[^\d]|$)/u.exec(rest);
  if (!month || !day) return null;
  return iso(Number(year[1]), month, Number(day[1]), hour, minute, second);
}

/** Reads a clipping's metadata line (the leading "- " optional). */
export function parseClippingMetadata(line: string): ClippingMetadata {
  // Japanese Kindles separate fields with a full-width bar.
  const text = line.replace(/^\s*-\s*/, '').replace(/｜/g, '|');
  const parts = text.split('|').map((p) => p.trim());
  // The last part is the date when there are several (Japanese puts the page first, the kind after the location).
  const last = parts.length > 1 ? parts[parts.length - 1]! : null;
  const head = last === null ? text : parts.slice(0, -1).join(' | ');
  const kind: ClippingKind | null = BOOKMARK.test(head) ? 'bookmark' : NOTE.test(head) ? 'note' : HIGHLIGHT.test(head) ? 'highlight' : null;
  const location = LOCATION.exec(head);
  const page = PAGE.exec(head) ?? PAGE_JA.exec(head) ?? PAGE_ZH.exec(head);
  const datePart = last !== null && /\d{4}/.test(last) ? last : null;
  const recognised = kind !== null;
  return {
    kind: kind ?? 'highlight',
    recognised,
    page: recognised && page ? page[1]! : null,
    start: recognised && location ? Number(location[1]) : null,
    end: recognised && location ? Number(location[2] ?? location[1]) : null,
    addedAt: recognised && datePart ? parseClippingDate(datePart) : null,
  };
}
