/**
 * An article's excerpt: the first real paragraph of prose, never the
 * navigation a page puts before it ("[Docs] [txt|pdf] [Tracker]…",
 * "Coordinates: 42°S 174°E", "Home > News > Tech", a bare byline, a row of
 * links). One rule for every importer: the text checks work on any
 * paragraph; HTML bodies also skip paragraphs that are mostly link text.
 */
import { parseBodyFragment, type LightElement } from './light-dom';

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

// Characters that are words (any script), and those that make up bracketed lists.
const LETTERS = /[\p{L}\p{M}]/gu;
const SENTENCE_END = /[.!?。！？…؟।]["'”’»)\]]*$/u;
// Breadcrumb separators between short parts ("Home > News", "福娘童話集 > きょうの…").
const CRUMB_SEPARATOR = /\s+[>»›→/|·•]\s+|\s*[＞〉》]\s*/u;
// Scripts written without spaces between words: length counts instead of words.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

const letterShare = (s: string): number => {
  const visible = s.replace(/\s+/g, '');
  return visible ? (s.match(LETTERS)?.length ?? 0) / visible.length : 0;
};

/** Navigation rather than text: bracketed link lists, coordinates and number rows, breadcrumbs. */
export function isNavigationJunk(paragraph: string): boolean {
  const p = collapse(paragraph);
  if (!p) return true;
  // "[Docs] [txt|pdf] [Tracker]": most of it inside brackets.
  const bracketed = (p.match(/\[[^\]]*\]/g) ?? []).join('').length;
  if (bracketed / p.length > 0.4) return true;
  // "Coordinates: 42°S 174°E / 42°S 174°E": mostly digits and symbols.
  if (letterShare(p) < 0.6) return true;
  // "Home > News > Tech": three or more short parts and no sentence.
  const parts = p.split(CRUMB_SEPARATOR);
  if (parts.length >= 3 && parts.every((part) => part.split(/\s+/).length <= 5 && !SENTENCE_END.test(part))) return true;
  return false;
}

/** A paragraph of prose: not navigation, and long or sentence-like enough to say something. */
export function isProse(paragraph: string): boolean {
  const p = collapse(paragraph);
  if (isNavigationJunk(p)) return false;
  // "Intended Status: Proposed Standard", "Updated: 3 May": a field of a header block, not a sentence.
  if (/^[\p{L}\p{M}]+(?: [\p{L}\p{M}]+){0,2} ?[:：]/u.test(p) && p.length < 100 && !SENTENCE_END.test(p)) return false;
  if (UNSPACED.test(p)) return p.length >= 20;
  const words = p.split(' ').length;
  return p.length >= 40 ? words >= 5 : words >= 4 && SENTENCE_END.test(p);
}

/** `text` cut at a word near `max` characters, with "…". */
export function clip(text: string, max = 280): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** An excerpt of plain text: its first prose paragraph, else its first paragraph that is not navigation. */
export function excerptOf(text: string, max = 280): string | null {
  const paragraphs = text.split(/\n+/).map(collapse).filter(Boolean);
  const first = paragraphs.find(isProse) ?? paragraphs.find((p) => !isNavigationJunk(p));
  return first ? clip(first, max) : null;
}

const BLOCKS = 'p, li, dd, blockquote, td';
/** A block more than half link text is a menu, a tag list or a "Related" row. */
const MAX_LINK_SHARE = 0.5;

/** The first prose paragraph of sanitized body HTML (links rows skipped), or null. */
export function firstProseParagraph(html: string | LightElement): string | null {
  const root = typeof html === 'string' ? parseBodyFragment(html) : html;
  for (const block of root.querySelectorAll(BLOCKS)) {
    // The innermost block speaks for itself (a <li> holding <p>s is read through them).
    if (block.querySelector(BLOCKS)) continue;
    const text = collapse(block.textContent ?? '');
    if (!isProse(text)) continue;
    const linkText = block.querySelectorAll('a').reduce((n, a) => n + collapse(a.textContent ?? '').length, 0);
    if (linkText / text.length > MAX_LINK_SHARE) continue;
    return text;
  }
  return null;
}

/**
 * The excerpt of an HTML article: what Readability found when it is prose
 * (without a description it takes the first <p>, often a byline or a
 * date), else the description the page declares (trusted when short, as
 * long as it is not navigation), else the body's first prose paragraph,
 * else what plain text would give.
 */
export function chooseExcerpt(found: string | null | undefined, declared: string | null | undefined, html: string, text: string): string | null {
  const f = collapse(found ?? '');
  const d = collapse(declared ?? '');
  if (f && isProse(f)) return f;
  // The body is parsed only for excerpts that are not prose already (most are).
  const root = parseBodyFragment(html);
  // Not the body's first <p>: Readability read it from the page's metadata, which is deliberate.
  const firstP = f ? collapse(root.querySelector('p')?.textContent ?? '') : '';
  if (f && (f === d || f !== firstP) && !isNavigationJunk(f)) return f;
  if (d && !isNavigationJunk(d)) return d;
  const paragraph = firstProseParagraph(root);
  if (paragraph) return clip(paragraph);
  return excerptOf(text);
}
