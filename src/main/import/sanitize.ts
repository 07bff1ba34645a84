/**
 * Turns untrusted HTML into the small, inert subset Gloss stores and shows.
 *
 * Stored HTML is rendered inside the app, so it must not run code, load
 * anything by itself (style attributes and srcset can), submit anything, or
 * frame anything. DOMPurify does the parsing-level work (scripts, event
 * handlers, javascript: URLs, DOM clobbering); the config and hooks below
 * narrow it to reading content and make links absolute.
 */
import createDOMPurify from 'dompurify';
import type { Config, DOMPurify, WindowLike } from 'dompurify';
import type { JSDOM } from 'jsdom';
import { createQuietWindow } from './jsdom';
import { PLACEHOLDER_ORIGIN } from './placeholder-origin';

const FORBID_TAGS = [
  'script', 'style', 'link', 'meta', 'base', 'title', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'param', 'form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist',
  'output', 'keygen', 'source', 'track', 'audio', 'video', 'portal', 'dialog', 'template', 'noscript',
  'svg', 'math', 'canvas', 'map', 'area',
];
const FORBID_ATTR = [
  'style', 'srcset', 'sizes', 'target', 'ping', 'background', 'poster', 'formaction', 'action',
  'autofocus', 'tabindex', 'contenteditable', 'loading', 'decoding', 'fetchpriority', 'crossorigin',
  'referrerpolicy', 'usemap', 'ismap', 'longdesc', 'xmlns', 'color', 'face', 'bgcolor', 'border',
];

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  // Form controls and media fallbacks: their text is UI, not article.
  ADD_FORBID_CONTENTS: ['button', 'select', 'option', 'datalist', 'textarea', 'audio', 'video', 'canvas', 'map'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  KEEP_CONTENT: true,
};

const URL_ATTRS = ['href', 'src', 'cite'];
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/**
 * What only stored article HTML carries, after its images were saved
 * (web/images.ts): an image pointing at a library asset, and the span an
 * image that could not be kept became. Kept only when the caller sanitizes
 * stored HTML again (a restored backup), never for HTML from outside.
 */
const STORED_ASSET_SRC = /^gloss-asset:[0-9a-f]{64}$/;
const STORED_CLASS = 'image-missing';

export interface SanitizeOptions {
  /** Keep `<img src="gloss-asset:<sha256>">` and `<span class="image-missing">`. */
  storedForms?: boolean;
}

/**
 * jsdom keeps every document parsed in a window alive as long as the
 * window lives (its named-property tracker and its selector engine's event
 * listeners hold them), and each one makes the next parse a little slower:
 * the purifier gets a fresh window every DOCUMENTS_PER_WINDOW documents.
 */
const DOCUMENTS_PER_WINDOW = 16;
let purifier: DOMPurify | null = null;
let purifierWindow: JSDOM['window'] | null = null;
let documentsParsed = 0;
/** Base URL of the sanitize call in progress (calls are synchronous). */
let currentBase: URL | null = null;
/** SanitizeOptions.storedForms of the call in progress. */
let currentStoredForms = false;

/** Absolute, safe form of one URL attribute; null to drop it. */
function resolveUrl(value: string, tag: string, attr: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (v.startsWith('#')) return v;
  if (currentStoredForms && tag === 'img' && attr === 'src' && STORED_ASSET_SRC.test(v)) return v;
  if (/^data:/i.test(v)) return tag === 'img' && attr === 'src' && /^data:image\//i.test(v) ? v : null;
  let url: URL;
  try {
    url = currentBase ? new URL(v, currentBase) : new URL(v);
  } catch {
    // Relative with no base to resolve against: it can only point nowhere.
    return null;
  }
  if (!SAFE_SCHEMES.has(url.protocol)) return null;
  if (url.origin === PLACEHOLDER_ORIGIN) {
    // Resolved against the placeholder: only same-page anchors mean anything.
    return url.pathname === '/' && url.hash ? url.hash : null;
  }
  return url.href;
}

function getPurifier(): DOMPurify {
  if (purifier && documentsParsed < DOCUMENTS_PER_WINDOW) {
    documentsParsed++;
    return purifier;
  }
  purifierWindow?.close();
  purifierWindow = createQuietWindow();
  documentsParsed = 1;
  const p = createDOMPurify(purifierWindow as unknown as WindowLike);
  // One configuration for every call, parsed once.
  p.setConfig(CONFIG);
  p.addHook('uponSanitizeAttribute', (node, data) => {
    if (currentStoredForms) {
      // DOMPurify's own URL check would drop the app's scheme; afterSanitizeAttributes still vets it.
      if (node.localName === 'img' && data.attrName === 'src' && STORED_ASSET_SRC.test(data.attrValue)) data.forceKeepAttr = true;
      if (node.localName === 'span' && data.attrName === 'class' && data.attrValue === STORED_CLASS) return;
    }
    // A book's chapter wrapper (epub/chapters.ts): its number, its name for
    // screen readers, and a vertical writing mode; inert values, kept on
    // <section> only.
    if (node.localName === 'section') {
      if ((data.attrName === 'data-chapter' && /^\d{1,6}$/.test(data.attrValue)) || data.attrName === 'aria-label') {
        data.forceKeepAttr = true;
        return;
      }
      if (data.attrName === 'class' && /^writing-vertical-(?:rl|lr)$/.test(data.attrValue)) return;
    }
    // Site class names are noise and could collide with the app's styles;
    // only Markdown's code language hint ("language-js") is kept.
    if (data.attrName === 'class') {
      const lang = node.localName === 'code' ? /(?:^|\s)(language-[\w+#.-]+)/.exec(data.attrValue) : null;
      if (lang) data.attrValue = lang[1]!;
      else data.keepAttr = false;
    }
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (typeof el.getAttribute !== 'function') return;
    const tag = el.localName;
    for (const attr of URL_ATTRS) {
      const value = el.getAttribute(attr);
      if (value === null) continue;
      const resolved = resolveUrl(value, tag, attr);
      if (resolved === null) el.removeAttribute(attr);
      else if (resolved !== value) el.setAttribute(attr, resolved);
    }
    if (tag === 'a' && el.hasAttribute('href')) el.setAttribute('rel', 'noopener noreferrer');
    else if (tag === 'a') el.removeAttribute('rel');
    // An image without a usable source is an empty box. This is the last
    // step for this node (its attributes are final), and DOMPurify's node
    // iterator, like its own removals, steps over a removed node.
    else if (tag === 'img' && !el.hasAttribute('src')) el.remove();
  });
  purifier = p;
  return p;
}

/**
 * Sanitizes `html` for storage and display. Relative links and image
 * sources are made absolute against `baseUrl`; without one they are dropped
 * (they could not be followed from the library anyway), except `#anchors`.
 */
export function sanitizeHtml(html: string, baseUrl?: string, options: SanitizeOptions = {}): string {
  const p = getPurifier();
  currentBase = null;
  currentStoredForms = options.storedForms === true;
  if (baseUrl) {
    try {
      currentBase = new URL(baseUrl);
    } catch {
      currentBase = null;
    }
  }
  try {
    return p.sanitize(html);
  } finally {
    currentBase = null;
    currentStoredForms = false;
  }
}
