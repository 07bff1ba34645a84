/**
 * Opening a stored PDF in the renderer with pdf.js, always with the same
 * options for hostile input: no eval (font programs interpreted, never
 * compiled: CVE-2024-4367's path), no scripting (pdf.js only runs document
 * scripts through its sandbox, which is never loaded here), no XFA, no
 * system or remote fonts. The worker, the CMaps and the standard fonts all
 * come from the app's own origin (built into out/renderer; see the
 * renderer's Vite config), so the CSP needs nothing but `worker-src 'self'`.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type * as PdfJsModule from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { parseHttpUrl } from '../../../shared/http-url';

export type PdfJs = typeof PdfJsModule;

let loading: Promise<PdfJs> | undefined;
/** One worker for every PDF opened in this window: starting one (a 1.2 MB script) costs more than the first page. */
let worker: InstanceType<PdfJs['PDFWorker']> | undefined;

/** pdf.js, loaded on the first PDF opened or warmed (it is not in the app's main bundle). */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= import('pdfjs-dist').then(
    (pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      return pdfjs;
    },
    (err: unknown) => {
      loading = undefined; // a failed load (say, a build replaced meanwhile) is tried again on the next open
      throw err;
    },
  );
  return loading;
}

async function startWorker(): Promise<InstanceType<PdfJs['PDFWorker']>> {
  const pdfjs = await loadPdfJs();
  worker ??= new pdfjs.PDFWorker();
  return worker;
}

let warmAsked = false;

/**
 * Loads pdf.js and starts its worker when the main thread is idle, once per
 * window: called where a PDF is in sight (a library row), so the first open
 * of a session skips their loading. A failure is left to that open to show.
 */
export function warmPdfJs(): void {
  if (warmAsked || worker) return;
  warmAsked = true;
  const start = (): void => void startWorker().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 0);
}

/** The route both shells serve a PDF article's file at (src/main/server/assets.ts). */
export function documentUrl(fileHash: string): string {
  return new URL(`document/${fileHash}`, document.baseURI).href;
}

/** A folder of the renderer build, as an absolute URL ending in `/` (pdf.js needs both). */
function builtFolder(name: string): string {
  return new URL(`pdfjs/${name}/`, document.baseURI).href;
}

/**
 * Up to this size a file comes in one streamed request (ranges only fill
 * what has not arrived yet): from this machine it is there in a few ms,
 * while pdf.js checking the page tree by ranges would wait on one request
 * after another. Above it, only the ranges pdf.js reads are fetched.
 */
export const STREAMED_PDF_BYTES = 16 * 1024 * 1024;
/** The parts of a big file fetched at a time (pdf.js's default is 64 KB: more requests, one after another). */
const RANGE_CHUNK_BYTES = 512 * 1024;

/**
 * `fileSize`: the stored file's size (PdfInfo.fileSize), which decides how
 * it is fetched. `password`: for a protected PDF (given by the user, held in
 * memory only: pdf-passwords.ts).
 */
export async function openPdf(fileHash: string, fileSize: number, password?: string): Promise<PDFDocumentProxy> {
  const [pdfjs, pdfWorker] = await Promise.all([loadPdfJs(), startWorker()]);
  const byRanges = fileSize > STREAMED_PDF_BYTES;
  return pdfjs.getDocument({
    worker: pdfWorker,
    url: documentUrl(fileHash),
    ...(password !== undefined ? { password } : {}),
    isEvalSupported: false,
    enableXfa: false,
    useSystemFonts: false,
    disableFontFace: false,
    cMapUrl: builtFolder('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: builtFolder('standard_fonts'),
    // The browser host needs its cookie on the request; same origin only.
    withCredentials: false,
    // A big file by ranges (both shells answer Range requests): the first page
    // needs only the parts it reads, and a 200 MB file is never read whole;
    // pages further on fetch theirs when drawn.
    rangeChunkSize: RANGE_CHUNK_BYTES,
    disableStream: byRanges,
    disableAutoFetch: true,
  }).promise;
}

/** Only http(s) links of a PDF are followed (the app's one rule, opened outside the app like article links). */
export function safeLinkUrl(url: unknown): string | null {
  return typeof url === 'string' ? (parseHttpUrl(url)?.href ?? null) : null;
}
