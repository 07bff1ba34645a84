/** The PDF view's zoom keys: Ctrl/Cmd with + (or =), − and 0, as in browsers and PDF readers. */
export type PdfZoomKey = 'in' | 'out' | 'reset';

export function pdfZoomKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'defaultPrevented'>): PdfZoomKey | null {
  if (event.defaultPrevented || event.altKey || !(event.ctrlKey || event.metaKey)) return null;
  switch (event.key) {
    case '+':
    case '=':
      return 'in';
    case '-':
    case '_':
      return 'out';
    case '0':
      return 'reset';
    default:
      return null;
  }
}
