/**
 * XML for EPUB: the container, the package document, NCX and XHTML
 * chapters are parsed by jsdom's DOMParser in XML mode (the parser the
 * import already loads; no scripts run, nothing is fetched). Lookups go by
 * local name, so prefixes and default namespaces do not matter.
 */
import { sharedWindow } from '../import/jsdom';

export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
export const OPS_NS = 'http://www.idpf.org/2007/ops';
export const OPF_NS = 'http://www.idpf.org/2007/opf';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** An XML document, or null when it is not well-formed. */
export function parseXml(text: string, type: 'application/xml' | 'application/xhtml+xml' = 'application/xml'): Document | null {
  const win = sharedWindow();
  const doc = new win.DOMParser().parseFromString(text, type);
  if (doc.getElementsByTagName('parsererror').length > 0 || !doc.documentElement) return null;
  return doc;
}

/** Parses markup as HTML (for XHTML chapters that are not well-formed XML, which readers still show). */
export function parseHtml(text: string): Document {
  return new (sharedWindow().DOMParser)().parseFromString(text, 'text/html');
}

/** Descendants of `root` with this local name, in document order. */
export function byName(root: Document | Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', localName));
}

/** Element children of `el` with this local name. */
export function childrenNamed(el: Element, localName: string): Element[] {
  return Array.from(el.children).filter((c) => c.localName === localName);
}

/** An attribute by local name whatever its prefix (`opf:role`, `role`), the unprefixed one first. */
export function attr(el: Element, localName: string): string | null {
  const plain = el.getAttribute(localName);
  if (plain !== null) return plain;
  for (const a of Array.from(el.attributes)) if (a.localName === localName) return a.value;
  return null;
}

/** `epub:type` (the OPS namespace, or the prefixed name when the document forgot to declare it). */
export function epubType(el: Element): string[] {
  const v = el.getAttributeNS(OPS_NS, 'type') ?? el.getAttribute('epub:type') ?? '';
  return v.split(/\s+/).filter(Boolean);
}

/** Whitespace-collapsed text content. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * A path inside the archive from an href relative to the file `from`:
 * percent-decoded, `.` and `..` resolved; null for a URL with a scheme, or
 * one that climbs out of the archive. Returns the path and the fragment.
 */
export function resolveHref(from: string, href: string): { path: string; fragment: string | null } | null {
  const raw = href.trim();
  if (!raw || /^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) return null;
  const hashAt = raw.indexOf('#');
  const pathPart = (hashAt >= 0 ? raw.slice(0, hashAt) : raw).split('?')[0]!;
  let fragment: string | null = hashAt >= 0 ? raw.slice(hashAt + 1) : null;
  try {
    fragment = fragment !== null ? decodeURIComponent(fragment) : null;
  } catch {
    /* kept as written */
  }
  if (!pathPart) return { path: from, fragment };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const parts = decoded.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of decoded.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return { path: parts.join('/'), fragment };
}
