/**
 * What is synced, declared once: each source table, the entity its rows
 * belong to, the entity's key and fields as SQL over a row. The capture
 * triggers (capture.ts), the first publish of an existing library and the
 * canonical dump are all generated from this list, so syncing a new table
 * is a few lines here (plus its materializer in materialize.ts).
 */

/** A SQL expression over the row alias `r` ('new', 'old' or a table alias). */
export type Expr = (r: string) => string;

export interface SyncSource {
  /** Names the source's triggers. */
  name: string;
  table: string;
  entity: EntityKind;
  key: Expr;
  /** Fields taken from the row. */
  fields: Record<string, Expr>;
  /** Fields written with every new row (e.g. deleted = 0). */
  constants?: Record<string, number>;
  /** Only rows that pass are synced (e.g. the settings that belong to the library). */
  where?: Expr;
  /** Fields written when a row goes; no entry: a deletion is not an operation (it follows its parent's). */
  onDelete?: Record<string, number | string>;
}

export const ENTITY_KINDS = ['article', 'note', 'highlight', 'tag', 'article_tag', 'highlight_tag', 'setting', 'review_card', 'review_answer'] as const;

export type EntityKind = (typeof ENTITY_KINDS)[number];

const KINDS: ReadonlySet<string> = new Set(ENTITY_KINDS);

/** Whether an operation's kind is one this version syncs (a newer Gloss's kinds are kept out). */
export function isEntityKind(e: string): e is EntityKind {
  return KINDS.has(e);
}

/** The field naming the entity an entity belongs to (its article, its highlight): what waits for it, found by it. */
export const PARENT_FIELD: Partial<Record<EntityKind, string>> = {
  highlight: 'article',
  article_tag: 'article',
  highlight_tag: 'highlight',
  review_card: 'highlight',
  review_answer: 'highlight',
};

/** Fields whose concurrent edits are all kept (a note is never lost); the rest are last-writer-wins. */
export const MULTI_VALUE_FIELDS: ReadonlySet<string> = new Set(['note.note', 'highlight.note']);

/**
 * The article's fields that name blobs other than its body (files.ts): its stored files and its earlier
 * versions, each a JSON list made at publishing time.
 */
export const ARTICLE_BLOB_FIELDS = ['files', 'versions'] as const;

/** Settings that belong to the library (the rest, like the sync folder or paired browsers, stay on the device). */
export const SYNCED_SETTINGS: readonly string[] = ['exportTemplate', 'colorLabels'];

const col =
  (c: string): Expr =>
  (r) =>
    `${r}.${c}`;
const articleIdOf: Expr = (r) => `(SELECT id FROM articles WHERE seq = ${r}.article_seq)`;
const highlightIdOf: Expr = (r) => `(SELECT id FROM highlights WHERE seq = ${r}.highlight_seq)`;
const tagNameOf: Expr = (r) => `(SELECT name FROM tags WHERE seq = ${r}.tag_seq)`;
const columns = (names: readonly string[]): Record<string, Expr> => Object.fromEntries(names.map((n) => [n, col(n)]));

/** articles' columns that are synced: all but seq (local) and id (the key). */
export const ARTICLE_FIELDS = [
  'format', 'title', 'author', 'site_name', 'source_url', 'source_name', 'canonical_url', 'lead_image',
  'published_at', 'language', 'excerpt', 'word_count', 'added_at', 'updated_at', 'version', 'anchor_report',
  'read_progress', 'read_position', 'read_state', 'archived', 'favorite',
] as const;

export const HIGHLIGHT_FIELDS = [
  'color', 'quote', 'prefix', 'suffix', 'start_offset', 'end_offset', 'note', 'orphaned', 'anchor',
  'created_at', 'updated_at', 'deleted_at',
] as const;

/** review_cards' columns that are synced (the FSRS state per highlight; migration 11): all but the key. */
export const REVIEW_CARD_FIELDS = [
  'state', 'due', 'stability', 'difficulty', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'last_review',
  'retired_at', 'updated_at',
] as const;

