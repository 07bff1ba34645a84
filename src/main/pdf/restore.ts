/**
 * What a JSON library file may bring back for PDFs, checked as an import
 * is: a file row only when its bytes are what its hash says and a PDF; an
 * article's PDF metadata rebuilt field by field from what is valid.
 */
import { createHash } from 'node:crypto';
import type { PdfOutlineItem } from '../../shared/types';
import { PDF_MIME } from './read-pdf';
import type { StoredPdfInfo } from './store';

export type DocumentCheck = { ok: true; bytes: Buffer } | { ok: false; reason: string };

export function checkDocument(doc: { hash: string; bytes: string }): DocumentCheck {
  if (!/^[0-9a-f]{64}$/.test(doc.hash)) return { ok: false, reason: 'its hash is not a SHA-256 (64 lowercase hex digits)' };
  const bytes = Buffer.from(doc.bytes, 'base64');
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== doc.hash) return { ok: false, reason: `its bytes do not match its hash (they hash to ${actual})` };
  if (bytes.subarray(0, 1024).toString('latin1').indexOf('%PDF-') < 0) return { ok: false, reason: 'its bytes are not a PDF' };
  return { ok: true, bytes };
}

export { PDF_MIME };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function outline(v: unknown, depth = 0): PdfOutlineItem[] {
  if (!Array.isArray(v) || depth > 10) return [];
  return v.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { title, page, top, items } = item as Record<string, unknown>;
    if (typeof title !== 'string') return [];
    const place = typeof top === 'number' && top > 0 && top <= 1 ? { top } : {};
    return [{ title, page: Number.isInteger(page) && (page as number) > 0 ? (page as number) : null, ...place, items: outline(items, depth + 1) }];
  });
}

/** The stored info of a restored PDF article: known fields of the right type only. */
export function cleanPdfInfo(info: Record<string, unknown>): StoredPdfInfo {
  return {
    subject: str(info.subject),
    keywords: Array.isArray(info.keywords) ? info.keywords.filter((k): k is string => typeof k === 'string') : [],
    creator: str(info.creator),
    producer: str(info.producer),
    createdAt: str(info.createdAt),
    modifiedAt: str(info.modifiedAt),
    outline: outline(info.outline),
  };
}
