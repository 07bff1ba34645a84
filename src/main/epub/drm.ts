/**
 * DRM: a book whose `META-INF/encryption.xml` encrypts anything but fonts
 * is refused (Adobe ADEPT, Readium LCP, Apple FairPlay, Kobo … all encrypt
 * the chapters). Font obfuscation (IDPF's and Adobe's algorithms) is not
 * protection: fonts are never read anyway, so such a book imports.
 */
import { GlossError } from '../../shared/errors';
import { byName, parseXml, resolveHref } from './xml';

const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);
const FONT_FILE = /\.(?:otf|ttf|woff2?|eot|pfb|pfm|afm|dfont|ttc)$/i;

function refused(fileName: string): GlossError {
  return new GlossError(
    'drm_protected',
    `“${fileName}” is protected by DRM (its content is encrypted): Gloss can only import books without copy protection. Nothing was imported.`,
  );
}

/** Throws drm_protected when `encryptionXml` (the file's text, or null when absent) encrypts content. */
export function checkEncryption(encryptionXml: string | null, fileName: string, fontPaths: ReadonlySet<string> = new Set()): void {
  if (encryptionXml === null) return;
  const doc = parseXml(encryptionXml);
  // A file Gloss cannot read might encrypt anything: the book is not taken.
  if (!doc) throw refused(fileName);
  for (const data of byName(doc, 'EncryptedData')) {
    const method = byName(data, 'EncryptionMethod')[0]?.getAttribute('Algorithm')?.trim() ?? '';
    const uri = byName(data, 'CipherReference')[0]?.getAttribute('URI') ?? '';
    // CipherReference URIs are relative to the archive's root.
    const path = resolveHref('', uri)?.path ?? '';
    const isFont = fontPaths.has(path) || FONT_FILE.test(path);
    if (!FONT_OBFUSCATION.has(method) || !isFont) throw refused(fileName);
  }
}
