/**
 * The one windows-1252 decoder (import/decode.ts), used by file imports
 * and by saved web pages that fall back to it. Node's TextDecoder reads the
 * label as Latin-1, so the 0x80–0x9F row is ours to get right.
 */
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeWindows1252 } from '../../src/main/import/decode';
import { decodePage } from '../../src/main/web/save-page';

// 0x80–0x9F as the WHATWG index spells them, written as characters (not the
// decoder's escapes): undefined bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D stay C1 controls.
const HIGH_ROW = [
  '€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
  '\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
];

const bytes = (from: number, to: number): Uint8Array => Uint8Array.from({ length: to - from }, (_, i) => from + i);

describe('decodeWindows1252', () => {
  it('maps 0x80–0x9F to the windows-1252 characters', () => {
    expect([...decodeWindows1252(bytes(0x80, 0xa0))]).toEqual(HIGH_ROW);
  });

  it('reads every other byte as Latin-1', () => {
    expect(decodeWindows1252(bytes(0, 0x80))).toBe(Buffer.from(bytes(0, 0x80)).toString('latin1'));
    expect(decodeWindows1252(bytes(0xa0, 0x100))).toBe(Buffer.from(bytes(0xa0, 0x100)).toString('latin1'));
  });

  it('decodes long input across its 8 KiB chunks, one character per byte', () => {
    const long = new Uint8Array(20_000).map((_, i) => [0x93, 0x41, 0x94][i % 3]!);
    expect(decodeWindows1252(long)).toBe('“A”'.repeat(6667).slice(0, 20_000));
  });

  it('is what a declared windows-1252 file and an undeclared legacy web page decode with', () => {
    const cp1252 = Uint8Array.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x99]);
    const expected = '“Café” €5 – ™';
    expect(decodeBytes(cp1252, 'text', 'n.txt', { declaredCharset: 'windows-1252' })).toBe(expected);
    expect(decodePage(cp1252, 'text', null, 'http://127.0.0.1/n.txt')).toBe(expected);
  });
});
