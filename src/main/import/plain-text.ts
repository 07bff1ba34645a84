/**
 * Plain text to an article: title from the first line, a byline near the
 * top, paragraphs, short heading lines as <h2>, list lines as lists.
 *
 * Plain text comes in two shapes: hard-wrapped (paragraphs separated by
 * blank lines, lines broken at ~72 columns) and one-line-per-paragraph
 * (copied from a web page). Each blank-line block is judged on its own, so
 * a file mixing both still reads right.
 */
import type { ImportedArticle } from './types';
import { parseBylineLine } from './byline';
import { excerptOf, finalizeBody } from './finalize';

type Unit =
  | { kind: 'line'; text: string } // a single source line (may become a heading)
  | { kind: 'para'; text: string } // several wrapped lines joined
  | { kind: 'item'; ordered: boolean; start: number; text: string };

const BULLET = /^\s*[-*•+–]\s+(.*\S)\s*$/u;
const NUMBERED = /^\s*(\d{1,4})[.)]\s+(.*\S)\s*$/;
// Characters that end a sentence or clause, in several scripts and quote styles.
const CLOSING = /[.!?:;,…。！？：；，、"'”’»」』)\]]$/u;
const HEADING_MAX_CHARS = 80;
const HEADING_MAX_WORDS = 12;
const BYLINE_SEARCH_LINES = 3;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function words(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

function listItem(line: string): Unit | null {
  const bullet = BULLET.exec(line);
  if (bullet) return { kind: 'item', ordered: false, start: 1, text: bullet[1]! };
  const numbered = NUMBERED.exec(line);
  if (numbered) return { kind: 'item', ordered: true, start: Number(numbered[1]), text: numbered[2]! };
  return null;
}

/** A short line with no closing punctuation, not a list item, not mid-sentence. */
function headingLike(unit: Unit | undefined): boolean {
  if (!unit || unit.kind !== 'line') return false;
  const t = unit.text;
  return (
    t.length <= HEADING_MAX_CHARS &&
    words(t) <= HEADING_MAX_WORDS &&
    !CLOSING.test(t) &&
    !/^\p{Ll}/u.test(t) // a lower-case start is a sentence fragment
  );
}

/** Hard-wrapped block: several lines, none much longer than a terminal is wide. */
function isWrapped(block: string[]): boolean {
  if (block.length < 2) return false;
  const body = block.slice(0, -1);
  if (body.some((l) => l.trim().length > 100)) return false;
  // Lines of a wrapped paragraph mostly run to the margin.
  const avg = body.reduce((n, l) => n + l.trim().length, 0) / body.length;
  return avg >= 40;
}

/** Splits lines into blank-line-separated blocks of trimmed-right lines. */
function blocksOf(lines: string[]): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length) blocks.push(current);
      current = [];
    } else current.push(line.replace(/\s+$/, ''));
  }
  if (current.length) blocks.push(current);
  return blocks;
}

function unitsOf(block: string[], oneLinePerParagraph: boolean): Unit[] {
  const units: Unit[] = [];
  if (oneLinePerParagraph || !isWrapped(block)) {
    for (const line of block) units.push(listItem(line) ?? { kind: 'line', text: line.trim().replace(/\s+/g, ' ') });
    return units;
  }
  // Wrapped: join lines, but a list marker starts a new item.
  let current: Unit | null = null;
  for (const line of block) {
    const item = listItem(line);
    if (item) {
      if (current) units.push(current);
      current = item;
    } else if (current) {
      current.text = `${current.text} ${line.trim()}`;
      if (current.kind === 'line') current = { kind: 'para', text: current.text };
    } else current = { kind: 'line', text: line.trim() };
  }
  if (current) units.push(current);
  return units.map((u) => (u.kind === 'item' ? u : { ...u, text: u.text.replace(/\s+/g, ' ') }));
}

/** The title from the first line: a lone closing period is dropped, not "…" or "?". */
function titleFrom(line: string): string {
  let t = line.trim().replace(/^#+\s+/, '').replace(/\s+/g, ' ');
  if (/[^.]\.$/.test(t)) t = t.slice(0, -1).trim();
  if (t.length > 150) {
    const cut = t.slice(0, 120);
    t = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60))}…`;
  }
  return t;
}

function renderUnits(units: Unit[]): string {
  const out: string[] = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (unit.kind === 'item') {
      const items: string[] = [];
      const { ordered, start } = unit;
      while (i < units.length) {
        const u = units[i]!;
        if (u.kind !== 'item' || u.ordered !== ordered) break;
        items.push(`<li>${escapeHtml(u.text)}</li>`);
        i++;
      }
      i--;
      const tag = ordered ? 'ol' : 'ul';
      const startAttr = ordered && start !== 1 ? ` start="${start}"` : '';
      out.push(`<${tag}${startAttr}>${items.join('')}</${tag}>`);
      continue;
    }
    const next = units[i + 1];
    // A heading introduces a paragraph or list, not another heading-like line.
    const isHeading = headingLike(unit) && next !== undefined && !headingLike(next);
    out.push(isHeading ? `<h2>${escapeHtml(unit.text)}</h2>` : `<p>${escapeHtml(unit.text)}</p>`);
  }
  return out.join('\n');
}

export function importPlainText(source: string, fileName: string, sourceUrl: string | null): ImportedArticle {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let index = lines.findIndex((l) => l.trim() !== '');
  const firstLine = lines[index] ?? '';
  const title = titleFrom(firstLine) || fileName.replace(/\.[^.]+$/, '');
  // A first "line" that is really a paragraph gives the title but stays in the body.
  if (firstLine.trim().length <= 150) index++;
  else index = lines.findIndex((l) => l.trim() !== '');

  // Byline lines right under the title (possibly split: "By X" / "March 3, 2023").
  let author: string | null = null;
  let publishedAt: string | null = null;
  for (let seen = 0, i = index; i < lines.length && seen < BYLINE_SEARCH_LINES; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    seen++;
    const byline = line.trim().length <= 200 ? parseBylineLine(line) : null;
    if (!byline) break;
    author ??= byline.author;
    publishedAt ??= byline.date;
    lines[i] = ''; // consumed
    index = i + 1;
  }

  const body = lines.slice(Math.max(index, 0));
  const blocks = blocksOf(body);
  // No blank lines at all: every line break is a paragraph break.
  const oneLinePerParagraph = blocks.length <= 1;
  const units = blocks.flatMap((b) => unitsOf(b, oneLinePerParagraph));
  // Page residue ("Comments", "Share this") after the last paragraph.
  while (units.length > 0 && headingLike(units[units.length - 1])) units.pop();

  const { html, text, wordCount } = finalizeBody(renderUnits(units));
  return {
    format: 'text',
    meta: {
      title,
      author,
      siteName: null,
      sourceUrl,
      publishedAt,
      language: null,
      excerpt: excerptOf(text),
      wordCount,
    },
    html,
    text,
    tags: [],
  };
}
