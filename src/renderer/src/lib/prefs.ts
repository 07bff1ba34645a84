/** Small preferences kept in localStorage. */
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../shared/types';

const COLOR_KEY = 'gloss.lastHighlightColor';
const REPORT_KEY = 'gloss.dismissedReports';

export function lastColor(): HighlightColor {
  try {
    const stored = localStorage.getItem(COLOR_KEY);
    if (stored && (HIGHLIGHT_COLORS as readonly string[]).includes(stored)) return stored as HighlightColor;
  } catch {
    // Storage may be unavailable; fall back to the default.
  }
  return 'yellow';
}

export function rememberColor(color: HighlightColor): void {
  try {
    localStorage.setItem(COLOR_KEY, color);
  } catch {
    // Not fatal.
  }
}

function dismissedReports(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(REPORT_KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/** Whether the user dismissed the anchoring report made at `at` for this article. */
export function isReportDismissed(articleId: string, at: string): boolean {
  return dismissedReports()[articleId] === at;
}

export function dismissReport(articleId: string, at: string): void {
  try {
    localStorage.setItem(REPORT_KEY, JSON.stringify({ ...dismissedReports(), [articleId]: at }));
  } catch {
    // Not fatal.
  }
}

// One definition of the colours' names (src/shared/color-labels.ts), kept importable from here.
export { COLOR_NAMES } from '../../../shared/color-labels';

const PDF_INVERT_KEY = 'gloss.pdfInvertPages';

/** Whether the PDF view shows pages with inverted colours (for a dark theme). */
export function pdfInvertPages(): boolean {
  try {
    return localStorage.getItem(PDF_INVERT_KEY) === '1';
  } catch {
    return false;
  }
}

export function rememberPdfInvertPages(on: boolean): void {
  try {
    localStorage.setItem(PDF_INVERT_KEY, on ? '1' : '0');
  } catch {
    // Not fatal.
  }
}
