/**
 * The PDF view's pure rules: reading positions over pages (pages without
 * text share a start), zoom steps and fits, the zoom keys, which PDF links
 * are followed.
 */
import { describe, expect, it } from 'vitest';
import { placeOfPosition, positionOfPlace } from '../../src/renderer/src/lib/pdf-position';
import { CSS_UNITS, MAX_ZOOM, MIN_ZOOM, zoomIn, zoomOf, zoomOut } from '../../src/renderer/src/lib/pdf-zoom';
import { pdfZoomKey } from '../../src/renderer/src/lib/pdf-keys';

describe('PDF reading positions', () => {
  it('name a page by its text start and the fraction scrolled past, and come back to the same place', () => {
    const starts = [0, 120, 300];
    expect(positionOfPlace(starts, { page: 2, fraction: 0.25 })).toEqual({ o: 120, f: 0.25 });
    expect(placeOfPosition(starts, { o: 120, f: 0.25 })).toEqual({ page: 2, fraction: 0.25 });
    expect(placeOfPosition(starts, { o: 300, f: 0 })).toEqual({ page: 3, fraction: 0 });
    // An offset inside a page (an article-style position) is that page.
    expect(placeOfPosition(starts, { o: 200, f: 0 }).page).toBe(2);
  });

  it('tell apart pages without text, which share the next page’s start', () => {
    // Page 2 is a scanned image: it starts where page 3 does.
    const starts = [0, 50, 50, 90];
    for (const page of [1, 2, 3, 4]) {
      for (const fraction of [0, 0.5]) {
        const position = positionOfPlace(starts, { page, fraction });
        expect(placeOfPosition(starts, position), `page ${page} at ${fraction}`).toEqual({ page, fraction });
      }
    }
    // A scanned PDF: every page at 0, the fraction runs over the whole document.
    const scanned = [0, 0, 0, 0];
    expect(positionOfPlace(scanned, { page: 3, fraction: 0.5 })).toEqual({ o: 0, f: 0.625 });
    expect(placeOfPosition(scanned, { o: 0, f: 0.625 })).toEqual({ page: 3, fraction: 0.5 });
  });

  it('stay inside the document', () => {
    expect(placeOfPosition([0, 10], { o: 10, f: 1 })).toEqual({ page: 2, fraction: 1 });
    expect(placeOfPosition([], { o: 5, f: 0.5 })).toEqual({ page: 1, fraction: 0 });
    expect(positionOfPlace([0, 10], { page: 9, fraction: 2 })).toEqual({ o: 10, f: 1 });
  });
});

describe('PDF zoom', () => {
  const a4 = { width: 595, height: 842 };
  it('fits the width by default, or the whole page, within 50–400 %', () => {
    expect(zoomOf('width', a4, { width: 595 * CSS_UNITS, height: 500 })).toBeCloseTo(1);
    expect(zoomOf('page', a4, { width: 2000, height: 842 * CSS_UNITS })).toBeCloseTo(1);
    expect(zoomOf('width', a4, { width: 10, height: 10 })).toBe(MIN_ZOOM);
    expect(zoomOf(9, a4, { width: 10, height: 10 })).toBe(MAX_ZOOM);
  });

  it('steps from any zoom to the next step and stops at the ends', () => {
    expect(zoomIn(1)).toBe(1.1);
    expect(zoomIn(1.03)).toBe(1.1);
    expect(zoomOut(1.03)).toBe(1);
    expect(zoomIn(4)).toBe(4);
    expect(zoomOut(0.5)).toBe(0.5);
  });

  it('answers Ctrl/Cmd with +, =, − and 0 only', () => {
    const key = (k: string, mods: Partial<KeyboardEvent> = { ctrlKey: true }) =>
      pdfZoomKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, ...mods });
    expect(key('=')).toBe('in');
    expect(key('+', { metaKey: true })).toBe('in');
    expect(key('-')).toBe('out');
    expect(key('0')).toBe('reset');
    expect(key('=', {})).toBeNull();
    expect(key('=', { ctrlKey: true, altKey: true })).toBeNull();
    expect(key('f')).toBeNull();
  });
});
