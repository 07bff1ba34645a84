/**
 * Where a PDF destination (an outline entry's or an internal link's) points:
 * its page and how far down that page. One rule for main (the outline stored
 * at import) and the renderer (link annotations), both over pdf.js's API:
 * a paper's "3.2 Methods" often starts mid-page, and landing on the page's
 * top would leave the reader looking for it.
 */

/** The parts of a pdf.js document this module reads (its display and Node builds alike). */
export interface PdfDestinationDoc {
  readonly numPages: number;
  getDestination(id: string): Promise<unknown[] | null>;
  getPageIndex(ref: { num: number; gen: number }): Promise<number>;
  getPage(pageNumber: number): Promise<{ view: number[]; rotate: number }>;
}

/** A page (1-based) and, when the destination names one, how far down it: 0 its top, 1 its bottom. */
export interface PdfPlace {
  page: number;
  top?: number;
}

/** The destination's y in PDF user space (its kind's "top" operand), or null for a whole-page kind (Fit). */
function destinationY(explicit: readonly unknown[]): number | null {
  const kind = (explicit[1] as { name?: unknown } | null | undefined)?.name;
  const at = (i: number): number | null => (typeof explicit[i] === 'number' && Number.isFinite(explicit[i]) ? (explicit[i] as number) : null);
  switch (kind) {
    case 'XYZ':
      return at(3);
    case 'FitH':
    case 'FitBH':
      return at(2);
    case 'FitR':
      return at(5);
    default:
      return null;
  }
}

/** The place `dest` (a named or an explicit destination) points to, or null when it points nowhere in `doc`. */
export async function destinationPlace(doc: PdfDestinationDoc, dest: unknown): Promise<PdfPlace | null> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return null;
    const target: unknown = explicit[0];
    const index = typeof target === 'number' ? target : await doc.getPageIndex(target as { num: number; gen: number });
    if (!Number.isInteger(index) || index < 0 || index >= doc.numPages) return null;
    const place: PdfPlace = { page: index + 1 };
    const y = destinationY(explicit);
    if (y === null) return place;
    const { view, rotate } = await doc.getPage(index + 1);
    const [, bottom = 0, , top = 0] = view;
    // A turned page's y is not its height: such a destination lands on the page's top.
    if (rotate % 360 !== 0 || top <= bottom) return place;
    const fraction = (top - y) / (top - bottom);
    if (fraction > 0) place.top = Math.min(1, Number(fraction.toFixed(4)));
    return place;
  } catch {
    return null; // a broken destination points nowhere
  }
}
