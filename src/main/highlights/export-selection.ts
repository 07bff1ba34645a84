/**
 * Export selection (the Highlights view): the chosen highlights as ONE
 * Markdown file, a section per source rendered by the user's export
 * template (the same machinery as per-article export, without front
 * matter), sources by title. Only the chosen highlights appear; article
 * notes stay out (the selection is of highlights).
 */
import { GlossError } from '../../shared/errors';
import type { HighlightsMarkdown } from '../../shared/highlights-view';
import { compileExportTemplate, renderArticleMarkdown } from '../export/markdown';
import type { Library } from '../library';

export function exportHighlightSelection(library: Library, ids: readonly string[], now = new Date()): HighlightsMarkdown {
  const wanted = new Set(ids);
  const articleIds = new Set<string>();
  for (const id of wanted) {
    const highlight = library.highlights.get(id);
    if (!highlight) throw new GlossError('not_found', `No highlight with id ${id} in this library.`);
    articleIds.add(highlight.articleId);
  }
  const template = compileExportTemplate(library.getSettings().exportTemplate);
  const items = library
    .exportItems([...articleIds], template)
    .sort((a, b) => a.article.title.localeCompare(b.article.title, undefined, { sensitivity: 'base' }) || a.article.id.localeCompare(b.article.id));
  const sections = items.map((item) =>
    renderArticleMarkdown({
      article: item.article,
      highlights: item.highlights.filter((h) => wanted.has(h.id)),
      note: null,
      template,
      frontMatter: false,
    }),
  );
  const day = now.toISOString().slice(0, 10);
  return {
    fileName: `gloss-highlights-${day}.md`,
    markdown: sections.join('\n'),
    highlights: wanted.size,
    sources: items.length,
  };
}
