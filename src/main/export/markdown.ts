/**
 * One article, its highlights and its note as a Markdown file (Obsidian,
 * Logseq or any folder of notes).
 *
 * Rendering is a pure function of its input: the same data gives the same
 * bytes (nothing reads the clock; `saved` is the article's addedAt).
 */
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import type { Article, ArticleNote, BookInfo, ColorLabels, Highlight, PdfInfo } from '../../shared/types';
import { DEFAULT_COLOR_LABELS } from '../../shared/color-labels';
import { blockquote, inlineMarkdown } from './escape';
import { TEMPLATE_PARTIALS, TEMPLATE_SCHEMA } from '../../shared/export-template';
import { compileTemplate, type CompiledTemplate } from './template';
import { demoteHeadings, headingDepthBefore, topHeadingDepth } from './note-headings';

/** What the export needs of a book: its description and chapters (titles and starts, to group highlights). */
export type ExportBook = Pick<BookInfo, 'creators' | 'isbn' | 'publisher' | 'series' | 'chapters'>;

/**
 * What the export needs of an article: a summary with its tags and, for a
 * PDF, its page count, for a book its description and chapters (a full
 * Article also fits). PDF highlights come with their `page`, book
 * highlights with their `cfi` (set where highlights leave the core).
 */
export type ExportArticle = Omit<Article, 'html' | 'text' | 'pdf' | 'book'> &
  Partial<Pick<Article, 'html' | 'text'>> & { pdf?: Pick<PdfInfo, 'pageCount'>; book?: ExportBook };

export interface RenderInput {
  article: ExportArticle;
  highlights: readonly Highlight[];
  /** The article-level note (Markdown); null/'' when there is none. */
  note?: ArticleNote | string | null;
  /** ISO time of the export; added to the front matter as `exported` only when given. */
  exportedAt?: string;
  /** Template source or a compiled template; DEFAULT_TEMPLATE when absent. */
  template?: string | CompiledTemplate;
  /** false: `frontMatter` renders empty (Copy as Markdown); files keep it. */
  frontMatter?: boolean;
  /** What each colour means (Settings); the defaults when absent. */
  colorLabels?: ColorLabels;
}

/** The YAML front matter, as data. */
export interface FrontMatter {
  title: string;
  author: string | null;
  source: string | null;
  published: string | null;
  saved: string;
  tags: string[];
  highlights: number;
  /** PDFs: `pdf` and the page count; books: `book` and what follows (other articles keep the front matter they always had). */
  kind?: 'pdf' | 'book';
  pages?: number;
  /** Books: creators with role `aut` or none given. */
  authors?: string[];
  isbn?: string | null;
  publisher?: string | null;
  series?: string | null;
  series_position?: number | null;
  /** Books: the number of chapters (spine items). */
  chapters?: number;
  gloss: string;
  exported?: string;
}

