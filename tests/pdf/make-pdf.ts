/**
 * PDFs generated for the tests with pdf-lib: text pages with metadata, an
 * outline and links, big ones (filler streams), two columns, an image-only
 * page; and, written here by hand, a Japanese one that needs pdf.js's CMap
 * files, and an encrypted one (pdf-lib cannot encrypt and no qpdf is
 * installed): the PDF standard security handler, revision 2 (RC4, 40-bit),
 * which pdf.js reads.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, PDFName, PDFNumber, PDFString, StandardFonts, type PDFArray, type PDFFont, type PDFPage } from 'pdf-lib';

export interface TextPage {
  /** Lines drawn top-down at `size` (default 12). */
  lines: string[];
  size?: number;
  /** A heading drawn above the lines, larger. */
  heading?: { text: string; size: number };
}

export interface MakePdfOptions {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creationDate?: Date;
  /** Outline entries: title, 1-based page and, for one that points inside the page, the y it points at (PDF points from the bottom). */
  outline?: OutlineEntry[];
  /** Pages with no text at all, only a drawn image (1-based positions). */
  imagePages?: number[];
  /**
   * A stream of `bytes` bytes no page uses, written right after each page of
   * `afterPages`: a big file whose pages sit apart, between most of its bytes
   * (as attachments or unused images would), quick to make.
   */
  filler?: { afterPages: number[]; bytes: number };
  /** Link annotations: on `page`, over `rect` (PDF points), to a URI or to another page (1-based). */
  links?: Array<{ page: number; rect: [number, number, number, number]; uri?: string; toPage?: number; top?: number }>;
}

export interface OutlineEntry {
  title: string;
  page: number;
  top?: number;
}

const PNG_1PX = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

function drawText(page: PDFPage, font: PDFFont, spec: TextPage): void {
  let y = 780;
  if (spec.heading) {
    page.drawText(spec.heading.text, { x: 50, y, size: spec.heading.size, font });
    y -= spec.heading.size * 2;
  }
  const size = spec.size ?? 12;
  for (const line of spec.lines) {
    if (line === '') {
      y -= size * 1.2; // a blank line: a paragraph break
      continue;
    }
    page.drawText(line, { x: 50, y, size, font });
    y -= size * 1.2;
  }
}

export async function makePdf(pages: TextPage[], options: MakePdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const image = options.imagePages?.length ? await doc.embedPng(PNG_1PX) : null;
  const total = pages.length + (options.imagePages?.length ?? 0);
  let next = 0;
  for (let n = 1; n <= total; n++) {
    const page = doc.addPage([595, 842]);
    if (options.imagePages?.includes(n)) page.drawImage(image!, { x: 50, y: 300, width: 400, height: 400 });
    else drawText(page, font, pages[next++]!);
    // pdf-lib writes objects in the order they were made: this one lands between pages n and n + 1.
    if (options.filler?.afterPages.includes(n)) doc.context.register(doc.context.stream(new Uint8Array(options.filler.bytes).fill(0x2e)));
  }
  if (options.title !== undefined) doc.setTitle(options.title);
  if (options.author !== undefined) doc.setAuthor(options.author);
  if (options.subject !== undefined) doc.setSubject(options.subject);
  if (options.keywords !== undefined) doc.setKeywords(options.keywords);
  if (options.creationDate) doc.setCreationDate(options.creationDate);
  if (options.outline?.length) addOutline(doc, options.outline);
  for (const link of options.links ?? []) addLink(doc, link);
  return doc.save({ useObjectStreams: false });
}

function addLink(doc: PDFDocument, link: NonNullable<MakePdfOptions['links']>[number]): void {
  const ctx = doc.context;
  const annot = ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: link.rect, Border: [0, 0, 0] });
  if (link.toPage !== undefined) annot.set(PDFName.of('Dest'), destination(doc, link.toPage, link.top));
  else annot.set(PDFName.of('A'), ctx.obj({ S: 'URI', URI: PDFString.of(link.uri ?? '') }));
  doc.getPage(link.page - 1).node.addAnnot(ctx.register(annot));
}

/** An explicit destination: the whole page (Fit), or the place `top` on it (XYZ, left and zoom unchanged). */
function destination(doc: PDFDocument, page: number, top?: number): PDFArray {
  const ref = doc.getPage(page - 1).ref;
  const ctx = doc.context;
  return top === undefined ? ctx.obj([ref, PDFName.of('Fit')]) : ctx.obj([ref, PDFName.of('XYZ'), null, top, null]);
}

