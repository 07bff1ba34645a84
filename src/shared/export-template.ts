/**
 * What an export template may use: its field names and its partials. One
 * home for both sides: main checks templates against TEMPLATE_SCHEMA and
 * renders the partials; the Settings dialog lists the same names as help.
 */

/**
 * The names a template may use. `true`: a plain value (usable as `{{x}}`
 * or as a section condition). An object: a list of items (`list: true`) or a
 * single object whose fields are described by `fields`.
 */
export type TemplateField = true | { list?: boolean; fields?: TemplateSchema };
export interface TemplateSchema {
  [name: string]: TemplateField;
}

/** The fields of one highlight (inside `{{#highlights}}` and `{{#orphans}}`). */
export const HIGHLIGHT_FIELDS: TemplateSchema = {
  id: true,
  blockId: true,
  color: true,
  colour: true,
  /** What the colour means (its label in Settings). */
  label: true,
  /** The highlight's tags (`{{#tags}}…{{.}}…{{/tags}}`). */
  tags: { list: true },
  /** Its tags as `#tags` (Obsidian, Logseq), or empty. */
  hashtags: true,
  quote: true,
  exact: true,
  note: true,
  glossUrl: true,
  sourceUrl: true,
  /** PDFs: the page the highlight starts on; empty otherwise (`{{#page}}p. {{page}}{{/page}}`). */
  page: true,
  /** Books: the highlight as an EPUB CFI (`epubcfi(/6/4!/4/2/1,:3,:9)`); empty otherwise. */
  cfi: true,
  /** Books: the title of the chapter the highlight starts in; empty otherwise. */
  chapter: true,
  /** Books: true on the first highlight of each chapter (`{{#chapterStart}}### {{chapter}}{{/chapterStart}}`). */
  chapterStart: true,
  anchor: true,
  orphaned: true,
  createdAt: true,
  updatedAt: true,
};

/** Every name an export template may use. */
export const TEMPLATE_SCHEMA: TemplateSchema = {
  /** The YAML front matter block, with its --- lines. */
  frontMatter: true,
  /** The title, escaped for Markdown. */
  title: true,
  author: true,
  source: true,
  published: true,
  saved: true,
  tags: { list: true },
  highlightCount: true,
  /** `pdf`, `book` or `article`. */
  kind: true,
  /** PDFs: the page count; empty otherwise. */
  pages: true,
  /** Books: ISBN, publisher, series (`Name #2`) and the number of chapters; empty otherwise. */
  isbn: true,
  publisher: true,
  series: true,
  chapters: true,
  glossUrl: true,
  exportedAt: true,
  /** The article's note (Markdown as written). */
  note: true,
  hasHighlights: true,
  highlights: { list: true, fields: HIGHLIGHT_FIELDS },
  hasOrphans: true,
  orphans: { list: true, fields: HIGHLIGHT_FIELDS },
  /** Raw article fields (not Markdown-escaped). */
  article: {
    fields: {
      id: true,
      title: true,
      author: true,
      siteName: true,
      sourceUrl: true,
      sourceName: true,
      publishedAt: true,
      addedAt: true,
      updatedAt: true,
      language: true,
      wordCount: true,
      tags: { list: true },
    },
  },
};

/**
 * Built-in partials a template may include with `{{> name}}`. `highlight`
 * is one highlight as the default template lays it out (use it inside
 * `{{#highlights}}` or `{{#orphans}}`).
 */
export const TEMPLATE_PARTIALS: Readonly<Record<string, string>> = {
  highlight: `
{{quote}}

^{{blockId}}
{{#note}}

{{note}}
{{/note}}

Colour: {{color}} ({{label}}){{#page}} · p. {{page}}{{/page}}{{#hashtags}} · {{hashtags}}{{/hashtags}} · [Open in Gloss]({{glossUrl}}){{#sourceUrl}} · [Open at source]({{sourceUrl}}){{/sourceUrl}}
`,
};

/** The names of TEMPLATE_SCHEMA grouped for the Settings help text. */
export interface TemplateFieldGroups {
  /** Plain values of the article (`{{title}}`). */
  article: string[];
  /** Lists of highlights (`{{#highlights}}…{{/highlights}}`). */
  lists: string[];
  /** Fields of one highlight. */
  highlight: string[];
  /** Raw article fields, dotted (`article.title`). */
  raw: string[];
  /** Partials (`{{> highlight}}`). */
  partials: string[];
}

export function templateFieldGroups(schema: TemplateSchema = TEMPLATE_SCHEMA): TemplateFieldGroups {
  const groups: TemplateFieldGroups = { article: [], lists: [], highlight: [], raw: [], partials: Object.keys(TEMPLATE_PARTIALS) };
  for (const [name, field] of Object.entries(schema)) {
    if (field === true) groups.article.push(name);
    else if (field.list && field.fields) {
      groups.lists.push(name);
      for (const inner of Object.keys(field.fields)) if (!groups.highlight.includes(inner)) groups.highlight.push(inner);
    } else if (field.fields) {
      groups.raw.push(...Object.keys(field.fields).map((inner) => `${name}.${inner}`));
    }
    // a list of plain values (`tags`) is described in words by the help text
  }
  return groups;
}
