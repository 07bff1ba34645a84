/** The element holding the text being read, which the keyboard goes back to: an article's or book's body, a PDF's pages. */
export function readingText(doc: Document): HTMLElement | null {
  return doc.querySelector<HTMLElement>('main [data-article-body]') ?? doc.querySelector<HTMLElement>('main article section[aria-label="Pages"]');
}