/** A flat outline, built from pdf-lib's low-level objects (it has no outline API). */
function addOutline(doc: PDFDocument, entries: OutlineEntry[]): void {
  const ctx = doc.context;
  const rootRef = ctx.nextRef();
  const refs = entries.map(() => ctx.nextRef());
  entries.forEach((entry, i) => {
    const item = ctx.obj({});
    item.set(PDFName.of('Title'), PDFString.of(entry.title));
    item.set(PDFName.of('Parent'), rootRef);
    item.set(PDFName.of('Dest'), destination(doc, entry.page, entry.top));
    if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!);
    if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!);
    ctx.assign(refs[i]!, item);
  });
  const root = ctx.obj({});
  root.set(PDFName.of('Type'), PDFName.of('Outlines'));
  root.set(PDFName.of('First'), refs[0]!);
  root.set(PDFName.of('Last'), refs[refs.length - 1]!);
  root.set(PDFName.of('Count'), PDFNumber.of(entries.length));
  ctx.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
}

/** A two-column page: the left column's lines drawn first, then the right's (the usual content order). */
export async function makeTwoColumnPdf(left: string[], right: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([595, 842]);
  left.forEach((line, i) => page.drawText(line, { x: 40, y: 780 - i * 12, size: 10, font }));
  right.forEach((line, i) => page.drawText(line, { x: 310, y: 780 - i * 12, size: 10, font }));
  return doc.save({ useObjectStreams: false });
}

// --- Encryption (standard security handler, R2) -----------------------------

const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');

function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};
const padded = (password: string): Buffer => Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);

/**
 * A one-page Japanese PDF whose font is not embedded and whose text is
 * coded through the predefined CMap UniJIS-UCS2-H: pdf.js can read it only
 * with its CMap files (cMapUrl), so this checks they load from disk.
 */
export function makeCjkPdf(text: string): Uint8Array {
  const hex = Buffer.from(text, 'utf16le').swap16().toString('hex');
  return writePdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      { stream: Buffer.from(`BT /F1 24 Tf 50 780 Td <${hex}> Tj ET`, 'latin1') },
      '<< /Type /Font /Subtype /Type0 /BaseFont /Ryumin-Light /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Ryumin-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R >>',
      '<< /Type /FontDescriptor /FontName /Ryumin-Light /Flags 6 /FontBBox [-170 -331 1024 903] /ItalicAngle 0 /Ascent 752 /Descent -271 /CapHeight 737 /StemV 69 >>',
    ],
    '',
  );
}

/** A PDF file from object bodies (a `{stream}` is written as a stream object) and extra trailer entries. */
function writePdf(objects: Array<string | { stream: Buffer }>, trailer: string): Uint8Array {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  const offsets: number[] = [];
  let length = chunks[0]!.length;
  const push = (b: Buffer): void => {
    chunks.push(b);
    length += b.length;
  };
  objects.forEach((body, i) => {
    offsets.push(length);
    if (typeof body === 'string') push(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
    else {
      push(Buffer.from(`${i + 1} 0 obj\n<< /Length ${body.stream.length} >>\nstream\n`, 'latin1'));
      push(body.stream);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
  });
  const xref = length;
  const rows = offsets.map((off) => `${String(off).padStart(10, '0')} 00000 n \n`).join('');
  push(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  return new Uint8Array(Buffer.concat(chunks));
}

/** A one-page PDF whose text is `text`, encrypted with `userPassword` (RC4 40-bit, revision 2). */
export function makeEncryptedPdf(text: string, userPassword: string): Uint8Array {
  const id = createHash('md5').update(text).digest();
  const o = rc4(md5(padded('owner-' + userPassword)).subarray(0, 5), padded(userPassword));
  const p = Buffer.alloc(4);
  p.writeInt32LE(-44);
  const key = md5(padded(userPassword), o, p, id).subarray(0, 5);
  const u = rc4(key, PAD);
  const objectKey = (num: number): Buffer =>
    md5(key, Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0])).subarray(0, 10);
  const content = rc4(objectKey(4), Buffer.from(`BT /F1 14 Tf 50 780 Td (${text}) Tj ET`, 'latin1'));
  return writePdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      { stream: content },
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Filter /Standard /V 1 /R 2 /O <${o.toString('hex')}> /U <${u.toString('hex')}> /P -44 >>`,
    ],
    `/Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] `,
  );
}