export const SOURCES: readonly SyncSource[] = [
  {
    name: 'articles',
    table: 'articles',
    entity: 'article',
    key: col('id'),
    fields: columns(ARTICLE_FIELDS),
    constants: { deleted: 0 },
    onDelete: { deleted: 1 },
  },
  {
    // The body travels as a blob; the operation names it (publish.ts swaps the content hash for the blob's name).
    name: 'bodies',
    table: 'article_bodies',
    entity: 'article',
    key: articleIdOf,
    fields: { body: col('content_hash') },
  },
  {
    // An article's stored files (images, its PDF or EPUB) and its earlier versions travel as blobs too: a
    // change to any of their rows marks the field; publish.ts swaps the mark for the list (files.ts), and a
    // removed row marks it as well (the list is then shorter).
    name: 'article_assets',
    table: 'article_assets',
    entity: 'article',
    key: articleIdOf,
    fields: { files: (r) => `${r}.asset_hash || ' ' || coalesce(${r}.source_url, '')` },
    onDelete: { files: '' },
  },
  {
    name: 'article_documents',
    table: 'article_documents',
    entity: 'article',
    key: articleIdOf,
    fields: { files: (r) => `${r}.document_hash || ${r}.page_count || ${r}.has_text || ${r}.page_starts || ${r}.info` },
    onDelete: { files: '' },
  },
  {
    name: 'article_books',
    table: 'article_books',
    entity: 'article',
    key: articleIdOf,
    fields: { files: (r) => `${r}.document_hash || ${r}.chapters || ${r}.info` },
    onDelete: { files: '' },
  },
  {
    name: 'article_versions',
    table: 'article_versions',
    entity: 'article',
    key: articleIdOf,
    fields: { versions: (r) => `${r}.version || ' ' || ${r}.content_hash || ' ' || ${r}.replaced_at` },
    onDelete: { versions: '' },
  },
  {
    name: 'notes',
    table: 'article_notes',
    entity: 'note',
    key: articleIdOf,
    fields: { note: col('note'), updated_at: col('updated_at') },
    onDelete: { note: '' },
  },
  {
    name: 'highlights',
    table: 'highlights',
    entity: 'highlight',
    key: col('id'),
    fields: { article: articleIdOf, ...columns(HIGHLIGHT_FIELDS) },
    constants: { deleted: 0 },
    onDelete: { deleted: 1 },
  },
  {
    // Keyed by the name as SQLite's NOCASE compares it (ASCII case folded), as tags.name is unique.
    name: 'tags',
    table: 'tags',
    entity: 'tag',
    key: (r) => `lower(${r}.name)`,
    fields: { name: col('name'), created_at: col('created_at') },
    constants: { deleted: 0 },
    onDelete: { deleted: 1 },
  },
  {
    // An add/remove set: present 1 or 0, last writer wins per (article, tag).
    name: 'article_tags',
    table: 'article_tags',
    entity: 'article_tag',
    key: (r) => `${articleIdOf(r)} || '/' || lower(${tagNameOf(r)})`,
    fields: { article: articleIdOf, tag: tagNameOf },
    constants: { present: 1 },
    onDelete: { present: 0 },
  },
  {
    // Highlight tags (migration 10): the same add/remove set, per (highlight, tag).
    name: 'highlight_tags',
    table: 'highlight_tags',
    entity: 'highlight_tag',
    key: (r) => `${highlightIdOf(r)} || '/' || lower(${tagNameOf(r)})`,
    fields: { highlight: highlightIdOf, tag: tagNameOf },
    constants: { present: 1 },
    onDelete: { present: 0 },
  },
  {
    name: 'settings',
    table: 'settings',
    entity: 'setting',
    key: col('key'),
    fields: { value: col('value'), updated_at: col('updated_at') },
    constants: { deleted: 0 },
    where: (r) => `${r}.key IN (${SYNCED_SETTINGS.map((k) => `'${k}'`).join(', ')})`,
    onDelete: { deleted: 1 },
  },
  {
    // A highlight's review card: last writer wins per field; an undone first answer deletes it.
    name: 'review_cards',
    table: 'review_cards',
    entity: 'review_card',
    key: col('highlight_id'),
    fields: { highlight: col('highlight_id'), ...columns(REVIEW_CARD_FIELDS) },
    constants: { deleted: 0 },
    onDelete: { deleted: 1 },
  },
  {
    // The review history: one entity per answer (highlight and time), present until undone.
    // `previous` (the card before, for Undo) stays on the device that answered.
    name: 'review_log',
    table: 'review_log',
    entity: 'review_answer',
    key: (r) => `${r}.highlight_id || '/' || ${r}.reviewed_at`,
    fields: { highlight: col('highlight_id'), answer: col('answer'), reviewed_at: col('reviewed_at'), day: col('day') },
    constants: { present: 1 },
    onDelete: { present: 0 },
  },
];
