/**
 * The renderer's own pass over article HTML before {@html}. Main already
 * sanitized it; this is defence in depth, plus two reader adjustments:
 * body <h1>s become <h2>s (the title is the page's only h1) and external
 * links open outside the app.
 */
import DOMPurify from 'dompurify';

const purifier = DOMPurify(window);

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node instanceof HTMLAnchorElement) {
    const href = node.getAttribute('href') ?? '';
    if (/^(https?:|mailto:)/i.test(href)) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else if (!href.startsWith('#')) {
      node.removeAttribute('target');
    }
  }
});

const CONFIG = {
  FORBID_TAGS: ['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'input', 'button', 'select', 'textarea', 'link', 'meta', 'base'],
  FORBID_ATTR: ['style', 'srcdoc', 'formaction'],
  ALLOW_DATA_ATTR: false,
};

/** Renames every <h1> in an inert document to <h2>, keeping attributes and children. */
function demoteH1(doc: Document): void {
  for (const h1 of Array.from(doc.body.querySelectorAll('h1'))) {
    const h2 = doc.createElement('h2');
    for (const attr of Array.from(h1.attributes)) h2.setAttribute(attr.name, attr.value);
    while (h1.firstChild) h2.appendChild(h1.firstChild);
    h1.replaceWith(h2);
  }
}

const ASSET = /^gloss-asset:([0-9a-f]{64})$/;

/**
 * Saved images are stored as gloss-asset:<sha256>; both shells serve them
 * from the app's own origin at /asset/<sha256> (never the network).
 */
function resolveAssets(doc: Document): void {
  for (const img of Array.from(doc.body.querySelectorAll('img[src^="gloss-asset:"]'))) {
    const hash = ASSET.exec(img.getAttribute('src') ?? '')?.[1];
    if (hash) img.setAttribute('src', `/asset/${hash}`);
    else img.removeAttribute('src');
  }
}

export function sanitizeArticleHtml(html: string): string {
  // DOMParser documents are inert: nothing in them runs or loads.
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  demoteH1(doc);
  resolveAssets(doc);
  // The parsed body itself (DOMPurify works on a copy in its own document):
  // serializing it for DOMPurify to parse again cost a whole book's parse.
  return purifier.sanitize(doc.body, CONFIG);
}
