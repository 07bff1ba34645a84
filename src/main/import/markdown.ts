/**
 * Markdown to an article: YAML front matter gives metadata, `marked` (GFM)
 * renders the body, and the result is sanitized like any HTML, since
 * Markdown may carry raw HTML.
 */
import { Marked } from 'marked';
import type { Token, Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { tagNamesFromSource } from '../../shared/tags';
import type { ImportedArticle } from './types';
import { normalizePublished } from './dates';
import { excerptOf, finalizeBody, htmlToPlainText } from './finalize';
import { normalizeLanguage } from './metadata';
import { sanitizeHtml } from './sanitize';
import { parseHttpUrl } from '../../shared/http-url';

// One instance with its own options: the global `marked` is shared mutable state.
const markdown = new Marked({ gfm: true, breaks: false, async: false });

type FrontMatter = Record<string, unknown>;

/**
 * Splits a leading `---` YAML block from the body. Malformed YAML yields no
 * metadata, but the block is still removed: it was meant as metadata, not
 * as text to read.
 */
export function splitFrontMatter(source: string): { data: FrontMatter; body: string } {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(source);
  if (!m) return { data: {}, body: source };
  const body = source.slice(m[0].length);
  try {
    const data: unknown = parseYaml(m[1]!, { maxAliasCount: 50, logLevel: 'silent' });
    if (data && typeof data === 'object' && !Array.isArray(data)) return { data: data as FrontMatter, body };
  } catch {
    // Fall through: ignore unreadable front matter rather than fail the import.
  }
  return { data: {}, body };
}

/** The first present key, case-insensitively. */
function pick(data: FrontMatter, keys: string[]): unknown {
  const lower = new Map(Object.entries(data).map(([k, v]) => [k.toLowerCase(), v]));
  for (const k of keys) {
    const v = lower.get(k);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

/** "X", ["X", "Y"], {name: "X"}, [{name: "X"}] → "X, Y". */
function asAuthor(value: unknown): string | null {
  const names = (Array.isArray(value) ? value : [value])
    .map((v) => (v && typeof v === 'object' && 'name' in v ? (v as { name: unknown }).name : v))
    .map(asText)
    .filter((v): v is string => v !== null);
  return names.length ? names.join(', ') : null;
}

/**
 * Tags as a YAML list or a comma-separated string, an Obsidian-style leading
 * `#` dropped, made valid tag names as any imported tag is (shared/tags.ts).
 */
export function asTags(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return tagNamesFromSource(raw.map((t) => asText(t)?.replace(/^#/, '') ?? null));
}

function asUrl(value: unknown): string | null {
  const s = asText(value);
  return s ? (parseHttpUrl(s)?.href ?? null) : null;
}

/** Plain text of a heading's inline Markdown ("Hello *world*" → "Hello world"). */
function headingText(token: Tokens.Heading): string {
  return htmlToPlainText(markdown.parseInline(token.text) as string);
}

/** The index of the token holding the title, if the body supplies one. */
function titleTokenIndex(tokens: Token[]): number {
  const firstContent = tokens.findIndex((t) => t.type !== 'space' && !(t.type === 'html' && /^\s*<!--/.test(t.raw)));
  const lead = tokens[firstContent];
  // A document that opens with a top-level heading names itself.
  if (lead?.type === 'heading' && (lead as Tokens.Heading).depth === 1) return firstContent;
  // Otherwise a lone `#` heading further down is still the title.
  const h1s = tokens.flatMap((t, i) => (t.type === 'heading' && (t as Tokens.Heading).depth === 1 ? [i] : []));
  return h1s.length === 1 ? h1s[0]! : -1;
}

export function importMarkdown(source: string, fileName: string, sourceUrl: string | null): ImportedArticle {
  const { data, body } = splitFrontMatter(source);
  const tokens = markdown.lexer(body);

  let title = asText(pick(data, ['title']));
  const titleIndex = titleTokenIndex(tokens);
  if (titleIndex >= 0) {
    const heading = tokens[titleIndex] as Tokens.Heading;
    const text = headingText(heading);
    // The heading is the title, or a repeat of the front-matter title.
    if (!title || text.toLowerCase() === title.toLowerCase()) {
      title ??= text;
      tokens.splice(titleIndex, 1);
    }
  }

  // Relative links resolve against where the document came from, if known.
  const origin = sourceUrl ?? asUrl(pick(data, ['source', 'url', 'link', 'source_url', 'canonical', 'canonical_url']));
  const html = sanitizeHtml(markdown.parser(tokens) as string, origin ?? undefined);
  const final = finalizeBody(html);
  if (!title) {
    // No title anywhere: the first line of the text, shortened.
    const firstLine = final.text.split('\n').find((l) => l.trim()) ?? '';
    title = firstLine.length > 100 ? `${firstLine.slice(0, 100).replace(/\s+\S*$/, '')}…` : firstLine;
  }
  title ||= fileName.replace(/\.[^.]+$/, '');

  const excerpt = asText(pick(data, ['description', 'summary', 'excerpt', 'abstract'])) ?? excerptOf(final.text);
  return {
    format: 'markdown',
    meta: {
      title,
      author: asAuthor(pick(data, ['author', 'authors', 'by', 'creator'])),
      siteName: asText(pick(data, ['site', 'site_name', 'sitename', 'publisher'])),
      sourceUrl: origin,
      publishedAt: normalizePublished(pick(data, ['date', 'published', 'published_at', 'publishedat', 'pubdate', 'created', 'created_at'])),
      language: normalizeLanguage(asText(pick(data, ['lang', 'language', 'locale']))),
      excerpt,
      wordCount: final.wordCount,
    },
    html: final.html,
    text: final.text,
    tags: asTags(pick(data, ['tags', 'tag', 'keywords'])),
  };
}
