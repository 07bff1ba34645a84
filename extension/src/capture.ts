/**
 * What the extension sends for a page: the live DOM as the reader sees it,
 * serialized in the page (chrome.scripting.executeScript runs
 * `capturePage` there). It must be self-contained: executeScript sends the
 * function's source, not its closure, so nothing outside it may be used.
 *
 * - Lazy images: each <img> gets its absolute current source (currentSrc,
 *   else a data-src / data-lazy-src / data-original when src is a
 *   placeholder), and loses srcset, sizes and loading; <source> elements of
 *   a <picture> go (the chosen candidate is the img's now).
 * - Open shadow roots: their content is copied into the host element in the
 *   serialized copy (slots dropped; the host's own children stay after it),
 *   recursively. Closed shadow roots cannot be reached by any script.
 * - <template> elements holding real text (≥ 200 characters; not UI
 *   snippets) become plain <div>s, since their content is never part of the
 *   document otherwise.
 * - Images the page could load are fetched here with the page's cookies
 *   (credentials included, same origin or CORS-allowed) and sent as base64;
 *   the app fetches the others itself.
 */
export interface CapturedImage {
  url: string;
  /** base64 */
  data: string;
}

export interface CapturedSelection {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Capture {
  url: string;
  title: string;
  html: string;
  images: CapturedImage[];
  selection: CapturedSelection | null;
}

export interface CaptureLimits {
  maxHtmlChars: number;
  maxImages: number;
  maxImageBytes: number;
  maxTotalImageBytes: number;
}

export async function capturePage(limits: CaptureLimits): Promise<Capture | { error: string }> {
  const PLACEHOLDER = /^(data:|about:blank|$)/i;
  const LAZY_ATTRS = ['data-src', 'data-lazy-src', 'data-original', 'data-url'];
  const absolute = (raw: string | null): string | null => {
    if (!raw) return null;
    try {
      const u = new URL(raw.trim(), document.baseURI);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
      return null;
    }
  };

  const fixTree = (live: ParentNode, copy: ParentNode): void => {
    // Pairs of live and copied elements, taken before the copy changes.
    const liveEls = Array.from(live.querySelectorAll('*'));
    const copyEls = Array.from(copy.querySelectorAll('*'));
    if (liveEls.length !== copyEls.length) return;
    const shadowHosts: [Element, Element][] = [];
    liveEls.forEach((el, i) => {
      const twin = copyEls[i]!;
      if (el instanceof HTMLImageElement) {
        const src = el.getAttribute('src');
        const lazy = LAZY_ATTRS.map((a) => el.getAttribute(a)).find((v) => v && !PLACEHOLDER.test(v));
        const chosen = absolute(el.currentSrc) ?? (src && !PLACEHOLDER.test(src) ? absolute(src) : null) ?? absolute(lazy ?? null);
        if (chosen) twin.setAttribute('src', chosen);
        for (const a of ['srcset', 'sizes', 'loading', ...LAZY_ATTRS]) twin.removeAttribute(a);
      } else if (el.tagName === 'SOURCE' && el.parentElement?.tagName === 'PICTURE') {
        twin.remove();
      }
      if (el.shadowRoot) shadowHosts.push([el, twin]);
    });
    for (const [host, twin] of shadowHosts) {
      const root = host.shadowRoot!;
      const holder = document.createElement('div');
      for (const node of Array.from(root.childNodes)) holder.append(node.cloneNode(true));
      fixTree(root, holder);
      for (const slot of Array.from(holder.querySelectorAll('slot, style'))) slot.remove();
      twin.prepend(...Array.from(holder.childNodes));
    }
  };

  const copy = document.documentElement.cloneNode(true) as HTMLElement;
  fixTree(document.documentElement, copy);
  for (const t of Array.from(copy.querySelectorAll('template'))) {
    const text = t.content.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    if (t.hasAttribute('shadowrootmode') || text.length < 200) continue;
    const div = document.createElement('div');
    div.append(t.content.cloneNode(true));
    t.replaceWith(div);
  }
  for (const s of Array.from(copy.querySelectorAll('script'))) s.remove();
  const html = `<!doctype html>\n${copy.outerHTML}`;
  if (html.length > limits.maxHtmlChars) return { error: 'This page is too large to save (more than 20 MB of HTML).' };

  // The passage selected, with the text around it (as the app anchors highlights).
  let selection: CapturedSelection | null = null;
  const sel = window.getSelection();
  if (sel && sel.rangeCount > 0 && !sel.isCollapsed && sel.toString().trim()) {
    const range = sel.getRangeAt(0);
    const before = document.createRange();
    before.setStart(document.body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const after = document.createRange();
    after.setStart(range.endContainer, range.endOffset);
    after.setEnd(document.body, document.body.childNodes.length);
    selection = { exact: sel.toString(), prefix: before.toString().slice(-64), suffix: after.toString().slice(0, 64) };
  }

  // Image bytes, loaded as the page loads them (its cookies), a few at a time.
  const urls = [...new Set(Array.from(copy.querySelectorAll('img[src]')).map((img) => img.getAttribute('src')!))]
    .filter((u) => /^https?:/i.test(u))
    .slice(0, limits.maxImages);
  const images: CapturedImage[] = [];
  let total = 0;
  const toBase64 = (blob: Blob): Promise<string> =>
    new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  const queue = [...urls];
  const worker = async (): Promise<void> => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      try {
        const res = await fetch(url, { credentials: 'include' });
        if (!res.ok) continue;
        const blob = await res.blob();
        if (blob.size > limits.maxImageBytes || total + blob.size > limits.maxTotalImageBytes) continue;
        total += blob.size;
        images.push({ url, data: await toBase64(blob) });
      } catch {
        // Not loadable from the page (another origin without CORS): the app fetches it.
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { url: location.href, title: document.title, html, images, selection };
}
