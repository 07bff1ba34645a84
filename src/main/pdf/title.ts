/**
 * A PDF's title: its metadata title unless that is empty or junk (what
 * word processors and converters write by themselves), else the largest
 * text on the first page, else the file name.
 */
import type { PdfParagraph } from '../../shared/pdf/page-text';

const MAX_TITLE_CHARS = 200;
const FILE_EXTENSION = /\.(?:pdf|docx?|odt|rtf|txt|tex|dvi|ps|eps|pptx?|xlsx?|indd|pages|key|html?|qxd)$/i;
const APP_PREFIX = /^(?:microsoft\s+(?:word|powerpoint|excel)|word|powerpoint|excel)\s+-\s+/i;
const PLACEHOLDER = /^(?:untitled(?:\s+document)?(?:\s*\d+)?|no\s+title|title|document\d*|doc\d*|slide\s*\d+|page\s*\d+|unknown|none|null|\(anonymous\)|presentation\d*|print|scan\d*|img[\s_-]*\d+)$/i;

/** Whether a metadata title is not a title a person chose. */
export function isJunkTitle(title: string, fileName: string | null): boolean {
  const t = title.trim();
  if (!t) return true;
  if (APP_PREFIX.test(t) || FILE_EXTENSION.test(t) || PLACEHOLDER.test(t)) return true;
  if (/[\\/]/.test(t) && !/\s/.test(t)) return true; // a path
  if (!/\p{L}/u.test(t)) return true; // digits and punctuation only
  if (fileName) {
    const stem = fileName.replace(/\.[^.]*$/, '').trim().toLowerCase();
    if (stem && t.toLowerCase() === stem) return true;
  }
  return false;
}

/** The first page's largest text, when it stands out as a title (short, with letters). */
export function largestText(firstPage: readonly PdfParagraph[]): string | null {
  if (firstPage.length === 0) return null;
  const top = Math.max(...firstPage.map((p) => p.size));
  const title = firstPage.find((p) => p.size === top);
  if (!title || title.text.length > MAX_TITLE_CHARS || !/\p{L}.*\p{L}/u.test(title.text)) return null;
  // One size for the whole page: nothing stands out, so no title either.
  if (firstPage.length > 1 && firstPage.every((p) => p.size === top)) return null;
  return title.text;
}

function fileTitle(fileName: string | null): string {
  const stem = (fileName ?? '').replace(/\.pdf$/i, '').replace(/[_]+/g, ' ').trim();
  return stem || 'Untitled PDF';
}

/** The rule: metadata title, else the first page's largest text, else the file name. */
export function pdfTitle(metadataTitle: string | null, firstPage: readonly PdfParagraph[], fileName: string | null): string {
  const meta = (metadataTitle ?? '').replace(/\s+/g, ' ').trim();
  if (!isJunkTitle(meta, fileName)) return meta.slice(0, MAX_TITLE_CHARS);
  return largestText(firstPage) ?? fileTitle(fileName);
}
