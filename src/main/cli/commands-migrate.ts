/**
 * `gloss attach <source-id> <document-id>`: a highlights-only source's
 * highlights placed in a document's text (the API's attachSourceToDocument),
 * reported in one line, or as the report with --json.
 */
import type { AttachReport } from '../../shared/types';
import type { LibraryApi } from '../api/library-api';
import type { Io } from './commands';

/** "3 highlights placed exactly, 1 fuzzily, 1 not found in the text". */
export function attachSentence(report: AttachReport): string {
  const total = report.exact + report.fuzzy + report.unplaced;
  const parts = [`${total} highlight${total === 1 ? '' : 's'}: ${report.exact} placed exactly`, `${report.fuzzy} fuzzily`];
  parts.push(`${report.unplaced} not found in the text${report.unplaced ? ' (Review unplaced in the reader’s Highlights panel)' : ''}`);
  return parts.join(', ');
}

export async function attachSource(api: LibraryApi, sourceId: string, documentId: string, json: boolean, io: Io): Promise<number> {
  const report = await api.call('attachSourceToDocument', { sourceId, documentId });
  if (json) {
    io.out(JSON.stringify(report));
    return 0;
  }
  const { title } = await api.call('getArticle', { id: report.articleId });
  io.out(`attached ${sourceId} to ${report.articleId}  ${title}: ${attachSentence(report)}.`);
  return 0;
}
