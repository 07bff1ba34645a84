/**
 * What the article body gets besides its text, without changing its DOM
 * tree (the canonical text and every offset stay as they are; only
 * attributes are added):
 * - images open larger: a click, or Enter/Space on an image (each image
 *   with alt text is one Tab stop; no button is added because a button's
 *   label would become text inside the article);
 * - wide tables and code blocks scroll sideways inside their block
 *   (article.css); one that does is a Tab stop with a name, so the
 *   keyboard can scroll it (axe's scrollable-region-focusable). Checked
 *   when the block comes near the viewport (an IntersectionObserver, no
 *   layout of off-screen book chapters) and again when the window resizes.
 *   Vertical (CJK) chapters keep their own layout.
 */

const ZOOMABLE = 'data-zoomable';
const SCROLLS = 'data-scrolls';
const VERTICAL = '.writing-vertical-rl, .writing-vertical-lr';

/** Images a click opens larger: not one inside a link (the link wins), not a tiny icon. */
export function zoomableImages(body: HTMLElement): HTMLImageElement[] {
  return [...body.querySelectorAll('img')].filter((img) => !img.closest('a[href]'));
}

function imageTarget(target: EventTarget | null): HTMLImageElement | null {
  return target instanceof HTMLImageElement && target.hasAttribute(ZOOMABLE) ? target : null;
}

/** Marks the body's images zoomable and calls `open` on a click or Enter/Space. Returns the cleanup. */
export function listenImageZoom(body: HTMLElement, open: (img: HTMLImageElement) => void): () => void {
  for (const img of zoomableImages(body)) {
    img.setAttribute(ZOOMABLE, '');
    // Decorative images (alt="") stay out of the Tab order: a focusable image needs a name.
    if ((img.getAttribute('alt') ?? '').trim() && !img.hasAttribute('tabindex')) img.tabIndex = 0;
  }
  const onClick = (event: MouseEvent): void => {
    const img = imageTarget(event.target);
    if (!img || event.button !== 0 || !document.getSelection()?.isCollapsed) return;
    event.preventDefault();
    open(img);
  };
  const onKeydown = (event: KeyboardEvent): void => {
    const img = imageTarget(event.target);
    if (!img || (event.key !== 'Enter' && event.key !== ' ') || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    open(img);
  };
  body.addEventListener('click', onClick);
  body.addEventListener('keydown', onKeydown);
  return () => {
    body.removeEventListener('click', onClick);
    body.removeEventListener('keydown', onKeydown);
  };
}

/** A block's name while it scrolls: a table keeps its caption or label; code is "Code". */
function markScrolling(el: HTMLElement, scrolls: boolean): void {
  const marked = el.hasAttribute(SCROLLS);
  if (scrolls === marked) return;
  if (scrolls) {
    el.setAttribute(SCROLLS, el.localName === 'table' && (el.querySelector('caption') || el.hasAttribute('aria-label')) ? 'named' : '');
    el.tabIndex = 0;
    if (el.getAttribute(SCROLLS) === '') {
      if (el.localName === 'pre') el.setAttribute('role', 'region');
      el.setAttribute('aria-label', el.localName === 'pre' ? 'Code (scrolls sideways)' : 'Table (scrolls sideways)');
    }
  } else {
    if (el.getAttribute(SCROLLS) === '') {
      el.removeAttribute('aria-label');
      if (el.localName === 'pre') el.removeAttribute('role');
    }
    el.removeAttribute(SCROLLS);
    el.removeAttribute('tabindex');
  }
}

/** Keeps the body's wide tables and code blocks keyboard-scrollable. Returns the cleanup. */
export function watchWideBlocks(body: HTMLElement): () => void {
  const blocks = [...body.querySelectorAll<HTMLElement>('table, pre')].filter(
    (el) => !el.closest(VERTICAL) && !el.parentElement?.closest('table, pre') && !el.hasAttribute('tabindex'),
  );
  if (blocks.length === 0) return () => {};
  const near = new Set<HTMLElement>();
  const check = (el: HTMLElement): void => markScrolling(el, el.scrollWidth > el.clientWidth + 1);
  const io = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const el = entry.target as HTMLElement;
        if (entry.isIntersecting) {
          near.add(el);
          check(el);
        } else near.delete(el);
      }
    },
    { rootMargin: '100% 0px' },
  );
  for (const el of blocks) io.observe(el);
  let frame = 0;
  const onResize = (): void => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => near.forEach(check));
  };
  // The column's width changes with the window and with the Text settings.
  const ro = new ResizeObserver(onResize);
  ro.observe(body);
  return () => {
    io.disconnect();
    ro.disconnect();
    cancelAnimationFrame(frame);
  };
}
