/**
 * pdf.js's Node build, loaded once, with the only options Gloss opens a
 * PDF with: no eval (font programs are interpreted, never compiled:
 * CVE-2024-4367's path), no XFA, no system or remote fonts; standard fonts
 * and CMaps (CJK) read from the package's own folders on disk.
 *
 * pdf.js runs its "worker" in this thread (globalThis.pdfjsWorker, its
 * documented fake-worker hook), so nothing is fetched and no Worker file
 * has to be found next to a bundle.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfJs = typeof PdfJsModule;

let loading: Promise<PdfJs> | undefined;

/** The folder pdfjs-dist is installed in (its standard_fonts/ and cmaps/ are read from there). */
function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

export function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const worker = (await import('pdfjs-dist/legacy/build/pdf.worker.mjs')) as { WorkerMessageHandler: unknown };
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return loading;
}

/** A CMap or standard font file name as pdf.js asks for it (`UniJIS-UCS2-H.bcmap`, `FoxitSans.pfb`). */
const DATA_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_+-]*(?:\.[A-Za-z0-9]+)?$/;

/**
 * pdf.js's binary data factory (CMaps, standard fonts), reading only plain
 * file names from the two folders. The file name comes from the PDF (a
 * CMap is named by the document's /Encoding), so a crafted name with a
 * path in it must not read elsewhere. Reading through this module's fs
 * also reaches files inside Electron's app.asar, which pdf.js's own
 * process.getBuiltinModule('fs') may not.
 */
export class LocalDataFactory {
  private readonly dirs: Record<string, string | null>;
  constructor({ cMapUrl = null, standardFontDataUrl = null }: { cMapUrl?: string | null; standardFontDataUrl?: string | null }) {
    this.dirs = { cMapUrl, standardFontDataUrl };
  }
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const dir = this.dirs[kind];
    if (!dir || !DATA_FILE_NAME.test(filename)) throw new Error(`No ${kind} data named ${JSON.stringify(filename)}`);
    return new Uint8Array(await readFile(join(dir, filename)));
  }
}

/** getDocument's parameters for untrusted bytes. The data "URLs" are folders, ending in a separator as pdf.js requires. */
export function documentParameters(data: Uint8Array, password: string | undefined): DocumentInitParameters {
  const dir = packageDir();
  return {
    data,
    ...(password !== undefined ? { password } : {}),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    BinaryDataFactory: LocalDataFactory,
    standardFontDataUrl: join(dir, 'standard_fonts') + sep,
    cMapUrl: join(dir, 'cmaps') + sep,
    cMapPacked: true,
    verbosity: 0,
  };
}
