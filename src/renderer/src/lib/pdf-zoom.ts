/**
 * The PDF view's zoom: fit width (the default), fit page, or a fixed
 * percentage from 50 to 400 %. 100 % shows a page at its printed size
 * (pdf.js's scale 1 is one CSS pixel per PDF point; a point is 4/3 px).
 */
export type ZoomMode = 'width' | 'page' | number;

export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;
export const MIN_ZOOM = ZOOM_STEPS[0];
export const MAX_ZOOM = ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
/** CSS pixels per PDF point. */
export const CSS_UNITS = 96 / 72;

export interface FitBox {
  /** The room for a page, CSS px. */
  width: number;
  height: number;
}

/** The zoom (1 = 100 %) a mode means for a page of `pageWidth` × `pageHeight` points in `box`. */
export function zoomOf(mode: ZoomMode, page: { width: number; height: number }, box: FitBox): number {
  if (typeof mode === 'number') return clampZoom(mode);
  const byWidth = box.width / (page.width * CSS_UNITS);
  const fit = mode === 'width' ? byWidth : Math.min(byWidth, box.height / (page.height * CSS_UNITS));
  return Number.isFinite(fit) && fit > 0 ? clampZoom(fit) : 1;
}

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The next step up from `zoom` (a fitted zoom between steps goes to the step above it). */
export function zoomIn(zoom: number): number {
  return ZOOM_STEPS.find((step) => step > zoom + 0.001) ?? MAX_ZOOM;
}

export function zoomOut(zoom: number): number {
  return [...ZOOM_STEPS].reverse().find((step) => step < zoom - 0.001) ?? MIN_ZOOM;
}

export function zoomLabel(zoom: number): string {
  return `${Math.round(zoom * 100)} %`;
}
