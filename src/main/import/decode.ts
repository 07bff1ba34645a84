/**
 * Bytes to text, refusing what is not text.
 *
 * Order matters: binary formats are recognised before decoding (a PDF is
 * not "badly encoded text"), byte-order marks win over everything, valid
 * UTF-8 wins over a declaration that says otherwise, a declared legacy
 * charset is followed for the rest, and anything else must be valid UTF-8
 * — a silent U+FFFD-riddled article would be worse than a clear error.
 */
import { GlossError } from '../../shared/errors';

export type SourceKind = 'text' | 'markdown' | 'html';

// Leading bytes of common binary formats, with a name users recognise.
const MAGIC: Array<[number[], string]> = [
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'], // %PDF-
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'], // GIF8
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Office/EPUB document)'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty ZIP archive'],
  [[0x1f, 0x8b], 'a GZIP archive'],
  [[0x42, 0x5a, 0x68], 'a BZIP2 archive'], // BZh
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'an XZ archive'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], 'a RAR archive'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an old Microsoft Office document'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF)'],
  [[0x4d, 0x5a], 'a Windows executable'], // MZ
  [[0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], 'an SQLite database'], // "SQLite f"
  [[0x49, 0x44, 0x33], 'an MP3 audio file'], // ID3
  [[0x4f, 0x67, 0x67, 0x53], 'an Ogg media file'],
  [[0x1a, 0x45, 0xdf, 0xa3], 'a Matroska/WebM video'],
];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** Names the binary format of `bytes`, or null when it may be text. */
function sniffMagic(bytes: Uint8Array): string | null {
  for (const [prefix, name] of MAGIC) {
    // "MZ" and "BZh" are two/three letters a text file could start with.
    if (prefix.length < 4 && bytes.length > 0 && !hasBinaryControls(bytes.subarray(0, 4096))) continue;
    if (startsWith(bytes, prefix)) return name;
  }
  // RIFF containers (WAV, AVI, WebP) and ISO media (MP4, MOV, HEIC).
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && bytes.length >= 12) return 'a media file (RIFF)';
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) return 'a media file (MP4/QuickTime)';
  return null;
}

/** True when the bytes hold NULs or many control characters. */
function hasBinaryControls(bytes: Uint8Array): boolean {
  let controls = 0;
  for (const b of bytes) {
    if (b === 0) return true;
    // C0 controls other than tab, LF, VT, FF, CR and ESC (ANSI colours).
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) controls++;
  }
  return controls > Math.max(2, bytes.length * 0.01);
}

type Bom = { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number };

function sniffBom(bytes: Uint8Array): Bom | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM: text whose every other byte is zero. */
function sniffBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.9 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.9 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * The charset an HTML document declares in its first bytes (`<meta
 * charset>` or `http-equiv="Content-Type"`), as a label TextDecoder accepts.
 */
export function sniffHtmlCharset(bytes: Uint8Array, window = 4096): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, window));
  const patterns = [
    /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i, // also matches content="text/html; charset=…"
  ];
  for (const re of patterns) {
    const m = re.exec(head);
    if (!m) continue;
    const label = m[1]!.toLowerCase();
    try {
      return new TextDecoder(label).encoding;
    } catch {
      return null; // an unknown label: fall back to UTF-8
    }
  }
  return null;
}

// windows-1252's 0x80–0x9F (the rest of the byte range is Latin-1). Node 20's
// TextDecoder decodes 'windows-1252' as plain Latin-1, turning curly quotes
// and dashes into invisible C1 controls, so this one charset is decoded here.
// The five bytes windows-1252 leaves undefined map to their C1 controls, as
// the WHATWG Encoding Standard says.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** windows-1252 bytes as text: every byte decodes (the one decoder for this charset; web pages fall back to it too). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    let s = '';
    for (const b of chunk) s += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    parts.push(s);
  }
  return parts.join('');
}

function quoted(fileName: string): string {
  return `“${fileName}”`;
}

/** Control characters other than ordinary white space, in decoded text. */
function tooManyControlChars(text: string): boolean {
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  // eslint-disable-next-line no-control-regex
  const controls = sample.match(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/g)?.length ?? 0;
  return controls > Math.max(2, sample.length * 0.01);
}

