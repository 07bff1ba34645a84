/**
 * The Text settings' one definition (lib/appearance.ts): stored values are
 * repaired, and every theme in global.css keeps text readable on the page
 * and on each highlight colour (WCAG: 4.5:1 for text).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appearanceStyle,
  DEFAULT_APPEARANCE,
  loadAppearance,
  normalizeAppearance,
  NUMBERS,
  saveAppearance,
} from '../../src/renderer/src/lib/appearance';
import { HIGHLIGHT_COLORS } from '../../src/shared/types';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: (i) => [...items.keys()][i] ?? null,
    get length() {
      return items.size;
    },
  };
}

describe('appearance settings', () => {
  it('repairs what was stored: unknown themes and fonts, numbers out of range or off the step, junk', () => {
    expect(normalizeAppearance(null)).toEqual(DEFAULT_APPEARANCE);
    expect(normalizeAppearance('sepia')).toEqual(DEFAULT_APPEARANCE);
    const repaired = normalizeAppearance({
      theme: 'neon',
      font: 'comic',
      fontSize: 400,
      lineHeight: 1.23,
      paragraphSpacing: -3,
      width: Number.NaN,
      margin: '2',
      justify: 'yes',
      extra: 1,
    });
    expect(repaired).toEqual({
      ...DEFAULT_APPEARANCE,
      fontSize: NUMBERS.fontSize.max,
      lineHeight: 1.2,
      paragraphSpacing: NUMBERS.paragraphSpacing.min,
    });
    expect(normalizeAppearance({ theme: 'black', font: 'legible', lineHeight: 1.87, justify: true })).toMatchObject({
      theme: 'black',
      font: 'legible',
      lineHeight: 1.9,
      justify: true,
    });
  });

  it('is remembered, and storage that throws or holds junk falls back to the defaults', () => {
    const storage = memoryStorage();
    saveAppearance({ ...DEFAULT_APPEARANCE, theme: 'sepia', fontSize: 22 }, storage);
    expect(loadAppearance(storage)).toEqual({ ...DEFAULT_APPEARANCE, theme: 'sepia', fontSize: 22 });
    storage.setItem('gloss.appearance', '{not json');
    expect(loadAppearance(storage)).toEqual(DEFAULT_APPEARANCE);
    const broken = { getItem: () => { throw new Error('denied'); } };
    expect(loadAppearance(broken)).toEqual(DEFAULT_APPEARANCE);
  });

  it('sizes text in rem (the user’s default size and zoom still apply) and width in characters', () => {
    const { properties } = appearanceStyle({ ...DEFAULT_APPEARANCE, fontSize: 20, width: 60, justify: true });
    expect(properties['--read-size']).toBe('1.25rem');
    expect(properties['--read-width']).toBe('60ch');
    expect(properties['--read-align']).toBe('justify');
  });
});

// ---- contrast of every theme, read from the stylesheet itself ----

const css = readFileSync(join(import.meta.dirname, '../../src/renderer/src/styles/global.css'), 'utf8');
type Rgb = [number, number, number];

function hex(value: string): Rgb {
  const h = value.trim().replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}
function luminance([r, g, b]: Rgb): number {
  const f = (c: number): number => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
function over([r, g, b]: Rgb, alpha: number, [br, bg, bb]: Rgb): Rgb {
  return [r * alpha + br * (1 - alpha), g * alpha + bg * (1 - alpha), b * alpha + bb * (1 - alpha)];
}
/** `light-dark(a, b)` → [a, b]; a plain value → [v, v]. */
function pair(value: string): [string, string] {
  const m = /^light-dark\((.+), (.+)\)$/.exec(value.trim());
  return m ? [m[1]!, m[2]!] : [value, value];
}
function block(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  expect(start, selector).toBeGreaterThanOrEqual(0);
  const body = css.slice(start, css.indexOf('\n}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+): ([^;]+);/g)].map((m) => [m[1]!, m[2]!]));
}
function highlight(color: string): [string, string] {
  const m = new RegExp(`::highlight\\(gloss-${color}\\) \\{\\s*background-color: ([^;]+);`).exec(css);
  expect(m, color).not.toBeNull();
  return pair(m![1]!);
}
function decoration(name: string): [string, string] {
  const m = new RegExp(`::highlight\\(${name}\\) \\{[^}]*text-decoration-color: ([^;]+);`).exec(css);
  expect(m, name).not.toBeNull();
  return pair(m![1]!);
}
function rgba(value: string): { rgb: Rgb; alpha: number } {
  const m = /rgb\((\d+) (\d+) (\d+) \/ ([\d.]+)\)/.exec(value);
  expect(m, value).not.toBeNull();
  return { rgb: [Number(m![1]), Number(m![2]), Number(m![3])], alpha: Number(m![4]) };
}

describe('themes keep text readable', () => {
  const root = block(':root');
  const themes = {
    light: { scheme: 0, vars: {} as Record<string, string> },
    dark: { scheme: 1, vars: {} as Record<string, string> },
    sepia: { scheme: 0, vars: block(":root[data-theme='sepia']") },
    black: { scheme: 1, vars: block(":root[data-theme='black']") },
  } as const;

  for (const [name, { scheme, vars }] of Object.entries(themes)) {
    it(`${name}: text and muted text on the page, text on each highlight colour`, () => {
      const value = (key: string): Rgb => hex(vars[key] ?? pair(root[key]!)[scheme]);
      const [bg, text] = [value('--bg'), value('--text')];
      expect(contrast(text, bg)).toBeGreaterThanOrEqual(7);
      for (const surface of ['--bg', '--surface', '--surface-2']) {
        expect(contrast(value('--muted'), value(surface)), `muted on ${surface}`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(value('--accent'), value(surface)), `accent on ${surface}`).toBeGreaterThanOrEqual(4.5);
      }
      for (const color of HIGHLIGHT_COLORS) {
        const { rgb, alpha } = rgba(highlight(color)[scheme]);
        expect(contrast(text, over(rgb, alpha, bg)), color).toBeGreaterThanOrEqual(4.5);
      }
    });

    // WCAG 1.4.11: the parts that show where you are need 3:1 against what is next to them.
    it(`${name}: the focus ring, a text field’s edge, the focused highlight's and the spoken sentence's underlines at 3:1`, () => {
      const value = (key: string): Rgb => hex(vars[key] ?? pair(root[key]!)[scheme]);
      const bg = value('--bg');
      // A field sits on the page (header, bars), a surface (dialogs, cards, popovers: also its own fill) or surface-2.
      for (const surface of ['--bg', '--surface', '--surface-2']) {
        expect(contrast(value('--focus'), value(surface)), `focus ring on ${surface}`).toBeGreaterThanOrEqual(3);
        expect(contrast(value('--field-border'), value(surface)), `field edge on ${surface}`).toBeGreaterThanOrEqual(3);
      }
      const underlines = { focused: decoration('gloss-selected'), spoken: decoration('gloss-speech') };
      for (const [what, pairOf] of Object.entries(underlines)) {
        const line = hex(pairOf[scheme]);
        expect(contrast(line, bg), `${what} underline on the page`).toBeGreaterThanOrEqual(3);
        for (const color of HIGHLIGHT_COLORS) {
          const { rgb, alpha } = rgba(highlight(color)[scheme]);
          expect(contrast(line, over(rgb, alpha, bg)), `${what} underline on ${color}`).toBeGreaterThanOrEqual(3);
        }
      }
    });
  }
});
