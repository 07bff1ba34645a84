/**
 * The renderer's own pass over article HTML before it is shown. Main already
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

const ASSET = /^gloss-asset:([0-9a-f]{64})$/;

/**
 * Saved images are stored as gloss-asset:<sha256>; both shells serve them
 * from the app's own origin at /asset/<sha256> (never the network).
 * Rewritten as the sanitizer reads the attribute (it would drop the unknown
 * scheme); a malformed one is dropped as any unknown scheme is.
 */
purifier.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName !== 'src' || !(node instanceof HTMLImageElement)) return;
  const hash = ASSET.exec(data.attrValue)?.[1];
  if (hash) data.attrValue = `/asset/${hash}`;
});

/** Renames every <h1> in the sanitized nodes to <h2>, keeping attributes and children. */
function demoteH1(root: DocumentFragment): void {
  for (const h1 of Array.from(root.querySelectorAll('h1'))) {
    const h2 = h1.ownerDocument.createElement('h2');
    for (const attr of Array.from(h1.attributes)) h2.setAttribute(attr.name, attr.value);
    while (h1.firstChild) h2.appendChild(h1.firstChild);
    h1.replaceWith(h2);
  }
}

/**
 * The sanitized body as nodes, for the reader to insert as they are: a
 * book's body is megabytes, and serializing it for {@html} to parse again
 * cost a parse of the whole book on every open. DOMPurify parses the HTML
 * once, into an inert document (nothing in it runs or loads until
 * inserted); handing it a parsed body instead made it copy the whole tree.
 */
export function sanitizeArticleBody(html: string): DocumentFragment {
  // The doctype: parsed in standards mode, as main parsed it (a quirks-mode <table> would not close a <p>).
  const fragment = purifier.sanitize(`<!doctype html><body>${html}`, { ...CONFIG, RETURN_DOM_FRAGMENT: true });
  demoteH1(fragment);
  return fragment;
}

/** The same as HTML (what the body holds once inserted). */
export function sanitizeArticleHtml(html: string): string {
  const fragment = sanitizeArticleBody(html);
  const holder = fragment.ownerDocument.createElement('div');
  holder.append(fragment);
  return holder.innerHTML;
}