export interface DecodeOptions {
  /**
   * A charset declared outside the bytes (an HTTP Content-Type), as a
   * canonical name; it outranks the page's own `<meta charset>`.
   */
  declaredCharset?: string | null;
}

/** Charsets a declaration can usefully name for these bytes (not UTF-8 itself, nor UTF-16 without a BOM). */
const isLegacyCharset = (label: string | null | undefined): label is string =>
  !!label && label !== 'utf-8' && !label.startsWith('utf-16');

/** The bytes as strict UTF-8, or null when they are not valid UTF-8. */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

// 7-bit charsets that switch scripts with escape sequences: pure ASCII bytes
// may still need them.
const STATEFUL_7BIT = /^iso-2022-/;

/**
 * Decodes an imported file's bytes to a string (without BOM), or throws a
 * GlossError: binary_file, invalid_encoding or empty_file.
 *
 * The charset: a byte-order mark wins; then bytes that are valid UTF-8 and
 * hold non-ASCII text are UTF-8 whatever the page declares (re-saved pages
 * keep a stale `<meta charset=windows-1252>` over UTF-8 bytes, and real
 * legacy text is valid UTF-8 by chance almost never); otherwise a declared
 * legacy charset (options.declaredCharset, else HTML's `<meta>`) is
 * followed, and anything undeclared must be valid UTF-8.
 */
export function decodeBytes(bytes: Uint8Array, kind: SourceKind, fileName: string, options: DecodeOptions = {}): string {
  if (bytes.length === 0) throw new GlossError('empty_file', `${quoted(fileName)} is empty.`);

  const bom = sniffBom(bytes);
  let encoding: string = bom?.encoding ?? sniffBomlessUtf16(bytes) ?? '';
  if (!encoding) {
    const magic = sniffMagic(bytes);
    if (magic) {
      throw new GlossError('binary_file', `${quoted(fileName)} is not a text file: it looks like ${magic}.`);
    }
    if (hasBinaryControls(bytes.subarray(0, 65536))) {
      throw new GlossError('binary_file', `${quoted(fileName)} is not a text file: it contains binary data.`);
    }
  }

  let text: string | null = null;
  let fatal = true;
  if (!encoding) {
    let declared = options.declaredCharset ?? (kind === 'html' ? sniffHtmlCharset(bytes) : null);
    let utf8: string | null | undefined;
    if (!declared && kind === 'html') {
      utf8 = strictUtf8(bytes);
      // Saved pages may put kilobytes of inline script and style before their
      // <meta>: look further, but only when the bytes are not UTF-8 anyway.
      if (utf8 === null) declared = sniffHtmlCharset(bytes, 65536);
      else text = utf8;
    }
    if (isLegacyCharset(declared)) {
      if (utf8 === undefined) utf8 = strictUtf8(bytes);
      // Pure ASCII reads the same in every ASCII-based charset; only the
      // escape-sequence charsets need their own decoder for it.
      if (utf8 !== null && (/[\u0080-\uffff]/.test(utf8) || !STATEFUL_7BIT.test(declared))) {
        text = utf8;
      } else {
        encoding = declared;
        fatal = false; // legacy charsets decode every byte (a stray one becomes U+FFFD)
      }
    }
  }
  encoding ||= 'utf-8';

  if (text === null) {
    try {
      text =
        encoding === 'windows-1252'
          ? decodeWindows1252(bytes)
          : new TextDecoder(encoding, { fatal, ignoreBOM: false }).decode(bytes);
    } catch {
      const what = encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase();
      throw new GlossError(
        'invalid_encoding',
        `${quoted(fileName)} is not valid ${what} text. Save it as UTF-8 and import it again.`,
      );
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000') || tooManyControlChars(text)) {
    throw new GlossError('binary_file', `${quoted(fileName)} is not a text file: it contains binary data.`);
  }
  if (!/[^\s\u00a0\u200b\ufeff]/.test(text)) {
    throw new GlossError('empty_file', `${quoted(fileName)} has no text in it (only white space).`);
  }
  return text;
}
