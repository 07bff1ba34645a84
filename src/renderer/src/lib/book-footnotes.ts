/**
 * Footnotes in the reader: a link with role="doc-noteref" (EPUB noterefs
 * become that on import, as do web pages' own) opens its note in a popover
 * instead of jumping away from the passage. The note's content is copied
 * from the body (already sanitized), without ids (they stay unique) and
 * without its links back to the reference (the popover is already there).
 */
import { fragmentId } from './fragment';

export interface FootnoteContent {
  /** "Footnote 3": the reference's own text when it is short, else just "Footnote". */
  label: string;
  /** The note's HTML (a copy of body markup). */
  html: string;
}

const NOTE_BLOCK = 'aside, li, p, dd, div, section, blockquote';

/** The element holding the note a noteref points at (a bare anchor in a paragraph means that paragraph). */
export function noteElement(ref: HTMLAnchorElement, body: HTMLElement): HTMLElement | null {
  const id = fragmentId(ref.getAttribute('href') ?? '');
  if (!id) return null;
  const target = body.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"]`);
  if (!target || target.contains(ref)) return null;
  if (target.matches(NOTE_BLOCK) && target.textContent?.trim()) {
    // Never a whole chapter: a link to a chapter is not a note.
    return target.parentElement === body ? null : target;
  }
  const block = target.closest<HTMLElement>(NOTE_BLOCK);
  return block && block !== body && body.contains(block) && block.parentElement !== body && !block.contains(ref) ? block : null;
}

/** The popover's label and content for a noteref, or null when its note is not in the body. */
export function footnoteContent(ref: HTMLAnchorElement, body: HTMLElement): FootnoteContent | null {
  const note = noteElement(ref, body);
  if (!note) return null;
  const copy = note.cloneNode(true) as HTMLElement;
  const refId = ref.id;
  for (const el of Array.from(copy.querySelectorAll<HTMLElement>('[role="doc-backlink"], a[href]'))) {
    const back = el.getAttribute('role') === 'doc-backlink' || (!!refId && fragmentId(el.getAttribute('href') ?? '') === refId);
    if (back) el.remove();
  }
  for (const el of [copy, ...Array.from(copy.querySelectorAll('[id]'))]) el.removeAttribute('id');
  for (const el of Array.from(copy.querySelectorAll('[data-reader-chrome]'))) el.remove();
  const mark = ref.textContent?.replace(/[[\]()\s]/g, '') ?? '';
  const label = mark && mark.length <= 8 ? `Footnote ${mark}` : 'Footnote';
  const html = copy.localName === 'li' || copy.localName === 'aside' || copy.localName === 'div' || copy.localName === 'section' ? copy.innerHTML : copy.outerHTML;
  return { label, html };
}

/** Whether a link is a note reference. */
export function isNoteRef(el: Element | null): el is HTMLAnchorElement {
  return el instanceof HTMLAnchorElement && el.getAttribute('role') === 'doc-noteref' && (el.getAttribute('href') ?? '').startsWith('#');
}

/**
 * Clicks (and Enter) on noterefs in `body` call `open` with the reference
 * and its note, before the body's own in-page link handling; a noteref
 * whose note is not found scrolls like any in-page link. Returns the cleanup.
 */
export function listenNoteRefs(body: HTMLElement, open: (ref: HTMLAnchorElement, note: FootnoteContent) => void): () => void {
  const onClick = (event: MouseEvent): void => {
    const ref = (event.target as Element | null)?.closest?.('a') ?? null;
    if (!isNoteRef(ref) || !body.contains(ref)) return;
    const note = footnoteContent(ref, body);
    if (!note) return;
    event.preventDefault();
    event.stopPropagation();
    open(ref, note);
  };
  // Capture: before the body's link handler (reader-article-surface.ts) scrolls to the note.
  body.addEventListener('click', onClick, true);
  return () => body.removeEventListener('click', onClick, true);
}