/** One highlight as templates see it. */
export interface HighlightView {
  id: string;
  /** Obsidian block id without the caret: `gloss-<short id>`. */
  blockId: string;
  color: string;
  colour: string;
  /** What the colour means (Settings: "Key idea" for yellow by default). */
  label: string;
  /** The highlight's tags, by name. */
  tags: string[];
  /** Its tags as `#tags` for Obsidian and Logseq (spaces become `-`; characters a tag cannot hold are left out), or ''. */
  hashtags: string;
  /** The exact text as a Markdown blockquote (`> ` lines). */
  quote: string;
  /** The exact text, raw (not Markdown-escaped). */
  exact: string;
  /** Markdown as written ('' when none). */
  note: string;
  /** gloss://article/<id>#highlight-<hid> */
  glossUrl: string;
  /** Text-fragment link to the source page ('' unless the article came from http(s)). */
  sourceUrl: string;
  /** PDFs: the page the highlight starts on ('' otherwise, so `{{#page}}` is false). */
  page: number | '';
  /** Books: the EPUB CFI of the highlight ('' otherwise). */
  cfi: string;
  /** Books: the title of the chapter the highlight starts in ('' otherwise), escaped for Markdown. */
  chapter: string;
  /** Books: true on the first highlight of each chapter in the list (where its heading goes). */
  chapterStart: boolean;
  anchor: string;
  orphaned: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Every name an export template may use, and its partials (shared with the Settings help). */
export { TEMPLATE_SCHEMA, TEMPLATE_PARTIALS };

/** The default layout. */
export const DEFAULT_TEMPLATE = `{{frontMatter}}

# {{title}}
{{#note}}

{{note}}
{{/note}}
{{#hasHighlights}}

## Highlights
{{#highlights}}
{{#chapterStart}}

### {{chapter}}
{{/chapterStart}}
{{> highlight}}
{{/highlights}}
{{/hasHighlights}}
{{#hasOrphans}}

## Not found in the current text

These highlights no longer match the article's text; they are kept as they were.
{{#orphans}}
{{> highlight}}
{{/orphans}}
{{/hasOrphans}}
`;

const compiledDefault = compileTemplate(DEFAULT_TEMPLATE, TEMPLATE_SCHEMA, TEMPLATE_PARTIALS);

/** Compiles an export template, checking its names; throws GlossError('invalid_argument'). */
export function compileExportTemplate(source: string): CompiledTemplate {
  if (source === DEFAULT_TEMPLATE) return compiledDefault;
  return compileTemplate(source, TEMPLATE_SCHEMA, TEMPLATE_PARTIALS);
}

export function resolveTemplate(template: string | CompiledTemplate | undefined): CompiledTemplate {
  if (template === undefined) return compiledDefault;
  return typeof template === 'string' ? compileExportTemplate(template) : template;
}

// ---------------------------------------------------------------------------

export function articleGlossUrl(articleId: string): string {
  return `gloss://article/${encodeURIComponent(articleId)}`;
}

export function highlightGlossUrl(articleId: string, highlightId: string): string {
  return `${articleGlossUrl(articleId)}#highlight-${encodeURIComponent(highlightId)}`;
}

function isWebUrl(url: string | null | undefined): url is string {
  return !!url && /^https?:\/\/[^\s]+$/i.test(url);
}

/** Makes a URL safe inside a Markdown link destination `(…)`. */
function linkSafe(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Percent-encodes a text-directive term: everything but unreserved characters, and `-` too. */
export function encodeTextDirective(term: string): string {
  return encodeURIComponent(term).replace(/[-!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const FRAGMENT_WORDS = 5;
const FRAGMENT_EXACT_MAX = 80;

/**
 * A text fragment (`#:~:text=`) that opens the source page at the quote.
 * Short one-line quotes are matched whole; longer ones as textStart,textEnd
 * with a few words each (terms cannot span paragraphs). A quote starting or
 * ending mid-word is trimmed to whole words, since fragments match on word
 * boundaries.
 */
export function textFragmentUrl(sourceUrl: string, quote: Highlight['quote']): string | null {
  if (!isWebUrl(sourceUrl)) return null;
  let text = quote.exact;
  if (WORD_CHAR.test(quote.prefix.slice(-1)) && WORD_CHAR.test(text[0] ?? '')) text = text.replace(/^[\p{L}\p{M}\p{N}]+/u, '');
  if (WORD_CHAR.test(quote.suffix[0] ?? '') && WORD_CHAR.test(text.slice(-1))) text = text.replace(/[\p{L}\p{M}\p{N}]+$/u, '');
  const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (lines.length === 0) return null;
  let directive: string;
  const only = lines[0]!;
  if (lines.length === 1 && only.length <= FRAGMENT_EXACT_MAX) {
    directive = encodeTextDirective(only);
  } else {
    const firstWords = lines[0]!.split(' ');
    const lastWords = lines[lines.length - 1]!.split(' ');
    if (lines.length === 1 && firstWords.length <= FRAGMENT_WORDS * 2) {
      directive = encodeTextDirective(only);
    } else {
      const start = firstWords.slice(0, FRAGMENT_WORDS).join(' ');
      const end = lastWords.slice(-FRAGMENT_WORDS).join(' ');
      directive = `${encodeTextDirective(start)},${encodeTextDirective(end)}`;
    }
  }
  const base = linkSafe(sourceUrl);
  return `${base}${base.includes('#') ? '' : '#'}:~:text=${directive}`;
}

/** Block ids: `gloss-` + the first 8 characters of the id (longer if two would clash). */
export function blockIds(highlights: readonly Pick<Highlight, 'id'>[]): Map<string, string> {
  const clean = (id: string): string => id.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const counts = new Map<string, number>();
  for (const h of highlights) {
    const short = clean(h.id).slice(0, 8);
    counts.set(short, (counts.get(short) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const h of highlights) {
    const short = clean(h.id).slice(0, 8);
    out.set(h.id, `gloss-${counts.get(short)! > 1 ? clean(h.id) : short}`);
  }
  return out;
}

function noteText(note: RenderInput['note']): string {
  const raw = typeof note === 'string' ? note : (note?.note ?? '');
  return raw.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

/** Document order: by position, then end, then id (stable for equal ranges). */
export function byDocumentOrder(a: Highlight, b: Highlight): number {
  return a.position.start - b.position.start || a.position.end - b.position.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function buildFrontMatter(input: Pick<RenderInput, 'article' | 'highlights' | 'exportedAt'>): FrontMatter {
  const { article } = input;
  const data: FrontMatter = {
    title: article.title,
    author: article.author ?? null,
    source: article.sourceUrl ?? null,
    published: article.publishedAt ?? null,
    saved: article.addedAt,
    tags: [...(article.tags ?? [])],
    highlights: input.highlights.length,
    ...(isPdf(article) ? { kind: 'pdf' as const, pages: article.pdf.pageCount } : {}),
    ...(isBook(article) ? bookFrontMatter(article.book) : {}),
    gloss: articleGlossUrl(article.id),
  };
  if (input.exportedAt) data.exported = input.exportedAt;
  return data;
}

function isPdf(article: ExportArticle): article is ExportArticle & { pdf: Pick<PdfInfo, 'pageCount'> } {
  return article.format === 'pdf' && article.pdf !== undefined;
}

function isBook(article: ExportArticle): article is ExportArticle & { book: ExportBook } {
  return article.format === 'epub' && article.book !== undefined;
}

function bookFrontMatter(book: ExportBook): Partial<FrontMatter> {
  return {
    kind: 'book',
    authors: book.creators.filter((c) => c.role === null || c.role === 'aut').map((c) => c.name),
    isbn: book.isbn,
    publisher: book.publisher,
    series: book.series?.name ?? null,
    series_position: book.series?.position ?? null,
    chapters: book.chapters.length,
  };
}

/** The title of each book highlight's chapter (the one its start is in), by highlight id. */
function chapterTitles(book: ExportBook | undefined, highlights: readonly Highlight[]): Map<string, string> {
  const titles = new Map<string, string>();
  if (!book || book.chapters.length === 0) return titles;
  for (const h of highlights) {
    let n = 0;
    for (let i = 0; i < book.chapters.length; i++) if (book.chapters[i]!.start <= h.position.start) n = i;
    titles.set(h.id, book.chapters[n]!.title?.trim() || `Chapter ${n + 1}`);
  }
  return titles;
}

/** Marks the first highlight of each run of one chapter (a heading goes there). */
export function markChapterStarts<T extends { chapter: string }>(views: readonly T[]): T[] {
  return views.map((v, i) => ({ ...v, chapterStart: v.chapter !== '' && (i === 0 || views[i - 1]!.chapter !== v.chapter) }));
}

/** The front matter block: `---`, YAML that YAML 1.1 and 1.2 parsers read alike, `---`. */
export function frontMatterBlock(data: FrontMatter): string {
  // version 1.1 quotes strings a 1.1 parser would read as something else
  // (yes/no/on, dates); lineWidth 0 never folds long titles.
  const yaml = YAML.stringify(data, { version: '1.1', lineWidth: 0, minContentWidth: 0 });
  return `---\n${yaml}---`;
}

/** The data a template renders. */
export function buildView(input: RenderInput): Record<string, unknown> {
  const { article } = input;
  const sorted = [...input.highlights].sort(byDocumentOrder);
  const ids = blockIds(sorted);
  const book = isBook(article) ? article.book : undefined;
  const chapters = chapterTitles(book, sorted.filter((h) => h.anchor !== 'orphaned'));
  const labels = input.colorLabels ?? DEFAULT_COLOR_LABELS;
  const toView = (h: Highlight): HighlightView => ({
    id: h.id,
    blockId: ids.get(h.id)!,
    color: h.color,
    colour: h.color,
    label: inlineMarkdown(labels[h.color]),
    tags: [...(h.tags ?? [])],
    hashtags: hashtags(h.tags ?? []),
    quote: blockquote(h.quote.exact),
    exact: h.quote.exact,
    note: noteText(h.note),
    glossUrl: highlightGlossUrl(article.id, h.id),
    sourceUrl: (article.sourceUrl && textFragmentUrl(article.sourceUrl, h.quote)) || '',
    page: h.page ?? '',
    cfi: h.cfi ?? '',
    chapter: inlineMarkdown(chapters.get(h.id) ?? ''),
    chapterStart: false,
    anchor: h.anchor,
    orphaned: h.anchor === 'orphaned',
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  });
  // Book highlights are grouped under their chapters' headings (document order keeps each chapter's together).
  const placed = markChapterStarts(sorted.filter((h) => h.anchor !== 'orphaned').map(toView));
  const orphans = sorted.filter((h) => h.anchor === 'orphaned').map(toView);
  return {
    frontMatter: input.frontMatter === false ? '' : frontMatterBlock(buildFrontMatter(input)),
    title: inlineMarkdown(article.title) || 'Untitled',
    author: article.author ?? '',
    source: article.sourceUrl ?? '',
    published: article.publishedAt ?? '',
    saved: article.addedAt,
    tags: [...(article.tags ?? [])],
    highlightCount: sorted.length,
    kind: isPdf(article) ? 'pdf' : isBook(article) ? 'book' : 'article',
    pages: isPdf(article) ? article.pdf.pageCount : '',
    isbn: book?.isbn ?? '',
    publisher: book?.publisher ?? '',
    series: book?.series ? `${book.series.name}${book.series.position !== null ? ` #${book.series.position}` : ''}` : '',
    chapters: book ? book.chapters.length : '',
    glossUrl: articleGlossUrl(article.id),
    exportedAt: input.exportedAt ?? '',
    note: noteText(input.note),
    hasHighlights: placed.length > 0,
    highlights: placed,
    hasOrphans: orphans.length > 0,
    orphans,
    article: {
      id: article.id,
      title: article.title,
      author: article.author,
      siteName: article.siteName,
      sourceUrl: article.sourceUrl,
      sourceName: article.sourceName,
      publishedAt: article.publishedAt,
      addedAt: article.addedAt,
      updatedAt: article.updatedAt,
      language: article.language,
      wordCount: article.wordCount,
      tags: [...(article.tags ?? [])],
    },
  };
}

/** Stands for the note in a trial render; letters and digits only, so no template or Markdown rule touches it. */
const NOTE_MARK = 'glossnotemark7c1e9a4f';

/**
 * The note with its headings one level below the heading the template puts
 * it under. Found by rendering the template with a mark for the note (and
 * without front matter, whose YAML could read as a setext heading); only
 * notes that have headings pay for that second render.
 */
function noteUnderTemplateHeading(template: CompiledTemplate, view: Record<string, unknown>): string {
  const note = view.note as string;
  if (topHeadingDepth(note) === 0) return note;
  const trial = template.render({ ...view, frontMatter: '', note: NOTE_MARK });
  return demoteHeadings(note, headingDepthBefore(trial, NOTE_MARK));
}

/** The Markdown file for one article. Same input, same bytes. */
export function renderArticleMarkdown(input: RenderInput): string {
  const template = resolveTemplate(input.template);
  const view = buildView(input);
  view.note = noteUnderTemplateHeading(template, view);
  let out = template.render(view);
  // Without front matter, the blank lines the template keeps after it would lead the text.
  if (input.frontMatter === false) out = out.replace(/^\s*\n/, '');
  // One trailing newline, whatever the template leaves (trimEnd drops what /\s+$/ matches).
  return `${out.trimEnd()}\n`;
}

/** Tags as `#tag` words: the characters Obsidian takes in a tag (letters, digits, _ - /), spaces as `-`. */
export function hashtags(tags: readonly string[]): string {
  return tags
    .map((t) => t.trim().replace(/\s+/g, '-').replace(/[^\p{L}\p{N}_/-]/gu, ''))
    .filter((t) => /\p{L}/u.test(t))
    .map((t) => `#${t}`)
    .join(' ');
}

/** A short fingerprint of what the export shows of a highlight (for change detection). */
export function highlightFingerprint(h: Highlight): string {
  // Tags only when there are some, so files exported before highlight tags keep their fingerprints.
  const tags = h.tags?.length ? [[...h.tags].sort()] : [];
  return createHash('sha256')
    .update(JSON.stringify([h.quote.exact, h.color, noteText(h.note), h.anchor === 'orphaned', ...tags]))
    .digest('hex')
    .slice(0, 16);
}

export function noteFingerprint(note: RenderInput['note']): string {
  return createHash('sha256').update(noteText(note)).digest('hex').slice(0, 16);
}
