/**
 * How an import report of a highlights export reads, in the CLI and in the
 * app's import status alike: "My Clippings.txt: 3 books (1 already in your
 * library), 12 highlights added, 4 already there, 1 failed".
 */
import type { HighlightsImportReport } from './types';

const WEB_FORMATS: ReadonlySet<HighlightsImportReport['format']> = new Set(['pocket-zip', 'instapaper-csv', 'hypothesis-json']);

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function highlightsReportSentence(fileName: string, report: HighlightsImportReport): string {
  const { sources, highlights } = report;
  const books = sources.created + sources.present;
  // An Omnivore export's sources are its saved articles.
  // Pocket, Instapaper and Hypothesis highlight web pages.
  const unit = report.format === 'omnivore-zip' ? 'article' : WEB_FORMATS.has(report.format) ? 'page' : 'book';
  const parts = [
    `${plural(books, unit)}${sources.present ? ` (${sources.present} already in your library)` : ''}`,
    `${plural(highlights.added, 'highlight')} added`,
  ];
  if (highlights.fuzzy) parts.push(`${highlights.fuzzy} placed approximately`);
  if (highlights.present) parts.push(`${highlights.present} already there`);
  if (highlights.unplaced) parts.push(`${highlights.unplaced} not found in the text`);
  if (highlights.failed) parts.push(`${highlights.failed} failed`);
  if (report.toSave?.length) parts.push(`${plural(report.toSave.length, 'page')} to save`);
  return `${fileName}: ${parts.join(', ')}`;
}
