/**
 * Which charset a page's bytes are read in, on real byte fixtures
 * (tests/fixtures/import/charset, each named for its bytes and what it
 * declares): a BOM wins, valid UTF-8 with non-ASCII text wins over a stale
 * legacy declaration, real legacy bytes follow their declaration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/main/import';
import { decodeBytes } from '../../src/main/import/decode';
import { decodePage } from '../../src/main/web/save-page';
import { PROJECT_ROOT } from '../helpers/corpus';

const DIR = join(PROJECT_ROOT, 'tests', 'fixtures', 'import', 'charset');
const read = (name: string): Uint8Array => readFileSync(join(DIR, name));

const FRENCH = { title: 'Café crème à l’été', text: 'Déjà vu : « Œuvres complètes », naïveté, façade et cœur — voilà' };
const LATIN1 = { title: 'Café crème à la française', text: 'Déjà vu : « Les misérables », naïveté, façade et garçon - voilà' };
const GERMAN = { title: 'Grüße aus München', text: 'Die Straßenbahn fährt über die Brücke; „Schöne Grüße“, sagte der Fahrer – und öffnete' };
const JAPANESE = { title: '日本語の記事', text: 'これは日本語で書かれた記事です。東京の桜は三月の終わりに咲き始め' };
const KOREAN = { title: '한국어 기사', text: '이것은 한국어로 쓰인 기사입니다. 서울의 봄은' };
const RUSSIAN = { title: 'Новости из Москвы', text: 'Это статья, написанная по-русски. Весной в Москве тает снег' };
const ASCII = { title: 'Plain ASCII title', text: 'Only ASCII letters here, so every ASCII-based charset' };

const CASES: Array<[string, { title: string; text: string }]> = [
  // UTF-8 bytes under a stale legacy declaration.
  ['utf8-declared-iso-8859-1.html', FRENCH],
  ['utf8-declared-windows-1252-http-equiv.html', GERMAN],
  ['utf8-declared-shift_jis.html', JAPANESE],
  ['utf8-declared-windows-1251.html', RUSSIAN],
  // Real legacy bytes, declared.
  ['latin1-declared-iso-8859-1.html', LATIN1],
  ['cp1252-declared-windows-1252.html', GERMAN],
  ['shift_jis-declared.html', JAPANESE],
  ['euc-kr-declared.html', KOREAN],
  ['windows-1251-declared.html', RUSSIAN],
  ['iso-2022-jp-declared.html', JAPANESE], // 7-bit bytes: valid UTF-8, yet only the declared charset reads them
  // Pure ASCII, whatever is declared.
  ['ascii-declared-shift_jis.html', ASCII],
  ['ascii-declared-windows-1251.html', ASCII],
  // A byte-order mark beats the declaration.
  ['utf16le-bom-declared-windows-1252.html', GERMAN],
  ['utf8-bom-declared-shift_jis.html', JAPANESE],
];

describe('charset of saved pages', () => {
  for (const [name, expected] of CASES) {
    it(name, () => {
      const article = importDocument({ fileName: name, bytes: read(name) });
      expect(article.meta.title).toBe(expected.title);
      expect(article.text).toContain(expected.text);
      expect(article.text).not.toMatch(/[\ufffd\u0080-\u009f]|Ã|Â/);
    });
  }

  it('treats a charset from outside the bytes (an HTTP Content-Type) the same way', () => {
    const utf8 = read('utf8-declared-iso-8859-1.html');
    expect(decodeBytes(utf8, 'html', 'p.html', { declaredCharset: 'windows-1252' })).toContain(FRENCH.text);
    const cp1251 = read('windows-1251-declared.html');
    // The Content-Type outranks <meta>: these bytes say windows-1251 in both.
    expect(decodeBytes(cp1251, 'html', 'p.html', { declaredCharset: 'windows-1251' })).toContain(RUSSIAN.text);
    // A plain-text body has no <meta>: only the header can name its charset.
    const latin1Text = Uint8Array.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x0a]); // "Grüße\n"
    expect(decodeBytes(latin1Text, 'text', 'n.txt', { declaredCharset: 'windows-1252' })).toBe('Grüße\n');
    expect(() => decodeBytes(latin1Text, 'text', 'n.txt')).toThrow(/not valid UTF-8/);
  });

  it('reads a saved URL the same way: valid UTF-8 under a legacy Content-Type stays UTF-8', () => {
    const utf8 = read('utf8-declared-windows-1251.html');
    expect(decodePage(utf8, 'html', 'windows-1251', 'http://127.0.0.1/ru')).toContain(RUSSIAN.text);
    expect(decodePage(read('windows-1251-declared.html'), 'html', 'windows-1251', 'http://127.0.0.1/ru')).toContain(RUSSIAN.text);
    expect(decodePage(read('shift_jis-declared.html'), 'html', 'shift_jis', 'http://127.0.0.1/ja')).toContain(JAPANESE.text);
    // No Content-Type charset: the page's <meta> names it.
    expect(decodePage(read('euc-kr-declared.html'), 'html', null, 'http://127.0.0.1/ko')).toContain(KOREAN.text);
  });

  it('finds a <meta charset> behind a long inline script in <head>', () => {
    const filler = `<script>var x = "${'a'.repeat(8000)}";</script>`;
    const page = `<html><head>${filler}<meta charset="windows-1251"><title>Т</title></head><body><p>${RUSSIAN.text} и ещё несколько слов.</p></body></html>`;
    const bytes = Uint8Array.from(Array.from(page, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x80 ? code : code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code === 0x451 ? 0xb8 : 0x3f;
    }));
    expect(importDocument({ fileName: 'late-meta.html', bytes }).text).toContain(RUSSIAN.text);
  });
});
