/**
 * HTTP Range requests (RFC 9110 §14) for stored files: pdf.js reads a big
 * PDF by ranges, so its first page needs only the parts it reads. One
 * range per request (what pdf.js asks for); a header this does not
 * understand, or several ranges, is ignored and the whole file is sent, as
 * the RFC allows.
 */

/** Bytes [start, end] of the file (end inclusive, as in Content-Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What a Range header asks of a file of `size` bytes: a range, 'unsatisfiable'
 * (answer 416), or undefined (no usable header: answer the whole file).
 */
export function requestedRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    // A suffix: the last n bytes.
    const n = Number(to);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(from);
  if (to !== '' && Number(to) < start) return undefined; // not a valid range-spec: ignored
  if (start >= size) return 'unsatisfiable';
  return { start, end: to === '' ? size - 1 : Math.min(Number(to), size - 1) };
}

/** The headers of a 206 answer for `range` of a file of `size` bytes. */
export function partialHeaders(range: ByteRange, size: number): Record<string, string> {
  return {
    'content-range': `bytes ${range.start}-${range.end}/${size}`,
    'content-length': String(range.end - range.start + 1),
  };
}

/** The headers of a 416 answer for a file of `size` bytes. */
export function unsatisfiableHeaders(size: number): Record<string, string> {
  return { 'content-range': `bytes */${size}`, 'content-length': '0' };
}
