/**
 * A page saved from the reader's browser (the contract's saveCapturedPage):
 * saved as a URL save is (Library.saveUrl, with the browser's HTML instead of
 * a download, so the duplicate rule and image saving are the same), then a
 * selection sent with it becomes a highlight, anchored in the article's
 * canonical text with the same TextQuote rule as every highlight.
 */
import type { Args } from '../../shared/contract';
import { anchorSelectors, describeTextRange } from '../../shared/anchoring';
import type { CapturedSaveResult, Highlight } from '../../shared/types';
import type { Library } from '../library';

type CaptureArgs = Args<'saveCapturedPage'>;
type Selection = NonNullable<CaptureArgs['selection']>;

/** Browser text and canonical text differ in white space: compare with runs collapsed. */
const squash = (s: string): string => s.replace(/\s+/g, ' ');

export async function saveCapturedPage(library: Library, args: CaptureArgs): Promise<CapturedSaveResult> {
  const images = new Map((args.images ?? []).map((i) => [i.url, i.data] as const));
  const result = await library.saveUrl(args.url, { mode: args.mode ?? 'ask', captured: { url: args.url, html: args.html, images } });
  if (!args.selection) return result;
  // A page already saved keeps its text: the highlight goes into it.
  return { ...result, highlight: highlightSelection(library, result.article.id, args.selection) };
}

/** The selection as a highlight in the article, or null when its text is not there. */
export function highlightSelection(library: Library, articleId: string, selection: Selection): Highlight | null {
  const text = library.getArticle(articleId).text;
  const exact = squash(selection.exact).trim();
  if (!exact) return null;
  const found = anchorSelectors(text, {
    quote: { type: 'TextQuoteSelector', exact, prefix: squash(selection.prefix).trimStart().slice(-32), suffix: squash(selection.suffix).trimEnd().slice(0, 32) },
  });
  if (found.status === 'orphaned') return null;
  const { quote, position } = describeTextRange(text, found.start, found.end);
  const existing = library.listHighlights(articleId).find((h) => h.position?.start === position.start && h.position?.end === position.end);
  return existing ?? library.createHighlight({ articleId, quote, position, color: 'yellow' });
}
