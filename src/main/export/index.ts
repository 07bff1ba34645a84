/**
 * Markdown export: the one module the UI, the HTTP API and the CLI call.
 *
 * - renderArticleMarkdown(): one article → Markdown text ("Copy as Markdown");
 * - exportToFolder(): many articles → a folder of .md files with a manifest
 *   ("Export notes", "Export all…", `gloss export --out DIR`);
 * - compileExportTemplate(): check a user template (Settings) up front.
 */
export {
  compileTemplate,
  type CompiledTemplate,
  type TemplateSchema,
  type TemplateField,
  type TemplatePartials,
} from './template';
export {
  DEFAULT_TEMPLATE,
  TEMPLATE_PARTIALS,
  TEMPLATE_SCHEMA,
  buildFrontMatter,
  compileExportTemplate,
  renderArticleMarkdown,
  textFragmentUrl,
  type ExportArticle,
  type FrontMatter,
  type HighlightView,
  type RenderInput,
} from './markdown';
export { assignFileNames, slugify, type AssignOptions, type NamedArticle } from './slug';
export {
  MANIFEST_NAME,
  exportToFolder,
  readManifest,
  type ConflictReason,
  type ExportConflict,
  type ExportItem,
  type ExportReport,
  type FolderExportOptions,
  type Manifest,
  type ManifestEntry,
} from './folder';
