/**
 * The PDF view as a PositionSurface for the reading-position tracker: the
 * position is the page at the reading line (pdf-position.ts), progress how
 * much of the pages has been on screen, as for an article's body.
 */
import { positionOfPlace, placeOfPosition, type PagePlace } from './pdf-position';
import type { PositionSurface } from './reader-position';
import { bodyProgress } from './reading-position';

export interface PagedView {
  place(): PagePlace;
  scrollYOf(place: PagePlace): number | null;
  readonly pageCount: number;
}

export function pdfPositionSurface(view: PagedView, pageStarts: readonly number[]): PositionSurface {
  const pagesRect = (): DOMRect | undefined => document.querySelector('.pdf-pages')?.getBoundingClientRect();
  return {
    capture: () => (view.pageCount > 0 ? positionOfPlace(pageStarts, view.place()) : null),
    progress: () => {
      const rect = pagesRect();
      return rect ? bodyProgress(rect.top, rect.height, window.innerHeight) : 0;
    },
    scrollYOf: (position) => view.scrollYOf(placeOfPosition(pageStarts, position)),
    scrollYOfProgress: (progress) => {
      const rect = pagesRect();
      if (!rect) return 0;
      return Math.max(0, window.scrollY + rect.top + rect.height * progress - window.innerHeight);
    },
  };
}
