/**
 * Hypothesis's JSON export:
 *
 *   {export_date, annotations: [{id, created, updated, uri, text, tags, user,
 *     target: [{source, selector: [TextQuoteSelector, TextPositionSelector, RangeSelector, …]}],
 *     document: {title}, references}]}
 *
 * One page per `uri`. An annotation with a TextQuoteSelector is a
 * highlight: its `exact` is the quote, its prefix and suffix choose between
 * repeats when it is placed in the page's text (place-quote.ts), its text is
 * the highlight's note. An annotation's tags become the highlight's tags
 * (a page note's, which has no highlight, end it as `#tag` words). A reply
 * (`references`: its thread, root first) joins its root's note as
 * "**author**: text". An annotation without a selector is a page note: it
 * goes into the article note. Highlights are ordered by their
 * TextPositionSelector. Pure; an annotation that cannot be read (or is on a
 * page that is not http(s): a local PDF) is reported and skipped.
 */
import { tagNamesFromSource } from '../../shared/tags';
import type { ParsedHighlightsExport, ParseFailure, SourceBook, SourceHighlight } from './model';
import { normalizeTypedAddress } from '../web/url';

/** True when `head` (the file's start) looks like a Hypothesis export: a JSON object with annotations. */
export function looksLikeHypothesisJson(head: string): boolean {
  const h = head.replace(/^\ufeff/, '').trimStart();
  return h.startsWith('{') && /"annotations"\s*:\s*\[/.test(h) && (/"export_date"\s*:/.test(h) || /"target"\s*:/.test(h));
}

interface Selector {
  type?: unknown;
  exact?: unknown;
  prefix?: unknown;
  suffix?: unknown;
  start?: unknown;
}

interface Annotation {
  id?: unknown;
  created?: unknown;
  uri?: unknown;
  text?: unknown;
  tags?: unknown;
  user?: unknown;
  user_info?: { display_name?: unknown } | null;
  target?: unknown;
  document?: { title?: unknown } | null;
  references?: unknown;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** "acct:alice@hypothes.is" → "alice"; the display name when there is one. */
function authorOf(a: Annotation): string {
  const display = str(a.user_info?.display_name).trim();
  if (display) return display;
  const user = str(a.user);
  return /^acct:([^@]+)@/.exec(user)?.[1] ?? (user || 'someone');
}

function titleOf(a: Annotation): string {
  const t = a.document?.title;
  const title = Array.isArray(t) ? str(t[0]) : str(t);
  return title.replace(/\s+/g, ' ').trim();
}

/** Tags as `#words` (spaces become hyphens so each tag stays one word). */
function tagLine(tags: unknown): string {
  if (!Array.isArray(tags)) return '';
  return tags
    .map((t) => str(t).trim().replace(/\s+/g, '-').replace(/^#/, ''))
    .filter(Boolean)
    .map((t) => `#${t}`)
    .join(' ');
}

function selectorsOf(a: Annotation): Selector[] {
  if (!Array.isArray(a.target)) return [];
  const out: Selector[] = [];
  for (const target of a.target as unknown[]) {
    const selectors = target && typeof target === 'object' ? (target as { selector?: unknown }).selector : undefined;
    if (Array.isArray(selectors)) for (const s of selectors) if (s && typeof s === 'object') out.push(s as Selector);
  }
  return out;
}

interface Entry {
  highlight: SourceHighlight;
  position: number | null;
  replies: string[];
}

interface PageNote {
  text: string;
  replies: string[];
}

interface Page {
  book: SourceBook;
  entries: Entry[];
  notes: PageNote[];
}

function joinNote(own: string, tags: string, replies: readonly string[]): string {
  return [own.trim(), tags, ...replies].filter(Boolean).join('\n\n');
}

export function parseHypothesisJson(text: string): ParsedHighlightsExport {
  const failures: ParseFailure[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return { format: 'hypothesis-json', books: [], failures: [{ where: 'the file', reason: 'not readable JSON' }] };
  }
  const list = data && typeof data === 'object' ? (data as { annotations?: unknown }).annotations : undefined;
  if (!Array.isArray(list)) return { format: 'hypothesis-json', books: [], failures: [{ where: 'the file', reason: 'no annotations list' }] };

  const pages = new Map<string, Page>();
  /** Annotation id → where its replies go. */
  const threads = new Map<string, { replies: string[] }>();
  const replies: Array<{ a: Annotation; where: string }> = [];
  list.forEach((raw: unknown, i) => {
    const a = (raw && typeof raw === 'object' ? raw : {}) as Annotation;
    const where = `annotation ${str(a.id) || i + 1}`;
    if (Array.isArray(a.references) && a.references.length > 0) {
      replies.push({ a, where });
      return;
    }
    let url: string;
    try {
      url = normalizeTypedAddress(str(a.uri).trim());
    } catch {
      failures.push({ where, reason: str(a.uri) ? `not on a web page (${str(a.uri).slice(0, 80)})` : 'no uri' });
      return;
    }
    let page = pages.get(url);
    if (!page) {
      page = { book: { title: titleOf(a) || url, author: null, tags: [], highlights: [], looseNotes: [], url }, entries: [], notes: [] };
      pages.set(url, page);
    }
    const selectors = selectorsOf(a);
    const quote = selectors.find((s) => s.type === 'TextQuoteSelector' && str(s.exact).trim());
    const created = str(a.created);
    const addedAt = created && Number.isFinite(Date.parse(created)) ? new Date(created).toISOString() : null;
    const thread = { replies: [] as string[] };
    if (typeof a.id === 'string') threads.set(a.id, thread);
    if (!quote) {
      const note = joinNote(str(a.text), tagLine(a.tags), []);
      // A page note: kept in the article note (its replies follow it).
      page.notes.push({ text: note, replies: thread.replies });
      return;
    }
    const position = selectors.find((s) => s.type === 'TextPositionSelector' && typeof s.start === 'number');
    page.entries.push({
      highlight: {
        quote: str(quote.exact),
        note: joinNote(str(a.text), '', []),
        ...(Array.isArray(a.tags) && a.tags.length ? { tags: tagNamesFromSource(a.tags) } : {}),
        color: 'yellow',
        location: { page: null, start: null, end: null },
        addedAt,
        context: { prefix: str(quote.prefix), suffix: str(quote.suffix) },
      },
      position: position ? (position.start as number) : null,
      replies: thread.replies,
    });
  });
  // Replies in the order they were written, each under its thread's root.
  replies.sort((x, y) => str(x.a.created).localeCompare(str(y.a.created)));
  for (const { a, where } of replies) {
    const root = threads.get(str((a.references as unknown[])[0]));
    const text = str(a.text).trim();
    if (!root) {
      failures.push({ where, reason: 'a reply to an annotation that is not in the file' });
      continue;
    }
    if (text) root.replies.push(`**${authorOf(a)}**: ${text}`);
  }

  const books: SourceBook[] = [];
  for (const page of pages.values()) {
    const ordered = page.entries
      .map((e, i) => ({ e, i }))
      .sort((x, y) => (x.e.position ?? Infinity) - (y.e.position ?? Infinity) || x.i - y.i)
      .map(({ e }) => ({ ...e.highlight, note: joinNote(e.highlight.note, '', e.replies) }));
    const looseNotes = page.notes.map((n) => joinNote(n.text, '', n.replies)).filter(Boolean);
    if (ordered.length === 0 && looseNotes.length === 0) continue;
    books.push({ ...page.book, highlights: ordered, looseNotes });
  }
  return { format: 'hypothesis-json', books, failures };
}
