/**
 * The CPU-heavy steps of an import, as jobs an extraction worker runs (or
 * the calling thread, when there is no worker): the same functions either
 * way, so what they produce is the same. Static imports only: from source,
 * a worker runs through tsx's CommonJS hooks, where a dynamic import() of a
 * TypeScript file is not compiled.
 */
import { importHtml } from '../import/html';
import type { ImportedArticle } from '../import/types';
import { readPdfPart, type PdfPart } from '../pdf/pdf-pages';

export interface PdfPartJob {
  kind: 'pdf-part';
  /** The file's name, for error messages. */
  name: string;
  bytes: Uint8Array;
  password: string | undefined;
  /** This job reads pages part+1, part+1+parts, … */
  part: number;
  parts: number;
}

export interface HtmlJob {
  kind: 'html';
  source: string;
  fileName: string;
  sourceUrl: string | null;
}

export type ExtractJob = PdfPartJob | HtmlJob;
export type ExtractResult<J extends ExtractJob> = J extends PdfPartJob ? PdfPart : ImportedArticle;

export async function runExtractJob<J extends ExtractJob>(job: J): Promise<ExtractResult<J>> {
  if (job.kind === 'pdf-part') {
    return (await readPdfPart(job.name, job.bytes, job.password, job.part, job.parts)) as ExtractResult<J>;
  }
  return importHtml(job.source, job.fileName, job.sourceUrl) as ExtractResult<J>;
}
