/**
 * The body of a highlights-only source: its quotes in reading order, each a
 * <blockquote> in a <figure> with its location ("Page 12 · Location
 * 120–122") as the caption before it. The canonical text therefore holds
 * every quote, and each highlight anchors exactly on its quote through the
 * ordinary store: search, export, the Highlights panel and notes work as
 * for any article. The body is plain HTML the sanitizer keeps as it is (a
 * JSON backup restores it unchanged); a later import reads the items back
 * from the text and the highlights (readSourceItems), not from attributes.
 */
import { escapeHtml } from '../import/plain-text';
import { finalizeBody } from '../import/finalize';
import { GlossError } from '../../shared/errors';
import type { PositionSelector, QuoteSelector } from '../../shared/types';

export interface BodyItem {
  /** The highlight's id. */
  id: string;
  quote: string;
  /** Location label ('' for none). */
  label: string;
  /** Sort key (the location, else the page); null sorts last. */
  order: number | null;
}

export interface PlacedItem extends BodyItem {
  /** The quote as the canonical text holds it, and where. */
  exact: string;
  start: number;
  end: number;
}

export interface SourceBody {
  html: string;
  text: string;
  wordCount: number;
  items: PlacedItem[];
}

/**
 * A paragraph as the canonical text holds it (shared/text/canonical.ts):
 * runs of ASCII white space are one space, none at the ends; a no-break
 * space is content. Computed here, without parsing, because the body is
 * built from exactly these paragraphs (buildSourceBody checks the result).
 */
function canonicalParagraph(p: string): string {
  return p.replace(/[ \t\n\r\f]+/g, ' ').replace(/^ | $/g, '');
}

function paragraphsOf(quote: string): string[] {
  return quote.split(/\r\n|\r|\n/).map(canonicalParagraph).filter(Boolean);
}

function quoteHtml(quote: string): string {
  return `<blockquote>${paragraphsOf(quote).map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</blockquote>`;
}

function itemHtml(item: BodyItem): string {
  const caption = item.label ? `<figcaption>${escapeHtml(item.label)}</figcaption>` : '';
  return `<figure>${caption}${quoteHtml(item.quote)}</figure>`;
}

/** Items in reading order (by sort key, unknown last; stable). */
export function sortItems(items: readonly BodyItem[]): BodyItem[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (a.item.order ?? Infinity) - (b.item.order ?? Infinity) || a.i - b.i)
    .map((x) => x.item);
}

/** The canonical form of a quote (what a highlight on it holds), '' when it has no text: its paragraphs, a blank line apart. */
export function canonicalQuote(quote: string): string {
  return paragraphsOf(quote).join('\n\n');
}

/** Builds the body of `items` (already in order) and where each quote landed. */
export function buildSourceBody(items: readonly BodyItem[]): SourceBody {
  const html = items.map(itemHtml).join('\n');
  const { text, wordCount } = finalizeBody(html);
  const placed: PlacedItem[] = [];
  let cursor = 0;
  for (const item of items) {
    if (item.label) {
      const label = canonicalParagraph(item.label);
      const at = text.indexOf(label, cursor);
      if (at !== -1) cursor = at + label.length;
    }
    const exact = canonicalQuote(item.quote);
    const start = text.indexOf(exact, cursor);
    if (!exact || start === -1) throw new GlossError('internal', `A quote of “${item.id}” is missing from its source's text.`);
    placed.push({ ...item, exact, start, end: start + exact.length });
    cursor = start + exact.length;
  }
  return { html, text, wordCount, items: placed };
}

/** The sort key a label gives (its location, else a numeric page), as model.ts locationOrder does. */
export function labelOrder(label: string): number | null {
  const m = /Location (\d+)/.exec(label) ?? /^Page (\d+)/.exec(label);
  return m ? Number(m[1]) : null;
}

interface PlacedHighlight {
  id: string;
  quote: QuoteSelector;
  position: PositionSelector;
  anchor: string;
}

/**
 * The items of a body this module built, read back from its text and its
 * highlights: each placed highlight, in text order, with the caption line
 * just before it. Highlights inside an earlier item (made in Gloss on part
 * of a quote) are not items; they are returned as `inner`.
 */
export function readSourceItems(text: string, highlights: readonly PlacedHighlight[]): { items: BodyItem[]; inner: PlacedHighlight[] } {
  const items: BodyItem[] = [];
  const inner: PlacedHighlight[] = [];
  let end = 0;
  const placed = highlights.filter((h) => h.anchor !== 'orphaned').sort((a, b) => a.position.start - b.position.start || b.position.end - a.position.end);
  for (const h of placed) {
    if (h.position.start < end) {
      inner.push(h);
      continue;
    }
    const between = text.slice(end, h.position.start).split('\n').map((l) => l.trim()).filter(Boolean);
    const label = between[between.length - 1] ?? '';
    items.push({ id: h.id, quote: h.quote.exact, label, order: labelOrder(label) });
    end = h.position.end;
  }
  return { items, inner };
}
