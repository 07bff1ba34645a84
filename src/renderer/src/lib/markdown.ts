/** Notes are Markdown: rendered with marked, then sanitized with DOMPurify. */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: true, async: false });
const purifier = DOMPurify(window);

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node instanceof HTMLAnchorElement) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const CONFIG = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'textarea', 'iframe', 'object', 'embed', 'img'],
  FORBID_ATTR: ['style', 'id', 'class'],
  ALLOW_DATA_ATTR: false,
};

export function renderMarkdown(source: string): string {
  if (!source.trim()) return '';
  const html = marked.parse(source, { async: false });
  return purifier.sanitize(html, CONFIG);
}
