import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/main/import';
import { MAX_IMPORT_BYTES } from '../../src/shared/contract';
import { GlossError } from '../../src/shared/errors';
import { encoder } from './helpers';

function importBytes(fileName: string, bytes: Uint8Array): ReturnType<typeof importDocument> {
  return importDocument({ fileName, bytes });
}

function errorOf(fn: () => unknown): GlossError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GlossError);
    return error as GlossError;
  }
  throw new Error('expected a GlossError');
}

const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(encoder.encode(p)) : p)));

describe('file checks', () => {
  it('picks the importer by extension, case-insensitively', () => {
    expect(importBytes('A.TXT', bytes('Title\n\nBody.')).format).toBe('text');
    expect(importBytes('b.Markdown', bytes('# T\n\nBody.')).format).toBe('markdown');
    expect(importBytes('c.MD', bytes('# T\n\nBody.')).format).toBe('markdown');
    expect(importBytes('d.HTM', bytes('<p>Some body text here.</p>')).format).toBe('html');
  });

  it('refuses unsupported extensions, naming the file', () => {
    const e = errorOf(() => importBytes('slides.pdf', bytes('%PDF-1.7')));
    expect(e.code).toBe('unsupported_format');
    expect(e.message).toContain('slides.pdf');
    expect(errorOf(() => importBytes('README', bytes('x'))).code).toBe('unsupported_format');
  });

  it('refuses empty and white-space-only files', () => {
    expect(errorOf(() => importBytes('e.txt', new Uint8Array())).code).toBe('empty_file');
    const e = errorOf(() => importBytes('w.md', bytes(' \n\t\r\n ')));
    expect(e.code).toBe('empty_file');
    expect(e.message).toContain('w.md');
    expect(errorOf(() => importBytes('bom.txt', bytes([0xef, 0xbb, 0xbf], '  \n'))).code).toBe('empty_file');
  });

  it('recognises binary files by magic number and control characters', () => {
    const cases: Array<[string, Uint8Array]> = [
      ['doc.txt', bytes('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj')],
      ['img.html', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
      ['arch.md', bytes([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0])],
      ['gz.txt', bytes([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0])],
      ['nul.txt', bytes('hello', [0], 'world')],
      ['ctl.txt', bytes(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)))],
    ];
    for (const [name, data] of cases) {
      const e = errorOf(() => importBytes(name, data));
      expect(e.code, name).toBe('binary_file');
      expect(e.message).toContain(name);
    }
    expect(errorOf(() => importBytes('doc.txt', bytes('%PDF-1.4\n'))).message).toMatch(/PDF/);
  });

  it('refuses invalid UTF-8', () => {
    const e = errorOf(() => importBytes('latin.txt', bytes('Caf', [0xe9], ' au lait\n\nSome text.')));
    expect(e.code).toBe('invalid_encoding');
    expect(e.message).toContain('latin.txt');
  });

  it('refuses files over the size limit', () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61);
    const e = errorOf(() => importBytes('big.txt', big));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('big.txt');
  });
});

describe('decoding', () => {
  it('honours a UTF-8 BOM', () => {
    const a = importBytes('bom.txt', bytes([0xef, 0xbb, 0xbf], 'Zoë’s Title\n\nCafé text.'));
    expect(a.meta.title).toBe('Zoë’s Title');
    expect(a.text).toBe('Café text.');
  });

  it('honours UTF-16 LE and BE BOMs', () => {
    const text = 'Título\n\nCorazón y 日本語.';
    const le = [0xff, 0xfe, ...Array.from(text).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])];
    const be = [0xfe, 0xff, ...Array.from(text).flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff])];
    for (const data of [le, be]) {
      const a = importBytes('u16.txt', Uint8Array.from(data));
      expect(a.meta.title).toBe('Título');
      expect(a.text).toBe('Corazón y 日本語.');
    }
  });

  it('honours a windows-1252 <meta charset> in HTML', () => {
    const html = bytes(
      '<html><head><meta charset="windows-1252"><title>Caf',
      [0xe9],
      '</title></head><body><article><p>Na',
      [0xef],
      've ',
      [0x93],
      'quotes',
      [0x94],
      ' and a caf',
      [0xe9],
      ' with enough words to count as the readable content of this page.</p></article></body></html>',
    );
    const a = importBytes('legacy.html', html);
    expect(a.meta.title).toBe('Café');
    expect(a.text).toContain('Naïve “quotes” and a café');
  });

  it('honours an http-equiv Content-Type charset', () => {
    const html = bytes(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><p>Gr',
      [0xfc, 0xdf],
      'e aus M',
      [0xfc],
      'nchen, with enough words to count as the readable content here.</p></body></html>',
    );
    expect(importBytes('de.html', html).text).toContain('Grüße aus München');
  });

  it('honours a Shift_JIS <meta charset>', () => {
    // "日本語" in Shift_JIS.
    const sjis = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea];
    const html = bytes('<html><head><meta charset="shift_jis"></head><body><p>', sjis, ' is written with enough other words to be the content of this page.</p></body></html>');
    expect(importBytes('ja.html', html).text).toContain('日本語 is written');
  });

  it('still requires valid UTF-8 from HTML that declares no legacy charset', () => {
    const html = bytes('<html><head><meta charset="utf-8"></head><body><p>Caf', [0xe9], '</p></body></html>');
    expect(errorOf(() => importBytes('bad.html', html)).code).toBe('invalid_encoding');
  });
});
